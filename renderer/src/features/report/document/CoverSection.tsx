import type { ReportCover } from '../../../../../shared/report/review-report.js';
import { accessWindowText, personText } from './report-format.js';
import { MarkedParagraph, MarkedTable, Portion, ReportSection } from './report-parts.js';

/**
 * Section 1: what was reviewed, by whom, and when; the report's version; and the classification
 * authority block and CUI designation indicator, a line each, as the first page of a marked
 * document carries them.
 */
export function CoverSection({ cover, version, markingBlocks }: { readonly cover: ReportCover; readonly version: number; readonly markingBlocks: readonly string[] }) {
  const { packet } = cover;
  const facts: readonly (readonly [string, string])[] = [
    ['Developer', packet.developer],
    ['Model', `${packet.modelName} ${packet.modelVersion}`],
    ['Access window', accessWindowText(packet)],
    ['Agencies', packet.agencies.join(', ') || 'None named'],
    ['Team lead', personText(cover.teamLead)],
    ['Reviewers', cover.reviewers.map(personText).join('; ') || 'None named'],
    ['Packet status', packet.status],
  ];
  return (
    <ReportSection id="report-cover" number={1} title="Cover">
      <h1 className="report-title">
        <Portion portion={cover.portion} /> {cover.title}
      </h1>
      <MarkedParagraph portion={cover.portion} className="report-version">
        Report version {version} · {cover.reportDate}
      </MarkedParagraph>
      <MarkedTable
        portion={cover.portion}
        caption="The packet under review"
        className="report-table--facts"
        columns={[{ label: 'Fact', className: 'report-col--label' }, { label: 'Value' }]}
        rows={facts.map(([label, value]) => ({ key: label, portion: cover.portion, cells: [label, value] }))}
      />
      <MarkingBlocks lines={markingBlocks} />
    </ReportSection>
  );
}

/**
 * "Classified By: …" as a term and its value. Each line keeps its whole text in an attribute, so
 * whoever reads the file back finds the lines exactly as they were decided.
 */
function MarkingBlocks({ lines }: { readonly lines: readonly string[] }) {
  if (lines.length === 0) return null;
  return (
    <dl className="report-marking-blocks" aria-label="Classification authority and CUI designation">
      {lines.map((line, i) => {
        const at = line.indexOf(': ');
        return (
          // Two blocks may hold the same line: the position keys it.
          <div key={i} data-marking-block={line}>
            <dt>{at < 0 ? line : line.slice(0, at + 1)}</dt>
            <dd>{at < 0 ? '' : line.slice(at + 2)}</dd>
          </div>
        );
      })}
    </dl>
  );
}
