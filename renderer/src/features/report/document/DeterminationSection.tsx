import type { ReportDetermination } from '../../../../../shared/report/review-report.js';
import { PROVENANCE_LABELS } from '../../../../../shared/results/benchmark-run.js';
import { formatNumber } from '../../../../../shared/thresholds/determination.js';
import { directionSymbol, intervalText, OUTCOME_WORDS, STATE_WORDS, valueWithError } from './report-format.js';
import { Breakable, MarkedParagraph, MarkedTable, ReportSection, type MarkedRow } from './report-parts.js';

type ThresholdRow = ReportDetermination['thresholds'][number];

const COLUMNS = [
  { label: 'Task', className: 'report-col--name' },
  { label: 'Metric', className: 'report-col--name' },
  { label: 'Threshold', className: 'report-col--num' },
  { label: 'Evidence' },
  { label: '95% interval', className: 'report-col--num' },
  { label: 'Crossed' },
];

/** Section 2: the outcome in words, the reasoning behind it, and each threshold with its evidence. */
export function DeterminationSection({ determination }: { readonly determination: ReportDetermination }) {
  const rows: MarkedRow[] = determination.thresholds.map((t, i) => ({
    key: `${String(i)} ${t.task} ${t.scorer} ${t.metric}`,
    portion: t.portion,
    cells: [<Breakable key="task" text={t.task} />, <Breakable key="metric" text={t.scorer === '' ? t.metric : `${t.scorer}/${t.metric}`} />, `${directionSymbol(t.direction)} ${formatNumber(t.value)}`, <EvidenceCell key="evidence" row={t} />, intervalText(t.evidence?.interval ?? null), crossedText(t)],
  }));
  return (
    <ReportSection id="report-determination" number={2} title="Determination">
      <MarkedParagraph portion={determination.portion} className="report-outcome">
        <strong>{determination.outcomeLabel}.</strong> {OUTCOME_WORDS[determination.outcome]}
      </MarkedParagraph>
      {determination.reasoning.map((reason, i) => (
        // Reasons may repeat word for word; their order keys them.
        <MarkedParagraph key={i} portion={determination.portion}>
          {reason}
        </MarkedParagraph>
      ))}
      <MarkedTable portion={determination.portion} caption="Capability thresholds and the evidence on each" columns={COLUMNS} rows={rows} />
    </ReportSection>
  );
}

/** The value the call rests on and where it came from; without one, why not. */
function EvidenceCell({ row }: { readonly row: ThresholdRow }) {
  const evidence = row.evidence;
  if (!evidence) {
    return (
      <>
        {STATE_WORDS[row.state]}
        <span className="report-note">{row.reason}</span>
      </>
    );
  }
  const n = evidence.n === null ? '' : `, n = ${String(evidence.n)}`;
  return (
    <>
      {valueWithError(evidence.value, evidence.stderr)}
      <span className="report-note">
        {provenanceLabel(evidence.provenance)}, {evidence.fileName}
        {n}
      </span>
    </>
  );
}

/** "Government-reproduced"; a provenance the app does not know is shown as it came. */
function provenanceLabel(provenance: string): string {
  return (PROVENANCE_LABELS as Readonly<Record<string, string | undefined>>)[provenance] ?? provenance;
}

/** "Yes", "No", "Yes (close)": a close call is one whose 95% interval reaches across the threshold. */
function crossedText(row: ThresholdRow): string {
  if (row.state === 'no-evidence' || row.state === 'unusable-evidence') return `No (${STATE_WORDS[row.state].toLowerCase()})`;
  return `${row.crossed ? 'Yes' : 'No'}${row.close ? ' (close)' : ''}`;
}
