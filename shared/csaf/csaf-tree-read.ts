import { BRANCH_CATEGORIES, RELATIONSHIP_CATEGORIES, identityKey, type BranchCategory, type CsafProduct, type ProductBranch, type ProductHelper, type RelationshipCategory } from '../findings/product.js';
import { isObject, textOf, type Leftovers, type Segment } from './csaf-json.js';

/**
 * A CSAF 2.0 product tree read whole: every product, wherever it is defined (a leaf of the branches,
 * with every branch above it whatever its category; a full product name; a relationship, which puts
 * one product on or in another), resolved from its product id to its identity. Products defined
 * more than once are one product, under the id first given them; product groups are their products.
 */
export interface ProductTree {
  /** Each product id the tree defines, with the identity of its product (under its first id). */
  readonly byId: ReadonlyMap<string, CsafProduct>;
  /** Each product group id, with the ids of its products. */
  readonly groups: ReadonlyMap<string, readonly string[]>;
  /** How many distinct product ids the tree defines. */
  readonly defined: number;
}

const MAX_DEPTH = 100;

export function readProductTree(tree: unknown, left: Leftovers): ProductTree {
  const at: Segment[] = ['product_tree'];
  const defined = new Map<string, CsafProduct>();
  const ids = new Set<string>();
  if (tree === undefined) return { byId: new Map(), groups: new Map(), defined: 0 };
  if (!isObject(tree)) {
    left.drop(at, 'The product tree is not an object, so no product is read from it.');
    return { byId: new Map(), groups: new Map(), defined: 0 };
  }
  left.unknownKeys(tree, ['branches', 'full_product_names', 'relationships', 'product_groups'], at, 'The product tree');

  const define = (value: unknown, where: Segment[], branches: readonly ProductBranch[], relationship: CsafProduct['relationship'] = null): string | undefined => {
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
    const helper = readHelper(value.product_identification_helper, [...where, 'product_identification_helper'], left);
    const product: CsafProduct = { id, name, branches, helper, relationship };
    const known = defined.get(id);
    if (known && identityKey(known) !== identityKey(product)) left.drop(where, `Product id ${id} is defined again, as another product; the first definition is kept.`);
    else if (!known) defined.set(id, product);
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
  readRelationships(tree.relationships, at, left, defined, (value, where, relationship) => define(value, where, [], relationship), (id) => ids.add(id));

  // One product under one id: a product defined again under another id takes the first one's.
  const firstId = new Map<string, string>();
  const byId = new Map<string, CsafProduct>();
  for (const [id, product] of defined) {
    const key = identityKey(product);
    if (!firstId.has(key)) firstId.set(key, id);
    byId.set(id, { ...product, id: firstId.get(key) ?? id });
  }
  return { byId, groups: readGroups(tree.product_groups, at, left, byId), defined: ids.size };
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

/**
 * Relationships, each a product that is one product on (or in, or with) another. A relationship may
 * name the product of another, so they are resolved until none more can be.
 */
function readRelationships(
  value: unknown,
  at: Segment[],
  left: Leftovers,
  defined: ReadonlyMap<string, CsafProduct>,
  define: (value: unknown, where: Segment[], relationship: CsafProduct['relationship']) => void,
  count: (id: string) => void,
): void {
  let pending = listOf(value, [...at, 'relationships'], left, 'The relationships').map((r, i) => ({ r, where: [...at, 'relationships', i] }));
  for (const { r, where } of pending) {
    if (!isObject(r)) continue;
    left.unknownKeys(r, ['category', 'product_reference', 'relates_to_product_reference', 'full_product_name'], where, 'A relationship');
    const own = isObject(r.full_product_name) ? textOf(r.full_product_name.product_id) : undefined;
    if (own !== undefined) count(own);
  }
  for (;;) {
    const waiting: typeof pending = [];
    for (const item of pending) {
      const { r, where } = item;
      if (!isObject(r)) {
        left.drop(where, 'This relationship is not an object, so it is not read.');
        continue;
      }
      const category = RELATIONSHIP_CATEGORIES.find((c) => c === r.category);
      const product = typeof r.product_reference === 'string' ? defined.get(r.product_reference) : undefined;
      const relatesTo = typeof r.relates_to_product_reference === 'string' ? defined.get(r.relates_to_product_reference) : undefined;
      if (category === undefined) left.drop(where, `This relationship has no CSAF 2.0 category (${JSON.stringify(r.category)}), so it is not read.`);
      else if (product && relatesTo) define(r.full_product_name, [...where, 'full_product_name'], { category: category satisfies RelationshipCategory, product, relatesTo });
      else waiting.push(item);
    }
    if (waiting.length === pending.length) {
      for (const { where } of waiting) left.drop(where, 'This relationship names a product the product tree does not define, so it is not read.');
      return;
    }
    pending = waiting;
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
    if (g.summary !== undefined) left.drop([...where, 'summary'], 'A product group is written out as its products wherever it is named; its summary is not kept.');
    const members = g.product_ids.flatMap((p: unknown, j) => {
      const product = typeof p === 'string' ? byId.get(p) : undefined;
      if (!product) left.drop([...where, 'product_ids', j], 'This product group names a product the product tree does not define.');
      return product ? [product.id] : [];
    });
    groups.set(id, [...new Set(members)]);
  });
  return groups;
}
