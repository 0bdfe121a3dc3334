import { sha256OfPieces } from '../../../../../shared/hash/sha256.js';
import { ReadCancelled } from '../../../../../shared/errors/file-problem.js';
import { throttledProgress } from '../../../../../shared/streams/throttled-progress.js';
import { blobPieces } from '../../../host/blob-source.js';
import type { FromHashWorker, ToHashWorker } from './import-protocol.js';

/** Hashes the imported file on a second core while the log is being read. */
const controller = new AbortController();

function send(message: FromHashWorker): void {
  postMessage(message);
}

addEventListener('message', (event: MessageEvent<ToHashWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') controller.abort();
  else void hash(message.file);
});

async function hash(file: File): Promise<void> {
  try {
    const sha256 = await sha256OfPieces(blobPieces(file), file.size, {
      signal: controller.signal,
      onProgress: throttledProgress((done, total) => send({ type: 'progress', done, total }), () => performance.now(), 100),
    });
    send({ type: 'done', sha256 });
  } catch (e) {
    send({ type: 'failed', message: `${file.name}: the file could not be read (${e instanceof Error ? e.message : String(e)}).`, cancelled: e instanceof ReadCancelled });
  }
}
