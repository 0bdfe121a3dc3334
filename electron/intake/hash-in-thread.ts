import { Worker } from 'node:worker_threads';

/**
 * SHA-256 of a whole file by OpenSSL on a thread of its own, so it runs beside the parse instead
 * of taking turns with it. The thread reads the file itself: nothing is copied between threads.
 */
const HASHER = `
const { parentPort, workerData } = require('node:worker_threads');
const { createHash } = require('node:crypto');
const { createReadStream } = require('node:fs');
const hash = createHash('sha256');
createReadStream(workerData, { highWaterMark: 4 * 1024 * 1024 })
  .on('data', (chunk) => hash.update(chunk))
  .on('error', (e) => parentPort.postMessage({ error: e.message }))
  .on('end', () => parentPort.postMessage({ sha256: hash.digest('hex') }));
`;

export function sha256InThread(filePath: string, signal?: AbortSignal): Promise<string> {
  const worker = new Worker(HASHER, { eval: true, workerData: filePath });
  const stop = () => void worker.terminate();
  signal?.addEventListener('abort', stop);
  return new Promise<string>((resolve, reject) => {
    worker.once('message', (m: { sha256?: string; error?: string }) => {
      if (m.sha256 !== undefined) resolve(m.sha256);
      else reject(new Error(`the file could not be hashed (${m.error ?? 'unknown error'})`));
    });
    worker.once('error', reject);
    worker.once('exit', () => reject(new Error(signal?.aborted ? 'hashing was cancelled' : 'hashing stopped before it finished')));
  }).finally(() => {
    signal?.removeEventListener('abort', stop);
    void worker.terminate();
  });
}
