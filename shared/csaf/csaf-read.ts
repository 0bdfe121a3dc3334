import { z } from 'zod';
import { scoreCvss } from '../findings/cvss.js';
import { blankFindingFields, cweName, type AffectedProduct, type FindingFields, type Severity } from '../findings/finding.js';
import { readJsonDocument } from '../json/json-document.js';

/**
 * Reads a CSAF 2.0 advisory (from the clearinghouse, a vendor or another agency) as findings, so
 * nothing is retyped: one third-party software vulnerability per CSAF vulnerability, with its CVE,
 * CWE, CVSS 3.1 vector and the products it affects. What cannot come across is named as a problem
 * on the import rather than dropped in silence.
 */

export const CSAF_LIMITS = { fileBytes: 32 * 1024 * 1024 } as const;

export interface CsafProblem {
  readonly where: string;
  readonly message: string;
}

/** Each finding without its marking and evidence, which the importer gives. */
export type CsafFinding = Omit<FindingFields, 'marking' | 'evidence'>;

export type CsafRead =
  | { readonly ok: true; readonly trackingId: string; readonly title: string; readonly findings: readonly CsafFinding[]; readonly problems: readonly CsafProblem[] }
  | { readonly ok: false; readonly message: string };

const text = z.string().min(1);
const productId = z.string().min(1);

interface Branch {
  readonly category: string;
  readonly name: string;
  readonly product?: { readonly product_id: string; readonly name: string } | undefined;
  readonly branches?: readonly Branch[] | undefined;
}
const branchSchema: z.ZodType<Branch> = z.lazy(() =>
  z.object({
    category: text,
    name: text,
    product: z.object({ product_id: productId, name: text }).optional(),
    branches: z.array(branchSchema).optional(),
  }),
);

const csafSchema = z.object({
  document: z.object({
    category: text,
    csaf_version: z.literal('2.0', 'is not 2.0'),
    title: text,
    tracking: z.object({ id: text }),
  }),
  product_tree: z
    .object({
      branches: z.array(branchSchema).optional(),
      full_product_names: z.array(z.object({ product_id: productId, name: text })).optional(),
      relationships: z
        .array(z.object({ category: text, product_reference: productId, relates_to_product_reference: productId, full_product_name: z.object({ product_id: productId, name: text }) }))
        .optional(),
    })
    .optional(),
  vulnerabilities: z
    .array(
      z.object({
        title: z.string().optional(),
        cve: z.string().optional(),
        cwe: z.object({ id: z.string(), name: z.string() }).optional(),
        notes: z.array(z.object({ category: text, text: z.string(), title: z.string().optional() })).optional(),
        product_status: z.record(z.string(), z.array(productId)).optional(),
        scores: z.array(z.object({ cvss_v3: z.object({ version: z.string(), vectorString: z.string() }).optional() })).optional(),
      }),
    )
    .optional(),
});

/** The product statuses that mean a product has the vulnerability. */
const AFFECTED = ['known_affected', 'first_affected', 'last_affected'] as const;

export function readCsaf(fileName: string, bytes: Uint8Array): CsafRead {
  const refuse = (message: string): CsafRead => ({ ok: false, message: `${fileName}: ${message}` });
  const read = readJsonDocument(bytes, CSAF_LIMITS.fileBytes, 'CSAF advisories');
  if (!read.ok) return refuse(read.message);
  const document = read.value;
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return refuse('it is not a CSAF advisory (not a JSON object).');
  if (!('document' in document)) {
    if ('plan-of-action-and-milestones' in document) return refuse('it is an OSCAL plan of action and milestones, not a CSAF advisory; import it on the Plans tab.');
    return refuse('it is not a CSAF advisory (no "document" at its top).');
  }
  const parsed = csafSchema.safeParse(document);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.map((key) => (typeof key === 'number' ? `[${key}]` : `.${String(key)}`)).join('').replace(/^\./, '') ?? '';
    if (where === 'document.csaf_version') return refuse('only CSAF 2.0 advisories are read.');
    return refuse(`${where === '' ? 'the advisory' : where} ${issue?.message.replace(/^Invalid input: /, '') ?? 'is not valid'}.`);
  }
  const advisory = parsed.data;
  const problems: CsafProblem[] = [];
  const products = productsById(advisory.product_tree?.branches ?? [], advisory.product_tree?.full_product_names ?? [], advisory.product_tree?.relationships ?? []);
  const findings: CsafFinding[] = [];
  (advisory.vulnerabilities ?? []).forEach((v, i) => {
    const where = `vulnerabilities[${i}]`;
    // An advisory about one vulnerability is usually titled for it.
    const only = advisory.vulnerabilities?.length === 1 ? advisory.document.title : undefined;
    const cveText = v.cve?.trim().toUpperCase();
    const cve = cveText !== undefined && /^CVE-[0-9]{4}-[0-9]{4,}$/.test(cveText) ? cveText : null;
    const title = [v.title, only, cve ?? v.cve].map((t) => t?.trim() ?? '').find((t) => t !== '') ?? `Vulnerability ${i + 1} of ${advisory.document.tracking.id}`;
    const ids = [...new Set(AFFECTED.flatMap((status) => v.product_status?.[status] ?? []))];
    const affected = ids.map((id) => products.get(id)).filter((p): p is AffectedProduct => p !== undefined);
    if (ids.length > affected.length) problems.push({ where, message: `${ids.length - affected.length} affected product id(s) of "${title}" are not in the product tree and were left out.` });
    if (affected.length === 0) {
      problems.push({ where, message: `"${title}" names no affected product, so it was not imported.` });
      return;
    }
    const vector = v.scores?.find((s) => s.cvss_v3?.version === '3.1')?.cvss_v3?.vectorString;
    const scored = vector === undefined ? undefined : scoreCvss(vector);
    if (scored && !scored.ok) problems.push({ where, message: `The CVSS vector of "${title}" was left out (${scored.message}); its severity is set to medium for a reviewer to judge.` });
    if (vector === undefined && v.scores?.some((s) => s.cvss_v3 !== undefined)) problems.push({ where, message: `"${title}" has only a CVSS 3.0 score, which is not kept; score it again as 3.1.` });
    const cwe = v.cwe?.id !== undefined && cweName(v.cwe.id) !== undefined ? v.cwe.id : null;
    if (v.cwe && cwe === null) problems.push({ where, message: `${v.cwe.id} of "${title}" is not in the CWE catalogue and was left out.` });
    if (cveText !== undefined && cve === null) problems.push({ where, message: `"${v.cve ?? ''}" of "${title}" is not a CVE id and was left out.` });
    const notes = (v.notes ?? []).filter((n) => ['description', 'summary', 'details'].includes(n.category)).map((n) => n.text.trim());
    const severity: Severity = scored?.ok ? (scored.score.severity.toLowerCase() as Severity) : 'medium';
    if (scored === undefined) problems.push({ where, message: `"${title}" has no CVSS 3.1 score; its severity is set to medium for a reviewer to judge.` });
    findings.push({
      ...blankFindingFields(),
      title: title.slice(0, 200),
      description: notes.join('\n\n') || title,
      type: 'software-vulnerability',
      severity,
      cvssVector: scored?.ok ? scored.score.vector : null,
      cwe,
      cveId: cve,
      affectedProducts: affected,
    });
  });
  if (findings.length === 0) return refuse('it holds no vulnerability with an affected product, so there is nothing to import.');
  return { ok: true, trackingId: advisory.document.tracking.id, title: advisory.document.title, findings, problems };
}

interface Relationship {
  readonly product_reference: string;
  readonly full_product_name: { readonly product_id: string; readonly name: string };
}

/**
 * Product ids to vendor, product and version: from the branches above each product, then the
 * products named alone, then relationships (a component installed on a platform), which take the
 * vendor, product and version of their component.
 */
function productsById(branches: readonly Branch[], fullNames: readonly { readonly product_id: string; readonly name: string }[], relationships: readonly Relationship[]): Map<string, AffectedProduct> {
  const found = new Map<string, AffectedProduct>();
  const walk = (list: readonly Branch[], path: { vendor?: string; product?: string; version?: string }) => {
    for (const b of list) {
      const here = {
        ...path,
        ...(b.category === 'vendor' ? { vendor: b.name } : {}),
        ...(b.category === 'product_name' ? { product: b.name } : {}),
        ...(b.category === 'product_version' || b.category === 'product_version_range' ? { version: b.name } : {}),
      };
      if (b.product) found.set(b.product.product_id, { vendor: here.vendor ?? 'Vendor not named', product: here.product ?? b.product.name, version: here.version ?? 'all versions' });
      if (b.branches) walk(b.branches, here);
    }
  };
  walk(branches, {});
  for (const p of fullNames) if (!found.has(p.product_id)) found.set(p.product_id, { vendor: 'Vendor not named', product: p.name, version: 'all versions' });
  for (const r of relationships) {
    const id = r.full_product_name.product_id;
    if (!found.has(id)) found.set(id, found.get(r.product_reference) ?? { vendor: 'Vendor not named', product: r.full_product_name.name, version: 'all versions' });
  }
  return found;
}
