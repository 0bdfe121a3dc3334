import type { PlanItem, PlanMilestone, PlanRemediation, PlanRisk, RemediationPlanContent } from './remediation-plan.js';

/**
 * What changed between two versions of a remediation plan, thing by thing and field by field.
 * Things are matched by their OSCAL UUIDs, which a plan keeps across revisions.
 */

export type PlanEntity = 'item' | 'risk' | 'remediation' | 'milestone';

export interface FieldChange {
  readonly field: string;
  readonly before: string | null;
  readonly after: string | null;
}

export interface PlanChange {
  readonly kind: 'added' | 'removed' | 'changed';
  readonly entity: PlanEntity;
  readonly uuid: string;
  readonly title: string;
  /** For a change: each field that differs. */
  readonly fields: readonly FieldChange[];
  /** A deadline or milestone that moved later, by whole days. */
  readonly slippedDays: number | null;
  /** A risk whose status moved. */
  readonly statusChange: { readonly before: string; readonly after: string } | null;
}

type Describe<T> = (value: T) => string | null;

/** Describers of the named fields, as text to compare: lists are compared as sets. */
function fields<T>(...names: (keyof T & string)[]): Readonly<Record<string, Describe<T>>> {
  return Object.fromEntries(
    names.map((name) => [
      name,
      (value: T) => {
        const field: unknown = value[name];
        return Array.isArray(field) ? [...(field as string[])].sort().join(', ') : typeof field === 'string' ? field : null;
      },
    ]),
  );
}

const ITEM_FIELDS = fields<PlanItem>('title', 'description', 'owner', 'relatedRisks', 'relatedObservations');
const RISK_FIELDS = fields<PlanRisk>('title', 'description', 'statement', 'status', 'likelihood', 'impact', 'deadline');
const REMEDIATION_FIELDS = fields<PlanRemediation>('title', 'description', 'lifecycle', 'responseType');
const MILESTONE_FIELDS = fields<PlanMilestone>('title', 'description', 'type', 'start', 'end', 'owner');

export function comparePlans(before: RemediationPlanContent, after: RemediationPlanContent): PlanChange[] {
  const remediations = (plan: RemediationPlanContent) => plan.risks.flatMap((r) => r.remediations);
  const milestones = (plan: RemediationPlanContent) => remediations(plan).flatMap((m) => m.milestones);
  return [
    ...compare('item', before.items, after.items, ITEM_FIELDS, () => null),
    ...compare('risk', before.risks, after.risks, RISK_FIELDS, (b, a) => slip(b.deadline, a.deadline)),
    ...compare('remediation', remediations(before), remediations(after), REMEDIATION_FIELDS, () => null),
    ...compare('milestone', milestones(before), milestones(after), MILESTONE_FIELDS, (b, a) => slip(b.end, a.end)),
  ];
}

function compare<T extends { readonly uuid: string; readonly title: string }>(
  entity: PlanEntity,
  before: readonly T[],
  after: readonly T[],
  described: Readonly<Record<string, Describe<T>>>,
  slipped: (before: T, after: T) => number | null,
): PlanChange[] {
  const key = (x: T) => x.uuid.toLowerCase();
  const earlier = new Map(before.map((x) => [key(x), x]));
  const later = new Map(after.map((x) => [key(x), x]));
  const changes: PlanChange[] = [];
  const plain = { fields: [], slippedDays: null, statusChange: null } as const;
  for (const x of before) if (!later.has(key(x))) changes.push({ kind: 'removed', entity, uuid: x.uuid, title: x.title, ...plain });
  for (const x of after) {
    const was = earlier.get(key(x));
    if (!was) {
      changes.push({ kind: 'added', entity, uuid: x.uuid, title: x.title, ...plain });
      continue;
    }
    const differing: FieldChange[] = [];
    for (const [field, describe] of Object.entries(described)) {
      const b = describe(was);
      const a = describe(x);
      if (b !== a) differing.push({ field, before: b, after: a });
    }
    if (differing.length === 0) continue;
    const status = differing.find((f) => f.field === 'status');
    changes.push({
      kind: 'changed',
      entity,
      uuid: x.uuid,
      title: x.title,
      fields: differing,
      slippedDays: slipped(was, x),
      statusChange: status?.before != null && status.after != null ? { before: status.before, after: status.after } : null,
    });
  }
  return changes;
}

/** Whole days a date-time moved later (null if it did not, or either is missing). */
function slip(before: string | null, after: string | null): number | null {
  if (before === null || after === null) return null;
  const days = Math.floor((Date.parse(after) - Date.parse(before)) / 86_400_000);
  return days > 0 ? days : null;
}
