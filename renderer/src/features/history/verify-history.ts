import type { HistoryVerdict } from '../../../../shared/audit/history.js';
import type { HistoryLog } from '../../data/history-log.js';
import { workerFailure } from '../../host/worker-failure.js';

export interface ToVerifyWorker {
  readonly databaseName: string;
}
export type FromVerifyWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'verdict'; readonly verdict: HistoryVerdict }
  | { readonly type: 'failed'; readonly message: string };

/**
 * Verifies the history in a worker that opens the same database, reporting how many events it has
 * hashed; the page stays responsive. A history too damaged to read is a verdict too.
 */
export function verifyHistoryInWorker(history: HistoryLog, onProgress: (done: number, total: number) => void): { readonly verdict: Promise<HistoryVerdict>; readonly stop: () => void } {
  const worker = new Worker(new URL('./verify-history.worker.ts', import.meta.url), { type: 'module', name: 'verify-history' });
  const unreadable = (reason: string): HistoryVerdict => ({ ok: false, size: 0, firstBadSeq: 1, reason: `The history could not be read to verify it: ${reason}` });
  const verdict = new Promise<HistoryVerdict>((resolve) => {
    worker.onmessage = (event: MessageEvent<FromVerifyWorker>) => {
      const m = event.data;
      if (m.type === 'progress') onProgress(m.done, m.total);
      else {
        resolve(m.type === 'verdict' ? m.verdict : unreadable(m.message));
        worker.terminate();
      }
    };
    worker.onerror = (event) => {
      resolve(unreadable(workerFailure(event)));
      worker.terminate();
    };
    worker.onmessageerror = () => {
      resolve(unreadable('the worker sent a message that could not be read.'));
      worker.terminate();
    };
  });
  worker.postMessage({ databaseName: history.databaseName } satisfies ToVerifyWorker);
  return { verdict, stop: () => worker.terminate() };
}
