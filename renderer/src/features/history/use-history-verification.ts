import { useEffect, useState } from 'react';
import type { HistoryVerdict } from '../../../../shared/audit/history.js';
import type { HistoryLog } from '../../data/history-log.js';
import { verifyHistoryInWorker } from './verify-history.js';

/** What the integrity panel shows of its verifications. */
export interface HistoryVerification {
  /** A check is running (or about to) for the history as it is now. */
  readonly checking: boolean;
  readonly verdict: HistoryVerdict | undefined;
  readonly progress: { readonly done: number; readonly total: number } | undefined;
  /** Checks now, from the tree verified last: the events recorded since. */
  readonly verifyNow: () => void;
  /** Verifies every event again, from the first. */
  readonly verifyEverything: () => void;
}

/**
 * Verifies the history when the panel opens and after edits (once they pause), each time reading
 * only the events after the tree verified last (here, when they are few; else in a worker); a full
 * verification is one request away.
 */
export function useHistoryVerification(history: HistoryLog, size: number | undefined, onVerdict: (verdict: HistoryVerdict) => void): HistoryVerification {
  // Each request to verify is numbered; a result says which request it answers.
  const [request, setRequest] = useState({ n: 0, full: false });
  const [result, setResult] = useState<{ readonly request: number; readonly size: number | undefined; readonly verdict: HistoryVerdict } | undefined>();
  const [progressOf, setProgress] = useState<{ readonly run: string; readonly done: number; readonly total: number } | undefined>();
  const run = `${request.n}:${size ?? 0}`;
  useEffect(() => {
    let live = true;
    let stop: () => void = () => undefined;
    const finish = (verdict: HistoryVerdict) => {
      if (!live) return;
      setResult({ request: request.n, size, verdict });
      onVerdict(verdict);
    };
    const inWorker = () => {
      const started = verifyHistoryInWorker(history, { full: request.full }, (done, total) => setProgress({ run, done, total }));
      stop = started.stop;
      void started.verdict.then(finish);
    };
    // A new event makes the last verdict old: verify again once the edits pause, not at each one. The
    // few events since the tree verified last are checked here; anything more, or wrong, in a worker.
    const start = () => {
      if (request.full) {
        inWorker();
        return;
      }
      void history.verifyRecent().then(
        (recent) => {
          if (recent) finish(recent);
          else if (live) inWorker();
        },
        () => {
          if (live) inWorker();
        },
      );
    };
    const timer = setTimeout(start, result?.request === request.n ? 1000 : 0);
    return () => {
      live = false;
      clearTimeout(timer);
      stop();
    };
    // `result`, `run` and `onVerdict` are read, not watched: a verdict must not start another check.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [history, request, size]);
  const checking = result?.request !== request.n || result.size !== size;
  return {
    checking,
    verdict: checking ? undefined : result.verdict,
    progress: progressOf?.run === run ? progressOf : undefined,
    verifyNow: () => setRequest((r) => ({ n: r.n + 1, full: false })),
    verifyEverything: () => setRequest((r) => ({ n: r.n + 1, full: true })),
  };
}
