import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { z } from 'zod';

/**
 * The products a software vulnerability is about. A product typed in by a reviewer is a vendor, a
 * product and a version (or range). A product read from a CSAF advisory keeps the identity the
 * advisory gives it, whole: every branch above it in the product tree (vendor, family, name,
 * version, service pack, patch level, architecture, language…), its full name, its identification
 * helper (CPE, PURL, hashes…) and, for a product that is another installed on or part of a platform,
 * that relationship. So a finding says exactly what the advisory said, down to the service pack, and
 * an export never claims more.
 */

/** CSAF 2.0's branch categories (section 3.1.2.2). */
export const BRANCH_CATEGORIES = [
  'architecture',
  'host_name',
  'language',
  'legacy',
  'patch_level',
  'product_family',
  'product_name',
  'product_version',
  'product_version_range',
  'service_pack',
  'specification',
  'vendor',
] as const;
export type BranchCategory = (typeof BRANCH_CATEGORIES)[number];

/** CSAF 2.0's relationship categories (section 3.2.2.4). */
export const RELATIONSHIP_CATEGORIES = ['default_component_of', 'external_component_of', 'installed_on', 'installed_with', 'optional_component_of'] as const;
export type RelationshipCategory = (typeof RELATIONSHIP_CATEGORIES)[number];

/** CSAF 2.0's product statuses of a vulnerability (section 3.2.3.9). */
export const PRODUCT_STATUSES = ['first_affected', 'known_affected', 'last_affected', 'first_fixed', 'fixed', 'recommended', 'known_not_affected', 'under_investigation'] as const;
export type ProductStatus = (typeof PRODUCT_STATUSES)[number];

/** The statuses that mean a product has the vulnerability: a finding's `affectedProducts`. */
export const AFFECTED_STATUSES = ['first_affected', 'known_affected', 'last_affected'] as const;
export type AffectedStatus = (typeof AFFECTED_STATUSES)[number];

/** The other statuses, each a list of its own on a finding (`productStatus`). */
export const OTHER_STATUSES = ['first_fixed', 'fixed', 'recommended', 'known_not_affected', 'under_investigation'] as const;
export type OtherStatus = (typeof OTHER_STATUSES)[number];

export const PRODUCT_STATUS_LABELS: Readonly<Record<ProductStatus, string>> = {
  first_affected: 'first affected',
  known_affected: 'affected',
  last_affected: 'last affected',
  first_fixed: 'first fixed',
  fixed: 'fixed',
  recommended: 'recommended',
  known_not_affected: 'not affected',
  under_investigation: 'under investigation',
};

export interface ProductBranch {
  readonly category: BranchCategory;
  readonly name: string;
}

/** CSAF's product identification helper, kept as the advisory gave it. */
export type ProductHelper = Readonly<Record<string, z.core.util.JSONType>>;

export interface CsafProduct {
  /**
   * Its product id in the advisory it came from. Scores, remediations, threats and flags on the
   * finding name products by it; an export gives every product an id of its own document.
   */
  readonly id: string;
  /** Its full product name, as the advisory gives it. */
  readonly name: string;
  /** The branches from the root of the product tree down to it; none for a product named alone or by a relationship. */
  readonly branches: readonly ProductBranch[];
  readonly helper: ProductHelper | null;
  /** A product that is another product on (or in, or with) a platform: CSAF's relationships. */
  readonly relationship: { readonly category: RelationshipCategory; readonly product: CsafProduct; readonly relatesTo: CsafProduct } | null;
}

export interface AffectedProduct {
  readonly vendor: string;
  readonly product: string;
  readonly version: string;
  /** Its identity in the CSAF advisory it came from; absent for a product typed in. */
  readonly csaf?: CsafProduct | undefined;
  /**
   * Of an affected product from an advisory: the affected statuses it is listed under, when not
   * simply `known_affected` (CSAF tells the first and last affected versions apart).
   */
  readonly listedAs?: readonly AffectedStatus[] | undefined;
}

/** A finding's products under the statuses other than affected, each list possibly empty. */
export type OtherProductStatus = Readonly<Record<OtherStatus, readonly AffectedProduct[]>>;

export function noOtherStatus(): OtherProductStatus {
  return { first_fixed: [], fixed: [], recommended: [], known_not_affected: [], under_investigation: [] };
}

const TEXT = 200;
/** Products on one finding: enough for the largest vendor advisories (tens of thousands of products). */
export const MAX_PRODUCTS = 50_000;

const helperSchema = z.record(z.string(), z.json()).refine((h) => Object.keys(h).length > 0, 'A product identification helper says something.');

/**
 * How deep relationships may build on one another: a package in a platform is one level, that on a
 * host two. Real advisories go one or two deep; each level may double what a product holds when it
 * is written out whole (its product and the product it relates to), so deeper ones are refused.
 */
export const MAX_RELATIONSHIP_DEPTH = 4;

/** A product whose relationships nest at most `depth` deep; the cap is in the schema's shape, so a deep one is refused before it is walked. */
function csafProductSchemaAt(depth: number): z.ZodType<CsafProduct> {
  const own = {
    id: z.string().min(1).max(1000),
    name: z.string().min(1).max(10_000),
    branches: z.array(z.object({ category: z.enum(BRANCH_CATEGORIES), name: z.string().min(1).max(10_000) })).max(100),
    helper: helperSchema.nullable(),
  };
  if (depth === 0) return z.object({ ...own, relationship: z.null(`A product's relationships nest more than ${MAX_RELATIONSHIP_DEPTH} deep.`) });
  const inner = csafProductSchemaAt(depth - 1);
  return z.object({ ...own, relationship: z.object({ category: z.enum(RELATIONSHIP_CATEGORIES), product: inner, relatesTo: inner }).nullable() });
}

export const csafProductSchema: z.ZodType<CsafProduct> = csafProductSchemaAt(MAX_RELATIONSHIP_DEPTH);

export const productSchema = z.object({
  vendor: z.string().trim().min(1, 'Name the vendor of each affected product.').max(TEXT),
  product: z.string().trim().min(1, 'Name each affected product.').max(TEXT),
  version: z.string().trim().min(1, 'Give the affected version of each product (a range such as "< 2.4.1" is fine).').max(TEXT),
  csaf: csafProductSchema.optional(),
  listedAs: z.array(z.enum(AFFECTED_STATUSES)).max(3).optional(),
});

export const otherProductStatusSchema = z.object(Object.fromEntries(OTHER_STATUSES.map((s) => [s, z.array(productSchema).max(MAX_PRODUCTS).default([])])) as Record<OtherStatus, z.ZodDefault<z.ZodArray<typeof productSchema>>>);

/**
 * What makes two products one: for a product from an advisory, its identity there (name, branches
 * and relationship, not its id or helper); for one typed in, its vendor, product and version in
 * any case.
 */
export function productKey(p: AffectedProduct): string {
  return p.csaf ? `csaf:${identityKey(p.csaf)}` : `typed:${JSON.stringify([p.vendor, p.product, p.version].map((part) => part.toLowerCase()))}`;
}

const identityKeys = new WeakMap<CsafProduct, string>();
const encoder = new TextEncoder();

/**
 * A product from an advisory's identity as text. A related product is named by a digest of its own
 * key, not by the key itself: keys nested whole escape their quotes again at every level, which
 * doubles them per level. Memoised per product, as products share the products they relate.
 */
export function identityKey(p: CsafProduct): string {
  const known = identityKeys.get(p);
  if (known !== undefined) return known;
  const r = p.relationship;
  const digest = (q: CsafProduct) => bytesToHex(sha256(encoder.encode(identityKey(q))));
  const key = JSON.stringify([p.name, p.branches.map((b) => [b.category, b.name]), r ? [r.category, digest(r.product), digest(r.relatesTo)] : null]);
  identityKeys.set(p, key);
  return key;
}

/** A product as a reader names it: the advisory's full name, or vendor, product and version. */
export function productLabel(p: AffectedProduct): string {
  return p.csaf ? p.csaf.name : `${p.vendor} ${p.product} ${p.version}`;
}

/** The typed-in fields of a product from an advisory, shown where a table needs them. */
export function describeCsafProduct(p: CsafProduct): { readonly vendor: string; readonly product: string; readonly version: string } {
  if (p.relationship) {
    const part = describeCsafProduct(p.relationship.product);
    const words = p.relationship.category.replace(/_/g, ' ');
    return { ...part, version: clip(`${part.version} · ${words} ${p.relationship.relatesTo.name}`) };
  }
  const named = (category: BranchCategory) => p.branches.findLast((b) => b.category === category)?.name;
  const below = p.branches.filter((b) => !['vendor', 'product_family', 'product_name'].includes(b.category)).map((b) => b.name);
  return {
    vendor: clip(p.branches.find((b) => b.category === 'vendor')?.name ?? 'Vendor not named'),
    product: clip(named('product_name') ?? named('product_family') ?? p.name),
    version: clip(below.length > 0 ? below.join(' · ') : 'all versions'),
  };
}

function clip(text: string): string {
  const trimmed = text.trim();
  return trimmed.length <= TEXT ? trimmed : `${trimmed.slice(0, TEXT - 1)}…`;
}
