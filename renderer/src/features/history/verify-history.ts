import type { HistoryVerdict } from '../../../../shared/audit/history.js';
import type { HistoryLog } from '../../data/history-log.js';
import { workerFailure } from '../../host/worker-failure.js';

export interface ToVerifyWorker {
  readonly databaseName: string;
  /** From the first event, rather than from the tree verified last. */
  readonly full: boolean;
  /** Hash every other page in a second worker, while this one reads and hashes the rest. */
  readonly twoWorkers: boolean;
}
export type FromVerifyWorker =
  | { readonly type: 'progress'; readonly done: number; readonly total: number }
  | { readonly type: 'verdict'; readonly verdict: HistoryVerdict }
  | { readonly type: 'failed'; readonly message: string };

/** Pages past which a second worker hashes every other one: below it, starting one costs more than it saves. */
export const TWO_WORKERS_FROM_EVENTS = 64 * 1024;

/**
 * Verifies the history in a worker that opens the same database, reporting how many events it has
 * hashed; the page stays responsive. A history too damaged to read is a verdict too. A routine
 * check reads only the events after the tree verified last; `full` verifies everything again.
 */
export function verifyHistoryInWorker(
  history: HistoryLog,
  options: { readonly full: boolean; readonly twoWorkers?: boolean },
  onProgress: (done: number, total: number) => void,
): { readonly verdict: Promise<HistoryVerdict>; readonly stop: () => void } {
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
  worker.postMessage({ databaseName: history.databaseName, full: options.full, twoWorkers: options.twoWorkers ?? true } satisfies ToVerifyWorker);
  return { verdict, stop: () => worker.terminate() };
}
