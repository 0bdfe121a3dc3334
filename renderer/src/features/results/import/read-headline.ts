import type { LogHeadline } from '../../../../../shared/inspect/log-headline.js';
import { err, ok, type Result } from '../../../../../shared/errors/result.js';
import type { FromHeadlineWorker, ToHeadlineWorker } from './import-protocol.js';
import { workerFailure } from '../../../host/worker-failure.js';

/**
 * Which model a chosen log measured, and its task, read in a worker before anything is imported.
 * An `invalid-input` error is the file's problem, which the import would refuse it for, in words
 * that follow the file's name; a `failed` one, the reader's. Aborting (another file chosen, the
 * dialog closed) stops the worker.
 */
export async function readHeadline(file: File, signal: AbortSignal): Promise<Result<LogHeadline>> {
  const worker = new Worker(new URL('./read-headline.worker.ts', import.meta.url), { type: 'module', name: 'read-headline' });
  let onAbort: () => void = () => undefined;
  try {
    return await new Promise<Result<LogHeadline>>((resolve) => {
      onAbort = () => resolve(err('cancelled', 'The file was put aside.'));
      signal.addEventListener('abort', onAbort);
      if (signal.aborted) onAbort();
      worker.onmessage = (event: MessageEvent<FromHeadlineWorker>) => {
        const m = event.data;
        resolve(m.type === 'headline' ? ok(m.headline) : m.type === 'refused' ? err('invalid-input', m.problem) : err('failed', m.message));
      };
      worker.onerror = (event) => resolve(err('failed', `the reader stopped unexpectedly (${workerFailure(event)})`));
      const request: ToHeadlineWorker = { type: 'headline', file };
      worker.postMessage(request);
    });
  } finally {
    signal.removeEventListener('abort', onAbort);
    worker.terminate();
  }
}
