import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import { describeMetric, runLetter, type Comparison, type SummaryGroup } from '../../../../shared/compare/comparison.js';
import { formatNumber } from '../../../../shared/thresholds/determination.js';
import './compare.css';

// The app's palette (styles/tokens.css): SVG attributes cannot read CSS variables.
const INK = '#1c2430';
const ACCENT = '#1f4f99';
const DANGER = '#a4161a';

interface Point {
  readonly run: string;
  readonly value: number;
  readonly low: number | null;
  readonly high: number | null;
  readonly crossed: boolean;
  readonly label: string;
}

/**
 * The comparison as a dot-and-interval plot per task and metric, one line per run, with the
 * thresholds as dashed lines: at a glance, which run is higher, how surely, and which side of
 * the line it falls. Drawn with Observable Plot.
 */
export function ComparisonChart({ comparison }: { readonly comparison: Comparison }) {
  const groups = comparison.groups.filter((g) => g.cells.filter((c) => c !== null && Number.isFinite(c.value)).length > 0);
  if (groups.length === 0) return <p className="empty">None of these runs reports a metric to plot.</p>;
  return (
    <div className="compare-chart">
      <p className="muted">Dots are the reported values, bars their 95% intervals; dashed lines are capability thresholds, and a red dot reaches one.</p>
      {groups.map((group) => (
        <GroupChart key={group.key} group={group} comparison={comparison} />
      ))}
    </div>
  );
}

function GroupChart({ group, comparison }: { readonly group: SummaryGroup; readonly comparison: Comparison }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const points: Point[] = comparison.runs.flatMap((run, i) => {
      const cell = group.cells[i];
      if (!cell || !Number.isFinite(cell.value)) return [];
      const crossed = group.thresholds.some((t) => t.crossed[i] === true);
      const interval = cell.interval ? `, 95% CI ${formatNumber(cell.interval[0])} to ${formatNumber(cell.interval[1])}` : '';
      return [{ run: runLetter(i), value: cell.value, low: cell.interval?.[0] ?? null, high: cell.interval?.[1] ?? null, crossed, label: `${runLetter(i)} ${run.model}: ${formatNumber(cell.value)}${interval}` }];
    });
    const lines = group.thresholds.map((t) => ({ value: t.threshold.value, label: `threshold ${t.threshold.direction === 'higher' ? '≥' : '≤'} ${t.threshold.value}` }));
    const intervals = points.filter((p) => p.low !== null && p.high !== null);
    const plot = Plot.plot({
      width: Math.max(320, Math.min(720, container.clientWidth || 640)),
      height: 44 + 26 * points.length,
      marginLeft: 32,
      marginTop: lines.length > 0 ? 22 : 10,
      style: { fontFamily: 'inherit', fontSize: '11px', color: INK, background: 'transparent' },
      x: { label: describeMetric(group), grid: true, ...(group.proportion ? { domain: [0, 1] } : { nice: true }) },
      y: { label: null, domain: points.map((p) => p.run) },
      ariaLabel: `${group.task} ${describeMetric(group)}: ${points.map((p) => p.label).join('; ')}${lines.length > 0 ? `; ${lines.map((l) => l.label).join('; ')}` : ''}`,
      marks: [
        Plot.ruleY(intervals, { y: 'run', x1: 'low', x2: 'high', stroke: INK, strokeWidth: 2 }),
        Plot.dot(points, { x: 'value', y: 'run', r: 4.5, fill: (p: Point) => (p.crossed ? DANGER : ACCENT), title: 'label' }),
        Plot.ruleX(lines, { x: 'value', stroke: DANGER, strokeDasharray: '4,3' }),
        Plot.text(lines, { x: 'value', text: 'label', frameAnchor: 'top', dy: -14, fill: DANGER }),
      ],
    });
    // Plot adds a <style> element of its own, which the app's content security policy refuses;
    // its few rules are in compare.css instead, so it is dropped before the chart joins the page.
    for (const style of plot.querySelectorAll('style')) style.remove();
    container.replaceChildren(plot);
    return () => plot.remove();
  }, [group, comparison]);
  return (
    <figure className="compare-chart__figure">
      <figcaption className="section-title">
        {group.task} <span className="muted">{describeMetric(group)}</span>
      </figcaption>
      <div ref={ref} />
    </figure>
  );
}
