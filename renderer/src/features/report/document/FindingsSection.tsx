import { Fragment } from 'react';
import type { ReportFindings } from '../../../../../shared/report/review-report.js';
import { formatNumber } from '../../../../../shared/thresholds/determination.js';
import { capitalised } from './report-format.js';
import { Breakable, MarkedParagraph, MarkedTable, ReportSection, ShortValue, type MarkedRow } from './report-parts.js';

type FindingRow = ReportFindings['rows'][number];

const COLUMNS = [
  { label: 'Finding', className: 'report-col--wide' },
  { label: 'Severity' },
  { label: 'CVSS', className: 'report-col--cvss' },
  { label: 'CWE', className: 'report-col--nowrap' },
  { label: 'Status' },
  { label: 'Affected products' },
  { label: 'Evidence', className: 'report-col--wide' },
];

/** Section 4: how many findings of each severity and status, then each finding with its evidence. */
export function FindingsSection({ findings }: { readonly findings: ReportFindings }) {
  const count = findings.rows.length;
  const rows: MarkedRow[] = findings.rows.map((f) => ({
    key: f.id,
    portion: f.portion,
    cells: [<FindingTitle key="title" finding={f} />, capitalised(f.severity), <Cvss key="cvss" cvss={f.cvss} />, f.cwe ?? '—', capitalised(f.status), f.affectedProducts.join('; ') || '—', <EvidenceList key="evidence" evidence={f.evidence} />],
  }));
  const counted = (counts: ReportFindings['bySeverity']) => counts.map((c) => ({ key: c.key, portion: findings.portion, cells: [capitalised(c.key), String(c.count)] }));
  return (
    <ReportSection id="report-findings" number={4} title="Findings">
      <MarkedParagraph portion={findings.portion}>
        The review recorded {count} finding{count === 1 ? '' : 's'}.
      </MarkedParagraph>
      <div className="report-counts">
        <MarkedTable portion={findings.portion} caption="Findings by severity" className="report-table--counts" columns={[{ label: 'Severity' }, { label: 'Findings', className: 'report-col--num' }]} rows={counted(findings.bySeverity)} />
        <MarkedTable portion={findings.portion} caption="Findings by status" className="report-table--counts" columns={[{ label: 'Status' }, { label: 'Findings', className: 'report-col--num' }]} rows={counted(findings.byStatus)} />
      </div>
      <MarkedTable portion={findings.portion} caption="Findings" className="report-table--findings" columns={COLUMNS} rows={rows} />
    </ReportSection>
  );
}

function FindingTitle({ finding }: { readonly finding: FindingRow }) {
  return (
    <>
      {finding.title}
      <span className="report-note">
        <ShortValue value={finding.id} />
      </span>
    </>
  );
}

/** "9.8" over "CVSS 3.1" over the vector, wrapping after a slash rather than inside a metric. */
function Cvss({ cvss }: { readonly cvss: FindingRow['cvss'] }) {
  if (!cvss) return <>—</>;
  return (
    <>
      <strong>{formatNumber(cvss.score)}</strong> <span className="report-note-inline">v{cvss.version}</span>
      <code className="report-vector">
        <Breakable text={cvss.vector} />
      </code>
    </>
  );
}

/** "run run-gov… · sample 7" or "SHA-256 3f5a…", under the evidence's label. */
function EvidenceIds({ evidence }: { readonly evidence: FindingRow['evidence'][number] }) {
  const ids = [
    evidence.runId !== null && (
      <Fragment key="run">
        run <ShortValue value={evidence.runId} />
      </Fragment>
    ),
    evidence.sampleId !== null && <Fragment key="sample">sample {evidence.sampleId}</Fragment>,
    evidence.sha256 !== null && (
      <Fragment key="sha256">
        SHA-256 <ShortValue value={evidence.sha256} />
      </Fragment>
    ),
  ].filter((id) => id !== false);
  if (ids.length === 0) return null;
  return <span className="report-note">{ids.flatMap((id, i) => (i === 0 ? [id] : [' · ', id]))}</span>;
}

/** Each piece of evidence: a run's sample, or a file by its hash, cut short with the whole in its title. */
function EvidenceList({ evidence }: { readonly evidence: FindingRow['evidence'] }) {
  if (evidence.length === 0) return <>None</>;
  return (
    <>
      {evidence.map((e, i) => (
        // Two pieces may name the same run: the position keys them. A line each, not a list: the row's portion mark covers them.
        <span key={i} className="report-evidence">
          {e.label}
          <EvidenceIds evidence={e} />
        </span>
      ))}
    </>
  );
}
