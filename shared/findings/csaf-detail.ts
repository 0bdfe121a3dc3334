import { z } from 'zod';
import { CVSS2_METRIC_FIELDS, CVSS3_METRIC_FIELDS, cvssFields, reconcileCvss, type CvssKind } from './cvss-json.js';
import { MAX_PRODUCTS, productSchema, type AffectedProduct } from './product.js';

/**
 * What a CSAF advisory says of a vulnerability beyond a finding's own fields (title, description,
 * CVE, CWE, CVSS vector, products): its notes, references, acknowledgments, other ids,
 * involvements, dates, remediations, threats, flags and every score, and the document-level parts
 * of the advisories it came from. Each part is kept in CSAF's own shape, checked here as CSAF 2.0's
 * schema checks it, so an export writes it back as it came and still validates. Parts that name
 * products name them by the product ids the finding's products keep (`csaf.id`); a product group is
 * written out as its products.
 */

const text = z.string().min(1).max(100_000);
/** An absolute URI, as JSON Schema's `uri` format takes it. */
const uri = z.string().max(10_000).regex(/^[A-Za-z][A-Za-z0-9+.-]*:[^\s"<>\\^`{|}]*$/, 'is not an absolute URI');
/** RFC 3339 date and time, as CSAF 2.0 writes dates. */
const dateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/i, 'is not a date and time (RFC 3339)');
const productIds = z.array(z.string().min(1).max(1000)).min(1).max(MAX_PRODUCTS);
const many = 100_000;

export const csafNoteSchema = z.strictObject({
  category: z.enum(['description', 'details', 'faq', 'general', 'legal_disclaimer', 'other', 'summary']),
  text,
  title: text.optional(),
  audience: text.optional(),
});
export const csafReferenceSchema = z.strictObject({ category: z.enum(['external', 'self']).optional(), summary: text, url: uri });
export const csafAcknowledgmentSchema = z
  .strictObject({ names: z.array(text).min(1).optional(), organization: text.optional(), summary: text.optional(), urls: z.array(uri).min(1).optional() })
  .refine((a) => Object.keys(a).length > 0, 'says nothing');
export const csafIdSchema = z.strictObject({ system_name: text, text });
export const csafInvolvementSchema = z.strictObject({
  party: z.enum(['coordinator', 'discoverer', 'other', 'user', 'vendor']),
  status: z.enum(['completed', 'contact_attempted', 'disputed', 'in_progress', 'not_contacted', 'open']),
  date: dateTime.optional(),
  summary: text.optional(),
});
export const csafRemediationSchema = z.strictObject({
  category: z.enum(['mitigation', 'no_fix_planned', 'none_available', 'vendor_fix', 'workaround']),
  details: text,
  date: dateTime.optional(),
  entitlements: z.array(text).min(1).optional(),
  restart_required: z
    .strictObject({ category: z.enum(['connected', 'dependencies', 'machine', 'none', 'parent', 'service', 'system', 'vulnerable_component', 'zone']), details: text.optional() })
    .optional(),
  url: uri.optional(),
  product_ids: productIds,
});
export const csafThreatSchema = z.strictObject({
  category: z.enum(['exploit_status', 'impact', 'target_set']),
  details: text,
  date: dateTime.optional(),
  product_ids: productIds.optional(),
});
export const csafFlagSchema = z.strictObject({
  label: z.enum(['component_not_present', 'inline_mitigations_already_exist', 'vulnerable_code_cannot_be_controlled_by_adversary', 'vulnerable_code_not_in_execute_path', 'vulnerable_code_not_present']),
  date: dateTime.optional(),
  product_ids: productIds,
});
const metric = z.string().min(1).max(100).optional();
const cvssScore = z.number().min(0).max(10).optional();
const cvssSeverity = z.enum(['NONE', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL']).optional();
const fieldsOf = <K extends string, T extends z.ZodType>(keys: readonly K[], type: T) => Object.fromEntries(keys.map((k) => [k, type])) as Record<K, T>;

/** A CVSS score object whose every field says what its vector says (CSAF's mandatory tests 6.1.9 and 6.1.10). */
function agreesWithVector(kind: CvssKind) {
  return (score: Readonly<Record<string, unknown>>, ctx: z.RefinementCtx) => {
    const expected = typeof score.vectorString === 'string' ? cvssFields(kind, score.vectorString) : undefined;
    if (!expected) {
      ctx.addIssue({ code: 'custom', path: ['vectorString'], message: 'This CVSS vector does not score.' });
      return;
    }
    for (const { field, given, now } of reconcileCvss(score, expected).replaced) ctx.addIssue({ code: 'custom', path: [field], message: `${field} is ${JSON.stringify(given)}, but the CVSS vector makes it ${JSON.stringify(now)}.` });
  };
}

/**
 * A score as the advisory gave it: every field of FIRST's CVSS JSON it held (metrics, base,
 * temporal and environmental scores and severities), each agreeing with the vector, so an export
 * writes it back as it came. Scores kept before held the vectors only; an export fills in the rest.
 */
export const csafScoreSchema = z
  .strictObject({
    products: productIds,
    cvss_v3: z
      .strictObject({
        version: z.enum(['3.0', '3.1']),
        vectorString: z.string().min(1).max(500),
        ...fieldsOf(CVSS3_METRIC_FIELDS, metric),
        ...fieldsOf(['baseScore', 'temporalScore', 'environmentalScore'], cvssScore),
        ...fieldsOf(['baseSeverity', 'temporalSeverity', 'environmentalSeverity'], cvssSeverity),
      })
      .superRefine(agreesWithVector('cvss_v3'))
      .optional(),
    cvss_v2: z
      .strictObject({
        version: z.literal('2.0'),
        vectorString: z.string().min(1).max(500),
        ...fieldsOf(CVSS2_METRIC_FIELDS, metric),
        ...fieldsOf(['baseScore', 'temporalScore', 'environmentalScore'], cvssScore),
      })
      .superRefine(agreesWithVector('cvss_v2'))
      .optional(),
  })
  .refine((s) => s.cvss_v2 !== undefined || s.cvss_v3 !== undefined, 'holds no CVSS vector');

export const CSAF_PUBLISHER_ROLES = ['coordinator', 'discoverer', 'other', 'translator', 'user', 'vendor'] as const;
export const csafPublisherSchema = z.strictObject({
  category: z.enum(CSAF_PUBLISHER_ROLES),
  name: text,
  namespace: uri,
  contact_details: text.optional(),
  issuing_authority: text.optional(),
});

export const csafTlpSchema = z.strictObject({ label: z.enum(['WHITE', 'GREEN', 'AMBER', 'RED']), url: uri.optional() });
export const csafAggregateSeveritySchema = z.strictObject({ text, namespace: uri.optional() });

/** The document-level parts of an advisory a finding came from. */
export const csafSourceSchema = z.strictObject({
  trackingId: z.string().min(1).max(1000),
  category: z.string().min(1).max(1000),
  title: text,
  publisher: csafPublisherSchema.nullable(),
  tlp: csafTlpSchema.nullable(),
  distributionText: text.nullable(),
  aggregateSeverity: csafAggregateSeveritySchema.nullable(),
  lang: z.string().min(1).max(100).nullable(),
  sourceLang: z.string().min(1).max(100).nullable(),
  /** The advisory's own tracking (version, status, dates, revision history), as it gave it: kept, not written into another advisory. */
  tracking: z.record(z.string(), z.json()),
  notes: z.array(csafNoteSchema).max(many),
  references: z.array(csafReferenceSchema).max(many),
  acknowledgments: z.array(csafAcknowledgmentSchema).max(many),
});

export type CsafNote = z.infer<typeof csafNoteSchema>;
export type CsafReference = z.infer<typeof csafReferenceSchema>;
export type CsafAcknowledgment = z.infer<typeof csafAcknowledgmentSchema>;
export type CsafRemediation = z.infer<typeof csafRemediationSchema>;
export type CsafThreat = z.infer<typeof csafThreatSchema>;
export type CsafFlag = z.infer<typeof csafFlagSchema>;
export type CsafScore = z.infer<typeof csafScoreSchema>;
export type CsafPublisher = z.infer<typeof csafPublisherSchema>;
export type CsafSource = z.infer<typeof csafSourceSchema>;

export const csafDetailSchema = z.object({
  notes: z.array(csafNoteSchema).max(many).default([]),
  references: z.array(csafReferenceSchema).max(many).default([]),
  acknowledgments: z.array(csafAcknowledgmentSchema).max(many).default([]),
  ids: z.array(csafIdSchema).max(many).default([]),
  involvements: z.array(csafInvolvementSchema).max(many).default([]),
  releaseDate: dateTime.nullable().default(null),
  discoveryDate: dateTime.nullable().default(null),
  remediations: z.array(csafRemediationSchema).max(many).default([]),
  threats: z.array(csafThreatSchema).max(many).default([]),
  flags: z.array(csafFlagSchema).max(many).default([]),
  scores: z.array(csafScoreSchema).max(many).default([]),
  /** Products a remediation, threat, flag or score names that the vulnerability gives no status. */
  otherProducts: z.array(productSchema).max(MAX_PRODUCTS).default([]),
  /** The advisories the finding came from, oldest first. */
  sources: z.array(csafSourceSchema).max(1000).default([]),
});

export interface CsafDetail {
  readonly notes: readonly CsafNote[];
  readonly references: readonly CsafReference[];
  readonly acknowledgments: readonly CsafAcknowledgment[];
  readonly ids: readonly z.infer<typeof csafIdSchema>[];
  readonly involvements: readonly z.infer<typeof csafInvolvementSchema>[];
  readonly releaseDate: string | null;
  readonly discoveryDate: string | null;
  readonly remediations: readonly CsafRemediation[];
  readonly threats: readonly CsafThreat[];
  readonly flags: readonly CsafFlag[];
  readonly scores: readonly CsafScore[];
  readonly otherProducts: readonly AffectedProduct[];
  readonly sources: readonly CsafSource[];
}

export function noCsafDetail(): CsafDetail {
  return { notes: [], references: [], acknowledgments: [], ids: [], involvements: [], releaseDate: null, discoveryDate: null, remediations: [], threats: [], flags: [], scores: [], otherProducts: [], sources: [] };
}

/** Whether a finding holds anything from an advisory beyond its own fields. */
export function hasCsafDetail(d: CsafDetail): boolean {
  return Object.values(d).some((v) => (Array.isArray(v) ? v.length > 0 : v !== null));
}

/** The product ids the parts of a detail name. */
export function productIdsNamed(d: CsafDetail): string[] {
  return [...d.remediations.flatMap((r) => r.product_ids), ...d.threats.flatMap((t) => t.product_ids ?? []), ...d.flags.flatMap((f) => f.product_ids), ...d.scores.flatMap((s) => s.products)];
}

/**
 * A finding's description from an advisory's notes: its description, summary and details notes, in
 * order, cut to the length a description may have. The export compares with it to tell whether a
 * reviewer has since edited the description.
 */
export function descriptionFromNotes(notes: readonly CsafNote[]): string {
  return notes
    .filter((n) => DESCRIBING_NOTES.has(n.category))
    .map((n) => n.text.trim())
    .filter((t) => t !== '')
    .join('\n\n')
    .slice(0, MAX_DESCRIPTION)
    .trim();
}

export const DESCRIBING_NOTES: ReadonlySet<string> = new Set(['description', 'summary', 'details']);
export const MAX_DESCRIPTION = 20_000;
