import { describeMetric, differenceInWords, runLetter, type Comparison, type MetricCell, type SummaryGroup } from '../../../../shared/compare/comparison.js';
import { formatP } from '../../../../shared/compare/statistics.js';
import { formatNumber } from '../../../../shared/thresholds/determination.js';
import { TableHead } from '../../ui/TableHead.js';
import './compare.css';

/**
 * The summary of a comparison, per task and metric: each run's value with its interval, its
 * difference from the baseline with the paired test, where it sits against the thresholds, and
 * in words what that means; and why some numbers are not comparable as they stand.
 */
export function ComparisonSummary({ comparison }: { readonly comparison: Comparison }) {
  if (comparison.groups.length === 0) return <p className="empty">None of these runs reports a metric.</p>;
  return (
    <div className="compare-summary">
      {comparison.groups.map((group) => (
        <GroupSummary key={group.key} group={group} comparison={comparison} />
      ))}
    </div>
  );
}

/**
 * n with its unit: the samples a run shares with the baseline (paired per sample, epochs averaged),
 * or, for the baseline, what the log reports it scored: sample-epochs when it ran more than one epoch.
 */
function sampleCount(shared: number | null, reported: number | null, epochs: number | null): string {
  if (shared) return `${shared.toLocaleString('en-US')} shared samples`;
  if (reported === null) return '—';
  return `${reported.toLocaleString('en-US')} ${(epochs ?? 1) > 1 ? 'sample-epochs' : 'samples'}`;
}

function GroupSummary({ group, comparison }: { readonly group: SummaryGroup; readonly comparison: Comparison }) {
  const titleId = `group-${group.key.replace(/[^a-z0-9]/gi, '-')}`;
  const baseline = group.differences.find((d) => d !== null)?.baselineIndex ?? group.cells.findIndex((c) => c !== null);
  const scale = (v: number) => (group.proportion ? formatNumber(Math.round(v * 1000) / 10) : formatNumber(v));
  const unit = group.proportion ? ' (points)' : '';
  const words = group.differences.filter((d) => d !== null);
  return (
    <section className="compare-group" aria-labelledby={titleId}>
      <h3 id={titleId} className="section-title">
        {group.task} <span className="muted">{describeMetric(group)}</span>
      </h3>
      <table className="data-table compare-table" aria-labelledby={titleId}>
        <TableHead
          columns={[
            'Run',
            'Model',
            { label: 'Value', numeric: true },
            '95% CI',
            { label: 'n', numeric: true },
            { label: `Difference from ${runLetter(baseline)}${unit}`, numeric: true },
            `Difference 95% CI${unit}`,
            'p',
            'Thresholds',
          ]}
        />
        <tbody>
          {comparison.runs.map((run, i) => {
            const cell: MetricCell | null | undefined = group.cells[i];
            const d = group.differences[i];
            const e = d?.estimate;
            return (
              <tr key={run.id} className={cell ? undefined : 'is-muted'}>
                <th scope="row">
                  <span className={`run-letter run-letter--${i}`}>{runLetter(i)}</span>
                </th>
                <td>{run.model}</td>
                <td className="num">{cell ? formatNumber(cell.value) + (cell.stderr === null ? '' : ` ± ${formatNumber(cell.stderr)}`) : 'not reported'}</td>
                <td className="nowrap">{cell?.interval ? `${formatNumber(cell.interval[0])} to ${formatNumber(cell.interval[1])}` : ''}</td>
                <td className="num nowrap">{cell ? sampleCount(d?.shared ?? null, cell.n, run.epochs) : ''}</td>
                <td className="num">{i === baseline && cell ? 'baseline' : e ? `${e.estimate > 0 ? '+' : ''}${scale(e.estimate)}` : d?.bootstrap ? 'computing…' : ''}</td>
                <td className="nowrap">{e ? `${scale(e.interval[0])} to ${scale(e.interval[1])}` : ''}</td>
                <td className="nowrap">{e ? `${formatP(e.p).replace(/^p = /, '')}${e.method === 'mcnemar' ? ' (McNemar)' : e.method === 'bootstrap' ? ' (bootstrap)' : ' (z)'}` : ''}</td>
                <td>
                  {group.thresholds.map((t) => {
                    const crossed = t.crossed[i];
                    if (crossed === null || crossed === undefined) return null;
                    const sign = t.threshold.direction === 'higher' ? '≥' : '≤';
                    return (
                      <span key={t.threshold.id} className={crossed ? 'threshold-chip threshold-chip--crossed' : 'threshold-chip'}>
                        {crossed ? `reaches ${sign} ${t.threshold.value}` : `short of ${sign} ${t.threshold.value}`}
                      </span>
                    );
                  })}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {words.length > 0 && (
        <ul className="compare-words">
          {words.map((d) => (
            <li key={d.runIndex}>{differenceInWords(d, group.proportion)}</li>
          ))}
        </ul>
      )}
      {group.flags.length > 0 && (
        <div className="compare-flags" role="note" aria-label={`Why ${describeMetric(group)} is not comparable as it stands`}>
          <strong>Not comparable as they stand:</strong>
          <ul>
            {group.flags.map((flag) => (
              <li key={flag}>{flag}</li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
