import { describe, expect, it } from 'vitest';
import { productIdentities, vulnerabilitiesSay } from '../../test/fixtures/csaf-identity.js';
import { csafFailures } from '../../test/fixtures/csaf-validation.js';
import { VENDOR_CVE, releaseName, vendorAdvisory } from '../../test/fixtures/csaf-vendor.js';
import { findingFieldsSchema } from '../findings/finding.js';
import { UNCLASSIFIED } from '../marking/marking.js';
import { csafAfterImport } from './csaf-after-import.js';
import { CSAF_LIMITS, readCsaf } from './csaf-read.js';

const encoder = new TextEncoder();
const bytesOf = (document: unknown) => encoder.encode(JSON.stringify(document));

/** What a JSON pointer points at in a document. */
function pointer(document: unknown, path: string): unknown {
  return path
    .split('/')
    .slice(1)
    .reduce<unknown>((at, key) => (Array.isArray(at) ? at[Number(key)] : typeof at === 'object' && at !== null ? (at as Record<string, unknown>)[key] : undefined), document);
}

describe('a vendor advisory with a product tree down to the service pack', () => {
  // 42 release trains of 60 releases each: 2,520 releases, given twice over and again under alias ids.
  const { document, affected, fixed } = vendorAdvisory({ trains: 42, releasesPerTrain: 60, affected: 259, duplicates: true });

  it('keeps each of the 259 affected releases as itself, never as the train it belongs to', () => {
    const read = readCsaf('vendor.json', bytesOf(document));
    if (!read.ok) throw new Error(read.message);
    // Distinct product ids: each release under its id and its alias; the tree given twice counts once. Products: each release once.
    expect(read.counts).toEqual({ vulnerabilities: 1, products: 2 * 42 * 60, distinctProducts: 42 * 60 });
    const [finding] = read.findings;
    expect(finding?.affectedProducts).toHaveLength(259);
    expect(new Set(finding?.affectedProducts.map((p) => p.csaf?.name)).size).toBe(259);
    expect(finding?.affectedProducts.every((p) => p.csaf?.branches.at(-1)?.category === 'service_pack')).toBe(true);
    expect(finding?.affectedProducts[0]).toMatchObject({ vendor: 'Example Networks', product: 'Example IOS XE Software', version: `17.0 · ${releaseName(0, 1)}` });
    expect(finding?.productStatus.first_fixed).toHaveLength(fixed.length);
    expect(finding).toMatchObject({ cveId: VENDOR_CVE, severity: 'critical', status: 'open' });
    // It is a finding the data layer takes: far more than the 500 products a finding once held.
    expect(findingFieldsSchema.safeParse({ ...finding, evidence: [], marking: UNCLASSIFIED }).success).toBe(true);
  });

  it('lists every definition of a release the vulnerability does not name as left out, and exports every other', () => {
    const read = readCsaf('vendor.json', bytesOf(document));
    if (!read.ok) throw new Error(read.message);
    const exported = csafAfterImport(read, { now: new Date('2026-12-01T09:00:00Z'), generator: { name: 'Frontier Review', version: '0.1.0' } });
    const written = new Set(productIdentities(exported).values());
    const named = productIdentities(document);
    // Each release is defined three times: in the tree, in the tree again, and under its alias.
    const definitions = [0, 1, 2].flatMap((tree) => Array.from({ length: 42 * 60 }, (_, i) => `/product_tree/branches/${tree}/branches/0/branches/${Math.floor(i / 60)}/branches/${i % 60}/product`));
    const left = new Map(read.dropped.map((d) => [d.path, d.why]));
    expect(read.dropped).toHaveLength(3 * (42 * 60 - affected.length - fixed.length));
    for (const path of definitions) {
      const product = pointer(document, path) as { product_id: string; name: string };
      const identity = named.get(product.product_id) ?? '';
      // Each definition is either in the export (under one id) or listed as left out, never both.
      expect(written.has(identity.replace(/CSCwh87343-/, 'IOSXE-')) || written.has(identity), path).toBe(!left.has(path));
      if (left.has(path)) expect(left.get(path)).toBe(`No vulnerability gives "${product.name}" a status or names it, so no finding holds it and an export does not list it.`);
    }
  });

  it('exports an advisory that claims exactly those releases affected, and passes CSAF 2.0 strict and every mandatory test', async () => {
    const read = readCsaf('vendor.json', bytesOf(document));
    if (!read.ok) throw new Error(read.message);
    const exported = csafAfterImport(read, { now: new Date('2026-12-01T09:00:00Z'), generator: { name: 'Frontier Review', version: '0.1.0' } });
    expect(await csafFailures(exported)).toEqual([]);
    const said = vulnerabilitiesSay(exported).get(VENDOR_CVE);
    const names = productIdentities(document);
    expect(said?.statuses.known_affected).toEqual([...new Set(affected.map((id) => names.get(id)))].sort());
    expect(said?.statuses.known_affected?.every((p) => p.includes(' > service_pack=') && p.endsWith(`:: Example IOS XE Software ${/service_pack=([\d.]+)/.exec(p)?.[1] ?? ''}`))).toBe(true);
    expect(said?.statuses).toEqual(vulnerabilitiesSay(document).get(VENDOR_CVE)?.statuses);
    expect(said?.vectors).toHaveLength(259);
    // The export names each product once: only what the vulnerability names, under one id each.
    const tree = JSON.stringify((exported as { product_tree: unknown }).product_tree);
    expect(tree.match(/"product_id"/g)).toHaveLength(259 + fixed.length);
  });
});

describe('the limits of a CSAF import', () => {
  it(`reads an advisory of ${(30_000).toLocaleString('en-US')} distinct products, each under two ids and defined three times, counting each product once`, () => {
    // 60,000 ids, more than the 50,000 products a read allows: aliases and repeats do not count toward it.
    const { document, affected } = vendorAdvisory({ trains: 150, releasesPerTrain: 200, affected: 2_000, duplicates: true });
    const read = readCsaf('large.json', bytesOf(document));
    if (!read.ok) throw new Error(read.message);
    expect(read.counts).toEqual({ vulnerabilities: 1, products: 60_000, distinctProducts: 30_000 });
    expect(read.findings[0]?.affectedProducts).toHaveLength(affected.length);
  }, 30_000);

  it(`refuses an advisory of more than ${CSAF_LIMITS.products.toLocaleString('en-US')} distinct products, naming the count`, () => {
    const { document } = vendorAdvisory({ trains: 501, releasesPerTrain: 100, affected: 10, duplicates: false });
    const read = readCsaf('huge.json', bytesOf(document));
    expect(read).toEqual({ ok: false, message: 'huge.json: it defines 50,100 distinct products; up to 50,000 are read.' });
  }, 30_000);

  it(`refuses an advisory that gives more than ${CSAF_LIMITS.productIds.toLocaleString('en-US')} product ids, however few products they name`, () => {
    const names = Array.from({ length: CSAF_LIMITS.productIds + 1 }, (_, i) => ({ product_id: `P${i}`, name: 'One product' }));
    const document = { ...vendorAdvisory({ trains: 1, releasesPerTrain: 1, affected: 1, duplicates: false }).document };
    document.product_tree = { ...(document.product_tree as object), full_product_names: names };
    expect(readCsaf('aliases.json', bytesOf(document))).toEqual({ ok: false, message: 'aliases.json: it defines 500,002 product ids; up to 500,000 are read.' });
  }, 30_000);

  it('reads files up to 128 MiB', () => {
    expect(CSAF_LIMITS.fileBytes).toBe(128 * 1024 * 1024);
  });
});
