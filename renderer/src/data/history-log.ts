import { historySigner, verifyHistory, type HistoryVerdict } from '../../../shared/audit/history.js';
import { formatVerifierKey } from '../../../shared/audit/signed-note.js';
import type { ReviewDatabase } from './database.js';
import { HISTORY_FRONTIER_ID, HISTORY_KEY_ID } from './schema.js';

/**
 * The review history as auditors check it: every event, in order, against the heads the
 * workstation signed as it recorded them. Reading only; the history is written by the stores.
 */
export class HistoryLog {
  constructor(private readonly db: ReviewDatabase) {}

  /** The verifier key auditors are handed, to check this workstation's history and exports. */
  async verifierKey(): Promise<string | undefined> {
    const key = await this.db.historySeal.get(HISTORY_KEY_ID);
    return key?.id === 'key' ? formatVerifierKey(historySigner(key)) : undefined;
  }

  async verify(onProgress?: (done: number, total: number) => void): Promise<HistoryVerdict> {
    const [key, frontier, events] = await this.db.transaction('r', [this.db.historySeal, this.db.auditEvents], () =>
      Promise.all([this.db.historySeal.get(HISTORY_KEY_ID), this.db.historySeal.get(HISTORY_FRONTIER_ID), this.db.auditEvents.orderBy('seq').toArray()]),
    );
    if (key?.id !== 'key') {
      return events.length === 0 ? { ok: true, size: 0, root: '' } : { ok: false, size: events.length, firstBadSeq: 1, reason: 'The workstation\'s history key is missing, so no signed head can be checked.' };
    }
    return verifyHistory(events, key.origin, historySigner(key), { knownSize: frontier?.id === 'frontier' ? frontier.size : 0, ...(onProgress ? { onProgress } : {}) });
  }
}
