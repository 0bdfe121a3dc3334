import type { ReportRemediation } from '../../../../../shared/report/review-report.js';
import { MarkedItems, MarkedParagraph, ReportSection } from './report-parts.js';

/**
 * Section 5: the developer's remediation plan as it stands, and what a team lead must act on:
 * findings it does not answer, deadlines that slipped, statuses that moved, deviations still open.
 */
export function RemediationSection({ remediation }: { readonly remediation: ReportRemediation }) {
  const { plan, portion } = remediation;
  const keyed = <T,>(items: readonly T[], content: (item: T) => string) => items.map((item, i) => ({ key: String(i), content: content(item) }));
  return (
    <ReportSection id="report-remediation" number={5} title="Remediation">
      <MarkedParagraph portion={portion}>
        {plan ? (
          <>
            <strong>{plan.title}</strong>, version {plan.version} ({plan.versionLabel}), from {plan.fileName}; changes are counted from version {plan.firstVersion}.
          </>
        ) : (
          'The developer has handed in no remediation plan.'
        )}
      </MarkedParagraph>
      <MarkedItems portion={portion} label="Findings no item of the plan answers" items={keyed(remediation.unanswered, (u) => `${u.title}: ${u.reason}`)} />
      <MarkedItems portion={portion} label="Deadlines that slipped" items={keyed(remediation.slipped, (s) => `${s.title} (${s.entity}): +${String(s.days)} day${s.days === 1 ? '' : 's'}`)} />
      <MarkedItems portion={portion} label="Status moves" items={keyed(remediation.statusMoves, (m) => `${m.title}: ${m.before} → ${m.after}`)} />
      <MarkedItems portion={portion} label="Open deviation requests" items={keyed(remediation.openDeviations, (d) => `${d.title} (${d.status})`)} />
    </ReportSection>
  );
}
