import { historySigner, verifyHistory, type HistoryVerdict, type SealedEvent } from '../../../shared/audit/history.js';
import { exportAuditLog } from '../../../shared/audit/log-export.js';
import { formatVerifierKey, parseVerifierKey, type NoteVerifier } from '../../../shared/audit/signed-note.js';
import type { Marking } from '../../../shared/marking/marking.js';
import { ReviewDatabase, type HistorySealRecord } from './database.js';
import { HISTORY_FRONTIER_ID, HISTORY_KEY_ID } from './schema.js';

/**
 * The key that checks the history, from the stored history key: sealed, its verifier key is kept
 * in the clear, so checking needs no profile unlocked.
 */
export function storedVerifier(record: HistorySealRecord | undefined): NoteVerifier | undefined {
  if (record?.id !== 'key') return undefined;
  return 'sealed' in record ? parseVerifierKey(record.verifierKey) : historySigner(record);
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

  /** Every event, oldest first, with its seal. */
  async events(): Promise<SealedEvent[]> {
    return this.db.auditEvents.orderBy('seq').toArray();
  }

  /** The latest signed head: the tree of every event, as the last one recorded sealed it. */
  async latestCheckpoint(): Promise<{ readonly size: number; readonly root: string; readonly at: string } | undefined> {
    const last = await this.db.auditEvents.orderBy('seq').last();
    return last ? { size: last.seq, root: last.root, at: last.at } : undefined;
  }

  /**
   * The events `selected` picks, as JSON lines with the latest signed checkpoint and each event's
   * inclusion proof (see shared/audit/log-export). Reading only: an export is not a change.
   */
  async exportLog(selected: (event: SealedEvent) => boolean, selection: string, marking: Marking, now: Date, blocks: readonly string[] = []): Promise<{ readonly text: string; readonly events: number }> {
    const { verifier, events } = await this.sealed();
    if (!verifier) throw new Error("The workstation's history key is missing: there is no signed history to export.");
    const picked = events.filter(selected);
    return { text: exportAuditLog(events, picked, verifier, selection, now, marking, blocks), events: picked.length };
  }

  /** The verifier key auditors are handed, to check this workstation's history and exports. */
  async verifierKey(): Promise<string | undefined> {
    const verifier = storedVerifier(await this.db.historySeal.get(HISTORY_KEY_ID));
    return verifier ? formatVerifierKey(verifier) : undefined;
  }

  /** The key, the size the tree last reached, and every event, read as one moment's history. */
  private async sealed() {
    const [key, frontier, events] = await this.db.transaction('r', [this.db.historySeal, this.db.auditEvents], () =>
      Promise.all([this.db.historySeal.get(HISTORY_KEY_ID), this.db.historySeal.get(HISTORY_FRONTIER_ID), this.events()]),
    );
    return { verifier: storedVerifier(key), knownSize: frontier?.id === 'frontier' ? frontier.size : 0, events };
  }

  async verify(onProgress?: (done: number, total: number) => void): Promise<HistoryVerdict> {
    const { verifier, knownSize, events } = await this.sealed();
    if (!verifier) {
      return events.length === 0 ? { ok: true, size: 0, root: '' } : { ok: false, size: events.length, firstBadSeq: 1, reason: 'The workstation\'s history key is missing, so no signed head can be checked.' };
    }
    return verifyHistory(events, verifier.name, verifier, { knownSize, ...(onProgress ? { onProgress } : {}) });
  }
}

/** Opens the database by name and verifies its history: for a worker, which has no data layer of its own. */
export async function verifyStoredHistory(databaseName: string, onProgress: (done: number, total: number) => void): Promise<HistoryVerdict> {
  const db = new ReviewDatabase(databaseName);
  try {
    return await new HistoryLog(db).verify(onProgress);
  } finally {
    db.close();
  }
}
