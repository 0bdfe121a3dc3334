import * as Plot from '@observablehq/plot';
import type { Forest } from '../../../../shared/compare/chart-data.js';
import { describeMetric, runLetter, type Comparison, type SummaryGroup } from '../../../../shared/compare/comparison.js';
import { formatNumber } from '../../../../shared/thresholds/determination.js';
import { PROVENANCE_LABELS } from '../../../../shared/results/benchmark-run.js';

/**
 * The comparison's pictures, drawn with Observable Plot as SVG elements: each run's value with its
 * interval, and each run's difference from the baseline (a forest plot). SVG attributes cannot
 * read CSS variables, so the palette is repeated here; RUN_COLOURS matches the `--run-N` tokens
 * (styles/tokens.css).
 */
export const RUN_COLOURS = ['#1f4f99', '#8a3b12', '#1d6b3a', '#6b2d86', '#0f6470', '#7a5b00', '#8c1d48', '#44505f'] as const;
const INK = '#1c2430';
const MUTED = '#5b6675';
const DANGER = '#a4161a';

/** "A · openai/gpt-4o (Government-reproduced)": the run as the reviewer knows it, not a bare letter. */
export function runLabel(comparison: Comparison, index: number): string {
  const run = comparison.runs[index];
  return run ? `${runLetter(index)} · ${run.model} (${PROVENANCE_LABELS[run.provenance]})` : runLetter(index);
}

function colourOf(index: number): string {
  return RUN_COLOURS[index % RUN_COLOURS.length] ?? INK;
}

/** Plot adds a <style> of its own, which the content security policy refuses; its rules are in the app's CSS. */
function withoutStyle(plot: SVGSVGElement | HTMLElement): SVGSVGElement {
  for (const style of plot.querySelectorAll('style')) style.remove();
  const svg = plot instanceof SVGSVGElement ? plot : plot.querySelector('svg');
  if (!svg) throw new Error('the chart drew no SVG.');
  return svg;
}

const STYLE = { fontFamily: 'system-ui, sans-serif', fontSize: '12px', color: INK, background: 'transparent' } as const;

/** One run's line of a chart: its value (or difference) with its 95% interval. */
export interface IntervalPoint {
  readonly label: string;
  readonly index: number;
  readonly value: number;
  readonly low: number | null;
  readonly high: number | null;
  readonly title: string;
  /** Ringed in red: a value that disagrees with another beyond chance. */
  readonly flagged?: boolean;
}

/** A threshold's dashed line, at its place on the chart's scale. */
export interface ThresholdLine {
  readonly value: number;
  readonly text: string;
}

/**
 * Dots (or diamonds) with their interval bars, one row per run labelled by model and provenance,
 * in the runs' colours; the thresholds dashed and named; a zero line where differences are drawn;
 * flagged points ringed in red.
 */
export function intervalPlot(points: readonly IntervalPoint[], lines: readonly ThresholdLine[], options: { readonly width: number; readonly x: Plot.ScaleOptions; readonly differences: boolean; readonly labelWidth?: number; readonly axisLabelRoom?: number }): SVGSVGElement {
  const labelWidth = options.labelWidth ?? Math.min(360, 12 + 6.6 * Math.max(...points.map((p) => p.label.length)));
  // Room below the ticks for an axis label on a line of its own, where one is asked for.
  const room = options.axisLabelRoom ?? 0;
  const svg = Plot.plot({
    width: options.width,
    height: 48 + 30 * points.length + room,
    ...(room > 0 ? { marginBottom: 30 + room } : {}),
    marginLeft: labelWidth,
    marginTop: lines.length > 0 ? 24 : 12,
    style: STYLE,
    x: options.x,
    y: { label: null, domain: points.map((p) => p.label) },
    marks: [
      ...(options.differences ? [Plot.ruleX([0], { stroke: MUTED, strokeWidth: 1.5 })] : []),
      Plot.ruleY(
        points.filter((p) => p.low !== null),
        { y: 'label', x1: 'low', x2: 'high', stroke: (p: IntervalPoint) => colourOf(p.index), strokeWidth: 2.5 },
      ),
      Plot.dot(
        points.filter((p) => p.flagged === true),
        { x: 'value', y: 'label', r: 9, stroke: DANGER, strokeWidth: 1.5, fill: 'none' },
      ),
      Plot.dot(points, { x: 'value', y: 'label', r: 5, symbol: options.differences ? 'diamond' : 'circle', fill: (p: IntervalPoint) => colourOf(p.index), title: 'title' }),
      Plot.ruleX(lines, { x: 'value', stroke: DANGER, strokeDasharray: '4,3' }),
      Plot.text(lines, { x: 'value', text: 'text', frameAnchor: 'top', dy: -16, fill: DANGER }),
    ],
  });
  return withoutStyle(svg);
}

export function runValuesPlot(comparison: Comparison, group: SummaryGroup, width: number): { svg: SVGSVGElement; description: string } {
  const points: IntervalPoint[] = comparison.runs.flatMap((_, i) => {
    const cell = group.cells[i];
    if (!cell || !Number.isFinite(cell.value)) return [];
    const interval = cell.interval ? `, 95% CI ${formatNumber(cell.interval[0])} to ${formatNumber(cell.interval[1])}` : '';
    const label = runLabel(comparison, i);
    return [{ label, index: i, value: cell.value, low: cell.interval?.[0] ?? null, high: cell.interval?.[1] ?? null, title: `${label}: ${formatNumber(cell.value)}${interval}` }];
  });
  const lines = group.thresholds.map((t) => ({ value: t.threshold.value, text: `threshold ${t.threshold.direction === 'higher' ? '≥' : '≤'} ${t.threshold.value}` }));
  const description = `${group.task} ${describeMetric(group)}, each run's value: ${points.map((p) => p.title).join('; ')}${lines.length > 0 ? `; ${lines.map((l) => l.text).join('; ')}` : ''}`;
  const x = { label: describeMetric(group), grid: true, ...(group.proportion ? { domain: [0, 1] } : { nice: true }) };
  return { svg: intervalPlot(points, lines, { width, x, differences: false }), description };
}

export function forestPlot(comparison: Comparison, group: SummaryGroup, forest: Forest, width: number): { svg: SVGSVGElement; description: string } {
  const unit = forest.unit === 'points' ? ' (points)' : '';
  const sign = (v: number) => `${v > 0 ? '+' : ''}${formatNumber(v)}`;
  const points: IntervalPoint[] = forest.rows.map((r) => ({
    label: runLabel(comparison, r.runIndex),
    index: r.runIndex,
    value: r.estimate,
    low: r.low,
    high: r.high,
    title: `${runLetter(r.runIndex)} − ${runLetter(forest.baselineIndex)}: ${sign(r.estimate)}${unit}, 95% CI ${formatNumber(r.low)} to ${formatNumber(r.high)}${r.beyondChance ? ', beyond chance' : ''}`,
  }));
  const lines = forest.thresholds.map((t) => ({ value: t.offset, text: `${t.label} (${sign(t.offset)})` }));
  const description = `${group.task} ${describeMetric(group)}, difference of each run from ${runLabel(comparison, forest.baselineIndex)}: ${points.map((p) => p.title).join('; ')}${lines.length > 0 ? `; ${lines.map((t) => t.text).join('; ')}` : ''}`;
  const x = { label: `Difference from ${runLetter(forest.baselineIndex)}${unit}`, grid: true, nice: true };
  return { svg: intervalPlot(points, lines, { width, x, differences: true }), description };
}

/** Several plots one above the other, as one SVG document to save. */
export function stackedSvg(svgs: readonly SVGSVGElement[]): string {
  const serializer = new XMLSerializer();
  let y = 0;
  let width = 0;
  const parts = svgs.map((svg) => {
    const w = Number(svg.getAttribute('width') ?? 0);
    const h = Number(svg.getAttribute('height') ?? 0);
    const copy = svg.cloneNode(true) as SVGSVGElement;
    copy.setAttribute('y', String(y));
    copy.setAttribute('x', '0');
    y += h + 8;
    width = Math.max(width, w);
    return serializer.serializeToString(copy);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.max(0, y - 8)}" viewBox="0 0 ${width} ${Math.max(0, y - 8)}" font-family="system-ui, sans-serif">${parts.join('')}</svg>`;
}
