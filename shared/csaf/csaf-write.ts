import { cweName, type AffectedProduct, type Finding } from '../findings/finding.js';
import { bannerText, type Marking } from '../marking/marking.js';

/**
 * Third-party software vulnerabilities as a CSAF 2.0 security advisory, the format the AI
 * cybersecurity clearinghouse and vendors' PSIRTs read. Only what a finding records goes in; the
 * output passes CSAF 2.0's strict schema and mandatory tests (checked in this folder's tests with
 * the BSI's validator).
 */

/** TLP 1.0 labels, the ones CSAF 2.0 allows. */
export const CSAF_TLP_LABELS = ['WHITE', 'GREEN', 'AMBER', 'RED'] as const;
export type CsafTlpLabel = (typeof CSAF_TLP_LABELS)[number];

export const CSAF_PUBLISHER_CATEGORIES = ['discoverer', 'coordinator', 'other'] as const;
export type CsafPublisherCategory = (typeof CSAF_PUBLISHER_CATEGORIES)[number];

export interface CsafExportRequest {
  readonly title: string;
  /** Unique per publisher; see `csafTrackingId`. */
  readonly trackingId: string;
  readonly publisher: { readonly name: string; readonly namespace: string; readonly category: CsafPublisherCategory };
  readonly tlp: CsafTlpLabel;
  /** The marking of what the document holds; its banner is the distribution statement. */
  readonly marking: Marking;
  readonly summary: string;
  readonly findings: readonly Finding[];
  readonly now: Date;
  readonly generator: { readonly name: string; readonly version: string };
}

/** The CSAF 2.0 document, as plain JSON-ready data. */
export type CsafDocument = Readonly<Record<string, unknown>>;

/** A tracking id no other export from this workstation shares: prefix, packet and second. */
export function csafTrackingId(packetId: string, now: Date): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').slice(0, 15);
  return `FR-${packetId.slice(0, 8).toUpperCase()}-${stamp}`;
}

/** What makes a request unfit to export, in words; undefined when it is fit. */
export function csafRequestProblem(request: CsafExportRequest): string | undefined {
  if (!request.findings.some((f) => f.type === 'software-vulnerability')) return 'A CSAF advisory needs at least one third-party software vulnerability.';
  if ([request.title, request.summary, request.publisher.name].some((text) => text.trim() === '')) return 'Give the publisher, a title and a summary.';
  if (!isWebAddress(request.publisher.namespace)) return 'The publisher namespace is the publisher’s web address, e.g. https://www.cisa.gov.';
  const controlled = request.marking.level !== 'UNCLASSIFIED' || request.marking.dissemination.length > 0;
  if (request.tlp === 'WHITE' && controlled) return `TLP:WHITE puts no limit on disclosure, but the advisory holds ${bannerText(request.marking)} information; choose GREEN, AMBER or RED.`;
  return undefined;
}

/** An http(s) address with a host name, and nothing a URI may not hold (spaces, quotes, brackets). */
function isWebAddress(text: string): boolean {
  return /^https?:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::\d{1,5})?(?:[/?#][\x21\x23-\x3b\x3d\x3f-\x5a\x5f\x61-\x7a\x7e]*)?$/.test(text);
}

export function writeCsaf(request: CsafExportRequest): CsafDocument {
  const problem = csafRequestProblem(request);
  if (problem !== undefined) throw new Error(problem);
  const vulnerable = request.findings.filter((f) => f.type === 'software-vulnerability');
  const at = request.now.toISOString();
  const products = productTree(vulnerable.flatMap((f) => f.affectedProducts));
  return {
    document: {
      category: 'csaf_security_advisory',
      csaf_version: '2.0',
      title: request.title,
      lang: 'en-US',
      publisher: { ...request.publisher },
      distribution: { text: bannerText(request.marking), tlp: { label: request.tlp, url: 'https://www.first.org/tlp/' } },
      notes: [{ category: 'summary', title: 'Summary', text: request.summary }],
      tracking: {
        id: request.trackingId,
        status: 'final',
        version: '1',
        initial_release_date: at,
        current_release_date: at,
        revision_history: [{ number: '1', date: at, summary: 'Initial version.' }],
        generator: { date: at, engine: { ...request.generator } },
      },
    },
    product_tree: { branches: products.branches },
    vulnerabilities: vulnerable.map((f) => vulnerability(f, products.idOf)),
  };
}

function vulnerability(f: Finding, idOf: (p: AffectedProduct) => string): Readonly<Record<string, unknown>> {
  const productIds = [...new Set(f.affectedProducts.map(idOf))];
  const name = f.cwe === null ? undefined : cweName(f.cwe);
  const notes: Record<string, string>[] = [{ category: 'description', title: 'Vulnerability description', text: f.description }];
  // CSAF 2.0 has no place for CVSS 4.0 scores (2.1 adds one), so a 4.0 vector travels as a note.
  if (f.cvss?.version === '4.0') notes.push({ category: 'other', title: 'CVSS v4.0', text: `${f.cvss.vector} (base score ${f.cvss.baseScore}, ${f.cvss.severity})` });
  return {
    title: f.title,
    ...(f.cveId === null ? {} : { cve: f.cveId }),
    ...(f.cwe === null || name === undefined ? {} : { cwe: { id: f.cwe, name } }),
    ids: [{ system_name: 'Frontier Review finding', text: f.id }],
    discovery_date: f.createdAt,
    notes,
    product_status: { known_affected: productIds },
    ...(f.cvss?.version === '3.1'
      ? {
          scores: [
            {
              products: productIds,
              cvss_v3: { version: '3.1', vectorString: f.cvss.vector, baseScore: f.cvss.baseScore, baseSeverity: f.cvss.severity.toUpperCase() },
            },
          ],
        }
      : {}),
    threats: [{ category: 'impact', details: `Severity ${f.severity}; status in review: ${f.status}.`, product_ids: productIds }],
  };
}

interface Branch {
  readonly category: 'vendor' | 'product_name' | 'product_version' | 'product_version_range';
  readonly name: string;
  readonly branches?: Branch[];
  readonly product?: { readonly name: string; readonly product_id: string };
}

/**
 * Vendor, product and version branches, each affected version a product with its own id. Names
 * that differ only in case are one vendor, product or version (as for deduplication), named as
 * first written.
 */
function productTree(products: readonly AffectedProduct[]): { readonly branches: Branch[]; idOf: (p: AffectedProduct) => string } {
  interface Group<T> {
    readonly name: string;
    readonly members: Map<string, T>;
  }
  const vendors = new Map<string, Group<Group<AffectedProduct>>>();
  const groupIn = <T,>(map: Map<string, Group<T>>, name: string): Group<T> => {
    const found = map.get(name.toLowerCase());
    if (found) return found;
    const created: Group<T> = { name, members: new Map() };
    map.set(name.toLowerCase(), created);
    return created;
  };
  for (const p of products) {
    const versions = groupIn(groupIn(vendors, p.vendor).members, p.product).members;
    if (!versions.has(p.version.toLowerCase())) versions.set(p.version.toLowerCase(), p);
  }
  const key = (p: AffectedProduct) => JSON.stringify([p.vendor, p.product, p.version].map((part) => part.toLowerCase()));
  const ids = new Map<string, string>();
  const branches: Branch[] = [...vendors.values()].map((vendor) => ({
    category: 'vendor',
    name: vendor.name,
    branches: [...vendor.members.values()].map((product) => ({
      category: 'product_name',
      name: product.name,
      branches: [...product.members.values()].map((p) => {
        const productId = `CSAFPID-${String(ids.size + 1).padStart(4, '0')}`;
        ids.set(key(p), productId);
        return {
          category: isVersionRange(p.version) ? 'product_version_range' : 'product_version',
          name: p.version,
          product: { name: `${vendor.name} ${product.name} ${p.version}`, product_id: productId },
        };
      }),
    })),
  }));
  return {
    branches,
    idOf: (p) => {
      const id = ids.get(key(p));
      if (id === undefined) throw new Error(`No product id for ${key(p)}`);
      return id;
    },
  };
}

const RANGE_WORDS = new Set(['after', 'all', 'before', 'earlier', 'later', 'prior', 'versions']);

/** A version such as "< 2.4.1" or "all versions before 3": CSAF files it as a range, not a version. */
export function isVersionRange(version: string): boolean {
  return /[<>]/.test(version) || version.toLowerCase().split(/\s+/).some((word) => RANGE_WORDS.has(word));
}
