import { OUTCOME_LABELS, formatNumber, type Determination } from '../../../../shared/thresholds/determination.js';
import { describeVersionRange } from '../../../../shared/thresholds/task-version.js';
import { PROVENANCE_LABELS } from '../../../../shared/results/benchmark-run.js';
import { commingle, type Marking } from '../../../../shared/marking/marking.js';
import { IntervalChart } from './IntervalChart.js';
import { TableHead } from '../../ui/TableHead.js';
import { PortionMark } from '../marking/PortionMark.js';
import './results.css';

const STATE_LABELS = {
  crossed: 'Crossed',
  'not-crossed': 'Not crossed',
  'no-evidence': 'No evidence',
  'unusable-evidence': 'Unusable evidence',
} as const;

/**
 * The covered-model determination: the outcome in words, then each threshold and its best
 * evidence, marked as the higher of the threshold and the run it cites.
 */
export function DeterminationView({ determination, markingOfRun }: { readonly determination: Determination; readonly markingOfRun: (runId: string) => Marking }) {
  const { outcome, reason, assessments } = determination;
  return (
    <section className="determination" aria-labelledby="determination-title">
      <div className={`determination__outcome determination__outcome--${outcome}`}>
        <h3 id="determination-title">
          Covered-model determination: <span data-testid="determination-outcome">{OUTCOME_LABELS[outcome]}</span>
        </h3>
        <p data-testid="determination-reason">{reason}</p>
      </div>
      {assessments.length > 0 && (
        <table className="data-table determination__table">
          <caption className="visually-hidden">Thresholds and the strongest evidence for each</caption>
          <TableHead columns={['Threshold', 'Best evidence', { label: 'Value', numeric: true }, { label: '95% interval', numeric: true }, 'Against the threshold', 'State']} />
          <tbody>
            {assessments.map(({ threshold, best, state, close, reason: why }) => (
              <tr key={threshold.id} title={why}>
                <td>
                  <PortionMark marking={best ? commingle([threshold.marking, markingOfRun(best.runId)]) : threshold.marking} /> {threshold.task}{' '}
                  <span className="muted">
                    {describeVersionRange(threshold.taskVersionFrom, threshold.taskVersionTo)} · {threshold.scorer ? `${threshold.scorer}/` : ''}
                    {threshold.metric} {threshold.direction === 'higher' ? '≥' : '≤'} {threshold.value}
                  </span>
                </td>
                <td>
                  {best ? (
                    <>
                      {best.fileName} <span className="muted">({PROVENANCE_LABELS[best.provenance]})</span>
                    </>
                  ) : (
                    <span className="muted">{why}</span>
                  )}
                </td>
                <td className="num">{best ? `${formatNumber(best.value)}${best.stderr === null ? '' : ` ± ${formatNumber(best.stderr)}`}` : '—'}</td>
                <td className="num">{best?.interval ? `${formatNumber(best.interval[0])} – ${formatNumber(best.interval[1])}` : '—'}</td>
                <td>
                  {best && (
                    <IntervalChart
                      value={best.value}
                      interval={best.interval}
                      threshold={threshold.value}
                      crossed={state === 'crossed'}
                      label={`${formatNumber(best.value)} against the threshold ${threshold.value}`}
                    />
                  )}
                </td>
                <td>
                  <span className={`state state--${state}`}>{STATE_LABELS[state]}</span>
                  {close && <span className="badge badge--warn" title="The 95% interval includes the threshold">close</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
