import { historySigner, type HistoryEvent, type HistoryVerdict } from '../../../shared/audit/history.js';
import { HistoryCheck, bytesAt, concludeCheck, hashBlock, type BlockHashes, type HistoryBlock } from '../../../shared/audit/history-check.js';
import { exportHeaderLine } from '../../../shared/audit/log-export.js';
import { eventLineStart } from '../../../shared/audit/export-page.js';
import { MerkleLevels } from '../../../shared/audit/merkle.js';
import { BytePieces } from '../../../shared/streams/byte-pieces.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { formatVerifierKey, parseVerifierKey, type NoteVerifier } from '../../../shared/audit/signed-note.js';
import { BatchHasher } from '../../../shared/hash/sha256-batch.js';
import type { Marking } from '../../../shared/marking/marking.js';
import { ReviewDatabase, type HistorySealRecord, type VerifiedHistory } from './database.js';
import { allEvents, historyBlocks } from './history-blocks.js';
import { HISTORY_FRONTIER_ID, HISTORY_KEY_ID, HISTORY_VERIFIED_ID } from './schema.js';

/**
 * The key that checks the history, from the stored history key: sealed, its verifier key is kept
 * in the clear, so checking needs no profile unlocked.
 */
export function storedVerifier(record: HistorySealRecord | undefined): NoteVerifier | undefined {
  if (record?.id !== 'key') return undefined;
  return 'sealed' in record ? parseVerifierKey(record.verifierKey) : historySigner(record);
}

/** How a verification reads and hashes the history. */
export interface VerifyOptions {
  /** From the first event, even when a tree verified before would let it read only the events after it. */
  readonly full?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** Hashes a block, in this thread unless another is given; blocks are joined in order whatever the order they are hashed in. */
  readonly hashBlock?: (block: HistoryBlock) => Promise<BlockHashes>;
  /** Reused across verifications, where one thread verifies again and again. */
  readonly hasher?: BatchHasher;
  readonly now?: () => Date;
}

/**
 * The review history as auditors check it: every event, in order, against the heads the
 * workstation signed as it recorded them. Reading only; the history is written by the stores.
 */
export class HistoryLog {
  constructor(private readonly db: ReviewDatabase) {}

  /** The database's name, for a worker that opens it to verify off the page's thread. */
  get databaseName(): string {
    return this.db.name;
  }

  /** Every event, oldest first, read from the bytes it was sealed over: what is shown is what is verified. */
  events(): Promise<HistoryEvent[]> {
    return allEvents(this.db);
  }

  /** The latest signed head: the tree of every event, as the last one recorded sealed it. */
  async latestCheckpoint(): Promise<{ readonly size: number; readonly root: string; readonly at: string } | undefined> {
    const last = await this.db.auditEvents.orderBy('seq').last();
    return last ? { size: last.seq, root: last.root, at: last.at } : undefined;
  }

  /**
   * The events `picked` names, as JSON lines with the latest signed checkpoint and each event's
   * inclusion proof (see shared/audit/log-export), in pieces: a million events make a file larger
   * than a string can hold. Each event is written as the bytes it is stored as, not written out
   * again. An export of every event carries no proofs and is written as its pages are read; a
   * selection keeps the events it picks until the tree of all of them gives their proofs. Reading
   * only: an export is not a change.
   */
  async exportLog(picked: ReadonlySet<number>, selection: string, marking: Marking, now: Date, blocks: readonly string[] = []): Promise<{ readonly pieces: Uint8Array[]; readonly size: number; readonly events: number }> {
    const verifier = storedVerifier(await this.db.historySeal.get(HISTORY_KEY_ID));
    if (!verifier) throw new Error("The workstation's history key is missing: there is no signed history to export.");
    // The signed head the export is checked against: events recorded while it is written come after it.
    const head = await this.db.auditEvents.orderBy('seq').last();
    if (!head) throw new Error('The history is empty: there is nothing to export.');
    const out = new BytePieces();
    out.text(exportHeaderLine(head, verifier, selection, now, marking, blocks)).text('\n');
    const line = (seq: number, leaf: Uint8Array, canonical: Uint8Array, proof?: readonly string[]) => out.text(eventLineStart(seq, bytesToHex(leaf), proof)).bytes(canonical).text('}\n');
    const whole = picked.size === head.seq && everyWithin(picked, head.seq);
    const leaves = new Uint8Array(32 * head.seq);
    const kept: { readonly seq: number; readonly canonical: Uint8Array }[] = [];
    let written = 0;
    for await (const block of historyBlocks(this.db)) {
      for (let i = 0; i < block.ends.length; i++) {
        const seq = block.firstSeq + i;
        if (seq > head.seq) break;
        const leaf = block.leaves.subarray(32 * i, 32 * i + 32);
        if (whole) {
          line(seq, leaf, bytesAt(block, i));
          written++;
        } else {
          leaves.set(leaf, 32 * (seq - 1));
          if (picked.has(seq)) kept.push({ seq, canonical: bytesAt(block, i).slice() });
        }
      }
    }
    if (!whole) {
      const hasher = await BatchHasher.load();
      const tree = new MerkleLevels(leaves, (nodes, pairs) => hasher.parentHashes(nodes, pairs));
      // Proofs against a tree the head does not sign would not verify: the history is damaged, and says so where it is checked.
      if (bytesToHex(tree.root()) !== head.root) throw new Error('the stored history no longer matches its latest signed head, so the proofs of a selection would not verify. Verify everything again in the integrity panel to find the event at fault.');
      for (const { seq, canonical } of kept) line(seq, leaves.subarray(32 * (seq - 1), 32 * seq), canonical, tree.inclusionProof(seq - 1).map(bytesToHex));
    }
    const size = out.size;
    return { pieces: out.pieces(), size, events: whole ? written : kept.length };
  }

  /** The verifier key auditors are handed, to check this workstation's history and exports. */
  async verifierKey(): Promise<string | undefined> {
    const verifier = storedVerifier(await this.db.historySeal.get(HISTORY_KEY_ID));
    return verifier ? formatVerifierKey(verifier) : undefined;
  }

  /**
   * Verifies the history from the tree verified last (its events after it: a routine check after
   * an edit reads a few), or from the first event when asked, when none was, or when a check from
   * it fails, so a failure always names the first event wrong. A verified tree is kept for the next
   * check; a failed one forgets it, so later checks keep reading everything until it is put right.
   */
  async verify(options: VerifyOptions = {}): Promise<HistoryVerdict> {
    const state = await this.state();
    if (!state.verifier) return this.unkeyed();
    const start = options.full || !state.verified ? undefined : await this.stillVerified(state.verified, state.knownSize);
    const hasher = options.hasher ?? (await BatchHasher.load());
    const { check, verdict } = await this.check(state.verifier, state.knownSize, start, { ...options, hasher });
    if (!verdict.ok && start) return this.verify({ ...options, full: true, hasher });
    return this.keep(check, verdict, start, options.now);
  }

  /**
   * A routine check where it is cheap: only when a verified tree is kept and at most `limit` events
   * were recorded since, hashed here in JavaScript (no worker, nothing to compile). Undefined when it
   * cannot vouch for the history (no tree kept, too many events since, or the check found a problem):
   * then `verify` in a worker reads what it must, and names the event wrong.
   */
  async verifyRecent(limit = 4096, now?: () => Date): Promise<HistoryVerdict | undefined> {
    const state = await this.state();
    if (!state.verifier || !state.verified) return undefined;
    const start = await this.stillVerified(state.verified, state.knownSize);
    if (!start || state.knownSize - start.size > limit) return undefined;
    const { check, verdict } = await this.check(state.verifier, state.knownSize, start, { hasher: BatchHasher.javascript() });
    return verdict.ok ? this.keep(check, verdict, start, now) : undefined;
  }

  /** The key, the size the seal says the history reached, and the tree verified last: read together. */
  private async state() {
    const [key, frontier, verified] = await this.db.transaction('r', this.db.historySeal, () => Promise.all([this.db.historySeal.get(HISTORY_KEY_ID), this.db.historySeal.get(HISTORY_FRONTIER_ID), this.db.historySeal.get(HISTORY_VERIFIED_ID)]));
    return { verifier: storedVerifier(key), knownSize: frontier?.id === 'frontier' ? frontier.size : 0, verified: verified?.id === 'verified' ? verified : undefined };
  }

  private async unkeyed(): Promise<HistoryVerdict> {
    const events = await this.db.auditEvents.count();
    return events === 0 ? { ok: true, size: 0, root: '' } : { ok: false, size: events, firstBadSeq: 1, reason: "The workstation's history key is missing, so no signed head can be checked." };
  }

  /** Reads the events after `start` (every event without it), hashes them as they are read, and concludes. */
  private async check(verifier: NoteVerifier, knownSize: number, start: VerifiedHistory | undefined, options: VerifyOptions & { readonly hasher: BatchHasher }): Promise<{ readonly check: HistoryCheck; readonly verdict: HistoryVerdict }> {
    const { hasher } = options;
    const check = new HistoryCheck(hasher, start);
    const total = Math.max(knownSize, start?.size ?? 0);
    options.onProgress?.(check.size, total);
    const pending: Promise<BlockHashes>[] = [];
    const blocks: HistoryBlock[] = [];
    const hash = options.hashBlock ?? ((block: HistoryBlock) => Promise.resolve(hashBlock(hasher, block)));
    let problem: { readonly firstBadSeq: number; readonly reason: string } | undefined;
    const joinOne = async () => {
      const block = blocks.shift();
      const hashes = pending.shift();
      if (block && hashes) problem ??= check.add(block, await hashes);
      options.onProgress?.(check.size, Math.max(total, check.size));
    };
    // Blocks are hashed as they are read (in another thread, when one is given) and joined in order.
    for await (const block of historyBlocks(this.db, check.size + 1)) {
      blocks.push(block);
      pending.push(hash(block));
      if (pending.length > 4) await joinOne();
      if (problem) break;
    }
    while (pending.length > 0 && !problem) await joinOne();
    const verdict: HistoryVerdict = problem
      ? { ok: false, size: Math.max(knownSize, check.size), ...problem }
      : await concludeCheck(check, { verifier, knownSize, headOf: async (seq) => this.db.auditEvents.get(seq) });
    return { check, verdict };
  }

  /**
   * Keeps the tree just verified for the next check, or forgets the one kept when this failed. Not
   * review data and not flushed to disk at once: lost to a power cut, the next check reads everything.
   */
  private async keep(check: HistoryCheck, verdict: HistoryVerdict, start: VerifiedHistory | undefined, now: () => Date = () => new Date()): Promise<HistoryVerdict> {
    const idb = this.db.backendDB();
    const write = (body: (seal: IDBObjectStore) => void) =>
      new Promise<void>((resolve, reject) => {
        const tx = idb.transaction('historySeal', 'readwrite', { durability: 'relaxed' });
        body(tx.objectStore('historySeal'));
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error ?? new Error('The verified tree could not be kept.'));
      });
    if (!verdict.ok) {
      await write((seal) => seal.delete(HISTORY_VERIFIED_ID));
      return verdict;
    }
    const fullAt = start?.fullAt ?? now().toISOString();
    const verifiedNow: VerifiedHistory = { id: HISTORY_VERIFIED_ID, ...check.frontier(), root: verdict.root, fullAt };
    await write((seal) => seal.put(verifiedNow));
    return { ...verdict, fullAt };
  }

  /** The tree verified last, if the history still holds it: no longer than now, and its last event's record still sealed with its root. */
  private async stillVerified(verified: VerifiedHistory, knownSize: number): Promise<VerifiedHistory | undefined> {
    if (verified.size === 0 || verified.size > knownSize) return undefined;
    const head = await this.db.auditEvents.get(verified.size);
    return head?.root === verified.root ? verified : undefined;
  }
}

/** Opens the database by name and verifies its history: for a worker, which has no data layer of its own. */
export async function verifyStoredHistory(databaseName: string, options: VerifyOptions): Promise<HistoryVerdict> {
  const db = new ReviewDatabase(databaseName);
  try {
    return await new HistoryLog(db).verify(options);
  } finally {
    db.close();
  }
}

/** Whether every number in `seqs` is an event of the first `size` (so `size` distinct ones are all of them). */
function everyWithin(seqs: ReadonlySet<number>, size: number): boolean {
  for (const seq of seqs) if (!Number.isInteger(seq) || seq < 1 || seq > size) return false;
  return true;
}
