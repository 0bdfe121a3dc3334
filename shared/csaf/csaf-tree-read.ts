import { BRANCH_CATEGORIES, MAX_RELATIONSHIP_DEPTH, RELATIONSHIP_CATEGORIES, identityKey, type BranchCategory, type CsafProduct, type ProductBranch, type ProductHelper, type RelationshipCategory } from '../findings/product.js';
import { isObject, textOf, type Leftovers, type Segment } from './csaf-json.js';

/**
 * A CSAF 2.0 product tree read whole: every product, wherever it is defined (a leaf of the branches,
 * with every branch above it whatever its category; a full product name; a relationship, which puts
 * one product on or in another), resolved from its product id to its identity. Products defined
 * more than once are one product, under the id first given them; product groups are their products
 * (the groups themselves are listed as left out).
 */
export interface ProductTree {
  /** Each product id the tree defines, with the identity of its product (under its first id). */
  readonly byId: ReadonlyMap<string, CsafProduct>;
  /** Each product group id, with the ids of its products. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** How many distinct product ids the tree defines. */
  readonly defined: number;
  /** How many distinct products: the same product under other ids, or defined again, counts once. */
  readonly distinct: number;
  /** Every place the tree defines a product, with the product defined there. */
  readonly sites: readonly ProductSite[];
}

export interface ProductSite {
  /** The product's definition: a branch's product, a full product name, or a relationship. */
  readonly where: readonly Segment[];
  readonly product: CsafProduct;
}

const MAX_DEPTH = 100;

/** `idLimit`: past this many product ids, the rest are counted but not read, as the file will be refused. */
export function readProductTree(tree: unknown, left: Leftovers, idLimit = Infinity): ProductTree {
  const at: Segment[] = ['product_tree'];
  const defined = new Map<string, CsafProduct>();
  const ids = new Set<string>();
  const sites: ProductSite[] = [];
  const none: ProductTree = { byId: new Map(), groups: new Map(), defined: 0, distinct: 0, sites };
  if (tree === undefined) return none;
  if (!isObject(tree)) {
    left.drop(at, 'The product tree is not an object, so no product is read from it.');
    return none;
  }
  left.unknownKeys(tree, ['branches', 'full_product_names', 'relationships', 'product_groups'], at, 'The product tree');

  const define = (value: unknown, where: Segment[], branches: readonly ProductBranch[], relationship: CsafProduct['relationship'] = null, site: readonly Segment[] = where): string | undefined => {
    if (!isObject(value)) {
      left.drop(where, 'This product is not an object, so it is not read.');
      return undefined;
    }
    left.unknownKeys(value, ['name', 'product_id', 'product_identification_helper'], where, 'A product');
    const id = textOf(value.product_id);
    const name = textOf(value.name);
    if (id === undefined || name === undefined) {
      left.drop(where, 'This product has no product id or no name, so nothing can name it; it is not read.');
      return undefined;
    }
    ids.add(id);
    if (ids.size > idLimit) return id;
    const helper = readHelper(value.product_identification_helper, [...where, 'product_identification_helper'], left);
    const product: CsafProduct = { id, name, branches, helper, relationship };
    const known = defined.get(id);
    if (known && identityKey(known) !== identityKey(product)) left.drop(where, `Product id ${id} is defined again, as another product; the first definition is kept.`);
    else {
      if (!known) defined.set(id, product);
      sites.push({ where: site, product });
    }
    return id;
  };

  const walk = (list: unknown, where: Segment[], above: readonly ProductBranch[], depth: number): void => {
    if (!Array.isArray(list)) {
      left.drop(where, 'These branches are not a list, so no product under them is read.');
      return;
    }
    if (depth > MAX_DEPTH) {
      left.drop(where, `Branches nest deeper than ${MAX_DEPTH} levels; the products below are not read.`);
      return;
    }
    list.forEach((branch: unknown, i) => {
      const here = [...where, i];
      if (!isObject(branch)) {
        left.drop(here, 'This branch is not an object, so nothing under it is read.');
        return;
      }
      left.unknownKeys(branch, ['category', 'name', 'branches', 'product'], here, 'A branch');
      const category = BRANCH_CATEGORIES.find((c) => c === branch.category);
      const name = textOf(branch.name);
      let path = above;
      if (category === undefined || name === undefined) {
        left.drop(here, `This branch has ${category === undefined ? `no CSAF 2.0 category (${JSON.stringify(branch.category)})` : 'no name'}; the products under it are read without it.`);
      } else path = [...above, { category: category satisfies BranchCategory, name }];
      if (branch.product !== undefined) define(branch.product, [...here, 'product'], path);
      if (branch.branches !== undefined) walk(branch.branches, [...here, 'branches'], path, depth + 1);
    });
  };

  if (tree.branches !== undefined) walk(tree.branches, [...at, 'branches'], [], 0);
  listOf(tree.full_product_names, [...at, 'full_product_names'], left, 'The full product names').forEach((p, i) => define(p, [...at, 'full_product_names', i], []));
  readRelationships(tree.relationships, at, left, defined, (value, where, relationship, site) => define(value, where, [], relationship, site), (id) => ids.add(id));

  // One product under one id: a product defined again under another id is the first one, whole.
  const first = new Map<string, CsafProduct>();
  const byId = new Map<string, CsafProduct>();
  for (const [id, product] of defined) {
    const key = identityKey(product);
    const kept = first.get(key) ?? product;
    first.set(key, kept);
    byId.set(id, kept);
  }
  return { byId, groups: readGroups(tree.product_groups, at, left, byId), defined: ids.size, distinct: first.size, sites };
}

const HELPER_KEYS = ['cpe', 'hashes', 'model_numbers', 'purl', 'sbom_urls', 'serial_numbers', 'skus', 'x_generic_uris'];

/** A product's identification helper as given (CPE, PURL, hashes…), without what CSAF 2.0 does not define. */
function readHelper(value: unknown, at: Segment[], left: Leftovers): ProductHelper | null {
  if (value === undefined) return null;
  if (!isObject(value)) {
    left.drop(at, 'This identification helper is not an object, so it is not kept.');
    return null;
  }
  left.unknownKeys(value, HELPER_KEYS, at, 'An identification helper');
  const kept = Object.fromEntries(Object.entries(value).filter(([key]) => HELPER_KEYS.includes(key))) as ProductHelper;
  return Object.keys(kept).length > 0 ? kept : null;
}

function listOf(value: unknown, at: Segment[], left: Leftovers, what: string): unknown[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value;
  left.drop(at, `${what} are not a list, so none is read.`);
  return [];
}

/** A relationship's product, or why it has none ('unread': its own product is not valid, and is listed as such). */
type Resolved = CsafProduct | 'missing' | 'unread' | 'too-deep' | 'loop';

/**
 * Relationships, each a product that is one product on (or in, or with) another. A relationship may
 * name the product of another, wherever in the list that is; each is resolved once, following the
 * products it names no more than `MAX_RELATIONSHIP_DEPTH` relationships down, so a chain or a loop
 * of them costs no more than the relationships themselves.
 */
function readRelationships(
  value: unknown,
  at: Segment[],
  left: Leftovers,
  defined: ReadonlyMap<string, CsafProduct>,
  define: (value: unknown, where: Segment[], relationship: CsafProduct['relationship'], site: Segment[]) => string | undefined,
  count: (id: string) => void,
): void {
  const items = listOf(value, [...at, 'relationships'], left, 'The relationships').map((r: unknown, i) => ({ r, where: [...at, 'relationships', i] }));
  const byOwnId = new Map<string, (typeof items)[number]>();
  for (const item of items) {
    const { r, where } = item;
    if (!isObject(r)) continue;
    left.unknownKeys(r, ['category', 'product_reference', 'relates_to_product_reference', 'full_product_name'], where, 'A relationship');
    const own = isObject(r.full_product_name) ? textOf(r.full_product_name.product_id) : undefined;
    if (own === undefined) continue;
    count(own);
    if (!byOwnId.has(own)) byOwnId.set(own, item);
  }
  const settled = new Map<(typeof items)[number], Resolved>();
  const busy = new Set<(typeof items)[number]>();
  const named = (ref: unknown, height: number): Resolved => {
    if (typeof ref !== 'string') return 'missing';
    const product = defined.get(ref);
    if (product) return product;
    const item = byOwnId.get(ref);
    return item ? resolve(item, height) : 'missing';
  };
  // `height`: how many relationships above this one wait on it. Past the limit, the one at the top
  // is too deep whatever this one is, so this one is not settled here but on its own turn.
  const resolve = (item: (typeof items)[number], height: number): Resolved => {
    const known = settled.get(item);
    if (known !== undefined) return known;
    const { r, where } = item;
    if (!isObject(r) || RELATIONSHIP_CATEGORIES.find((c) => c === r.category) === undefined) return 'missing';
    if (height > MAX_RELATIONSHIP_DEPTH) return 'too-deep';
    if (busy.has(item)) return 'loop';
    busy.add(item);
    const product = named(r.product_reference, height + 1);
    const relatesTo = named(r.relates_to_product_reference, height + 1);
    busy.delete(item);
    const category = RELATIONSHIP_CATEGORIES.find((c) => c === r.category);
    let result: Resolved;
    if (typeof product === 'object' && typeof relatesTo === 'object' && category !== undefined) {
      const id = define(r.full_product_name, [...where, 'full_product_name'], { category: category satisfies RelationshipCategory, product, relatesTo }, where);
      result = (id === undefined ? undefined : defined.get(id)) ?? 'unread';
    } else result = [product, relatesTo].find((x) => x === 'loop') ?? [product, relatesTo].find((x) => x === 'too-deep') ?? 'missing';
    if (typeof result === 'object' || height === 1 || result === 'missing' || result === 'unread') settled.set(item, result);
    return result;
  };
  for (const item of items) {
    const { r, where } = item;
    if (!isObject(r)) {
      left.drop(where, 'This relationship is not an object, so it is not read.');
      continue;
    }
    if (RELATIONSHIP_CATEGORIES.find((c) => c === r.category) === undefined) {
      left.drop(where, `This relationship has no CSAF 2.0 category (${JSON.stringify(r.category)}), so it is not read.`);
      continue;
    }
    const result = resolve(item, 1);
    if (result === 'missing') left.drop(where, 'This relationship names a product the product tree does not define, so it is not read.');
    else if (result === 'too-deep') left.drop(where, `This relationship builds on relationships more than ${MAX_RELATIONSHIP_DEPTH} deep (a product in a product in a product…); up to ${MAX_RELATIONSHIP_DEPTH} are read, so it is not.`);
    else if (result === 'loop') left.drop(where, 'This relationship names, through other relationships, its own product, so it is not read.');
  }
}

function readGroups(value: unknown, at: Segment[], left: Leftovers, byId: ReadonlyMap<string, CsafProduct>): Map<string, readonly string[]> {
  const groups = new Map<string, readonly string[]>();
  listOf(value, [...at, 'product_groups'], left, 'The product groups').forEach((g, i) => {
    const where = [...at, 'product_groups', i];
    const id = isObject(g) ? textOf(g.group_id) : undefined;
    if (!isObject(g) || id === undefined || !Array.isArray(g.product_ids)) {
      left.drop(where, 'This product group has no group id or no product ids, so it is not read.');
      return;
    }
    left.unknownKeys(g, ['group_id', 'product_ids', 'summary'], where, 'A product group');
    // Where a vulnerability names the group, its products are named instead: nothing it says is lost, but the group is.
    left.drop(where, `Product group ${id}${g.summary === undefined ? ' is' : ' and its summary are'} not kept: wherever the advisory names the group, its products are named instead.`);
    const members = g.product_ids.flatMap((p: unknown, j) => {
      const product = typeof p === 'string' ? byId.get(p) : undefined;
      if (!product) left.drop([...where, 'product_ids', j], 'This product group names a product the product tree does not define.');
      return product ? [product.id] : [];
    });
    groups.set(id, [...new Set(members)]);
  });
  return groups;
}
