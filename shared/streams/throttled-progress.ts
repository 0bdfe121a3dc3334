/**
 * Progress reported at most every `intervalMs`, and always at the end: a worker that reports each
 * chunk would flood the page with messages it cannot draw any faster.
 */
export function throttledProgress(report: (done: number, total: number) => void, now: () => number, intervalMs = 50): (done: number, total: number) => void {
  let last = Number.NEGATIVE_INFINITY;
  return (done, total) => {
    const at = now();
    if (at - last > intervalMs || done === total) {
      last = at;
      report(done, total);
    }
  };
}
