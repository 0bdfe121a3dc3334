import { useMemo, useState } from 'react';
import { sortSolveRows, type SolveMatrix as Matrix, type SolveOutcome } from '../../../../shared/compare/chart-data.js';
import { describeMetric, runLetter, type Comparison, type SummaryGroup } from '../../../../shared/compare/comparison.js';
import { runLabel } from './chart-plots.js';
import './compare.css';

/** More rows than a reviewer reads as a picture: past this, the Samples view has them all. */
const SHOWN_ROWS = 500;
const SYMBOLS: Readonly<Record<SolveOutcome, string>> = { solved: '✓', failed: '✗', errored: '!', missing: '–' };
type Order = 'most-solved' | 'least-solved' | 'challenge';

/**
 * Challenges × runs for a pass/fail benchmark: solved, failed, errored or missing, sortable by how
 * many runs solve each challenge. The challenges that McNemar's test counts (one of a run and the
 * baseline solved it, the other failed it) are outlined in the run's column.
 */
export function SolveMatrix({ comparison, group, matrix }: { readonly comparison: Comparison; readonly group: SummaryGroup; readonly matrix: Matrix }) {
  const [order, setOrder] = useState<Order>('most-solved');
  const rows = useMemo(() => (order === 'challenge' ? matrix.rows : sortSolveRows(matrix.rows, order)), [matrix, order]);
  const baseline = runLetter(matrix.baselineIndex);
  const title = `Solve matrix: ${group.task} ${describeMetric(group)}`;
  return (
    <section className="solve-matrix" aria-label={title}>
      <h4 className="section-title">
        Solve matrix <span className="muted">{matrix.rows.length.toLocaleString('en-US')} challenges; outlined: solved by one of the run and {baseline}, failed by the other (McNemar's discordant pairs)</span>
      </h4>
      <div className="solve-matrix__scroll">
        <table className="data-table solve-matrix__table" aria-label={title}>
          <thead>
            <tr>
              <th scope="col" aria-sort={order === 'challenge' ? 'ascending' : undefined}>
                <button type="button" className="sort-button" onClick={() => setOrder('challenge')}>
                  Challenge
                </button>
              </th>
              {comparison.runs.map((run, i) => (
                <th key={run.id} scope="col" title={runLabel(comparison, i)}>
                  <span className={`run-letter run-letter--${i}`}>{runLetter(i)}</span>
                  <span className="solve-matrix__total">
                    {matrix.totals[i]?.solved ?? 0} solved{(matrix.totals[i]?.errored ?? 0) > 0 ? `, ${matrix.totals[i]?.errored} errored` : ''}
                  </span>
                </th>
              ))}
              <th scope="col" className="num" aria-sort={order === 'challenge' ? undefined : order === 'most-solved' ? 'descending' : 'ascending'}>
                <button type="button" className="sort-button" onClick={() => setOrder(order === 'most-solved' ? 'least-solved' : 'most-solved')}>
                  Solved by
                </button>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.slice(0, SHOWN_ROWS).map((row) => (
              <tr key={row.challenge}>
                <th scope="row" className="truncate" title={row.challenge}>
                  {row.challenge}
                </th>
                {row.outcomes.map((outcome, i) => (
                  <td key={comparison.runs[i]?.id ?? i} className={`solve-cell solve-cell--${outcome}${row.discordant[i] ? ' solve-cell--discordant' : ''}`}>
                    <span aria-hidden="true">{SYMBOLS[outcome]} </span>
                    {outcome}
                    {row.discordant[i] && <span className="visually-hidden">, unlike {baseline}</span>}
                  </td>
                ))}
                <td className="num">
                  {row.solvedBy} of {row.outcomes.length}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {rows.length > SHOWN_ROWS && (
        <p className="muted">
          Showing {SHOWN_ROWS} of {rows.length.toLocaleString('en-US')} challenges; the Samples view lists them all.
        </p>
      )}
    </section>
  );
}
