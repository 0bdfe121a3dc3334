import { readInspectLog } from '../../../../../shared/inspect/inspect-log.js';
import { FileProblem, ReadCancelled } from '../../../../../shared/errors/file-problem.js';
import { SampleIndexBuilder } from '../../../../../shared/results/sample-index.js';
import { ImportStaging } from '../../../data/import-staging.js';
import { blobSource } from '../../../host/blob-source.js';
import { browserDecodersReady, startBrowserDecoders } from './browser-decoders.js';
import { CHUNKS_IN_FLIGHT, type FromLogWorker, type LogFailure, type ToLogWorker } from './import-protocol.js';

/**
 * Reads an Inspect log off the page's thread, and stages its sample chunks in IndexedDB from here:
 * decompressing and parsing a large log would otherwise freeze the window, and rows sent to the
 * page to store would cost a copy each way on a thread that also draws.
 */
const controller = new AbortController();
startBrowserDecoders();

// The page's progress bar moves no faster than this.
const PROGRESS_MS = 100;

function send(message: FromLogWorker, transfer: Transferable[] = []): void {
  postMessage(message, { transfer });
}

addEventListener('message', (event: MessageEvent<ToLogWorker>) => {
  const message = event.data;
  if (message.type === 'cancel') controller.abort();
  else void read(message);
});

/** A chunk that could not be stored: the database's problem, not the file's. */
class NotStored extends Error {}

async function read({ file, databaseName, importId }: { readonly file: File; readonly databaseName: string; readonly importId: string }): Promise<void> {
  const staging = new ImportStaging(databaseName, importId);
  let chunk = 0;
  let staged = 0;
  let bytesRead = { done: 0, total: 0 };
  let lastProgress = Number.NEGATIVE_INFINITY;
  const progress = (always: boolean) => {
    const now = performance.now();
    if (always || now - lastProgress > PROGRESS_MS) {
      lastProgress = now;
      send({ type: 'progress', ...bytesRead, samples: staged });
    }
  };
  // Chunks being stored, oldest first.
  const storing: Promise<void>[] = [];
  // The run's scores in columns, gathered here, stored with the run.
  const index = new SampleIndexBuilder();
  try {
    await browserDecodersReady();
    const run = await readInspectLog(blobSource(file), {
      signal: controller.signal,
      onProgress: (p) => {
        bytesRead = p;
        progress(p.done === p.total);
      },
      onRows: async (rows) => {
        index.add(rows);
        const stored = staging.stage(chunk++, rows).then(
          () => {
            staged += rows.length;
            progress(false);
          },
          (e: unknown) => {
            throw new NotStored(e instanceof Error ? e.message : String(e));
          },
        );
        // Its failure is met when it is awaited, below or at the end.
        stored.catch(() => undefined);
        storing.push(stored);
        if (storing.length >= CHUNKS_IN_FLIGHT) await storing.shift();
        if (controller.signal.aborted) throw new ReadCancelled();
      },
    });
    await Promise.all(storing);
    if (controller.signal.aborted) throw new ReadCancelled();
    progress(true);
    const built = index.build();
    send({ type: 'done', run, chunks: chunk, index: built }, [built.epochs.buffer, built.flags.buffer, ...built.scores.map((c) => c.buffer), ...built.kinds.map((c) => c.buffer)]);
  } catch (e) {
    // Every write begun has ended before the page discards the import, so none lands after.
    await Promise.allSettled(storing);
    send(failure(file, e));
  } finally {
    staging.close();
  }
}

function failure(file: File, e: unknown): FromLogWorker {
  const code: LogFailure = e instanceof ReadCancelled || controller.signal.aborted ? 'cancelled' : e instanceof NotStored ? 'failed' : 'invalid-input';
  const message =
    code === 'cancelled'
      ? 'Import cancelled; nothing was saved.'
      : e instanceof NotStored
        ? `The sample scores could not be stored: ${e.message}`
        : e instanceof FileProblem
          ? e.message
          : `${file.name}: the log could not be read (${e instanceof Error ? e.message : String(e)}).`;
  return { type: 'failed', message, code };
}
