import { formatNumber } from '../../../../shared/thresholds/determination.js';
import './results.css';

interface IntervalChartProps {
  readonly value: number;
  readonly interval: readonly [number, number] | null;
  readonly threshold: number;
  readonly crossed: boolean;
  readonly label: string;
}

/**
 * One line of a forest plot: the result's 95% interval and point against the threshold's line.
 * A reviewer sees at a glance how far, and how surely, a result sits from the line.
 */
export function IntervalChart({ value, interval, threshold, crossed, label }: IntervalChartProps) {
  const width = 160;
  const height = 18;
  const points = [value, threshold, ...(interval ?? [])];
  let lo = Math.min(...points);
  let hi = Math.max(...points);
  // Scores in [0, 1] are drawn on [0, 1] so charts line up row to row.
  if (lo >= 0 && hi <= 1) {
    lo = 0;
    hi = 1;
  }
  const pad = (hi - lo) * 0.05 || 1;
  const x = (v: number) => ((v - (lo - pad)) / (hi - lo + 2 * pad)) * width;
  return (
    <svg className="interval-chart" width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-label={label}>
      <title>{label}</title>
      <line x1={0} x2={width} y1={height / 2} y2={height / 2} className="interval-chart__axis" />
      {interval && <line x1={x(interval[0])} x2={x(interval[1])} y1={height / 2} y2={height / 2} className="interval-chart__interval" />}
      <line x1={x(threshold)} x2={x(threshold)} y1={1} y2={height - 1} className="interval-chart__threshold" />
      <circle cx={x(value)} cy={height / 2} r={4} className={crossed ? 'interval-chart__point interval-chart__point--crossed' : 'interval-chart__point'} />
      <text x={width} y={height - 2} className="interval-chart__scale" textAnchor="end" aria-hidden="true">
        {formatNumber(hi)}
      </text>
    </svg>
  );
}
