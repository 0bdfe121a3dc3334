import type { JsonValue } from '../audit/audit-event.js';
import { OWNER_PROP, riskCore, type PlanItem, type PlanMilestone, type PlanObservation, type PlanRemediation, type PlanRisk, type PlanRiskLogEntry, type RemediationPlanContent } from '../plans/remediation-plan.js';
import { cloneJson, type JsonObject, type PoamDocument } from './poam-document.js';
import type { PoamReadOk } from './poam-read.js';

/**
 * Writes OSCAL 1.1.2 Plans of Action and Milestones (JSON) that validate against NIST's POA&M
 * schema. A plan version that keeps its document exports that document, every field as it came
 * (and as the app's edits changed it), with its metadata's `last-modified` and `oscal-version`
 * brought up to date (`poamForExport`). A plan made in the app (findings exported as risks) or
 * stored before versions kept their documents is written from the plan itself (`writePoam`), and
 * reads back (readPoam) to the same plan.
 *
 * A 1.0 document needs no conversion to be 1.1: NIST made 1.1.0 a backwards-compatible release,
 * whose POA&M changes only add (an item's related findings, metadata actions, a property's group, a
 * link's resource fragment). What is brought up to date is what would name the old version.
 */

export const OSCAL_VERSION_WRITTEN = '1.1.2';

/** NIST's POA&M JSON schema of the version written, where NIST publishes it. */
export const POAM_SCHEMA_WRITTEN = `https://github.com/usnistgov/OSCAL/releases/download/v${OSCAL_VERSION_WRITTEN}/oscal_poam_schema.json`;

/**
 * OSCAL requires every likelihood or impact to say who judged it. A plan that came from a file
 * keeps who its file said; a judgement recorded here without one is attributed to this tool
 * (a fixed UUID for Frontier Review).
 */
const TOOL_ACTOR_UUID = '6c1d3b9e-5d1f-4a57-9b0e-7f4f3b8a2c10';

/** An OSCAL date-time for an instant, to the second, in UTC. */
export function oscalDateTime(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * The document as the app exports it: every field as it is, with `last-modified` the moment of
 * the export (when the file is written, as OSCAL defines it) and `oscal-version` the version the
 * document now conforms to. An item OSCAL 1.0 left without a UUID gets the one the app knows it by
 * (`itemUuids`, in the document's order: the reader derives it from the plan's UUID and the item's
 * title), so every export names it the same way. A `$schema` naming another OSCAL version's schema
 * names the one written, so a tool that follows it checks the file against the version it claims.
 * Nothing else changes; the export gateway then adds the marking.
 */
export function poamForExport(document: PoamDocument, now: Date, itemUuids: readonly string[] = []): PoamDocument {
  const copy = cloneJson(document) as Record<string, JsonValue>;
  const poam = copy['plan-of-action-and-milestones'] as Record<string, JsonValue>;
  poam.metadata = { ...(poam.metadata as JsonObject), 'last-modified': oscalDateTime(now), 'oscal-version': OSCAL_VERSION_WRITTEN };
  const items = poam['poam-items'];
  if (Array.isArray(items)) {
    poam['poam-items'] = (items as readonly JsonValue[]).map((item, i): JsonValue => {
      const uuid = itemUuids[i];
      return isJsonObject(item) && item.uuid === undefined && uuid !== undefined ? { uuid, ...item } : item;
    });
  }
  if (typeof copy.$schema === 'string' && namesAnotherVersion(copy.$schema)) copy.$schema = POAM_SCHEMA_WRITTEN;
  return copy as PoamDocument;
}

function isJsonObject(value: JsonValue): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A schema reference that names an OSCAL version other than the one written (`…/v1.0.4/…`, `…/oscal/1.0.6/…`); one naming none is left as the file gave it. */
function namesAnotherVersion(schema: string): boolean {
  const version = /(?:^|[^\d.])v?(\d+\.\d+\.\d+)(?![\d.])/.exec(schema)?.[1];
  return /oscal/i.test(schema) && version !== undefined && version !== OSCAL_VERSION_WRITTEN;
}

/** What the app would export for a version imported from the file just read, unedited. */
export function poamAfterImport(read: PoamReadOk, now: Date): PoamDocument {
  return poamForExport(read.document, now, read.plan.items.map((item) => item.uuid));
}

/** A plan written whole from what the app keeps of it. */
export function writePoam(plan: RemediationPlanContent): PoamDocument {
  return {
    'plan-of-action-and-milestones': {
      uuid: plan.documentUuid,
      metadata: {
        title: plan.title,
        'last-modified': plan.lastModified,
        version: plan.version,
        'oscal-version': OSCAL_VERSION_WRITTEN,
      },
      ...(plan.systemId === null ? {} : { 'system-id': systemIdOf(plan.systemId, plan.systemIdType) }),
      ...nonEmpty('observations', plan.observations.map(observationToOscal)),
      ...nonEmpty('risks', plan.risks.map(riskToOscal)),
      'poam-items': plan.items.map(itemToOscal),
    },
  };
}

export function systemIdOf(id: string, type: string | null): JsonObject {
  return { ...(type === null ? {} : { 'identifier-type': type }), id };
}

export function observationToOscal(o: PlanObservation): JsonObject {
  return { uuid: o.uuid, ...(o.title === null ? {} : { title: o.title }), description: o.description, methods: [...o.methods], collected: o.collected };
}

/** A risk's likelihood and impact, as OSCAL characterizes a risk: who judged, on what scale. */
export function characterizationOf(r: Pick<PlanRisk, 'likelihood' | 'impact' | 'facetSystem' | 'judgedBy'>): JsonObject | null {
  const system = r.facetSystem ?? 'https://frontier-review.invalid/scale';
  const facets = [...(r.likelihood === null ? [] : [{ name: 'likelihood', system, value: r.likelihood }]), ...(r.impact === null ? [] : [{ name: 'impact', system, value: r.impact }])];
  if (facets.length === 0) return null;
  const actors = r.judgedBy.length > 0 ? r.judgedBy.map((a) => ({ type: a.type, 'actor-uuid': a.actorUuid })) : [{ type: 'tool', 'actor-uuid': TOOL_ACTOR_UUID }];
  return { origin: { actors }, facets };
}

export function riskToOscal(r: PlanRisk): JsonObject {
  const characterization = characterizationOf(r);
  return {
    ...riskCore(r),
    ...(characterization === null ? {} : { characterizations: [characterization] }),
    ...nonEmpty('mitigating-factors', r.mitigatingFactors.map((m) => ({ uuid: m.uuid, description: m.description }))),
    ...(r.deadline === null ? {} : { deadline: r.deadline }),
    ...nonEmpty('remediations', r.remediations.map(remediationToOscal)),
    ...(r.riskLog.length === 0 ? {} : { 'risk-log': { entries: r.riskLog.map(logEntryToOscal) } }),
    ...nonEmpty('related-observations', r.relatedObservations.map((id) => ({ 'observation-uuid': id }))),
  };
}

export function remediationToOscal(m: PlanRemediation): JsonObject {
  return {
    uuid: m.uuid,
    lifecycle: m.lifecycle,
    title: m.title,
    description: m.description,
    ...(m.responseType === null ? {} : { props: [{ name: 'type', value: m.responseType }] }),
    ...nonEmpty('tasks', m.milestones.map(taskToOscal)),
  };
}

export function logEntryToOscal(e: PlanRiskLogEntry): JsonObject {
  return {
    uuid: e.uuid,
    ...(e.title === null ? {} : { title: e.title }),
    ...(e.description === null ? {} : { description: e.description }),
    start: e.start,
    ...(e.end === null ? {} : { end: e.end }),
    ...(e.statusChange === null ? {} : { 'status-change': e.statusChange }),
  };
}

export function itemToOscal(p: PlanItem): JsonObject {
  return {
    uuid: p.uuid,
    title: p.title,
    description: p.description,
    ...ownerProps(p.owner),
    ...nonEmpty('related-observations', p.relatedObservations.map((id) => ({ 'observation-uuid': id }))),
    ...nonEmpty('related-risks', p.relatedRisks.map((id) => ({ 'risk-uuid': id }))),
  };
}

/** When a milestone falls due: a range when it has a start, a date when it has only an end. */
export function timingOf(t: Pick<PlanMilestone, 'start' | 'end'>): JsonObject | null {
  return t.start !== null && t.end !== null ? { 'within-date-range': { start: t.start, end: t.end } } : t.end !== null ? { 'on-date': { date: t.end } } : null;
}

export function taskToOscal(t: PlanMilestone): JsonObject {
  const timing = timingOf(t);
  return {
    uuid: t.uuid,
    type: t.type,
    title: t.title,
    ...(t.description === null ? {} : { description: t.description }),
    ...ownerProps(t.owner),
    ...(timing === null ? {} : { timing }),
  };
}

/** OSCAL arrays must hold at least one member: an empty one is left out. */
function nonEmpty<K extends string>(key: K, values: readonly JsonObject[]): Partial<Record<K, JsonObject[]>> {
  return values.length === 0 ? {} : ({ [key]: [...values] } as Partial<Record<K, JsonObject[]>>);
}

export function ownerProp(owner: string): JsonObject {
  return { name: OWNER_PROP.name, ns: OWNER_PROP.ns, value: owner };
}

function ownerProps(owner: string | null): { props?: JsonObject[] } {
  return owner === null ? {} : { props: [ownerProp(owner)] };
}
