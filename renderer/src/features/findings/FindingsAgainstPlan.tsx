import { useMemo, type ReactNode } from 'react';
import type { Finding } from '../../../../shared/findings/finding.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { compareFindingsWithPlan, type PlanDate } from '../../../../shared/plans/findings-vs-plan.js';
import type { PlanVersion } from '../../../../shared/plans/remediation-plan.js';
import { useToday } from '../../app/use-today.js';
import './findings.css';

/** The findings held against the latest plan version: counts at the top, what lies behind them below. */
export function FindingsAgainstPlan({ packet, findings, plan }: { readonly packet: Packet; readonly findings: readonly Finding[]; readonly plan: PlanVersion | undefined }) {
  const today = useToday();
  const result = useMemo(() => (plan ? compareFindingsWithPlan(findings, plan.content, packet.plannedReleaseDate, today) : undefined), [findings, plan, packet.plannedReleaseDate, today]);
  return (
    <section aria-labelledby="findings-plan-title" className="findings-plan">
      <h3 id="findings-plan-title" className="section-title">
        Findings against the plan {plan && <span className="muted">(version {plan.version}, {plan.content.title})</span>}
      </h3>
      {!plan || !result ? (
        <p className="empty">No remediation plan yet. Import the developer&apos;s plan on the Plans tab to see which findings it answers.</p>
      ) : (
        <>
          <ul className="findings-plan__counts" data-testid="findings-plan-counts">
            <Count n={result.findingsWithoutRemediation.length} one="open finding without a remediation" many="open findings without a remediation" />
            <Count n={result.remediationsWithoutFinding.length} one="remediation with no finding" many="remediations with no finding" />
            <Count n={result.datesAfterRelease.length} one={`date after the planned release (${packet.plannedReleaseDate})`} many={`dates after the planned release (${packet.plannedReleaseDate})`} />
            <Count n={result.overdue.length} one="overdue date" many="overdue dates" />
          </ul>
          <div className="findings-plan__details">
            <Details title="Open findings without a remediation" empty="Every open finding has a remediation in the plan.">
              {result.findingsWithoutRemediation.map(({ finding, reason }) => (
                <li key={finding.id}>
                  <strong>{finding.title}</strong> <span className="muted">({finding.status})</span>: {reason}
                </li>
              ))}
            </Details>
            <Details title="Remediations with no finding" empty="Every remediation answers a finding.">
              {result.remediationsWithoutFinding.map(({ item, remediation }) => (
                <li key={`${item.uuid}/${remediation.uuid}`}>
                  <strong>{remediation.title}</strong> <span className="muted">({remediation.lifecycle})</span> for the item “{item.title}”
                </li>
              ))}
            </Details>
            <Details title="After the planned release" empty="Nothing is due after the planned release.">
              {result.datesAfterRelease.map((d) => (
                <DateLine key={dateKey(d)} date={d} />
              ))}
            </Details>
            <Details title="Overdue" empty="Nothing is overdue.">
              {result.overdue.map((d) => (
                <DateLine key={dateKey(d)} date={d} />
              ))}
            </Details>
          </div>
        </>
      )}
    </section>
  );
}

function Count({ n, one, many }: { readonly n: number; readonly one: string; readonly many: string }) {
  return (
    <li className={n > 0 ? 'findings-plan__count findings-plan__count--attention' : 'findings-plan__count'}>
      <span className="findings-plan__number">{n}</span> {n === 1 ? one : many}
    </li>
  );
}

function Details({ title, empty, children }: { readonly title: string; readonly empty: string; readonly children: readonly ReactNode[] }) {
  return (
    <div>
      <h4>{title}</h4>
      {children.length === 0 ? <p className="muted">{empty}</p> : <ul>{children}</ul>}
    </div>
  );
}

function dateKey(d: PlanDate): string {
  return `${d.item.uuid}/${d.risk.uuid}/${d.kind}/${d.title}/${d.date}`;
}

function DateLine({ date }: { readonly date: PlanDate }) {
  return (
    <li>
      <span className="nowrap">{date.date}</span> · {date.kind === 'deadline' ? 'deadline of the risk' : `milestone “${date.title}”`} · item “{date.item.title}”
    </li>
  );
}
