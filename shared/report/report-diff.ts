import { formatNumber } from '../thresholds/determination.js';
import type { ReviewReport } from './review-report.js';

/** One thing that differs between two versions of a report, in words a team lead reads aloud. */
export interface ReportChange {
  readonly area: 'Determination' | 'Findings' | 'Remediation';
  readonly what: string;
  readonly before: string;
  readonly after: string;
}

const NONE = '—';

/**
 * What changed from one report version to a later one: the determination and each threshold's
 * evidence, findings added, removed or moved in severity or status, and the plan's status (its
 * version, the findings it leaves unanswered, its open deviation requests).
 */
export function diffReports(before: ReviewReport, after: ReviewReport): ReportChange[] {
  return [...determinationChanges(before, after), ...findingChanges(before, after), ...planChanges(before, after)];
}

function determinationChanges(a: ReviewReport, b: ReviewReport): ReportChange[] {
  const changes: ReportChange[] = [];
  if (a.determination.outcome !== b.determination.outcome) changes.push({ area: 'Determination', what: 'Outcome', before: a.determination.outcomeLabel, after: b.determination.outcomeLabel });
  const key = (t: ReviewReport['determination']['thresholds'][number]) => `${t.task} ${t.scorer}/${t.metric} ${t.direction === 'higher' ? '≥' : '≤'} ${t.value}`;
  const evidence = (t: ReviewReport['determination']['thresholds'][number] | undefined) => (t ? `${t.state.replace('-', ' ')}${t.evidence ? ` (${formatNumber(t.evidence.value)}${t.evidence.stderr === null ? '' : ` ± ${formatNumber(t.evidence.stderr)}`})` : ''}` : NONE);
  const was = new Map(a.determination.thresholds.map((t) => [key(t), t]));
  const now = new Map(b.determination.thresholds.map((t) => [key(t), t]));
  for (const k of new Set([...was.keys(), ...now.keys()])) {
    const [x, y] = [evidence(was.get(k)), evidence(now.get(k))];
    if (x !== y) changes.push({ area: 'Determination', what: `Threshold ${k}`, before: x, after: y });
  }
  return changes;
}

function findingChanges(a: ReviewReport, b: ReviewReport): ReportChange[] {
  const was = new Map(a.findings.rows.map((f) => [f.id, f]));
  const now = new Map(b.findings.rows.map((f) => [f.id, f]));
  const changes: ReportChange[] = [];
  for (const [id, f] of now) {
    const old = was.get(id);
    if (!old) changes.push({ area: 'Findings', what: `“${f.title}”`, before: 'not in the report', after: `${f.severity}, ${f.status}` });
    else {
      if (old.severity !== f.severity) changes.push({ area: 'Findings', what: `“${f.title}” severity`, before: old.severity, after: f.severity });
      if (old.status !== f.status) changes.push({ area: 'Findings', what: `“${f.title}” status`, before: old.status, after: f.status });
    }
  }
  for (const [id, f] of was) if (!now.has(id)) changes.push({ area: 'Findings', what: `“${f.title}”`, before: `${f.severity}, ${f.status}`, after: 'no longer in the report' });
  return changes;
}

function planChanges(a: ReviewReport, b: ReviewReport): ReportChange[] {
  const [x, y] = [a.remediation, b.remediation];
  const changes: ReportChange[] = [];
  const plan = (r: ReviewReport['remediation']) => (r.plan ? `version ${r.plan.version} (${r.plan.versionLabel})` : 'no plan');
  if (plan(x) !== plan(y)) changes.push({ area: 'Remediation', what: 'Plan', before: plan(x), after: plan(y) });
  const list = (items: readonly { readonly title: string }[]) => (items.length === 0 ? 'none' : items.map((i) => i.title).join('; '));
  if (list(x.unanswered) !== list(y.unanswered)) changes.push({ area: 'Remediation', what: 'Findings no plan item answers', before: list(x.unanswered), after: list(y.unanswered) });
  if (list(x.openDeviations) !== list(y.openDeviations)) changes.push({ area: 'Remediation', what: 'Open deviation requests', before: list(x.openDeviations), after: list(y.openDeviations) });
  const moves = (r: ReviewReport['remediation']) => (r.statusMoves.length === 0 ? 'none' : r.statusMoves.map((m) => `${m.title}: ${m.after}`).join('; '));
  if (moves(x) !== moves(y)) changes.push({ area: 'Remediation', what: 'Risk statuses moved since the first plan version', before: moves(x), after: moves(y) });
  return changes;
}
