import { droppedDuplicateKeys, jsonPointer, type Dropped } from '../import/dropped.js';
import { readJsonDocument } from '../json/json-document.js';
import { nameBasedUuid } from './name-based-uuid.js';
import { poamOf, type OscalPoam, type OscalProp, type PoamDocument } from './poam-document.js';
import { describeSchemaIssue, POAM_ROOT, poamSchemaIssue } from './poam-schema.js';
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
 * Reads an OSCAL Plan of Action and Milestones (JSON, OSCAL 1.0.0 to 1.1.x): the document whole,
 * as it came, and the plan the app shows from it. Whatever NIST's POA&M schema accepts is read;
 * what it refuses is refused whole, naming the file and the field. So is what the app cannot tell
 * apart (two risks, items or milestones with one UUID). A reference that points at the wrong thing
 * (a poam-item whose "risk" is a mitigating factor, as in NIST's own example) stays in the
 * document, is not followed, and is reported on the plan. Nothing is dropped: the document keeps
 * every field, and anything the reader could not carry (a key the file gives twice, whose first
 * value JSON drops) is listed in `dropped`.
 */

export const POAM_LIMITS = { fileBytes: 32 * 1024 * 1024 } as const;

/** OSCAL versions this reader knows: the 1.0 and 1.1 lines. */
const SUPPORTED_OSCAL_VERSION = /^1\.[01]\.\d+$/;

/** How much of each kind the file holds, counted from the file itself. */
export interface PoamCounts {
  readonly 'poam-items': number;
  readonly risks: number;
  readonly observations: number;
  /** Every risk's remediations. */
  readonly remediations: number;
  /** Remediations' tasks of type `milestone`. */
  readonly milestones: number;
  /** The POA&M's own `findings`. */
  readonly findings: number;
}

export interface PoamReadOk {
  readonly ok: true;
  readonly plan: RemediationPlanContent;
  /** References the app cannot follow; they stay in the document. */
  readonly problems: readonly PlanProblem[];
  readonly dropped: readonly Dropped[];
  readonly counts: PoamCounts;
  /** The file's JSON, every field as it came. */
  readonly document: PoamDocument;
}

export type PoamRead = PoamReadOk | { readonly ok: false; readonly message: string };

const OTHER_OSCAL_MODELS = ['catalog', 'profile', 'component-definition', 'system-security-plan', 'assessment-plan', 'assessment-results', 'mapping-collection'];

export async function readPoam(fileName: string, bytes: Uint8Array): Promise<PoamRead> {
  const refuse = (message: string): PoamRead => ({ ok: false, message: `${fileName}: ${message}` });
  const read = readJsonDocument(bytes, POAM_LIMITS.fileBytes, 'plans of action and milestones');
  if (!read.ok) return refuse(read.message === 'it is not UTF-8 text, so not JSON.' ? 'it is not UTF-8 text, so not OSCAL JSON.' : read.message);
  const value = read.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return refuse('it is not an OSCAL document (not a JSON object).');
  const root = (value as Record<string, unknown>)[POAM_ROOT];
  if (root === undefined) {
    const other = OTHER_OSCAL_MODELS.find((model) => model in value);
    if (other) return refuse(`it is an OSCAL ${other.replaceAll('-', ' ')}, not a plan of action and milestones.`);
    if ('document' in value && typeof value.document === 'object') return refuse('it looks like a CSAF advisory, not an OSCAL plan of action and milestones.');
    return refuse(`it is not an OSCAL plan of action and milestones (no "${POAM_ROOT}" at its top).`);
  }
  const metadata = typeof root === 'object' && root !== null && 'metadata' in root ? root.metadata : undefined;
  const version = typeof metadata === 'object' && metadata !== null && 'oscal-version' in metadata ? metadata['oscal-version'] : undefined;
  if (typeof version === 'string' && !SUPPORTED_OSCAL_VERSION.test(version)) return refuse(`it uses OSCAL version ${version}; versions 1.0.0 to 1.1.x are read.`);
  let issue;
  try {
    issue = poamSchemaIssue(value);
  } catch (e) {
    if (e instanceof RangeError) return refuse('it is nested too deeply to read.');
    throw e;
  }
  if (issue) return refuse(describeSchemaIssue(issue));
  const document = value as PoamDocument;
  const poam = poamOf(document);
  const itemUuids = await itemUuidsOf(poam);
  const duplicate = duplicateUuid(poam, itemUuids);
  if (duplicate) return refuse(duplicate);
  const dropped: Dropped[] = droppedDuplicateKeys(new TextDecoder().decode(bytes));
  const problems: PlanProblem[] = [];
  return { ok: true, plan: toPlan(poam, problems, itemUuids), problems, dropped, counts: countsOf(poam), document };
}

/**
 * OSCAL 1.0 let an item go without a UUID: it gets one derived from the plan's UUID and its title
 * (and, for a second item of the same title, its place among them), so every import of the same
 * plan names it the same way and versions compare.
 */
function itemUuidsOf(poam: OscalPoam): Promise<string[]> {
  const seen = new Map<string, number>();
  return Promise.all(
    poam['poam-items'].map((item) => {
      if (item.uuid !== undefined) return Promise.resolve(item.uuid);
      const n = (seen.get(item.title) ?? 0) + 1;
      seen.set(item.title, n);
      return nameBasedUuid(n === 1 ? `${poam.uuid}/${item.title}` : `${poam.uuid}/${item.title}/${n}`);
    }),
  );
}

/**
 * The app tells risks, items, remediations, milestones and the rest apart by their UUIDs (to
 * edit them, and to compare versions), so within each kind a UUID must name one thing.
 */
function duplicateUuid(poam: OscalPoam, itemUuids: readonly string[]): string | null {
  const risks = poam.risks ?? [];
  const kinds: [string, string][][] = [
    (poam.observations ?? []).map((o, i) => [o.uuid, `observations[${i}]`]),
    risks.map((r, i) => [r.uuid, `risks[${i}]`]),
    risks.flatMap((r, i) => (r['mitigating-factors'] ?? []).map((m, j): [string, string] => [m.uuid, `risks[${i}].mitigating-factors[${j}]`])),
    risks.flatMap((r, i) => (r.remediations ?? []).map((m, j): [string, string] => [m.uuid, `risks[${i}].remediations[${j}]`])),
    risks.flatMap((r, i) => (r.remediations ?? []).flatMap((m, j) => (m.tasks ?? []).map((t, k): [string, string] => [t.uuid, `risks[${i}].remediations[${j}].tasks[${k}]`]))),
    risks.flatMap((r, i) => (r['risk-log']?.entries ?? []).map((e, j): [string, string] => [e.uuid, `risks[${i}].risk-log.entries[${j}]`])),
    itemUuids.map((id, i) => [id, `poam-items[${i}]`]),
  ];
  for (const kind of kinds) {
    const seen = new Map<string, string>();
    for (const [id, where] of kind) {
      const earlier = seen.get(id.toLowerCase());
      if (earlier) return `the UUID ${id} is used twice, by ${earlier} and by ${where}; each must name one thing.`;
      seen.set(id.toLowerCase(), where);
    }
  }
  return null;
}

function countsOf(poam: OscalPoam): PoamCounts {
  const remediations = (poam.risks ?? []).flatMap((r) => r.remediations ?? []);
  return {
    'poam-items': poam['poam-items'].length,
    risks: poam.risks?.length ?? 0,
    observations: poam.observations?.length ?? 0,
    remediations: remediations.length,
    milestones: remediations.flatMap((m) => m.tasks ?? []).filter((t) => t.type === 'milestone').length,
    findings: poam.findings?.length ?? 0,
  };
}

function toPlan(poam: OscalPoam, problems: PlanProblem[], itemUuids: readonly string[]): RemediationPlanContent {
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

  /** The links of a risk or item the app can follow; each one it cannot is reported, and stays in the document. */
  const follow = (owner: string, at: readonly (string | number)[], kind: 'risk' | 'observation', ids: readonly string[], valid: ReadonlyMap<string, string>) =>
    ids.flatMap((id, index) => {
      const canonical = valid.get(id.toLowerCase());
      if (canonical !== undefined) return [canonical];
      const actually = named.get(id.toLowerCase());
      const key = kind === 'risk' ? 'related-risks' : 'related-observations';
      problems.push({
        where: jsonPointer([POAM_ROOT, ...at, key, index, `${kind}-uuid`]),
        message: `${owner} refers to ${kind} ${id}, which is ${actually ?? 'nothing in this plan'}, not ${kind === 'risk' ? 'a risk' : 'an observation'}. The link stays in the plan and its exports, but is not followed here.`,
      });
      return [];
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
      relatedObservations: follow(`Risk "${r.title}"`, ['risks', i], 'observation', (r['related-observations'] ?? []).map((o) => o['observation-uuid']), observationIds),
    };
  });

  const items: PlanItem[] = poam['poam-items'].map((p, i) => ({
    uuid: itemUuids[i] ?? p.title,
    title: p.title,
    description: p.description,
    owner: ownerOf(p.props),
    relatedObservations: follow(`Item "${p.title}"`, ['poam-items', i], 'observation', (p['related-observations'] ?? []).map((o) => o['observation-uuid']), observationIds),
    relatedRisks: follow(`Item "${p.title}"`, ['poam-items', i], 'risk', (p['related-risks'] ?? []).map((r) => r['risk-uuid']), riskIds),
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

export function ownerOf(props: readonly OscalProp[] | undefined): string | null {
  return props?.find((p) => p.name === OWNER_PROP.name && p.ns === OWNER_PROP.ns)?.value ?? null;
}
