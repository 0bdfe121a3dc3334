import type { ReviewReport } from '../../../../../shared/report/review-report.js';
import { CoverSection } from './CoverSection.js';
import { DeterminationSection } from './DeterminationSection.js';
import { FindingsSection } from './FindingsSection.js';
import { ProvenanceSection } from './ProvenanceSection.js';
import { RemediationSection } from './RemediationSection.js';
import { ReproductionSection } from './ReproductionSection.js';
import './report.css';

/**
 * A review report as the document a team lead signs: six numbered sections, every paragraph,
 * table and figure opening with its portion mark. The same markup is the app's view, its
 * printout and the offline HTML file. `chartSvg` is the reproduction chart the app drew (see
 * reproductionChartSvg); `markingBlocks`, when given, are the authority and CUI lines the file
 * being written carries, in place of the cover's own.
 */
export function ReportDocument({ report, chartSvg, markingBlocks }: { readonly report: ReviewReport; readonly chartSvg: string | null; readonly markingBlocks?: readonly string[] }) {
  return (
    <article className="report-document" aria-label={report.cover.title}>
      <CoverSection cover={report.cover} version={report.version} markingBlocks={markingBlocks ?? report.cover.markingBlocks} />
      <DeterminationSection determination={report.determination} />
      <ReproductionSection reproduction={report.reproduction} chartSvg={chartSvg} />
      <FindingsSection findings={report.findings} />
      <RemediationSection remediation={report.remediation} />
      <ProvenanceSection provenance={report.provenance} />
    </article>
  );
}
