import { throttledProgress } from '../../../../shared/streams/throttled-progress.js';
import { verifyStoredHistory } from '../../data/history-log.js';
import type { FromVerifyWorker, ToVerifyWorker } from './verify-history.js';

/** Verifies the review history off the page's thread: a million events take seconds of hashing. */
function send(message: FromVerifyWorker): void {
  postMessage(message);
}

addEventListener('message', (event: MessageEvent<ToVerifyWorker>) => {
  void verify(event.data.databaseName);
});

async function verify(databaseName: string): Promise<void> {
  try {
    const verdict = await verifyStoredHistory(databaseName, throttledProgress((done, total) => send({ type: 'progress', done, total }), () => performance.now()));
    send({ type: 'verdict', verdict });
  } catch (e) {
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}
