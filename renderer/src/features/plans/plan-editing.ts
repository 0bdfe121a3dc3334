import { onDate } from '../../../../shared/plans/plan-edit.js';
import type { PlanItem, PlanMilestone, PlanRemediation, PlanRisk, RemediationPlanContent } from '../../../../shared/plans/remediation-plan.js';

/** The clock and ids new plan entries are made with. */
export const editClock = () => ({ now: new Date(), newUuid: () => crypto.randomUUID() });

/** Minutes east of UTC on the reviewer's clock at the end of `date`, for dates typed here. */
export function localOffset(date: string): number {
  return -new Date(`${date}T23:59:59`).getTimezoneOffset();
}

/** A date typed into a date field, as the date-time the plan keeps; blank clears it. */
export function typedDate(current: string | null, typed: string): string | null {
  return typed === '' ? null : onDate(current, typed, localOffset(typed));
}

/** One change to the plan being edited, applied to its latest content. */
export type PlanChange = (content: RemediationPlanContent) => RemediationPlanContent;

export function changeItem(uuid: string, patch: Partial<PlanItem>): PlanChange {
  return (c) => ({ ...c, items: c.items.map((i) => (i.uuid === uuid ? { ...i, ...patch } : i)) });
}

export function changeRisk(uuid: string, change: (r: PlanRisk) => PlanRisk): PlanChange {
  return (c) => ({ ...c, risks: c.risks.map((r) => (r.uuid === uuid ? change(r) : r)) });
}

export function changeRemediation(riskUuid: string, uuid: string, change: (m: PlanRemediation) => PlanRemediation): PlanChange {
  return changeRisk(riskUuid, (r) => ({ ...r, remediations: r.remediations.map((m) => (m.uuid === uuid ? change(m) : m)) }));
}

export function changeMilestone(riskUuid: string, remediationUuid: string, uuid: string, patch: Partial<PlanMilestone>): PlanChange {
  return changeRemediation(riskUuid, remediationUuid, (m) => ({ ...m, milestones: m.milestones.map((x) => (x.uuid === uuid ? { ...x, ...patch } : x)) }));
}
