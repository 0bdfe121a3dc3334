import bcpLanguageTagChecker from '@secvisogram/csaf-validator-lib/lib/shared/bcpLanguageTagChecker.js';
import canonicalize from 'canonicalize';
import { z } from 'zod';
import { csafMarkings } from '../export/file-marking.js';
import { csafAcknowledgmentSchema, csafAggregateSeveritySchema, csafNoteSchema, csafPublisherSchema, csafReferenceSchema, csafTlpSchema, descriptionFromNotes, type CsafSource } from '../findings/csaf-detail.js';
import { scoreCvss } from '../findings/cvss.js';
import { dedupKeyOf, type Severity } from '../findings/finding.js';
import { allProducts, joinReports } from '../findings/join-reports.js';
import { MAX_PRODUCTS, identityKey, type CsafProduct } from '../findings/product.js';
import { droppedDuplicateKeys, jsonPointer, type Dropped } from '../import/dropped.js';
import { readJsonDocument } from '../json/json-document.js';
import { commingle, UNCLASSIFIED, type Marking } from '../marking/marking.js';
import { isObject, Leftovers, textOf, type JsonObject, type Segment } from './csaf-json.js';
import { readProductTree, type ProductTree } from './csaf-tree-read.js';
import { readVulnerability, statusOfProducts, type CsafFinding, type CsafProblem } from './csaf-vulnerability-read.js';

export type { CsafFinding, CsafProblem } from './csaf-vulnerability-read.js';

/**
 * Reads a CSAF 2.0 advisory (from the clearinghouse, a vendor, another agency; a VEX document too)
 * as findings, so nothing is retyped: one third-party software vulnerability per CSAF vulnerability,
 * with its CVE, CWE, every score, the products under every status, resolved through the whole
 * product tree, and the rest of what it says kept for the export (see `CsafDetail`). What is not
 * carried is said, never dropped in silence: `dropped` points at each such part of the file.
 */

/**
 * Sized for the largest vendor advisories: tens of thousands of products, each counted once however
 * often it is defined and under however many ids; and, so that aliases cannot make a file of any
 * size, ten times as many product ids.
 */
export const CSAF_LIMITS = { fileBytes: 128 * 1024 * 1024, products: MAX_PRODUCTS, productIds: 10 * MAX_PRODUCTS } as const;

export interface CsafReadCounts {
  readonly vulnerabilities: number;
  /** Distinct product ids the product tree defines (branch leaves, full product names, relationships). */
  readonly products: number;
  /** Distinct products: one product under several ids, or defined again, counts once. */
  readonly distinctProducts: number;
}

export type CsafRead =
  | {
      readonly ok: true;
      readonly trackingId: string;
      readonly title: string;
      /** The document-level parts of the advisory, which each finding keeps too. */
      readonly source: CsafSource;
      readonly findings: readonly CsafFinding[];
      /** Notes on what was read (a severity left for a reviewer to judge, a vulnerability listed twice). */
      readonly problems: readonly CsafProblem[];
      /** What the reader did not carry, each with a JSON pointer into the file and why. */
      readonly dropped: readonly Dropped[];
      readonly counts: CsafReadCounts;
      /** The marking the advisory gives itself (its distribution statement, its title's portion mark); unclassified if none. */
      readonly marking: Marking;
    }
  | { readonly ok: false; readonly message: string };

const text = z.string().min(1);
const coreSchema = z.object({
  document: z.object({
    category: text,
    csaf_version: z.literal('2.0', 'is not 2.0'),
    title: text,
    tracking: z.object({ id: text }),
  }),
});

const DOCUMENT_KEYS = ['acknowledgments', 'aggregate_severity', 'category', 'csaf_version', 'distribution', 'lang', 'notes', 'publisher', 'references', 'source_lang', 'title', 'tracking'];

export function readCsaf(fileName: string, bytes: Uint8Array): CsafRead {
  const refuse = (message: string): CsafRead => ({ ok: false, message: `${fileName}: ${message}` });
  const read = readJsonDocument(bytes, CSAF_LIMITS.fileBytes, 'CSAF advisories');
  if (!read.ok) return refuse(read.message);
  const document = read.value;
  if (!isObject(document)) return refuse('it is not a CSAF advisory (not a JSON object).');
  if (!('document' in document)) {
    if ('plan-of-action-and-milestones' in document) return refuse('it is an OSCAL plan of action and milestones, not a CSAF advisory; import it on the Plans tab.');
    return refuse('it is not a CSAF advisory (no "document" at its top).');
  }
  const parsed = coreSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '') ?? '';
    if (where === 'document.csaf_version') return refuse('only CSAF 2.0 advisories are read.');
    const given = issue?.path.reduce<unknown>((at, key) => (isObject(at) ? at[String(key)] : undefined), document);
    if (issue?.code === 'invalid_type' && given === undefined) return refuse(`${where} is missing, and CSAF requires it.`);
    return refuse(`${where === '' ? 'the advisory' : where} ${issue?.message.replace(/^Invalid input: /, '') ?? 'is not valid'}.`);
  }
  const left = new Leftovers();
  // A key given twice keeps its last value only; the first is said to be left out.
  left.dropped.push(...droppedDuplicateKeys(new TextDecoder().decode(bytes)));
  const problems: CsafProblem[] = [];
  left.unknownKeys(document, ['document', 'product_tree', 'vulnerabilities'], [], 'The advisory');
  const source = readSource(document.document as JsonObject, left);
  const tree = readProductTree(document.product_tree, left, CSAF_LIMITS.productIds);
  if (tree.defined > CSAF_LIMITS.productIds) return refuse(`it defines ${tree.defined.toLocaleString('en-US')} product ids; up to ${CSAF_LIMITS.productIds.toLocaleString('en-US')} are read.`);
  if (tree.distinct > CSAF_LIMITS.products) return refuse(`it defines ${tree.distinct.toLocaleString('en-US')} distinct products; up to ${CSAF_LIMITS.products.toLocaleString('en-US')} are read.`);
  const vulnerabilities: unknown = document.vulnerabilities;
  if (vulnerabilities !== undefined && !Array.isArray(vulnerabilities)) return refuse('its vulnerabilities are not a list.');
  const list: readonly unknown[] = vulnerabilities ?? [];
  const onlyTitle = list.length === 1 ? parsed.data.document.title : undefined;
  const note = (at: readonly Segment[], message: string) => problems.push({ where: jsonPointer(at), message });
  const read1 = list.map((v, i) => ({ i, finding: readVulnerability(v, i, { tree, source, left, note, onlyTitle }) }));
  // The same issue listed twice in one advisory is one finding, with everything both entries say.
  const byKey = new Map<string, CsafFinding>();
  for (const { i, finding } of read1) {
    if (!finding) continue;
    const key = dedupKeyOf(finding);
    const twin = byKey.get(key);
    if (twin) note(['vulnerabilities', i], `"${finding.title}" is listed more than once; it was read as one finding.`);
    byKey.set(key, twin ? joinTwin(twin, finding) : finding);
  }
  const findings = [...byKey.values()];
  if (findings.length === 0) return refuse('it holds no vulnerability that gives a product of its product tree a status, so there is nothing to import.');
  productsNotCarried(tree, findings, left);
  // What the findings would hold: CUI the advisory names beside its classification stays on it.
  const marking = commingle([UNCLASSIFIED, ...csafMarkings(document).map((c) => c.parsed.marking)]);
  return {
    ok: true,
    trackingId: source.trackingId,
    title: source.title,
    source,
    findings,
    problems,
    dropped: left.dropped,
    counts: { vulnerabilities: list.length, products: tree.defined, distinctProducts: tree.distinct },
    marking,
  };
}

/** The document-level parts of the advisory, each checked as CSAF 2.0 checks it. */
function readSource(doc: JsonObject, left: Leftovers): CsafSource {
  const at: Segment[] = ['document'];
  left.unknownKeys(doc, DOCUMENT_KEYS, at, 'The document');
  const tracking = doc.tracking as JsonObject;
  const distribution = doc.distribution;
  if (distribution !== undefined && !isObject(distribution)) left.drop([...at, 'distribution'], 'The distribution is not an object, so it is not kept.');
  const dist = isObject(distribution) ? distribution : {};
  if (isObject(distribution)) left.unknownKeys(distribution, ['text', 'tlp'], [...at, 'distribution'], 'The distribution');
  const tlp = dist.tlp === undefined ? null : (left.one(dist.tlp, csafTlpSchema, [...at, 'distribution', 'tlp'], 'The TLP label') ?? null);
  const severity = doc.aggregate_severity === undefined ? null : (left.one(doc.aggregate_severity, csafAggregateSeveritySchema, [...at, 'aggregate_severity'], 'The aggregate severity') ?? null);
  const lang = (key: 'lang' | 'source_lang') => {
    const value = doc[key];
    if (value === undefined) return null;
    // Checked as CSAF's mandatory test 6.1.12 checks it, since an export may write it back.
    if (typeof value === 'string' && /^[A-Za-z0-9-]{1,100}$/.test(value) && bcpLanguageTagChecker(value)) return value;
    left.drop([...at, key], 'This language is not a language tag of registered subtags (BCP 47), so it is not kept.');
    return null;
  };
  const json = z.record(z.string(), z.json()).safeParse(tracking);
  return {
    trackingId: String(tracking.id),
    category: String(doc.category),
    title: String(doc.title),
    publisher: doc.publisher === undefined ? null : (left.one(doc.publisher, csafPublisherSchema, [...at, 'publisher'], 'The publisher') ?? null),
    tlp: tlp === null ? null : { label: tlp.label, ...(tlp.url === undefined ? {} : { url: tlp.url }) },
    distributionText: textOf(dist.text)?.slice(0, 100_000) ?? null,
    aggregateSeverity: severity === null ? null : { text: severity.text, ...(severity.namespace === undefined ? {} : { namespace: severity.namespace }) },
    lang: lang('lang'),
    sourceLang: lang('source_lang'),
    tracking: json.success ? json.data : { id: String(tracking.id) },
    notes: left.items(doc.notes, csafNoteSchema, [...at, 'notes'], 'A note'),
    references: left.items(doc.references, csafReferenceSchema, [...at, 'references'], 'A reference'),
    acknowledgments: left.items(doc.acknowledgments, csafAcknowledgmentSchema, [...at, 'acknowledgments'], 'An acknowledgment'),
  };
}

/**
 * The products of the tree no finding holds, each definition listed as left out: findings hold the
 * products their vulnerability gives a status or names (and the products those are built from), and
 * an export writes those. So is a second definition of a product kept whose identification helper
 * differs from the one kept.
 */
function productsNotCarried(tree: ProductTree, findings: readonly CsafFinding[], left: Leftovers): void {
  const carried = new Set<string>();
  const carry = (p: CsafProduct): void => {
    const key = identityKey(p);
    if (carried.has(key)) return;
    carried.add(key);
    if (p.relationship) {
      carry(p.relationship.product);
      carry(p.relationship.relatesTo);
    }
  };
  for (const f of findings) for (const p of allProducts(f)) if (p.csaf) carry(p.csaf);
  for (const { where, product } of tree.sites) {
    const kept = tree.byId.get(product.id);
    if (!carried.has(identityKey(product))) {
      left.drop(where, `No vulnerability gives "${product.name}" a status or names it, so no finding holds it and an export does not list it.`);
    } else if (kept && product.helper !== null && canonicalize(product.helper) !== canonicalize(kept.helper)) {
      const at = product.relationship ? [...where, 'full_product_name'] : where;
      left.drop([...at, 'product_identification_helper'], `"${product.name}" is defined again, as product ${kept.id}, whose first identification helper is kept; this one differs and is not.`);
    }
  }
}

/** Two entries of one advisory about the same issue, as one finding. */
function joinTwin(first: CsafFinding, second: CsafFinding): CsafFinding {
  const joined = joinReports(first, second);
  const vector = first.cvssVector ?? second.cvssVector;
  const scored = vector === null ? undefined : scoreCvss(vector);
  return {
    ...first,
    ...joined,
    description: descriptionFromNotes(joined.csaf.notes) || first.description,
    cvssVector: vector,
    severity: scored?.ok ? (scored.score.severity.toLowerCase() as Severity) : first.severity,
    cwe: first.cwe ?? second.cwe,
    status: statusOfProducts(joined),
  };
}
