import { readInspectLog } from '../../../../../shared/inspect/inspect-log.js';
import { FileProblem, ReadCancelled } from '../../../../../shared/errors/file-problem.js';
import { SampleIndexBuilder } from '../../../../../shared/results/sample-index.js';
import { blobSource } from '../../../host/blob-source.js';
import { ROWS_IN_FLIGHT, type FromLogWorker, type ToLogWorker } from './import-protocol.js';

/**
 * Reads an Inspect log off the page's thread: decompressing and parsing a large log would
 * otherwise freeze the window, progress bar and Cancel button included.
 */
const controller = new AbortController();
const acks = new Map<number, () => void>();

function send(message: FromLogWorker, transfer: Transferable[] = []): void {
  postMessage(message, { transfer });
}

addEventListener('message', (event: MessageEvent<ToLogWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') controller.abort();
  else if (message.type === 'ack') {
    acks.get(message.index)?.();
    acks.delete(message.index);
  }
  else void read(message.file);
});

async function read(file: File): Promise<void> {
  let chunk = 0;
  let samples = 0;
  let lastProgress = 0;
  // Chunks sent and not yet stored, oldest first.
  const inFlight: Promise<void>[] = [];
  // The run's scores in columns, gathered here off the page's thread, stored with the run.
  const index = new SampleIndexBuilder();
  try {
    const run = await readInspectLog(blobSource(file), {
      signal: controller.signal,
      onProgress: ({ done, total }) => {
        const now = performance.now();
        if (now - lastProgress > 50 || done === total) {
          lastProgress = now;
          send({ type: 'progress', done, total, samples });
        }
      },
      onRows: async (rows) => {
        const current = chunk++;
        samples += rows.length;
        index.add(rows);
        inFlight.push(new Promise<void>((resolve) => acks.set(current, resolve)));
        send({ type: 'rows', index: current, rows });
        if (inFlight.length >= ROWS_IN_FLIGHT) await inFlight.shift();
        if (controller.signal.aborted) throw new ReadCancelled();
      },
    });
    await Promise.all(inFlight);
    if (controller.signal.aborted) throw new ReadCancelled();
    const built = index.build();
    send({ type: 'done', run, chunks: chunk, index: built }, [built.epochs.buffer, built.flags.buffer, ...built.scores.map((c) => c.buffer), ...built.kinds.map((c) => c.buffer)]);
  } catch (e) {
    const cancelled = e instanceof ReadCancelled || controller.signal.aborted;
    const message = cancelled
      ? 'Import cancelled; nothing was saved.'
      : e instanceof FileProblem
        ? e.message
        : `${file.name}: the log could not be read (${e instanceof Error ? e.message : String(e)}).`;
    send({ type: 'failed', message, cancelled });
  }
}
