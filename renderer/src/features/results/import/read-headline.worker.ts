import { readLogHeadline } from '../../../../../shared/inspect/log-headline.js';
import { FileProblem } from '../../../../../shared/errors/file-problem.js';
import { blobSource } from '../../../host/blob-source.js';
import type { FromHeadlineWorker, ToHeadlineWorker } from './import-protocol.js';

/**
 * Reads which model a log measured off the page's thread: a large .eval's table of contents can
 * hold a million entries, which would hold up the dialog while it is read.
 */
function send(message: FromHeadlineWorker): void {
  postMessage(message);
}

addEventListener('message', (event: MessageEvent<ToHeadlineWorker>) => {
  void read(event.data.file);
});

async function read(file: File): Promise<void> {
  try {
    send({ type: 'headline', headline: await readLogHeadline(blobSource(file)) });
  } catch (e) {
    send(e instanceof FileProblem ? { type: 'refused', problem: e.problem } : { type: 'failed', message: e instanceof Error ? e.message : String(e) });
  }
}
