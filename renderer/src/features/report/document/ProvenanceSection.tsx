import type { ReportProvenance } from '../../../../../shared/report/review-report.js';
import { byteSize, SOURCE_KIND_LABELS, utcDateTime } from './report-format.js';
import { FullHash, MarkedParagraph, MarkedTable, ReportSection } from './report-parts.js';

type Checkpoint = NonNullable<ReportProvenance['checkpoint']>;

/**
 * Section 6: what the report was made from, each file by its full SHA-256; the review history's
 * signed checkpoint when it was made, and how an auditor proves it; and who did the review.
 */
export function ProvenanceSection({ provenance }: { readonly provenance: ReportProvenance }) {
  const { portion } = provenance;
  return (
    <ReportSection id="report-provenance" number={6} title="Provenance">
      <MarkedParagraph portion={portion}>Each file the report draws on, named by its SHA-256: a copy of the file is the one read if its hash is the same.</MarkedParagraph>
      <MarkedTable
        portion={portion}
        caption="Sources"
        className="report-table--sources"
        columns={[{ label: 'Kind' }, { label: 'File' }, { label: 'Size', className: 'report-col--num' }, { label: 'SHA-256', className: 'report-col--hash' }]}
        rows={provenance.sources.map((s, i) => ({ key: `${String(i)} ${s.sha256}`, portion, cells: [SOURCE_KIND_LABELS[s.kind], s.fileName, byteSize(s.size), <FullHash key="hash" hex={s.sha256} />] }))}
      />
      {provenance.checkpoint ? <CheckpointView portion={portion} checkpoint={provenance.checkpoint} /> : <MarkedParagraph portion={portion}>The review history had no signed checkpoint when this report was made.</MarkedParagraph>}
      <MarkedTable
        portion={portion}
        caption="People and their part in the review"
        columns={[{ label: 'Name' }, { label: 'Role' }, { label: 'Changes', className: 'report-col--num' }, { label: 'First change' }, { label: 'Last change' }]}
        rows={provenance.people.map((p, i) => ({ key: `${String(i)} ${p.name}`, portion, cells: [p.name, p.role, String(p.changes), utcDateTime(p.first), utcDateTime(p.last)] }))}
      />
    </ReportSection>
  );
}

function CheckpointView({ portion, checkpoint }: { readonly portion: string; readonly checkpoint: Checkpoint }) {
  return (
    <>
      <MarkedTable
        portion={portion}
        caption="The review history’s signed checkpoint when the report was made"
        className="report-table--facts"
        columns={[{ label: 'Field', className: 'report-col--label' }, { label: 'Value' }]}
        rows={[
          { key: 'origin', portion, cells: ['Origin', <code key="origin">{checkpoint.origin}</code>] },
          { key: 'size', portion, cells: ['Tree size', `${String(checkpoint.treeSize)} events`] },
          { key: 'root', portion, cells: ['Root hash', <FullHash key="root" hex={checkpoint.rootHash} />] },
          { key: 'key', portion, cells: ['Verifier key', <code key="key" className="report-key">{checkpoint.verifierKey}</code>] },
        ]}
      />
      <MarkedParagraph portion={portion}>The checkpoint note, verbatim:</MarkedParagraph>
      <pre className="report-note-text">{checkpoint.note}</pre>
      <MarkedParagraph portion={portion} className="report-proof">
        To prove it, export the review history and run <code>frontier-review audit verify history.jsonl --key {checkpoint.verifierKey} --checkpoint report.json</code>, with the verifier key handed to you apart from this report: it succeeds only if the history holds the {checkpoint.treeSize} events this checkpoint signs, unaltered.
      </MarkedParagraph>
    </>
  );
}
