import canonicalize from 'canonicalize';
import type { CsafDetail } from './csaf-detail.js';
import type { FindingFields } from './finding.js';
import { AFFECTED_STATUSES, OTHER_STATUSES, describeCsafProduct, identityKey, productKey, type AffectedProduct, type AffectedStatus, type OtherProductStatus } from './product.js';

/** The parts of a finding that two reports of one issue join. */
export type ProductFields = Pick<FindingFields, 'affectedProducts' | 'productStatus' | 'csaf'>;

/**
 * Two reports of one issue joined, losing nothing: every product under every status it is listed
 * under, and every part of the advisories' detail. Products are one product when their identity is
 * (see `productKey`); a product typed in is the product of an advisory that names the same vendor,
 * product and version, and gives way to it. Product ids from the second report that another product
 * already uses here are renamed, and the detail's references follow.
 */
export function joinReports(existing: ProductFields, report: ProductFields): ProductFields {
  const renamed = adoptIds(existing, report);
  const productStatus = Object.fromEntries(OTHER_STATUSES.map((s) => [s, unionProducts(existing.productStatus[s], renamed.productStatus[s])])) as unknown as OtherProductStatus;
  const affectedProducts = unionProducts(existing.affectedProducts, renamed.affectedProducts);
  const withStatus = new Set([...affectedProducts, ...OTHER_STATUSES.flatMap((s) => productStatus[s])].map(productKey));
  const a = existing.csaf;
  const b = renamed.csaf;
  const csaf: CsafDetail = {
    notes: unionJson(a.notes, b.notes),
    references: unionJson(a.references, b.references),
    acknowledgments: unionJson(a.acknowledgments, b.acknowledgments),
    ids: unionJson(a.ids, b.ids),
    involvements: unionJson(a.involvements, b.involvements),
    releaseDate: a.releaseDate ?? b.releaseDate,
    discoveryDate: a.discoveryDate ?? b.discoveryDate,
    remediations: unionJson(a.remediations, b.remediations),
    threats: unionJson(a.threats, b.threats),
    flags: unionJson(a.flags, b.flags),
    scores: unionJson(a.scores, b.scores),
    otherProducts: unionProducts(a.otherProducts, b.otherProducts).filter((p) => !withStatus.has(productKey(p))),
    sources: unionJson(a.sources, b.sources),
  };
  return { affectedProducts, productStatus, csaf };
}

/** Every product of a finding, under any status or named only by the detail. */
export function allProducts(f: ProductFields): AffectedProduct[] {
  return [...f.affectedProducts, ...OTHER_STATUSES.flatMap((s) => f.productStatus[s]), ...f.csaf.otherProducts];
}

/** The second report with its product ids made to agree with the first's. */
function adoptIds(existing: ProductFields, report: ProductFields): ProductFields {
  const idOfIdentity = new Map<string, string>();
  const used = new Set<string>();
  for (const p of allProducts(existing)) {
    if (!p.csaf) continue;
    if (!idOfIdentity.has(identityKey(p.csaf))) idOfIdentity.set(identityKey(p.csaf), p.csaf.id);
    used.add(p.csaf.id);
  }
  const rename = new Map<string, string>();
  for (const p of allProducts(report)) {
    if (!p.csaf || rename.has(p.csaf.id)) continue;
    let id = idOfIdentity.get(identityKey(p.csaf)) ?? p.csaf.id;
    if (!idOfIdentity.has(identityKey(p.csaf)) && used.has(id)) {
      let n = 2;
      while (used.has(`${p.csaf.id}-${n}`)) n += 1;
      id = `${p.csaf.id}-${n}`;
    }
    used.add(id);
    idOfIdentity.set(identityKey(p.csaf), id);
    rename.set(p.csaf.id, id);
  }
  if ([...rename].every(([from, to]) => from === to)) return report;
  return renameProductIds(report, (id) => rename.get(id) ?? id);
}

/** A finding's products and detail with every product id passed through `to`. */
export function renameProductIds(f: ProductFields, to: (id: string) => string): ProductFields {
  const product = (p: AffectedProduct): AffectedProduct => (p.csaf ? { ...p, csaf: { ...p.csaf, id: to(p.csaf.id) } } : p);
  const ids = (list: readonly string[]) => [...new Set(list.map(to))];
  const d = f.csaf;
  return {
    affectedProducts: f.affectedProducts.map(product),
    productStatus: Object.fromEntries(OTHER_STATUSES.map((s) => [s, f.productStatus[s].map(product)])) as unknown as OtherProductStatus,
    csaf: {
      ...d,
      remediations: d.remediations.map((r) => ({ ...r, product_ids: ids(r.product_ids) })),
      threats: d.threats.map((t) => (t.product_ids ? { ...t, product_ids: ids(t.product_ids) } : t)),
      flags: d.flags.map((x) => ({ ...x, product_ids: ids(x.product_ids) })),
      scores: d.scores.map((s) => ({ ...s, products: ids(s.products) })),
      otherProducts: d.otherProducts.map(product),
    },
  };
}

/**
 * Products of two lists as one list, each once, in order of first mention; an affected product
 * listed under more than one affected status keeps them all. A product typed in that names what a
 * product from an advisory in the list names gives way to it.
 */
export function unionProducts(first: readonly AffectedProduct[], second: readonly AffectedProduct[]): AffectedProduct[] {
  const byKey = new Map<string, AffectedProduct>();
  for (const p of [...first, ...second]) {
    const key = productKey(p);
    const known = byKey.get(key);
    byKey.set(key, known ? withListings(known, [...listings(known), ...listings(p)]) : p);
  }
  const described = new Set([...byKey.values()].flatMap((p) => (p.csaf ? [typedKey(describeCsafProduct(p.csaf))] : [])));
  return [...byKey.values()].filter((p) => p.csaf !== undefined || !described.has(typedKey(p)));
}

function typedKey(p: { readonly vendor: string; readonly product: string; readonly version: string }): string {
  return JSON.stringify([p.vendor, p.product, p.version].map((part) => part.toLowerCase()));
}

function listings(p: AffectedProduct): readonly AffectedStatus[] {
  return p.listedAs ?? ['known_affected'];
}

function withListings(p: AffectedProduct, statuses: readonly AffectedStatus[]): AffectedProduct {
  const all = AFFECTED_STATUSES.filter((s) => statuses.includes(s));
  const { listedAs: _old, ...rest } = p;
  return all.length === 1 && all[0] === 'known_affected' ? rest : { ...rest, listedAs: all };
}

/** Two lists as one, each item once (compared as canonical JSON), in order of first mention. */
export function unionJson<T>(first: readonly T[], second: readonly T[]): T[] {
  const seen = new Map<string, T>();
  for (const item of [...first, ...second]) {
    const key = canonicalize(item) ?? '';
    if (!seen.has(key)) seen.set(key, item);
  }
  return [...seen.values()];
}
