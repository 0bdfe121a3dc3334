import { formatNumber } from '../../../../shared/thresholds/determination.js';
import type { RunMetric, ScoreValue } from '../../../../shared/results/benchmark-run.js';

export function formatMetric(m: Pick<RunMetric, 'value' | 'stderr'>): string {
  return m.stderr === null || !Number.isFinite(m.stderr) ? formatNumber(m.value) : `${formatNumber(m.value)} ± ${formatNumber(m.stderr)}`;
}

export function formatScore(value: ScoreValue): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : formatNumber(value);
  if (typeof value === 'string') return value;
  if (value === null) return '—';
  return JSON.stringify(value);
}

export function formatCount(n: number | null): string {
  return n === null ? '—' : n.toLocaleString('en-US');
}
