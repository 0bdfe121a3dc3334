import type { PlanItem, PlanMilestone, PlanObservation, PlanRemediation, PlanRisk, PlanRiskLogEntry, RemediationPlanContent } from '../plans/remediation-plan.js';
import { OWNER_PROP } from '../plans/remediation-plan.js';
import { cloneJson, type PoamDocument } from './poam-document.js';
import { characterizationOf, itemToOscal, logEntryToOscal, observationToOscal, ownerProp, remediationToOscal, riskToOscal, systemIdOf, taskToOscal, timingOf } from './poam-write.js';

/**
 * The reviewers' edit of a plan version, applied to that version's OSCAL document: each field the
 * edit changed is changed in the document, things added are written in, things removed are taken
 * out, and everything else stays as it was, field for field, including all the app does not show
 * (FedRAMP's properties, origins, remarks, findings, back matter…). `base` is the plan as read from
 * `document`; `edited` the plan the editor made from it.
 *
 * A link the app could not follow (an item's "risk" that is a mitigating factor) stays unless the
 * edit removed its item. An item the document gave no UUID (OSCAL 1.0) gets the one the app knew
 * it by, so a later title change does not make it another item.
 */
export function applyPlanEdit(document: PoamDocument, base: RemediationPlanContent, edited: RemediationPlanContent): PoamDocument {
  const copy = cloneJson(document) as Obj;
  const poam = copy['plan-of-action-and-milestones'] as Obj;
  const metadata = poam.metadata as Obj;
  setField(metadata, 'title', base.title, edited.title);
  setField(metadata, 'version', base.version, edited.version);
  setField(metadata, 'last-modified', base.lastModified, edited.lastModified);
  if (base.systemId !== edited.systemId || base.systemIdType !== edited.systemIdType) {
    if (edited.systemId === null) delete poam['system-id'];
    else poam['system-id'] = { ...(poam['system-id'] as Obj | undefined), ...systemIdOf(edited.systemId, edited.systemIdType) };
  }
  setList(poam, 'observations', patchList(list(poam, 'observations'), base.observations, edited.observations, patchObservation, observationToOscal));
  setList(poam, 'risks', patchList(list(poam, 'risks'), base.risks, edited.risks, patchRisk, riskToOscal));
  const items = list(poam, 'poam-items');
  poam['poam-items'] = patchList(items, base.items, edited.items, patchItem, itemToOscal, (_o, i) => base.items[i]?.uuid ?? '');
  // Every item keeps the UUID the app knows it by from now on.
  (poam['poam-items'] as Obj[]).forEach((item, i) => {
    if (item.uuid === undefined) item.uuid = edited.items[i]?.uuid;
  });
  return copy as PoamDocument;
}

type Obj = Record<string, unknown>;

function list(o: Obj, key: string): Obj[] {
  const value = o[key];
  return Array.isArray(value) ? (value as Obj[]) : [];
}

/** OSCAL arrays hold at least one member: an emptied one goes. */
function setList(o: Obj, key: string, values: Obj[]): void {
  if (values.length === 0) Reflect.deleteProperty(o, key);
  else o[key] = values;
}

/** A field the edit changed; null is absent. Unchanged, it stays as the document has it. */
function setField(o: Obj, key: string, before: string | null, after: string | null): void {
  if (before === after) return;
  if (after === null) Reflect.deleteProperty(o, key);
  else o[key] = after;
}

/** The entries of one list after the edit: kept ones patched in place, new ones written, removed ones gone. */
function patchList<T extends { readonly uuid: string }>(
  entries: Obj[],
  base: readonly T[],
  edited: readonly T[],
  patch: (o: Obj, before: T, after: T) => void,
  create: (after: T) => object,
  idOf: (o: Obj, index: number) => string = (o) => (typeof o.uuid === 'string' ? o.uuid : ''),
): Obj[] {
  const byId = new Map(entries.map((o, i) => [idOf(o, i).toLowerCase(), o]));
  const before = new Map(base.map((b) => [b.uuid.toLowerCase(), b]));
  return edited.map((after) => {
    const key = after.uuid.toLowerCase();
    const was = before.get(key);
    const o = byId.get(key);
    if (was === undefined || o === undefined) return create(after) as Obj;
    patch(o, was, after);
    return o;
  });
}

/**
 * Links to risks or observations after the edit. Those the edit removed go, those it added are
 * written, and those the app never followed (pointing at something else) stay as they are.
 */
function patchLinks(o: Obj, key: string, field: string, before: readonly string[], after: readonly string[]): void {
  if (before.length === after.length && before.every((id, i) => id === after[i])) return;
  const was = new Set(before.map((id) => id.toLowerCase()));
  const now = new Set(after.map((id) => id.toLowerCase()));
  const kept = list(o, key).filter((link) => {
    const id = String(link[field]).toLowerCase();
    return !was.has(id) || now.has(id);
  });
  const present = new Set(kept.map((link) => String(link[field]).toLowerCase()));
  setList(o, key, [...kept, ...after.filter((id) => !present.has(id.toLowerCase())).map((id) => ({ [field]: id }))]);
}

/** The owner property, in the app's namespace, changed, added or removed. */
function patchOwner(o: Obj, before: string | null, after: string | null): void {
  if (before === after) return;
  const props = list(o, 'props');
  const at = props.findIndex((p) => p.name === OWNER_PROP.name && p.ns === OWNER_PROP.ns);
  const owner = props[at];
  if (after === null) {
    if (at >= 0) props.splice(at, 1);
  } else if (owner) owner.value = after;
  else props.push(ownerProp(after));
  setList(o, 'props', props);
}

function patchObservation(o: Obj, before: PlanObservation, after: PlanObservation): void {
  setField(o, 'title', before.title, after.title);
  setField(o, 'description', before.description, after.description);
  setField(o, 'collected', before.collected, after.collected);
  if (before.methods.join('\n') !== after.methods.join('\n')) o.methods = [...after.methods];
}

function patchRisk(o: Obj, before: PlanRisk, after: PlanRisk): void {
  for (const key of ['title', 'description', 'statement', 'status', 'deadline'] as const) setField(o, key, before[key], after[key]);
  const judged = (r: PlanRisk) => JSON.stringify([r.likelihood, r.impact, r.facetSystem, r.judgedBy]);
  if (judged(before) !== judged(after)) {
    // Only the likelihood and impact facets are the app's; other facets, and their characterizations, stay.
    const others = list(o, 'characterizations')
      .map((c) => ({ ...c, facets: list(c, 'facets').filter((f) => f.name !== 'likelihood' && f.name !== 'impact') }))
      .filter((c) => c.facets.length > 0);
    const characterization = characterizationOf(after);
    setList(o, 'characterizations', characterization === null ? others : [...others, characterization]);
  }
  setList(
    o,
    'mitigating-factors',
    patchList(list(o, 'mitigating-factors'), before.mitigatingFactors, after.mitigatingFactors, (m, b, a) => setField(m, 'description', b.description, a.description), (m) => ({ uuid: m.uuid, description: m.description })),
  );
  setList(o, 'remediations', patchList(list(o, 'remediations'), before.remediations, after.remediations, patchRemediation, remediationToOscal));
  const log = (o['risk-log'] ?? {}) as Obj;
  const entries = patchList(list(log, 'entries'), before.riskLog, after.riskLog, patchLogEntry, logEntryToOscal);
  if (entries.length === 0) delete o['risk-log'];
  else o['risk-log'] = { ...log, entries };
  patchLinks(o, 'related-observations', 'observation-uuid', before.relatedObservations, after.relatedObservations);
}

function patchRemediation(o: Obj, before: PlanRemediation, after: PlanRemediation): void {
  for (const key of ['lifecycle', 'title', 'description'] as const) setField(o, key, before[key], after[key]);
  if (before.responseType !== after.responseType) {
    // The response type is the first property named "type", as the reader takes it.
    const props = list(o, 'props');
    const at = props.findIndex((p) => p.name === 'type');
    const type = props[at];
    if (after.responseType === null) {
      if (at >= 0) props.splice(at, 1);
    } else if (type) type.value = after.responseType;
    else props.push({ name: 'type', value: after.responseType });
    setList(o, 'props', props);
  }
  setList(o, 'tasks', patchList(list(o, 'tasks'), before.milestones, after.milestones, patchTask, taskToOscal));
}

function patchTask(o: Obj, before: PlanMilestone, after: PlanMilestone): void {
  for (const key of ['type', 'title', 'description'] as const) setField(o, key, before[key], after[key]);
  if (before.start !== after.start || before.end !== after.end) {
    // A repeating schedule, if the task has one, stays beside the new dates.
    const { 'on-date': _date, 'within-date-range': _range, ...rest } = (o.timing ?? {}) as Obj;
    const timing = { ...rest, ...timingOf(after) };
    if (Object.keys(timing).length === 0) delete o.timing;
    else o.timing = timing;
  }
  patchOwner(o, before.owner, after.owner);
}

function patchLogEntry(o: Obj, before: PlanRiskLogEntry, after: PlanRiskLogEntry): void {
  for (const key of ['title', 'description', 'start', 'end'] as const) setField(o, key, before[key], after[key]);
  setField(o, 'status-change', before.statusChange, after.statusChange);
}

function patchItem(o: Obj, before: PlanItem, after: PlanItem): void {
  setField(o, 'title', before.title, after.title);
  setField(o, 'description', before.description, after.description);
  patchOwner(o, before.owner, after.owner);
  patchLinks(o, 'related-observations', 'observation-uuid', before.relatedObservations, after.relatedObservations);
  patchLinks(o, 'related-risks', 'risk-uuid', before.relatedRisks, after.relatedRisks);
}
