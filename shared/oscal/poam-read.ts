import { z } from 'zod';
import { readJsonDocument } from '../json/json-document.js';
import { nameBasedUuid } from './name-based-uuid.js';
import {
  type PlanItem,
  type PlanMilestone,
  type PlanObservation,
  type PlanProblem,
  type PlanRemediation,
  type PlanRisk,
  type RemediationPlanContent,
  OWNER_PROP,
  riskCore,
} from '../plans/remediation-plan.js';

/**
 * Reads an OSCAL Plan of Action and Milestones (JSON, OSCAL 1.0.0 to 1.1.x) into a remediation
 * plan. A file that is not such a plan, or whose structure is unsound (missing required fields,
 * a UUID used twice), is refused whole with a message naming the file and the fault. A reference
 * that points at the wrong thing (a poam-item whose "risk" is a mitigating factor, as in NIST's
 * own example) is left out and reported on the plan; the rest is imported.
 */

export const POAM_LIMITS = { fileBytes: 32 * 1024 * 1024 } as const;

/** OSCAL versions this reader knows: the 1.0 and 1.1 lines. */
const SUPPORTED_OSCAL_VERSION = /^1\.[01]\.\d+$/;

export type PoamRead = { readonly ok: true; readonly plan: RemediationPlanContent; readonly problems: readonly PlanProblem[] } | { readonly ok: false; readonly message: string };

// OSCAL's datatypes, with the patterns of NIST's POA&M JSON schema, so that whatever is read can
// also be written back out valid.
const uuid = z.string().regex(/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/, 'is not a version 4 or 5 UUID');
const text = z.string().min(1, 'is empty');
const string = z.string().regex(/^\S(.*\S)?$/, 'is empty, spans lines, or starts or ends with a space');
const token = z.string().regex(/^(\p{L}|_)(\p{L}|\p{N}|[.\-_])*$/u, 'is not a single word (an OSCAL token)');
const uri = z.string().regex(/^[a-zA-Z][a-zA-Z0-9+\-.]+:.+$/, 'is not a URI');
const dateTime = z
  .string()
  .regex(
    /^(((2000|2400|2800|(19|2[0-9](0[48]|[2468][048]|[13579][26])))-02-29)|(((19|2[0-9])[0-9]{2})-02-(0[1-9]|1[0-9]|2[0-8]))|(((19|2[0-9])[0-9]{2})-(0[13578]|10|12)-(0[1-9]|[12][0-9]|3[01]))|(((19|2[0-9])[0-9]{2})-(0[469]|11)-(0[1-9]|[12][0-9]|30)))T(2[0-3]|[01][0-9]):([0-5][0-9]):([0-5][0-9])(\.[0-9]+)?(Z|(-((0[0-9]|1[0-2]):00|0[39]:30)|\+((0[0-9]|1[0-4]):00|(0[34569]|10):30|(0[58]|12):45)))$/,
    'is not a date and time with a time zone (as 2024-01-31T09:00:00-05:00)',
  );
const prop = z.object({ name: token, value: string, ns: uri.optional() });

const taskSchema = z.object({
  uuid,
  type: token,
  title: text,
  description: z.string().optional(),
  timing: z
    .object({
      'on-date': z.object({ date: dateTime }).optional(),
      'within-date-range': z.object({ start: dateTime, end: dateTime }).optional(),
      'at-frequency': z.unknown().optional(),
    })
    .optional(),
  props: z.array(prop).optional(),
  tasks: z.array(z.unknown()).optional(),
});

const riskSchema = z.object({
  uuid,
  title: text,
  description: text,
  statement: text,
  status: token,
  characterizations: z
    .array(
      z.object({
        origin: z.object({ actors: z.array(z.object({ type: token, 'actor-uuid': uuid })).min(1) }),
        facets: z.array(z.object({ name: token, system: uri, value: string })).min(1),
      }),
    )
    .optional(),
  'mitigating-factors': z.array(z.object({ uuid, description: text })).optional(),
  deadline: dateTime.optional(),
  remediations: z
    .array(
      z.object({
        uuid,
        lifecycle: token,
        title: text,
        description: text,
        props: z.array(prop).optional(),
        tasks: z.array(taskSchema).optional(),
      }),
    )
    .optional(),
  'risk-log': z
    .object({
      entries: z.array(
        z.object({
          uuid,
          title: z.string().optional(),
          description: z.string().optional(),
          start: dateTime,
          end: dateTime.optional(),
          'status-change': token.optional(),
        }),
      ),
    })
    .optional(),
  'related-observations': z.array(z.object({ 'observation-uuid': uuid })).optional(),
});

const poamSchema = z.object({
  uuid,
  metadata: z.object({ title: text, 'last-modified': dateTime, version: string, 'oscal-version': text }),
  'system-id': z.object({ id: string, 'identifier-type': uri.optional() }).optional(),
  observations: z.array(z.object({ uuid, title: z.string().optional(), description: text, methods: z.array(token).min(1), collected: dateTime })).optional(),
  findings: z.array(z.unknown()).optional(),
  risks: z.array(riskSchema).optional(),
  'poam-items': z.array(
    z.object({
      uuid: uuid.optional(),
      title: text,
      description: text,
      'related-observations': z.array(z.object({ 'observation-uuid': uuid })).optional(),
      'related-risks': z.array(z.object({ 'risk-uuid': uuid })).optional(),
      props: z.array(prop).optional(),
      'related-findings': z.array(z.unknown()).optional(),
    }),
  ).min(1, 'holds no items, and OSCAL requires at least one'),
});
type Poam = z.infer<typeof poamSchema>;

const OTHER_OSCAL_MODELS = ['catalog', 'profile', 'component-definition', 'system-security-plan', 'assessment-plan', 'assessment-results', 'mapping-collection'];

export async function readPoam(fileName: string, bytes: Uint8Array): Promise<PoamRead> {
  const refuse = (message: string): PoamRead => ({ ok: false, message: `${fileName}: ${message}` });
  const read = readJsonDocument(bytes, POAM_LIMITS.fileBytes, 'plans of action and milestones');
  if (!read.ok) return refuse(read.message === 'it is not UTF-8 text, so not JSON.' ? 'it is not UTF-8 text, so not OSCAL JSON.' : read.message);
  const document = read.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return refuse('it is not an OSCAL document (not a JSON object).');
  const root = (document as Record<string, unknown>)['plan-of-action-and-milestones'];
  if (root === undefined) {
    const other = OTHER_OSCAL_MODELS.find((model) => model in document);
    if (other) return refuse(`it is an OSCAL ${other.replaceAll('-', ' ')}, not a plan of action and milestones.`);
    if ('document' in document && typeof document.document === 'object') {
      return refuse('it looks like a CSAF advisory, not an OSCAL plan of action and milestones.');
    }
    return refuse('it is not an OSCAL plan of action and milestones (no "plan-of-action-and-milestones" at its top).');
  }
  const version = z.object({ metadata: z.object({ 'oscal-version': z.string() }) }).safeParse(root).data?.metadata['oscal-version'];
  if (version !== undefined && !SUPPORTED_OSCAL_VERSION.test(version)) {
    return refuse(`it uses OSCAL version ${version}; versions 1.0.0 to 1.1.x are read.`);
  }
  const parsed = poamSchema.safeParse(root);
  if (!parsed.success) return refuse(describe(parsed.error, root));
  const duplicate = firstDuplicateUuid(root);
  if (duplicate) return refuse(duplicate);
  // OSCAL 1.0 let an item go without a UUID: it gets one derived from the plan's UUID and its
  // title, so every import of the same plan names it the same way and versions compare.
  const itemUuids = await Promise.all(parsed.data['poam-items'].map((p) => (p.uuid === undefined ? nameBasedUuid(`${parsed.data.uuid}/${p.title}`) : Promise.resolve(p.uuid))));
  const problems: PlanProblem[] = [];
  return { ok: true, plan: toPlan(parsed.data, problems, itemUuids), problems };
}

function describe(error: z.ZodError, root: unknown): string {
  const issue = error.issues[0];
  if (!issue) return 'its contents are not an OSCAL plan of action and milestones.';
  const where = issue.path.reduce<string>((path, key) => (typeof key === 'number' ? `${path}[${key}]` : path === '' ? String(key) : `${path}.${String(key)}`), '');
  // Whether the field is absent, rather than present and wrong.
  let value: unknown = root;
  for (const key of issue.path) value = typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  const missing = value === undefined && issue.path.length > 0;
  return `${where === '' ? 'the plan' : where} ${missing ? 'is missing, and OSCAL requires it' : issue.message.replace(/^Invalid input: /, '')}.`;
}

/**
 * Every UUID in an OSCAL document names one thing; a UUID given twice makes references
 * ambiguous. Every object anywhere in the document that has one is checked.
 */
function firstDuplicateUuid(root: unknown): string | null {
  const seen = new Map<string, string>();
  const visit = (value: unknown, where: string): string | null => {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const found = visit(value[i], `${where}[${i}]`);
        if (found) return found;
      }
      return null;
    }
    if (typeof value !== 'object' || value === null) return null;
    const record = value as Record<string, unknown>;
    const id = record.uuid;
    if (typeof id === 'string') {
      const earlier = seen.get(id.toLowerCase());
      const here = where === '' ? 'the plan' : where;
      if (earlier) return `the UUID ${id} is used twice, by ${earlier} and by ${here}; each must name one thing.`;
      seen.set(id.toLowerCase(), here);
    }
    for (const [key, child] of Object.entries(record)) {
      const found = visit(child, where === '' ? key : `${where}.${key}`);
      if (found) return found;
    }
    return null;
  };
  return visit(root, '');
}

function toPlan(poam: Poam, problems: PlanProblem[], itemUuids: readonly string[]): RemediationPlanContent {
  const risks = poam.risks ?? [];
  const observations = poam.observations ?? [];
  // Links are matched whatever their case, and kept as the UUID the thing itself gives.
  const riskIds = new Map(risks.map((r) => [r.uuid.toLowerCase(), r.uuid]));
  const observationIds = new Map(observations.map((o) => [o.uuid.toLowerCase(), o.uuid]));
  // What else a UUID might name, to say what a wrong reference points at.
  const named = new Map<string, string>();
  for (const r of risks) {
    for (const m of r['mitigating-factors'] ?? []) named.set(m.uuid.toLowerCase(), `a mitigating factor of risk "${r.title}"`);
    for (const m of r.remediations ?? []) named.set(m.uuid.toLowerCase(), `a remediation of risk "${r.title}"`);
  }
  for (const o of observations) named.set(o.uuid.toLowerCase(), `observation "${o.title ?? o.uuid}"`);
  for (const r of risks) named.set(r.uuid.toLowerCase(), `risk "${r.title}"`);

  /** The sound links of a risk or item; each one that points at the wrong thing is reported. */
  const links = (owner: string, where: string, observationLinks: readonly { 'observation-uuid': string }[] = [], riskLinks: readonly { 'risk-uuid': string }[] = []) => {
    const sound = (ids: readonly string[], valid: ReadonlyMap<string, string>, kind: 'risk' | 'observation') =>
      ids.flatMap((id) => {
        const canonical = valid.get(id.toLowerCase());
        if (canonical !== undefined) return [canonical];
        const actually = named.get(id.toLowerCase());
        problems.push({
          where,
          message: `${owner} refers to ${kind} ${id}, which is ${actually ?? 'nothing in this plan'}, not ${kind === 'risk' ? 'a risk' : 'an observation'}; the link is left out.`,
        });
        return [];
      });
    return {
      relatedObservations: sound(observationLinks.map((o) => o['observation-uuid']), observationIds, 'observation'),
      relatedRisks: sound(riskLinks.map((r) => r['risk-uuid']), riskIds, 'risk'),
    };
  };

  // Parts of OSCAL this release does not keep are named, so nobody assumes they came through.
  const notKept = (where: string, what: string) => problems.push({ where, message: `${what} not kept: this release keeps a plan's observations, risks, remediations, milestones and items.` });
  if (poam.findings && poam.findings.length > 0) notKept('findings', `${poam.findings.length} finding${poam.findings.length === 1 ? ' is' : 's are'}`);
  risks.forEach((r, i) =>
    r.remediations?.forEach((m, j) =>
      m.tasks?.forEach((t, k) => {
        const where = `risks[${i}].remediations[${j}].tasks[${k}]`;
        if (t.tasks && t.tasks.length > 0) notKept(where, `The sub-tasks of milestone "${t.title}" are`);
        if (t.timing?.['at-frequency'] !== undefined) notKept(where, `The repeating schedule of milestone "${t.title}" is`);
      }),
    ),
  );
  poam['poam-items'].forEach((p, i) => {
    if (p['related-findings'] && p['related-findings'].length > 0) notKept(`poam-items[${i}]`, `The links of item "${p.title}" to findings are`);
  });

  const planRisks: PlanRisk[] = risks.map((r, i) => {
    const facets = r.characterizations?.flatMap((c) => c.facets) ?? [];
    const facet = (name: string) => facets.find((f) => f.name === name);
    const judged = r.characterizations?.find((c) => c.facets.some((f) => f.name === 'likelihood' || f.name === 'impact'));
    return {
      ...riskCore(r),
      likelihood: facet('likelihood')?.value ?? null,
      impact: facet('impact')?.value ?? null,
      facetSystem: facet('likelihood')?.system ?? facet('impact')?.system ?? null,
      judgedBy: judged?.origin.actors.map((a) => ({ type: a.type, actorUuid: a['actor-uuid'] })) ?? [],
      deadline: r.deadline ?? null,
      mitigatingFactors: (r['mitigating-factors'] ?? []).map((m) => ({ uuid: m.uuid, description: m.description })),
      remediations: (r.remediations ?? []).map(
        (m): PlanRemediation => ({
          uuid: m.uuid,
          lifecycle: m.lifecycle,
          title: m.title,
          description: m.description,
          responseType: m.props?.find((p) => p.name === 'type')?.value ?? null,
          milestones: (m.tasks ?? []).map(
            (t): PlanMilestone => ({
              uuid: t.uuid,
              type: t.type,
              title: t.title,
              description: t.description ?? null,
              start: t.timing?.['within-date-range']?.start ?? null,
              end: t.timing?.['within-date-range']?.end ?? t.timing?.['on-date']?.date ?? null,
              owner: ownerOf(t.props),
            }),
          ),
        }),
      ),
      riskLog: (r['risk-log']?.entries ?? []).map((e) => ({
        uuid: e.uuid,
        title: e.title ?? null,
        description: e.description ?? null,
        start: e.start,
        end: e.end ?? null,
        statusChange: e['status-change'] ?? null,
      })),
      relatedObservations: links(`Risk "${r.title}"`, `risks[${i}]`, r['related-observations']).relatedObservations,
    };
  });

  const items: PlanItem[] = poam['poam-items'].map((p, i) => ({
    uuid: itemUuids[i] ?? p.title,
    title: p.title,
    description: p.description,
    owner: ownerOf(p.props),
    ...links(`Item "${p.title}"`, `poam-items[${i}]`, p['related-observations'], p['related-risks']),
  }));

  return {
    documentUuid: poam.uuid,
    title: poam.metadata.title,
    version: poam.metadata.version,
    lastModified: poam.metadata['last-modified'],
    oscalVersion: poam.metadata['oscal-version'],
    systemId: poam['system-id']?.id ?? null,
    systemIdType: poam['system-id']?.['identifier-type'] ?? null,
    observations: observations.map((o): PlanObservation => ({ uuid: o.uuid, title: o.title ?? null, description: o.description, methods: o.methods, collected: o.collected })),
    risks: planRisks,
    items,
  };
}

function ownerOf(props: readonly { readonly name: string; readonly value: string; readonly ns?: string | undefined }[] | undefined): string | null {
  return props?.find((p) => p.name === OWNER_PROP.name && p.ns === OWNER_PROP.ns)?.value ?? null;
}
