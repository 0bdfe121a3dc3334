import type { Finding } from '../findings/finding.js';
import { allProducts } from '../findings/join-reports.js';
import { identityKey, productKey, type AffectedProduct, type BranchCategory, type CsafProduct } from '../findings/product.js';

/**
 * The product tree of an exported advisory. A product from an advisory goes back where it was: a
 * leaf under every branch it had, a full product name, or a relationship (with the products it
 * relates). A product typed in is a vendor, a product name and a version (a range filed as a range);
 * typed names that differ only in case are one vendor, product or version, named as first written.
 * Each product keeps its advisory's product id where no other product of the export claims it
 * first; the others are numbered CSAFPID-0001 on.
 */
export interface WrittenTree {
  readonly productTree: Readonly<Record<string, unknown>>;
  /** The export's id of one of a finding's products. */
  readonly idOf: (p: AffectedProduct) => string;
  /** The export's id of the product a finding's advisory detail names by its id there. */
  readonly idOfLocal: (f: Finding, localId: string) => string | undefined;
}

type ProductJson = Readonly<Record<string, unknown>>;

interface Leaf {
  readonly kind: 'leaf';
  readonly category: BranchCategory;
  readonly name: string;
  readonly key: string;
}
interface Inner {
  readonly kind: 'inner';
  readonly category: BranchCategory;
  readonly name: string;
  readonly items: (Inner | Leaf)[];
}

interface Emitted {
  readonly key: string;
  readonly name: string;
  readonly helper: CsafProduct['helper'];
  readonly preferredId: string | undefined;
}

export function writeProductTree(findings: readonly Finding[]): WrittenTree {
  const root: Inner = { kind: 'inner', category: 'vendor', name: '', items: [] };
  const fullNames: string[] = [];
  const relationships: { readonly key: string; readonly product: CsafProduct }[] = [];
  const emitted = new Map<string, Emitted>();
  const typedNames = new Map<string, string>();

  const child = (parent: Inner, category: BranchCategory, name: string, caseless: boolean): Inner => {
    const found = parent.items.find((i): i is Inner => i.kind === 'inner' && i.category === category && (caseless ? i.name.toLowerCase() === name.toLowerCase() : i.name === name));
    if (found) return found;
    const created: Inner = { kind: 'inner', category, name, items: [] };
    parent.items.push(created);
    return created;
  };

  const addCsaf = (p: CsafProduct): string => {
    const key = `csaf:${identityKey(p)}`;
    if (emitted.has(key)) return key;
    if (p.relationship) {
      addCsaf(p.relationship.product);
      addCsaf(p.relationship.relatesTo);
      relationships.push({ key, product: p });
    } else if (p.branches.length === 0) fullNames.push(key);
    else {
      let node = root;
      for (const b of p.branches.slice(0, -1)) node = child(node, b.category, b.name, false);
      const leaf = p.branches.at(-1);
      if (leaf) node.items.push({ kind: 'leaf', category: leaf.category, name: leaf.name, key });
    }
    emitted.set(key, { key, name: p.name, helper: p.helper, preferredId: p.id });
    return key;
  };

  const addTyped = (p: AffectedProduct): string => {
    const key = productKey(p);
    if (emitted.has(key)) return key;
    // Typed names that differ only in case are one, named as first written.
    const first = (kind: string, part: string) => {
      const folded = `${kind}:${part.toLowerCase()}`;
      if (!typedNames.has(folded)) typedNames.set(folded, part);
      return typedNames.get(folded) ?? part;
    };
    const vendor = child(root, 'vendor', first('vendor', p.vendor), true);
    const product = child(vendor, 'product_name', first('product', p.product), true);
    product.items.push({ kind: 'leaf', category: isVersionRange(p.version) ? 'product_version_range' : 'product_version', name: p.version, key });
    emitted.set(key, { key, name: `${vendor.name} ${product.name} ${p.version}`, helper: null, preferredId: undefined });
    return key;
  };

  for (const f of findings) for (const p of allProducts(f)) if (p.csaf) addCsaf(p.csaf);
  for (const f of findings) for (const p of allProducts(f)) if (!p.csaf) addTyped(p);

  // An advisory's own id, where no product before claims it; a number of the export's own otherwise.
  const reserved = new Map<string, string>();
  for (const e of emitted.values()) if (e.preferredId !== undefined && !reserved.has(e.preferredId)) reserved.set(e.preferredId, e.key);
  const ids = new Map<string, string>();
  let next = 1;
  const assign = (key: string): string => {
    const known = ids.get(key);
    if (known !== undefined) return known;
    const preferred = emitted.get(key)?.preferredId;
    let id = preferred !== undefined && reserved.get(preferred) === key ? preferred : undefined;
    while (id === undefined) {
      const candidate = `CSAFPID-${String(next).padStart(4, '0')}`;
      next += 1;
      if (!reserved.has(candidate)) id = candidate;
    }
    ids.set(key, id);
    return id;
  };
  const productJson = (key: string): ProductJson => {
    const e = emitted.get(key);
    if (!e) throw new Error(`No product ${key}`);
    return { name: e.name, product_id: assign(key), ...(e.helper ? { product_identification_helper: e.helper } : {}) };
  };
  const branchJson = (item: Inner | Leaf): ProductJson =>
    item.kind === 'leaf' ? { category: item.category, name: item.name, product: productJson(item.key) } : { category: item.category, name: item.name, branches: item.items.map(branchJson) };

  const branches = root.items.map(branchJson);
  const full = fullNames.map(productJson);
  const related = relationships.map(({ key, product }) => {
    const r = product.relationship;
    if (!r) throw new Error('A relationship product without its relationship');
    return {
      category: r.category,
      full_product_name: productJson(key),
      product_reference: assign(`csaf:${identityKey(r.product)}`),
      relates_to_product_reference: assign(`csaf:${identityKey(r.relatesTo)}`),
    };
  });
  const locals = new Map<Finding, Map<string, string>>();
  const idOf = (p: AffectedProduct) => {
    const id = ids.get(p.csaf ? `csaf:${identityKey(p.csaf)}` : productKey(p));
    if (id === undefined) throw new Error(`No product id for ${productKey(p)}`);
    return id;
  };
  return {
    productTree: {
      ...(branches.length > 0 ? { branches } : {}),
      ...(full.length > 0 ? { full_product_names: full } : {}),
      ...(related.length > 0 ? { relationships: related } : {}),
    },
    idOf,
    idOfLocal: (f, localId) => {
      let map = locals.get(f);
      if (!map) {
        map = new Map();
        for (const p of allProducts(f)) if (p.csaf && !map.has(p.csaf.id)) map.set(p.csaf.id, idOf(p));
        locals.set(f, map);
      }
      return map.get(localId);
    },
  };
}

const RANGE_WORDS = new Set(['after', 'all', 'before', 'earlier', 'later', 'prior', 'versions']);

/** A version such as "< 2.4.1" or "all versions before 3": CSAF files it as a range, not a version. */
export function isVersionRange(version: string): boolean {
  return /[<>]/.test(version) || version.toLowerCase().split(/\s+/).some((word) => RANGE_WORDS.has(word));
}
