import { OWNER_PROP, riskCore, type PlanMilestone, type PlanRisk, type RemediationPlanContent } from '../plans/remediation-plan.js';

/**
 * Writes a remediation plan as an OSCAL 1.1.2 Plan of Action and Milestones (JSON). The result
 * validates against NIST's POA&M JSON schema and reads back (readPoam) to the same plan.
 */

export const OSCAL_VERSION_WRITTEN = '1.1.2';

/**
 * OSCAL requires every likelihood or impact to say who judged it. A plan that came from a file
 * keeps who its file said; a judgement recorded here without one is attributed to this tool
 * (a fixed UUID for Frontier Review).
 */
const TOOL_ACTOR_UUID = '6c1d3b9e-5d1f-4a57-9b0e-7f4f3b8a2c10';

function actorsOf(risk: PlanRisk): object[] {
  return risk.judgedBy.length > 0 ? risk.judgedBy.map((a) => ({ type: a.type, 'actor-uuid': a.actorUuid })) : [{ type: 'tool', 'actor-uuid': TOOL_ACTOR_UUID }];
}

export function writePoam(plan: RemediationPlanContent): object {
  return {
    'plan-of-action-and-milestones': {
      uuid: plan.documentUuid,
      metadata: {
        title: plan.title,
        'last-modified': plan.lastModified,
        version: plan.version,
        'oscal-version': OSCAL_VERSION_WRITTEN,
      },
      ...(plan.systemId === null ? {} : { 'system-id': { ...(plan.systemIdType === null ? {} : { 'identifier-type': plan.systemIdType }), id: plan.systemId } }),
      ...nonEmpty(
        'observations',
        plan.observations.map((o) => ({
          uuid: o.uuid,
          ...(o.title === null ? {} : { title: o.title }),
          description: o.description,
          methods: [...o.methods],
          collected: o.collected,
        })),
      ),
      ...nonEmpty(
        'risks',
        plan.risks.map((r) => {
          const facets = [
            ...(r.likelihood === null ? [] : [{ name: 'likelihood', system: r.facetSystem ?? 'https://frontier-review.invalid/scale', value: r.likelihood }]),
            ...(r.impact === null ? [] : [{ name: 'impact', system: r.facetSystem ?? 'https://frontier-review.invalid/scale', value: r.impact }]),
          ];
          return {
            ...riskCore(r),
            ...(facets.length === 0 ? {} : { characterizations: [{ origin: { actors: actorsOf(r) }, facets }] }),
            ...nonEmpty('mitigating-factors', r.mitigatingFactors.map((m) => ({ uuid: m.uuid, description: m.description }))),
            ...(r.deadline === null ? {} : { deadline: r.deadline }),
            ...nonEmpty(
              'remediations',
              r.remediations.map((m) => ({
                uuid: m.uuid,
                lifecycle: m.lifecycle,
                title: m.title,
                description: m.description,
                ...(m.responseType === null ? {} : { props: [{ name: 'type', value: m.responseType }] }),
                ...nonEmpty('tasks', m.milestones.map(task)),
              })),
            ),
            ...(r.riskLog.length === 0
              ? {}
              : {
                  'risk-log': {
                    entries: r.riskLog.map((e) => ({
                      uuid: e.uuid,
                      ...(e.title === null ? {} : { title: e.title }),
                      ...(e.description === null ? {} : { description: e.description }),
                      start: e.start,
                      ...(e.end === null ? {} : { end: e.end }),
                      ...(e.statusChange === null ? {} : { 'status-change': e.statusChange }),
                    })),
                  },
                }),
            ...nonEmpty('related-observations', r.relatedObservations.map((id) => ({ 'observation-uuid': id }))),
          };
        }),
      ),
      'poam-items': plan.items.map((p) => ({
        uuid: p.uuid,
        title: p.title,
        description: p.description,
        ...ownerProps(p.owner),
        ...nonEmpty('related-observations', p.relatedObservations.map((id) => ({ 'observation-uuid': id }))),
        ...nonEmpty('related-risks', p.relatedRisks.map((id) => ({ 'risk-uuid': id }))),
      })),
    },
  };
}

function task(t: PlanMilestone): object {
  const timing = t.start !== null && t.end !== null ? { 'within-date-range': { start: t.start, end: t.end } } : t.end !== null ? { 'on-date': { date: t.end } } : null;
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
function nonEmpty<K extends string>(key: K, values: readonly object[]): Partial<Record<K, object[]>> {
  return values.length === 0 ? {} : ({ [key]: [...values] } as Partial<Record<K, object[]>>);
}

function ownerProps(owner: string | null): { props?: object[] } {
  return owner === null ? {} : { props: [{ name: OWNER_PROP.name, ns: OWNER_PROP.ns, value: owner }] };
}
