import type { Forest } from '../../../../shared/compare/chart-data.js';
import { describeMetric, runLetter, type Comparison, type SummaryGroup } from '../../../../shared/compare/comparison.js';
import { formatNumber } from '../../../../shared/thresholds/determination.js';
import { TableHead } from '../../ui/TableHead.js';
import { runLabel } from './chart-plots.js';
import './compare.css';

/** The charts of one group as a table: the same numbers, for a screen reader or a reviewer who wants them exact. */
export function ChartTable({ comparison, group, forest }: { readonly comparison: Comparison; readonly group: SummaryGroup; readonly forest: Forest | null }) {
  const unit = forest?.unit === 'points' ? ' (points)' : '';
  const baseline = forest ? runLetter(forest.baselineIndex) : null;
  const interval = (low: number, high: number) => `${formatNumber(low)} to ${formatNumber(high)}`;
  return (
    <details className="chart-table">
      <summary>Table of this chart</summary>
      <table className="data-table" aria-label={`${group.task} ${describeMetric(group)}: the charts' numbers`}>
        <TableHead
          columns={['Run', { label: 'Value', numeric: true }, '95% CI', ...(baseline ? [{ label: `Difference from ${baseline}${unit}`, numeric: true }, `Difference 95% CI${unit}`, 'Beyond chance'] : [])]}
        />
        <tbody>
          {comparison.runs.map((run, i) => {
            const cell = group.cells[i];
            const row = forest?.rows.find((r) => r.runIndex === i);
            return (
              <tr key={run.id}>
                <th scope="row">{runLabel(comparison, i)}</th>
                <td className="num">{cell && Number.isFinite(cell.value) ? formatNumber(cell.value) : 'not reported'}</td>
                <td>{cell?.interval ? interval(cell.interval[0], cell.interval[1]) : ''}</td>
                {baseline && <td className="num">{i === forest?.baselineIndex ? 'baseline' : row ? `${row.estimate > 0 ? '+' : ''}${formatNumber(row.estimate)}` : ''}</td>}
                {baseline && <td>{row ? interval(row.low, row.high) : ''}</td>}
                {baseline && <td>{row ? (row.beyondChance ? 'yes' : 'no') : ''}</td>}
              </tr>
            );
          })}
        </tbody>
      </table>
      {forest && forest.thresholds.length > 0 && (
        <p className="muted">
          {forest.thresholds.map((t) => `${t.label} lies ${t.offset >= 0 ? '+' : ''}${formatNumber(t.offset)}${unit} from ${baseline}`).join('; ')}.
        </p>
      )}
    </details>
  );
}
