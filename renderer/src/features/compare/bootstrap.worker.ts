import { pairedBootstrap, type DifferenceEstimate } from '../../../../shared/compare/statistics.js';

/**
 * Paired bootstraps off the main thread: 2,000 resamples of a hundred thousand differences take
 * long enough to stall scrolling. Results go back one at a time, as each finishes.
 */
export interface BootstrapJob {
  readonly key: string;
  readonly differences: Float64Array;
}

export interface BootstrapResult {
  readonly key: string;
  readonly estimate: DifferenceEstimate | null;
}

addEventListener('message', (event: MessageEvent<readonly BootstrapJob[]>) => {
  for (const job of event.data) {
    const result: BootstrapResult = { key: job.key, estimate: pairedBootstrap(job.differences) };
    postMessage(result);
  }
});
