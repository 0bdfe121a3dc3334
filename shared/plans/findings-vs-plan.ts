import { SETTLED_STATUSES as SETTLED, type Finding } from '../findings/finding.js';
import type { PlanItem, PlanMilestone, PlanRemediation, PlanRisk, RemediationPlanContent } from './remediation-plan.js';

/**
 * The reviewers' findings held against the developer's remediation plan: what the plan leaves
 * unanswered, what it answers that nobody found, and which of its dates do not fit the review
 * (after the model's planned public release, or already past).
 *
 * A finding is answered by the plan items linked to it in the app, and by any item whose risk
 * carries the finding's id as its UUID (a plan built from the findings the app exported as OSCAL
 * risks links back by itself).
 */

export interface PlanDate {
  readonly item: PlanItem;
  readonly risk: PlanRisk;
  /** A risk's deadline, or a milestone of one of its remediations. */
  readonly kind: 'deadline' | 'milestone';
  readonly title: string;
  /** The calendar date (YYYY-MM-DD) as the plan wrote it. */
  readonly date: string;
}

export interface UnmatchedRemediation {
  readonly item: PlanItem;
  readonly risk: PlanRisk;
  readonly remediation: PlanRemediation;
}

export interface FindingsAgainstPlan {
  /** Open findings no plan item answers with a remediation, and why. */
  readonly findingsWithoutRemediation: readonly { readonly finding: Finding; readonly reason: string }[];
  /** Remediations still to be delivered for open risks that no finding leads to. */
  readonly remediationsWithoutFinding: readonly UnmatchedRemediation[];
  readonly datesAfterRelease: readonly PlanDate[];
  readonly overdue: readonly PlanDate[];
}

export function compareFindingsWithPlan(
  findings: readonly Finding[],
  plan: RemediationPlanContent,
  plannedReleaseDate: string,
  today: string,
): FindingsAgainstPlan {
  const risks = new Map(plan.risks.map((r) => [r.uuid, r]));
  const risksOf = (item: PlanItem) => item.relatedRisks.map((id) => risks.get(id)).filter((r): r is PlanRisk => r !== undefined);
  const itemsFor = (f: Finding) => plan.items.filter((item) => f.planItemUuids.includes(item.uuid) || item.relatedRisks.includes(f.id));

  const findingsWithoutRemediation = findings
    .filter((f) => !SETTLED.has(f.status))
    .flatMap((finding) => {
      const items = itemsFor(finding);
      if (items.length === 0) return [{ finding, reason: 'No plan item answers it.' }];
      const remediations = items.flatMap(risksOf).flatMap((r) => r.remediations);
      if (remediations.length === 0) return [{ finding, reason: `${items.length === 1 ? 'Its plan item has' : `Its ${items.length} plan items have`} no remediation.` }];
      return [];
    });

  // Each risk once, with the first item that answers it, however many items share it.
  const riskItems = new Map<string, { readonly risk: PlanRisk; readonly item: PlanItem }>();
  for (const item of plan.items) for (const risk of risksOf(item)) if (!riskItems.has(risk.uuid)) riskItems.set(risk.uuid, { risk, item });
  const open = [...riskItems.values()].filter(({ risk }) => !SETTLED.has(risk.status));

  const answeredRisks = new Set(findings.flatMap((f) => itemsFor(f).flatMap(risksOf).map((r) => r.uuid)));
  const remediationsWithoutFinding = open
    .filter(({ risk }) => !answeredRisks.has(risk.uuid))
    .flatMap(({ item, risk }) => risk.remediations.filter((m) => m.lifecycle !== 'completed').map((remediation) => ({ item, risk, remediation })));

  // Dates still to be met: not those of settled risks or completed remediations.
  const pending: PlanDate[] = open.flatMap(({ item, risk }) => [
    ...(risk.deadline === null ? [] : [{ item, risk, kind: 'deadline' as const, title: 'Risk deadline', date: calendarDate(risk.deadline) }]),
    ...risk.remediations
      .filter((m) => m.lifecycle !== 'completed')
      .flatMap((m) => m.milestones)
      .filter((m): m is PlanMilestone & { end: string } => m.end !== null)
      .map((m) => ({ item, risk, kind: 'milestone' as const, title: m.title, date: calendarDate(m.end) })),
  ]);
  const byDate = (a: PlanDate, b: PlanDate) => a.date.localeCompare(b.date);
  return {
    findingsWithoutRemediation,
    remediationsWithoutFinding,
    datesAfterRelease: pending.filter((d) => d.date > plannedReleaseDate).sort(byDate),
    overdue: pending.filter((d) => d.date < today).sort(byDate),
  };
}

/** The date part of an OSCAL date-time, in the time zone the plan wrote it in. */
function calendarDate(dateTime: string): string {
  return dateTime.slice(0, 10);
}
