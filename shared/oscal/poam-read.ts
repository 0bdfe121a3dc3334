import { z } from 'zod';
import { JsonProblem, parseLenientJson } from '../json/lenient-json.js';
import {
  REMEDIATION_LIFECYCLES,
  RISK_STATUSES,
  type PlanItem,
  type PlanMilestone,
  type PlanObservation,
  type PlanProblem,
  type PlanRemediation,
  type PlanRisk,
  type RemediationPlanContent,
  riskCore,
} from '../plans/remediation-plan.js';
import { formatBytes } from '../result/file-problem.js';

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

// OSCAL's UUID datatype: version 4 or 5.
const uuid = z.string().regex(/^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[45][0-9A-Fa-f]{3}-[89ABab][0-9A-Fa-f]{3}-[0-9A-Fa-f]{12}$/, 'is not a version 4 or 5 UUID');
const text = z.string().min(1, 'is empty');
// OSCAL date-times carry a time zone.
const dateTime = z.string().refine((v) => /(Z|[+-]\d{2}:\d{2})$/.test(v) && !Number.isNaN(Date.parse(v)), 'is not a date and time with a time zone');
const prop = z.object({ name: z.string(), value: z.string(), ns: z.string().optional() });

const taskSchema = z.object({
  uuid,
  type: z.enum(['milestone', 'action'], 'is neither "milestone" nor "action"'),
  title: text,
  description: z.string().optional(),
  timing: z
    .object({
      'on-date': z.object({ date: dateTime }).optional(),
      'within-date-range': z.object({ start: dateTime, end: dateTime }).optional(),
      'at-frequency': z.unknown().optional(),
    })
    .optional(),
});

const riskSchema = z.object({
  uuid,
  title: text,
  description: text,
  statement: text,
  status: z.enum(RISK_STATUSES, `is not an OSCAL risk status (${RISK_STATUSES.join(', ')})`),
  characterizations: z.array(z.object({ facets: z.array(z.object({ name: z.string(), system: z.string(), value: z.string() })).min(1) })).optional(),
  'mitigating-factors': z.array(z.object({ uuid, description: text })).optional(),
  deadline: dateTime.optional(),
  remediations: z
    .array(
      z.object({
        uuid,
        lifecycle: z.enum(REMEDIATION_LIFECYCLES, `is not an OSCAL remediation lifecycle (${REMEDIATION_LIFECYCLES.join(', ')})`),
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
          'status-change': z.enum(RISK_STATUSES).optional(),
        }),
      ),
    })
    .optional(),
  'related-observations': z.array(z.object({ 'observation-uuid': uuid })).optional(),
});

const poamSchema = z.object({
  uuid,
  metadata: z.object({ title: text, 'last-modified': dateTime, version: text, 'oscal-version': text }),
  'system-id': z.object({ id: text, 'identifier-type': z.string().optional() }).optional(),
  observations: z.array(z.object({ uuid, title: z.string().optional(), description: text, methods: z.array(z.string()).min(1), collected: dateTime })).optional(),
  risks: z.array(riskSchema).optional(),
  'poam-items': z.array(
    z.object({
      uuid: uuid.optional(),
      title: text,
      description: text,
      'related-observations': z.array(z.object({ 'observation-uuid': uuid })).optional(),
      'related-risks': z.array(z.object({ 'risk-uuid': uuid })).optional(),
    }),
  ),
});
type Poam = z.infer<typeof poamSchema>;

const OTHER_OSCAL_MODELS = ['catalog', 'profile', 'component-definition', 'system-security-plan', 'assessment-plan', 'assessment-results', 'mapping-collection'];

/** `newUuid` names items that OSCAL 1.0 files leave without a UUID. */
export function readPoam(fileName: string, bytes: Uint8Array, newUuid: () => string): PoamRead {
  const refuse = (message: string): PoamRead => ({ ok: false, message: `${fileName}: ${message}` });
  if (bytes.length > POAM_LIMITS.fileBytes) {
    return refuse(`this file is ${formatBytes(bytes.length)}; plans of action and milestones up to ${formatBytes(POAM_LIMITS.fileBytes)} are read.`);
  }
  let document: unknown;
  try {
    document = parseLenientJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    if (e instanceof JsonProblem) return refuse(e.message);
    return refuse('it is not UTF-8 text, so not OSCAL JSON.');
  }
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
  const duplicate = firstDuplicateUuid(parsed.data);
  if (duplicate) return refuse(duplicate);
  const problems: PlanProblem[] = [];
  return { ok: true, plan: toPlan(parsed.data, problems, newUuid), problems };
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

/** Every UUID in an OSCAL document names one thing; a UUID given twice makes references ambiguous. */
function firstDuplicateUuid(poam: Poam): string | null {
  const seen = new Map<string, string>();
  const note = (id: string | undefined, where: string): string | null => {
    if (id === undefined) return null;
    const key = id.toLowerCase();
    const earlier = seen.get(key);
    if (earlier) return `the UUID ${id} is used twice, by ${earlier} and by ${where}; each must name one thing.`;
    seen.set(key, where);
    return null;
  };
  const checks: (() => string | null)[] = [() => note(poam.uuid, 'the plan')];
  poam.observations?.forEach((o, i) => checks.push(() => note(o.uuid, `observations[${i}]`)));
  poam.risks?.forEach((r, i) => {
    checks.push(() => note(r.uuid, `risks[${i}]`));
    r['mitigating-factors']?.forEach((m, j) => checks.push(() => note(m.uuid, `risks[${i}].mitigating-factors[${j}]`)));
    r.remediations?.forEach((m, j) => {
      checks.push(() => note(m.uuid, `risks[${i}].remediations[${j}]`));
      m.tasks?.forEach((t, k) => checks.push(() => note(t.uuid, `risks[${i}].remediations[${j}].tasks[${k}]`)));
    });
    r['risk-log']?.entries.forEach((e, j) => checks.push(() => note(e.uuid, `risks[${i}].risk-log.entries[${j}]`)));
  });
  poam['poam-items'].forEach((p, i) => checks.push(() => note(p.uuid, `poam-items[${i}]`)));
  for (const check of checks) {
    const problem = check();
    if (problem) return problem;
  }
  return null;
}

function toPlan(poam: Poam, problems: PlanProblem[], newUuid: () => string): RemediationPlanContent {
  const risks = poam.risks ?? [];
  const observations = poam.observations ?? [];
  const riskIds = new Set(risks.map((r) => r.uuid.toLowerCase()));
  const observationIds = new Set(observations.map((o) => o.uuid.toLowerCase()));
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
    const sound = (ids: readonly string[], valid: Set<string>, kind: 'risk' | 'observation') =>
      ids.filter((id) => {
        if (valid.has(id.toLowerCase())) return true;
        const actually = named.get(id.toLowerCase());
        problems.push({
          where,
          message: `${owner} refers to ${kind} ${id}, which is ${actually ?? 'nothing in this plan'}, not ${kind === 'risk' ? 'a risk' : 'an observation'}; the link is left out.`,
        });
        return false;
      });
    return {
      relatedObservations: sound(observationLinks.map((o) => o['observation-uuid']), observationIds, 'observation'),
      relatedRisks: sound(riskLinks.map((r) => r['risk-uuid']), riskIds, 'risk'),
    };
  };

  const planRisks: PlanRisk[] = risks.map((r, i) => {
    const facets = r.characterizations?.flatMap((c) => c.facets) ?? [];
    const facet = (name: string) => facets.find((f) => f.name === name);
    return {
      ...riskCore(r),
      likelihood: facet('likelihood')?.value ?? null,
      impact: facet('impact')?.value ?? null,
      facetSystem: facet('likelihood')?.system ?? facet('impact')?.system ?? null,
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
    // OSCAL 1.0 made an item's UUID optional; an item without one is given one here.
    uuid: p.uuid ?? newUuid(),
    title: p.title,
    description: p.description,
    ...links(`Item "${p.title}"`, `poam-items[${i}]`, p['related-observations'], p['related-risks']),
  }));

  return {
    documentUuid: poam.uuid,
    title: poam.metadata.title,
    version: poam.metadata.version,
    lastModified: poam.metadata['last-modified'],
    oscalVersion: poam.metadata['oscal-version'],
    systemId: poam['system-id']?.id ?? null,
    observations: observations.map((o): PlanObservation => ({ uuid: o.uuid, title: o.title ?? null, description: o.description, methods: o.methods, collected: o.collected })),
    risks: planRisks,
    items,
  };
}
