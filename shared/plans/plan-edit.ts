import type { PlanItem, PlanMilestone, PlanRisk, PlanRiskLogEntry, RemediationPlanContent } from './remediation-plan.js';

/**
 * Editing a remediation plan in the app: the reviewers' changes become a new version of the plan
 * (the developer's versions are never overwritten). These helpers build the pieces an edit adds
 * and finish an edit into an OSCAL revision; the data layer checks the result by writing and
 * reading it back as OSCAL before it stores anything.
 */

export interface EditClock {
  readonly now: Date;
  readonly newUuid: () => string;
}

/** An item the reviewers add, answering a risk of its own with a planned remediation. */
export function newPlanItem(title: string, description: string, clock: EditClock): { readonly item: PlanItem; readonly risk: PlanRisk } {
  const risk: PlanRisk = {
    uuid: clock.newUuid(),
    title,
    description,
    statement: description,
    status: 'open',
    likelihood: null,
    impact: null,
    facetSystem: null,
    judgedBy: [],
    deadline: null,
    mitigatingFactors: [],
    remediations: [{ uuid: clock.newUuid(), lifecycle: 'planned', title: `Remediation: ${title}`, description, responseType: null, milestones: [] }],
    riskLog: [],
    relatedObservations: [],
  };
  return { item: { uuid: clock.newUuid(), title, description, relatedObservations: [], relatedRisks: [risk.uuid], owner: null }, risk };
}

export function newMilestone(title: string, date: string, owner: string | null, offsetMinutes: number, clock: EditClock): PlanMilestone {
  return { uuid: clock.newUuid(), type: 'milestone', title, description: null, start: null, end: onDate(null, date, offsetMinutes), owner };
}

/**
 * A date-time moved to another calendar date. An existing one keeps its time of day and offset
 * (a deadline of 17:00-04:00 stays one); a new one falls due at the end of that day where the
 * reviewer is (`offsetMinutes` east of UTC, as the reviewer's clock stands on that date).
 */
export function onDate(dateTime: string | null, date: string, offsetMinutes: number): string {
  if (dateTime !== null) return `${date}${dateTime.slice(10)}`;
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  const zone = offsetMinutes === 0 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${date}T23:59:59${zone}`;
}

/**
 * An item added in this edit answers a risk and remediation of its own, made when it was added:
 * they take the item's title and description as it was finally written.
 */
export function syncAddedItems(base: RemediationPlanContent, edited: RemediationPlanContent): RemediationPlanContent {
  const existing = new Set(base.risks.map((r) => r.uuid));
  const addedBy = new Map<string, PlanItem>();
  for (const item of edited.items) for (const id of item.relatedRisks) if (!existing.has(id) && !addedBy.has(id)) addedBy.set(id, item);
  return {
    ...edited,
    risks: edited.risks.map((r) => {
      const item = addedBy.get(r.uuid);
      if (!item) return r;
      return {
        ...r,
        title: item.title,
        description: item.description,
        statement: item.description,
        remediations: r.remediations.map((m) => ({ ...m, title: `Remediation: ${item.title}`, description: item.description })),
      };
    }),
  };
}

/** The plan without an item, and without the risks only that item answered. */
export function withoutItem(content: RemediationPlanContent, itemUuid: string): RemediationPlanContent {
  const items = content.items.filter((i) => i.uuid !== itemUuid);
  const stillAnswered = new Set(items.flatMap((i) => i.relatedRisks));
  const removed = new Set(content.items.find((i) => i.uuid === itemUuid)?.relatedRisks ?? []);
  return { ...content, items, risks: content.risks.filter((r) => !removed.has(r.uuid) || stillAnswered.has(r.uuid)) };
}

export type FinishedEdit = { readonly ok: true; readonly content: RemediationPlanContent } | { readonly ok: false; readonly message: string };

/**
 * The edited plan as its next revision: dated now, its version label saying it was edited, and a
 * risk-log entry for each risk whose status moved, with the reason given (OSCAL keeps a risk's
 * history in its log; a deviation request is such a move, and its reason is the justification).
 */
export function finishEdit(base: RemediationPlanContent, edited: RemediationPlanContent, reason: string, clock: EditClock): FinishedEdit {
  const at = clock.now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const before = new Map(base.risks.map((r) => [r.uuid, r.status]));
  const moved = edited.risks.filter((r) => before.has(r.uuid) && before.get(r.uuid) !== r.status);
  const why = reason.trim().replace(/\s+/g, ' ');
  if (moved.length > 0 && why === '') {
    return { ok: false, message: `Say why the status of ${moved.length === 1 ? `"${moved[0]?.title ?? ''}"` : `${moved.length} risks`} changed; the reason goes in the risk log.` };
  }
  const risks = edited.risks.map((r): PlanRisk => {
    if (!moved.includes(r)) return r;
    const entry: PlanRiskLogEntry = {
      uuid: clock.newUuid(),
      title: r.status === 'deviation-requested' ? 'Deviation requested' : `Status changed to ${r.status}`,
      description: why,
      start: at,
      end: null,
      statusChange: r.status,
    };
    return { ...r, riskLog: [...r.riskLog, entry] };
  });
  return { ok: true, content: { ...edited, risks, lastModified: at, version: `${base.version.replace(/, edited \d{4}-\d{2}-\d{2}$/, '')}, edited ${at.slice(0, 10)}` } };
}
