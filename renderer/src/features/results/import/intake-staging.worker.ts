import type { FromIntakeStager, ToIntakeStager } from './import-protocol.js';
import { stageIntakeInto } from './intake-staging.js';

/**
 * Stages the rows the desktop's intake process reads, off the page's thread: the port to the
 * process is transferred here, so rows go from the process to IndexedDB without crossing the page.
 */
const controller = new AbortController();

// The page's progress bar moves no faster than this.
const PROGRESS_MS = 100;

function send(message: FromIntakeStager): void {
  postMessage(message);
}

addEventListener('message', (event: MessageEvent<ToIntakeStager>) => {
  const message = event.data;
  if (message.type === 'cancel') controller.abort();
  else void stage(message);
});

async function stage({ port, databaseName, importId }: Extract<ToIntakeStager, { type: 'stage' }>): Promise<void> {
  let last = Number.NEGATIVE_INFINITY;
  const staged = await stageIntakeInto(port, databaseName, importId, controller.signal, (progress) => {
    const now = performance.now();
    if (now - last < PROGRESS_MS) return;
    last = now;
    send({ type: 'progress', ...progress });
  });
  send(staged.ok ? { type: 'done', staged: staged.value } : { type: 'failed', code: staged.error.code === 'cancelled' ? 'cancelled' : staged.error.code === 'invalid-input' ? 'invalid-input' : 'failed', message: staged.error.message });
}
