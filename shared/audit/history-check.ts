import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { AuditEventInput } from './audit-event.js';
import type { BatchHasher } from '../hash/sha256-batch.js';
import { checkpointNote, EMPTY_FRONTIER, type EventSeal, type HistoryEvent, type HistoryVerdict, type TreeFrontier } from './history.js';
import { equalHashes } from './merkle.js';
import { openNote, type NoteVerifier } from './signed-note.js';
import { PAGE_EVENTS } from './pages.js';

/**
 * Verifying the review history from the bytes it was sealed over. Each event's canonical JSON is
 * kept as it was hashed, so verification hashes it as stored instead of writing every event out
 * again as RFC 8785 JSON; and it is kept in pages of 1,024 events, so a million events are read as
 * a thousand records. A page is a whole subtree of the history's tree (1,024 is a power of two and
 * pages start at multiples of it), so each page's root is computed on its own, in any thread, and
 * the pages' roots are joined in order. A check may start from a tree verified before (its right
 * edge) and cover only the events after it.
 */

export { PAGE_EVENTS } from './pages.js';

/** Consecutive events' canonical bytes, end to end, with their leaf hashes as they were sealed. */
export interface HistoryBlock {
  readonly firstSeq: number;
  readonly bytes: Uint8Array;
  /** Where each event's bytes end in `bytes`; each starts where the one before it ends. */
  readonly ends: Uint32Array;
  /** Each event's leaf hash as sealed, 32 bytes each. */
  readonly leaves: Uint8Array;
}

/** The page an event is kept in, from 0: page i holds events i·1024 + 1 to (i + 1)·1024. */
export function pageOf(seq: number): number {
  return Math.floor((seq - 1) / PAGE_EVENTS);
}

export function firstSeqOfPage(page: number): number {
  return page * PAGE_EVENTS + 1;
}

/** Packs events' canonical bytes and sealed leaves into a block. */
export function packBlock(firstSeq: number, events: readonly { readonly canonical: Uint8Array; readonly leaf: string }[]): HistoryBlock {
  const ends = new Uint32Array(events.length);
  const leaves = new Uint8Array(32 * events.length);
  let length = 0;
  for (const [i, e] of events.entries()) {
    length += e.canonical.length;
    ends[i] = length;
    leaves.set(hexToBytes(e.leaf), 32 * i);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const e of events) {
    bytes.set(e.canonical, at);
    at += e.canonical.length;
  }
  return { firstSeq, bytes, ends, leaves };
}

/** The canonical bytes of a block's `i`th event (a view, not a copy). */
export function bytesAt(block: Pick<HistoryBlock, 'bytes' | 'ends'>, i: number): Uint8Array {
  return block.bytes.subarray(i === 0 ? 0 : (block.ends[i - 1] ?? 0), block.ends[i] ?? 0);
}

const decoder = new TextDecoder();

/**
 * An event as the history shows it, read from the bytes it was sealed over: what is shown is what
 * verification hashes. Bytes that are not an event's JSON (the history was damaged) are shown as
 * such; verification names that event.
 */
export function eventFromBytes(bytes: Uint8Array, seq: number, leaf: Uint8Array): HistoryEvent {
  let content: AuditEventInput;
  try {
    const parsed = JSON.parse(decoder.decode(bytes)) as unknown;
    if (typeof parsed !== 'object' || parsed === null || typeof (parsed as { at?: unknown }).at !== 'string') throw new Error('not an event');
    content = parsed as AuditEventInput;
  } catch {
    content = { at: '', actor: '(unreadable)', action: 'update', entityType: 'history-checkpoint', entityId: `event-${seq}`, before: null, after: null, reason: 'The stored bytes of this event are not the JSON of an event: the history was damaged.' };
  }
  return { ...content, seq, leaf: bytesToHex(leaf) };
}

/** The events of a block, as the history shows them. */
export function eventsOfBlock(block: HistoryBlock): HistoryEvent[] {
  return Array.from(block.ends, (_, i) => eventFromBytes(bytesAt(block, i), block.firstSeq + i, block.leaves.subarray(32 * i, 32 * i + 32)));
}

/** The right edge of a tree (its complete subtrees, largest first), as bytes. */
export class TreeEdge {
  private constructor(
    private readonly nodes: { hash: Uint8Array; size: number }[],
    private count: number,
  ) {}

  static of(frontier: TreeFrontier): TreeEdge {
    return new TreeEdge(
      frontier.nodes.map((n) => ({ hash: hexToBytes(n.hash), size: n.size })),
      frontier.size,
    );
  }

  get size(): number {
    return this.count;
  }

  clone(): TreeEdge {
    return new TreeEdge([...this.nodes], this.count);
  }

  /** Adds a complete subtree of `size` leaves (a power of two, at a multiple of it), or a leaf. */
  append(hash: Uint8Array, size: number, hasher: BatchHasher): void {
    if (this.count % size !== 0) throw new RangeError(`A subtree of ${size} leaves cannot follow ${this.count}.`);
    let node = { hash, size };
    for (let last = this.nodes.at(-1); last?.size === node.size; last = this.nodes.at(-1)) {
      this.nodes.pop();
      node = { hash: hasher.nodeHash(last.hash, node.hash), size: last.size * 2 };
    }
    this.nodes.push(node);
    this.count += size;
  }

  appendLeaves(leaves: Uint8Array, hasher: BatchHasher): void {
    for (let i = 0; i < leaves.length; i += 32) this.append(leaves.subarray(i, i + 32), 1, hasher);
  }

  root(hasher: BatchHasher): Uint8Array {
    const [last, ...rest] = [...this.nodes].reverse();
    if (!last) return sha256(new Uint8Array(0));
    return rest.reduce<Uint8Array>((root, left) => hasher.nodeHash(left.hash, root), last.hash);
  }

  toFrontier(): TreeFrontier {
    return { size: this.count, nodes: this.nodes.map((n) => ({ hash: bytesToHex(n.hash), size: n.size })) };
  }
}

/** A block's hashes: its leaves as computed now, and the root of the page when it is a whole page. */
export interface BlockHashes {
  readonly leaves: Uint8Array;
  readonly pageRoot?: Uint8Array;
}

/** Hashes a block: what any thread can do for any page, before the pages are joined in order. */
export function hashBlock(hasher: BatchHasher, block: HistoryBlock): BlockHashes {
  const leaves = hasher.leafHashes(block.bytes, block.ends);
  const whole = block.ends.length === PAGE_EVENTS && (block.firstSeq - 1) % PAGE_EVENTS === 0;
  return whole ? { leaves, pageRoot: hasher.treeRoot(leaves) } : { leaves };
}

/** The first event a check found wrong, and why. */
export interface HistoryProblem {
  readonly firstBadSeq: number;
  readonly reason: string;
}

/**
 * A verification in progress: blocks are added in order, each event's bytes checked against the
 * leaf sealed with it and added to the tree. Starts from a tree verified before, or from nothing.
 */
export class HistoryCheck {
  private readonly edge: TreeEdge;
  private readonly startEdge: TreeEdge;
  private readonly added: { readonly firstSeq: number; readonly leaves: Uint8Array; readonly pageRoot?: Uint8Array }[] = [];

  constructor(
    private readonly hasher: BatchHasher,
    from: TreeFrontier = EMPTY_FRONTIER,
  ) {
    this.edge = TreeEdge.of(from);
    this.startEdge = this.edge.clone();
  }

  /** Events in the tree so far. */
  get size(): number {
    return this.edge.size;
  }

  /** The size of the tree verified before this check, which it did not read again. */
  get startSize(): number {
    return this.startEdge.size;
  }

  /** The tree's right edge, to start the next check from once this one is verified. */
  frontier(): TreeFrontier {
    return this.edge.toFrontier();
  }

  /** Adds the next block, hashed here or in another thread; events already in the tree are skipped. */
  add(block: HistoryBlock, hashes: BlockHashes = hashBlock(this.hasher, block)): HistoryProblem | undefined {
    const count = block.ends.length;
    const next = this.edge.size + 1;
    if (count === 0 || block.firstSeq + count <= next) return undefined;
    if (block.firstSeq > next) return { firstBadSeq: next, reason: `Event #${next} is missing: the history jumps from #${next - 1} to #${block.firstSeq}.` };
    const skip = next - block.firstSeq;
    for (let i = skip; i < count; i++) {
      if (!equalHashes(hashes.leaves.subarray(32 * i, 32 * i + 32), block.leaves.subarray(32 * i, 32 * i + 32))) {
        const seq = block.firstSeq + i;
        return { firstBadSeq: seq, reason: `Event #${seq} was changed after it was recorded: its content no longer matches its hash.` };
      }
    }
    const leaves = hashes.leaves.subarray(32 * skip);
    if (skip === 0 && hashes.pageRoot && this.edge.size % PAGE_EVENTS === 0) this.edge.append(hashes.pageRoot, PAGE_EVENTS, this.hasher);
    else this.edge.appendLeaves(leaves, this.hasher);
    this.added.push({ firstSeq: next, leaves, ...(skip === 0 && hashes.pageRoot ? { pageRoot: hashes.pageRoot } : {}) });
    return undefined;
  }

  /** The root of the tree of the first `k` events, for k from the start of this check to its size. */
  prefixRoot(k: number): Uint8Array {
    if (k < this.startSize || k > this.size) throw new RangeError(`This check holds the trees of ${this.startSize} to ${this.size} events, not ${k}.`);
    const edge = this.startEdge.clone();
    for (const block of this.added) {
      if (edge.size >= k) break;
      const count = block.leaves.length / 32;
      if (block.pageRoot && block.firstSeq + count - 1 <= k && edge.size % PAGE_EVENTS === 0) edge.append(block.pageRoot, PAGE_EVENTS, this.hasher);
      else edge.appendLeaves(block.leaves.subarray(0, 32 * Math.min(count, k - edge.size)), this.hasher);
    }
    return edge.root(this.hasher);
  }
}

/** A signed head as sealed with an event: the root of the tree up to it, and its signature. */
export type EventHead = Pick<EventSeal, 'root' | 'signature'>;

/**
 * The verdict on a check once every block is added: the tree must have the root the last event's
 * signed head commits to. When it has not, signed heads (a few, by bisection) name the first event
 * the history was rewritten at, after the part verified before.
 */
export async function concludeCheck(
  check: HistoryCheck,
  options: {
    readonly verifier: NoteVerifier;
    /** The size the history is known to have reached (the seal's): fewer events means some were cut off the end. */
    readonly knownSize: number;
    /** The signed head sealed with event `seq`. */
    readonly headOf: (seq: number) => Promise<EventHead | undefined>;
  },
): Promise<HistoryVerdict> {
  const { verifier, knownSize, headOf } = options;
  const size = check.size;
  const cutShort: HistoryVerdict = { ok: false, size, firstBadSeq: size + 1, reason: `Events #${size + 1} to #${knownSize} are missing: the history was cut short.` };
  if (size === 0) return knownSize > 0 ? cutShort : { ok: true, size: 0, root: bytesToHex(sha256(new Uint8Array(0))) };
  const authentic = async (k: number): Promise<EventHead | undefined> => {
    const head = await headOf(k);
    if (!head) return undefined;
    try {
      openNote(checkpointNote(verifier.name, k, head, verifier.name), [verifier]);
    } catch {
      return undefined;
    }
    return equalHashes(check.prefixRoot(k), hexToBytes(head.root)) ? head : undefined;
  };
  const last = await authentic(size);
  if (last) return size < knownSize ? cutShort : { ok: true, size, root: last.root, checkedFrom: check.startSize + 1 };
  let good = check.startSize;
  let suspect = size;
  while (suspect - good > 1) {
    const mid = Math.floor((good + suspect) / 2);
    if (await authentic(mid)) good = mid;
    else suspect = mid;
  }
  return { ok: false, size, firstBadSeq: suspect, reason: `The history was rewritten at event #${suspect}: the events up to it no longer match the tree head signed when it was recorded, or that head is not the workstation's.` };
}
