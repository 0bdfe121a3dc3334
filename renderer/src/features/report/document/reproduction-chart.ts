import type { ReviewReport } from '../../../../../shared/report/review-report.js';
import { formatNumber } from '../../../../../shared/thresholds/determination.js';
import { intervalPlot, stackedSvg, type IntervalPoint, type ThresholdLine } from '../../compare/chart-plots.js';
import { directionSymbol, pText } from './report-format.js';

type ReproductionRow = ReviewReport['reproduction']['rows'][number];

/** The width of a Letter page's text at 96 pixels an inch, with the report's margins. */
export const REPORT_CHART_WIDTH = 680;

/** Room for "Government" at 12 pixels in the widest system sans-serif (DejaVu Sans), and the tick. */
const LABEL_WIDTH = 100;

/** value ± 1.96 × stderr, kept inside [0, 1] for a proportion. */
function interval(value: number, stderr: number | null, proportion: boolean): readonly [number, number] | null {
  if (stderr === null) return null;
  const [low, high] = [value - 1.96 * stderr, value + 1.96 * stderr];
  return proportion ? [Math.max(0, low), Math.min(1, high)] : [low, high];
}

/** The two sides of one benchmark, developer first, in the compare view's first two run colours. */
function pointsOf(row: ReproductionRow, proportion: boolean): IntervalPoint[] {
  const sides = [
    { side: row.developer, label: 'Developer' },
    { side: row.government, label: 'Government' },
  ];
  return sides.map(({ side, label }, index) => {
    const bar = interval(side.value, side.stderr, proportion);
    const range = bar ? `, 95% CI ${formatNumber(bar[0])} to ${formatNumber(bar[1])}` : '';
    return { label, index, value: side.value, low: bar?.[0] ?? null, high: bar?.[1] ?? null, title: `${row.benchmark} ${label}: ${formatNumber(side.value)}${range}`, flagged: row.disagree };
  });
}

/** The thresholds set on the benchmark's task and metric, where the compare view draws them. */
function thresholdsOf(report: ReviewReport, row: ReproductionRow): ThresholdLine[] {
  return report.determination.thresholds
    .filter((t) => t.task === row.task && t.metric === row.metric && (t.scorer === '' || t.scorer === row.scorer))
    .map((t) => ({ value: t.value, text: `threshold ${directionSymbol(t.direction)} ${formatNumber(t.value)}` }));
}

/**
 * The reproduction as a picture, in the compare view's style: for each benchmark, the
 * developer-reported and the government-reproduced value with its 95% interval, a red ring on a
 * pair that disagrees beyond chance, and its thresholds dashed. One plot per benchmark, stacked,
 * since benchmarks measure on different scales. Returns SVG text; empty without a pair to draw.
 * Draws with the DOM, so it runs in the renderer.
 */
export function reproductionChartSvg(report: ReviewReport, width = REPORT_CHART_WIDTH): string {
  const rows = report.reproduction.rows;
  if (rows.length === 0) return '';
  const svgs = rows.map((row) => {
    const { proportion } = row;
    const flag = row.disagree ? ` — disagree beyond chance (p ${row.p !== null && row.p < 0.001 ? '' : '= '}${pText(row.p)})` : '';
    const x = { label: `${row.benchmark} ${row.scorer === '' ? row.metric : `${row.scorer}/${row.metric}`}${flag}`, labelOffset: 44, grid: true, ...(proportion ? { domain: [0, 1] } : { nice: true }) };
    return intervalPlot(pointsOf(row, proportion), thresholdsOf(report, row), { width, x, differences: false, labelWidth: LABEL_WIDTH, axisLabelRoom: 18 });
  });
  return stackedSvg(svgs);
}
