import { useCallback, useMemo, useRef } from 'react';
import { forestOf, solveMatrixOf } from '../../../../shared/compare/chart-data.js';
import { describeMetric, type Comparison, type SummaryGroup } from '../../../../shared/compare/comparison.js';
import { ChartTable } from './ChartTable.js';
import { forestPlot, runValuesPlot, stackedSvg } from './chart-plots.js';
import { PlotFigure } from './PlotFigure.js';
import { SolveMatrix } from './SolveMatrix.js';
import './compare.css';

export type ExportChart = (group: SummaryGroup, svg: string) => void;

/**
 * The comparison as pictures, per task and metric: each run's value with its 95% interval in the
 * run's own colour, labelled with model and provenance; each run's difference from the baseline
 * as a forest plot, with the zero line and where the thresholds fall; and for pass/fail
 * benchmarks, which run solved which challenge. Each has its table, and exports as a marked SVG.
 */
export function ComparisonChart({ comparison, onExport }: { readonly comparison: Comparison; readonly onExport: ExportChart }) {
  const groups = comparison.groups.filter((g) => g.cells.some((c) => c !== null && Number.isFinite(c.value)));
  if (groups.length === 0) return <p className="empty">None of these runs reports a metric to plot.</p>;
  return (
    <div className="compare-chart">
      <p className="muted">
        Dots are the reported values and diamonds the differences from the baseline, bars their 95% intervals; dashed red lines are capability thresholds. A difference whose bar leaves out zero is beyond chance.
      </p>
      {groups.map((group) => (
        <GroupCharts key={group.key} group={group} comparison={comparison} onExport={onExport} />
      ))}
    </div>
  );
}

function GroupCharts({ group, comparison, onExport }: { readonly group: SummaryGroup; readonly comparison: Comparison; readonly onExport: ExportChart }) {
  const forest = useMemo(() => forestOf(group), [group]);
  const matrix = useMemo(() => solveMatrixOf(comparison, group), [comparison, group]);
  const drawn = useRef<{ values?: SVGSVGElement; forest?: SVGSVGElement }>({});
  const drawValues = useCallback((width: number) => runValuesPlot(comparison, group, width), [comparison, group]);
  const drawForest = useCallback((width: number) => (forest ? forestPlot(comparison, group, forest, width) : runValuesPlot(comparison, group, width)), [comparison, group, forest]);
  const keepValues = useCallback((svg: SVGSVGElement) => void (drawn.current.values = svg), []);
  const keepForest = useCallback((svg: SVGSVGElement) => void (drawn.current.forest = svg), []);
  const name = `${group.task} ${describeMetric(group)}`;
  const exportSvg = () => {
    const svgs = [drawn.current.values, forest ? drawn.current.forest : undefined].filter((s): s is SVGSVGElement => s !== undefined);
    if (svgs.length > 0) onExport(group, stackedSvg(svgs));
  };
  return (
    <figure className="compare-chart__figure" aria-label={name}>
      <figcaption className="compare-chart__caption">
        <span className="section-title">
          {group.task} <span className="muted">{describeMetric(group)}</span>
        </span>
        <button type="button" className="no-print" onClick={exportSvg} aria-label={`Export chart SVG of ${name}`}>
          Export chart SVG
        </button>
      </figcaption>
      <PlotFigure draw={drawValues} onDrawn={keepValues} />
      {forest && <PlotFigure draw={drawForest} onDrawn={keepForest} />}
      <ChartTable comparison={comparison} group={group} forest={forest} />
      {matrix && <SolveMatrix comparison={comparison} group={group} matrix={matrix} />}
    </figure>
  );
}
