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

describe('a vendor advisory with a product tree down to the service pack', () => {
  // 42 release trains of 60 releases each: 2,520 releases, given twice over and again under alias ids.
  const { document, affected, fixed } = vendorAdvisory({ trains: 42, releasesPerTrain: 60, affected: 259, duplicates: true });

  it('keeps each of the 259 affected releases as itself, never as the train it belongs to', () => {
    const read = readCsaf('vendor.json', bytesOf(document));
    if (!read.ok) throw new Error(read.message);
    // Distinct product ids: each release under its id and its alias; the tree given twice counts once.
    expect(read.counts).toEqual({ vulnerabilities: 1, products: 2 * 42 * 60 });
    expect(read.dropped).toEqual([]);
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
  it(`reads an advisory of ${(40_000).toLocaleString('en-US')} distinct products, each defined three times`, () => {
    // 20,000 releases under their ids and aliases; duplicates do not count toward the limit.
    const { document, affected } = vendorAdvisory({ trains: 100, releasesPerTrain: 200, affected: 2_000, duplicates: true });
    const read = readCsaf('large.json', bytesOf(document));
    if (!read.ok) throw new Error(read.message);
    expect(read.counts.products).toBe(40_000);
    expect(read.findings[0]?.affectedProducts).toHaveLength(affected.length);
  });

  it(`refuses an advisory of more than ${CSAF_LIMITS.products.toLocaleString('en-US')} distinct products, naming the count`, () => {
    const { document } = vendorAdvisory({ trains: 251, releasesPerTrain: 100, affected: 10, duplicates: true });
    const read = readCsaf('huge.json', bytesOf(document));
    expect(read).toEqual({ ok: false, message: 'huge.json: it defines 50,200 distinct products; up to 50,000 are read.' });
  });

  it('reads files up to 128 MiB', () => {
    expect(CSAF_LIMITS.fileBytes).toBe(128 * 1024 * 1024);
  });
});
