import { weaknesses } from '@secvisogram/csaf-validator-lib/cwe.js';
import { z } from 'zod';
import { markingSchema } from '../marking/marking-schema.js';
import { authoritySchema, type ClassificationAuthority } from '../marking/authority.js';
import { UNCLASSIFIED, type Marking } from '../marking/marking.js';
import { RISK_STATUSES } from '../plans/remediation-plan.js';
import { csafDetailSchema, noCsafDetail, productIdsNamed, type CsafDetail } from './csaf-detail.js';
import { scoreCvss, type CvssScore } from './cvss.js';
import { MAX_PRODUCTS, OTHER_STATUSES, identityKey, noOtherStatus, otherProductStatusSchema, productSchema, type AffectedProduct, type OtherProductStatus } from './product.js';

export type { AffectedProduct } from './product.js';

/**
 * What a reviewer finds in a covered model: a capability of concern, a gap in its safeguards, or
 * a vulnerability the model found in someone else's software. Software vulnerabilities go to the
 * clearinghouse as CSAF 2.0; the others leave as OSCAL risks.
 */
export const FINDING_TYPES = ['model-capability', 'safeguard-gap', 'software-vulnerability'] as const;
export type FindingType = (typeof FINDING_TYPES)[number];
export const FINDING_TYPE_LABELS: Readonly<Record<FindingType, string>> = {
  'model-capability': 'Model capability',
  'safeguard-gap': 'Safeguard gap',
  'software-vulnerability': 'Third-party software vulnerability',
};

/** FIRST's qualitative severity bands; a finding with a CVSS vector takes the band of its score. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'none'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** NIST SP 800-30's five-level scale for likelihood and impact. */
export const RISK_LEVELS = ['very-low', 'low', 'moderate', 'high', 'very-high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** A finding follows OSCAL's risk status, so it reads the same in the developer's plan. */
export const FINDING_STATUSES = RISK_STATUSES;
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** Why a finding is believed: runs and samples in this packet, or files with their hashes. */
export type Evidence =
  | { readonly kind: 'run'; readonly runId: string; readonly sampleId: string | null }
  | { readonly kind: 'file'; readonly fileName: string; readonly size: number; readonly sha256: string };

export interface FindingFields {
  readonly title: string;
  readonly description: string;
  readonly type: FindingType;
  /** Chosen by the reviewer, unless a CVSS vector gives it. */
  readonly severity: Severity;
  readonly cvssVector: string | null;
  /** e.g. CWE-1427; must be in the CWE catalogue CSAF validators check against. */
  readonly cwe: string | null;
  /** An existing CVE record this finding refers to; Frontier Review never assigns one. */
  readonly cveId: string | null;
  /** The products that have it (CSAF's known, first and last affected). */
  readonly affectedProducts: readonly AffectedProduct[];
  /** Products under CSAF's other statuses: fixed (first or not), recommended, not affected, under investigation. */
  readonly productStatus: OtherProductStatus;
  /** What the CSAF advisories it came from say beyond the fields above, kept for the export. */
  readonly csaf: CsafDetail;
  readonly evidence: readonly Evidence[];
  readonly status: FindingStatus;
  readonly likelihood: RiskLevel | null;
  readonly impact: RiskLevel | null;
  /** Items of the packet's remediation plan that answer this finding (poam-item UUIDs). */
  readonly planItemUuids: readonly string[];
  readonly marking: Marking;
  /** Its own classification authority block, where it is not its packet's (absent: the packet's). */
  readonly authority?: ClassificationAuthority | undefined;
}

export interface Finding extends FindingFields {
  readonly id: string;
  readonly packetId: string;
  /** The same issue reported twice has the same key, and is merged rather than doubled. */
  readonly dedupKey: string;
  /** The score of `cvssVector`, computed when the finding is saved. */
  readonly cvss: CvssScore | null;
  /** How many reports were merged into this finding, counting the first. */
  readonly reports: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revision: number;
}

const CWE_NAMES = new Map(weaknesses.map((w) => [w.id, w.name]));

/** The catalogue name of a CWE id, or undefined for an id the catalogue does not hold. */
export function cweName(id: string): string | undefined {
  return CWE_NAMES.get(id);
}

/** CVE ids as the CVE program and CSAF 2.0's schema write them. */
const CVE_PATTERN = /^CVE-[0-9]{4}-[0-9]{4,}$/;
const TEXT = 200;

const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .transform((v) => (v === '' ? null : v))
    .nullable();

const evidenceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('run'), runId: z.string().min(1), sampleId: optionalText(TEXT, 'A sample id is at most 200 characters.') }),
  z.object({
    kind: z.literal('file'),
    fileName: z.string().trim().min(1).max(1000),
    size: z.number().int().nonnegative(),
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'A file is identified by its SHA-256 in lowercase hex.'),
  }),
]);

export const findingFieldsSchema = z
  .object({
    title: z.string().trim().min(1, 'Give the finding a title.').max(TEXT, `A title is at most ${TEXT} characters.`),
    description: z.string().trim().min(1, 'Describe what was found and how.').max(20_000),
    type: z.enum(FINDING_TYPES, 'Choose what kind of finding this is.'),
    severity: z.enum(SEVERITIES, 'Choose a severity.'),
    cvssVector: optionalText(500, 'A CVSS vector is at most 500 characters.'),
    cwe: optionalText(20, 'Give a CWE id such as CWE-1427.').transform((v) => (v === null ? null : v.toUpperCase())),
    cveId: optionalText(30, 'Give a CVE id such as CVE-2026-12345.').transform((v) => (v === null ? null : v.toUpperCase())),
    affectedProducts: z.array(productSchema).max(MAX_PRODUCTS, `A finding lists at most ${MAX_PRODUCTS.toLocaleString('en-US')} products.`),
    // Absent from findings recorded (and bundled) before products had statuses and advisories their detail.
    productStatus: otherProductStatusSchema.prefault({}),
    csaf: csafDetailSchema.prefault({}),
    evidence: z.array(evidenceSchema).max(1000),
    status: z.enum(FINDING_STATUSES, 'Choose a status.'),
    likelihood: z.enum(RISK_LEVELS).nullable(),
    impact: z.enum(RISK_LEVELS).nullable(),
    planItemUuids: z.array(z.string()).max(1000),
    marking: markingSchema,
    authority: authoritySchema.optional(),
  })
  .superRefine((f, ctx) => {
    if (f.cvssVector !== null) {
      const scored = scoreCvss(f.cvssVector);
      if (!scored.ok) ctx.addIssue({ code: 'custom', path: ['cvssVector'], message: scored.message });
      else if (scored.score.severity.toLowerCase() !== f.severity) {
        ctx.addIssue({ code: 'custom', path: ['severity'], message: `The CVSS vector scores ${scored.score.baseScore} (${scored.score.severity}); the severity must say the same.` });
      }
    }
    if (f.cwe !== null && !/^CWE-[1-9][0-9]*$/.test(f.cwe)) ctx.addIssue({ code: 'custom', path: ['cwe'], message: 'Give a CWE id such as CWE-1427.' });
    else if (f.cwe !== null && !CWE_NAMES.has(f.cwe)) ctx.addIssue({ code: 'custom', path: ['cwe'], message: `${f.cwe} is not in the CWE catalogue (${CWE_NAMES.size} weaknesses) that CSAF validators check against.` });
    if (f.cveId !== null && !CVE_PATTERN.test(f.cveId)) ctx.addIssue({ code: 'custom', path: ['cveId'], message: 'A CVE id looks like CVE-2026-12345.' });
    const others = OTHER_STATUSES.flatMap((status) => f.productStatus[status]);
    if (f.type !== 'software-vulnerability') {
      if (f.cveId !== null) ctx.addIssue({ code: 'custom', path: ['cveId'], message: 'Only a third-party software vulnerability refers to a CVE.' });
      if (f.affectedProducts.length > 0 || others.length > 0) ctx.addIssue({ code: 'custom', path: ['affectedProducts'], message: 'Only a third-party software vulnerability lists affected products.' });
    } else if (f.affectedProducts.length === 0 && others.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['affectedProducts'], message: 'Name at least one affected product: the clearinghouse needs to know what to fix.' });
    }
    const problem = productReferenceProblem([...f.affectedProducts, ...others, ...f.csaf.otherProducts], productIdsNamed(f.csaf));
    if (problem !== undefined) ctx.addIssue({ code: 'custom', path: ['csaf'], message: problem });
  });

/**
 * What is wrong with the product ids a finding's advisory parts name: each must be the id of one
 * of its products, and an id must stand for one product only.
 */
function productReferenceProblem(products: readonly AffectedProduct[], named: readonly string[]): string | undefined {
  const byId = new Map<string, string>();
  for (const p of products) {
    if (!p.csaf) continue;
    const key = identityKey(p.csaf);
    const known = byId.get(p.csaf.id);
    if (known !== undefined && known !== key) return `The product id ${p.csaf.id} stands for two different products on this finding.`;
    byId.set(p.csaf.id, key);
  }
  const stray = named.find((id) => !byId.has(id));
  return stray === undefined ? undefined : `The advisory's detail names the product ${stray}, which this finding does not hold.`;
}

/**
 * The key that makes the same issue, reported twice, one finding: a CVE names a vulnerability
 * outright; otherwise the kind, the weakness, the title in any case and spacing, and (for
 * software) the products affected.
 */
export function dedupKeyOf(f: Pick<FindingFields, 'type' | 'cwe' | 'cveId' | 'title' | 'affectedProducts'>): string {
  if (f.cveId !== null) return `cve:${f.cveId}`;
  const folded = f.title.normalize('NFKC').toLowerCase();
  // A title of punctuation or symbols alone keeps them, so "???" and "!!!" stay apart.
  const title = folded.replace(/[^\p{L}\p{N}]+/gu, ' ').trim() || folded.replace(/\s+/g, ' ').trim();
  const products = [...new Set(f.affectedProducts.map((p) => JSON.stringify([p.vendor.toLowerCase(), p.product.toLowerCase()])))].sort();
  // JSON keeps the parts apart whatever they contain ("a/b" + "c" is not "a" + "b/c").
  return JSON.stringify([f.type, f.cwe, title, ...products]);
}

/** Statuses in which a finding needs nothing more: closed, or its risk accepted. */
export const SETTLED_STATUSES: ReadonlySet<string> = new Set(['closed', 'deviation-approved']);

export function blankFindingFields(): FindingFields {
  return {
    title: '',
    description: '',
    type: 'model-capability',
    severity: 'medium',
    cvssVector: null,
    cwe: null,
    cveId: null,
    affectedProducts: [],
    productStatus: noOtherStatus(),
    csaf: noCsafDetail(),
    evidence: [],
    status: 'open',
    likelihood: null,
    impact: null,
    planItemUuids: [],
    marking: UNCLASSIFIED,
  };
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { none: 0, low: 1, medium: 2, high: 3, critical: 4 };

export function compareSeverity(a: Severity, b: Severity): number {
  return SEVERITY_RANK[a] - SEVERITY_RANK[b];
}

/** Evidence identity, for merging two reports' evidence without doubles. */
export function evidenceKey(e: Evidence): string {
  return e.kind === 'run' ? `run:${e.runId}:${e.sampleId ?? ''}` : `file:${e.sha256}`;
}
