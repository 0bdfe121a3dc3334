import { historySigner, verifyHistory, type HistoryVerdict, type SealedEvent } from '../../../shared/audit/history.js';
import { exportAuditLog } from '../../../shared/audit/log-export.js';
import { formatVerifierKey } from '../../../shared/audit/signed-note.js';
import type { Marking } from '../../../shared/marking/marking.js';
import { ReviewDatabase } from './database.js';
import { HISTORY_FRONTIER_ID, HISTORY_KEY_ID } from './schema.js';

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
  async exportLog(selected: (event: SealedEvent) => boolean, selection: string, marking: Marking, now: Date): Promise<{ readonly text: string; readonly events: number }> {
    const { key, events } = await this.sealed();
    if (!key) throw new Error("The workstation's history key is missing: there is no signed history to export.");
    const picked = events.filter(selected);
    return { text: exportAuditLog(events, picked, historySigner(key), selection, now, marking), events: picked.length };
  }

  /** The verifier key auditors are handed, to check this workstation's history and exports. */
  async verifierKey(): Promise<string | undefined> {
    const key = await this.db.historySeal.get(HISTORY_KEY_ID);
    return key?.id === 'key' ? formatVerifierKey(historySigner(key)) : undefined;
  }

  /** The key, the size the tree last reached, and every event, read as one moment's history. */
  private async sealed() {
    const [key, frontier, events] = await this.db.transaction('r', [this.db.historySeal, this.db.auditEvents], () =>
      Promise.all([this.db.historySeal.get(HISTORY_KEY_ID), this.db.historySeal.get(HISTORY_FRONTIER_ID), this.events()]),
    );
    return { key: key?.id === 'key' ? key : undefined, knownSize: frontier?.id === 'frontier' ? frontier.size : 0, events };
  }

  async verify(onProgress?: (done: number, total: number) => void): Promise<HistoryVerdict> {
    const { key, knownSize, events } = await this.sealed();
    if (!key) {
      return events.length === 0 ? { ok: true, size: 0, root: '' } : { ok: false, size: events.length, firstBadSeq: 1, reason: 'The workstation\'s history key is missing, so no signed head can be checked.' };
    }
    return verifyHistory(events, key.origin, historySigner(key), { knownSize, ...(onProgress ? { onProgress } : {}) });
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
