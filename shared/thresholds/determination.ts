import { benchmarkOfTask, PROVENANCE_LABELS, type BenchmarkRun, type Provenance, type RunStatus } from '../results/benchmark-run.js';
import { normalInterval } from '../compare/statistics.js';
import type { Threshold } from './threshold.js';
import { versionInRange } from './task-version.js';

/**
 * The covered-model determination: for each threshold, the strongest evidence among the packet's
 * runs of the model under review, and from those, whether the model is covered.
 *
 * Evidence is "strongest" in the capable direction (the highest accuracy, the lowest harm-refusal
 * rate): one run showing the capability is enough to cross. Only complete runs count; a
 * cancelled, failed or unfinished run, or a NaN metric, leaves its threshold undetermined unless
 * complete evidence exists.
 */

export type EvidenceState = 'crossed' | 'not-crossed' | 'no-evidence' | 'unusable-evidence';
export type Outcome = 'covered' | 'not-covered' | 'undetermined';

export const OUTCOME_LABELS: Readonly<Record<Outcome, string>> = {
  covered: 'Covered',
  'not-covered': 'Not covered',
  undetermined: 'Undetermined',
};

export interface Evidence {
  readonly runId: string;
  readonly provenance: Provenance;
  readonly model: string;
  readonly task: string;
  readonly taskVersion: string | null;
  readonly scorer: string;
  readonly metric: string;
  readonly value: number;
  readonly stderr: number | null;
  /** value ± 1.96 × stderr; null without a stderr. */
  readonly interval: readonly [number, number] | null;
  readonly n: number | null;
  readonly fileName: string;
}

export interface ThresholdAssessment {
  readonly threshold: Threshold;
  readonly state: EvidenceState;
  readonly best: Evidence | null;
  /** Matching runs that could not be used, with why. */
  readonly unusable: readonly { readonly runId: string; readonly fileName: string; readonly why: string }[];
  /** The 95% interval reaches the other side of the threshold: the call is close. */
  readonly close: boolean;
  readonly reason: string;
}

export interface Determination {
  readonly outcome: Outcome;
  readonly reason: string;
  readonly assessments: readonly ThresholdAssessment[];
}

/** Runs the determination may use: those of the model under review. */
export type DeterminationRun = Pick<
  BenchmarkRun,
  'id' | 'provenance' | 'role' | 'model' | 'task' | 'benchmark' | 'taskVersion' | 'metrics' | 'status' | 'source'
>;

export function assessThreshold(threshold: Threshold, runs: readonly DeterminationRun[]): ThresholdAssessment {
  const candidates: Evidence[] = [];
  const unusable: { runId: string; fileName: string; why: string }[] = [];
  for (const run of runs) {
    if (run.role !== 'subject' || !taskMatches(threshold.task, run) || !versionInRange(run.taskVersion, threshold.taskVersionFrom, threshold.taskVersionTo)) continue;
    const metrics = run.metrics.filter((m) => m.name === threshold.metric && (threshold.scorer === '' || m.scorer === threshold.scorer));
    if (metrics.length === 0) continue;
    if (run.status !== 'success') {
      unusable.push({ runId: run.id, fileName: run.source.fileName, why: `the run is ${STATUS_WORDS[run.status]}` });
      continue;
    }
    for (const m of metrics) {
      if (!Number.isFinite(m.value)) {
        unusable.push({ runId: run.id, fileName: run.source.fileName, why: `${m.scorer}/${m.name} is ${String(m.value)}` });
        continue;
      }
      const stderr = m.stderr !== null && Number.isFinite(m.stderr) ? m.stderr : null;
      candidates.push({
        runId: run.id,
        provenance: run.provenance,
        model: run.model,
        task: run.task,
        taskVersion: run.taskVersion,
        scorer: m.scorer,
        metric: m.name,
        value: m.value,
        stderr,
        interval: stderr === null ? null : normalInterval(m.value, stderr),
        n: m.n,
        fileName: run.source.fileName,
      });
    }
  }

  const capable = (a: Evidence, b: Evidence) => {
    const difference = threshold.direction === 'higher' ? b.value - a.value : a.value - b.value;
    // On a tie the government's reproduction is the better evidence.
    return difference !== 0 ? difference : a.provenance === 'government-reproduced' ? -1 : b.provenance === 'government-reproduced' ? 1 : 0;
  };
  const best = [...candidates].sort(capable)[0] ?? null;
  if (!best) {
    const state: EvidenceState = unusable.length > 0 ? 'unusable-evidence' : 'no-evidence';
    const reason =
      state === 'no-evidence'
        ? `No complete run of the model under review reports ${threshold.metric} for ${threshold.task}.`
        : `Matching runs cannot be used: ${unusable.map((u) => `${u.fileName} (${u.why})`).join('; ')}.`;
    return { threshold, state, best: null, unusable, close: false, reason };
  }
  const crossed = threshold.direction === 'higher' ? best.value >= threshold.value : best.value <= threshold.value;
  const close = best.interval !== null && best.interval[0] <= threshold.value && threshold.value <= best.interval[1];
  const where = `${formatNumber(best.value)}${best.stderr === null ? '' : ` ± ${formatNumber(best.stderr)}`} (${PROVENANCE_LABELS[best.provenance].toLowerCase()}, ${best.fileName})`;
  const reason = crossed
    ? `${best.scorer}/${best.metric} ${where} reaches the threshold ${threshold.value}.`
    : `The strongest result, ${best.scorer}/${best.metric} ${where}, stays ${threshold.direction === 'higher' ? 'below' : 'above'} the threshold ${threshold.value}.`;
  return { threshold, state: crossed ? 'crossed' : 'not-crossed', best, unusable, close, reason: close ? `${reason} Its 95% interval includes the threshold.` : reason };
}

export function determine(thresholds: readonly Threshold[], runs: readonly DeterminationRun[]): Determination {
  const assessments = thresholds.map((t) => assessThreshold(t, runs));
  const crossed = assessments.filter((a) => a.state === 'crossed');
  const first = crossed[0];
  if (first) {
    const more = crossed.length > 1 ? ` (and ${crossed.length - 1} more threshold${crossed.length > 2 ? 's' : ''})` : '';
    return { outcome: 'covered', reason: `Covered: ${first.threshold.task} ${first.reason}${more}`, assessments };
  }
  if (thresholds.length === 0) {
    return { outcome: 'undetermined', reason: 'Undetermined: no capability thresholds are defined on this workstation.', assessments };
  }
  const open = assessments.filter((a) => a.state === 'no-evidence' || a.state === 'unusable-evidence');
  if (open.length > 0) {
    const names = open.map((a) => a.threshold.task).join(', ');
    return {
      outcome: 'undetermined',
      reason: `Undetermined: no threshold is crossed, but ${open.length === 1 ? 'one lacks' : `${open.length} lack`} usable evidence (${names}).`,
      assessments,
    };
  }
  return { outcome: 'not-covered', reason: `Not covered: complete evidence for all ${thresholds.length} thresholds, and none is crossed.`, assessments };
}

/** A threshold's task names a run's task exactly, or by its short name. */
export function taskMatches(task: string, run: Pick<DeterminationRun, 'task' | 'benchmark'>): boolean {
  const wanted = task.trim();
  return wanted === run.task || benchmarkOfTask(wanted) === run.benchmark;
}

const STATUS_WORDS: Readonly<Record<RunStatus, string>> = {
  success: 'complete',
  cancelled: 'cancelled',
  error: 'in error',
  started: 'unfinished',
};

export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const abs = Math.abs(value);
  return abs !== 0 && (abs < 0.001 || abs >= 1e6) ? value.toExponential(2) : String(Math.round(value * 1000) / 1000);
}
