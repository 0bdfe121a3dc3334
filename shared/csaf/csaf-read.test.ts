import { describe, expect, it } from 'vitest';
import { csafRequest, storedFinding } from '../../test/fixtures/findings.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import { scoreCvss } from '../findings/cvss.js';
import { findingFieldsSchema } from '../findings/finding.js';
import { MAX_RELATIONSHIP_DEPTH, type CsafProduct } from '../findings/product.js';
import { UNCLASSIFIED } from '../marking/marking.js';
import { readCsaf } from './csaf-read.js';
import { writeCsaf } from './csaf-write.js';

const encoder = new TextEncoder();
const BSI = 'csaf/csaf-2.0-bsi-2022-0001.json';

function refusal(name: string, document: unknown): string {
  const result = readCsaf(name, typeof document === 'string' ? encoder.encode(document) : encoder.encode(JSON.stringify(document)));
  if (result.ok) throw new Error(`expected ${name} to be refused`);
  return result.message;
}

describe('readCsaf', () => {
  it('reads the BSI\'s advisory as one vulnerability with its CVE, CWE, CVSS vector and the five versions it affects', () => {
    const read = readCsaf('bsi-2022-0001.json', providedBytes(BSI));
    if (!read.ok) throw new Error(read.message);
    expect(read).toMatchObject({ trackingId: 'BSI-2022-0001', title: 'CVRF-CSAF-Converter: XML External Entities Vulnerability', problems: [], dropped: [], counts: { vulnerabilities: 1, products: 6 } });
    expect(read.findings).toHaveLength(1);
    const [finding] = read.findings;
    expect(finding).toMatchObject({
      title: 'CVRF-CSAF-Converter: XML External Entities Vulnerability',
      type: 'software-vulnerability',
      cveId: 'CVE-2022-27193',
      cwe: 'CWE-611',
      cvssVector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C',
      severity: 'medium',
      status: 'open',
    });
    expect(finding?.description).toMatch(/^CSAF Tools CVRF-CSAF-Converter 1\.0\.0-rc1 resolves XML External Entities/);
    // Scored here, the vector gives the base score the advisory itself states.
    const scored = scoreCvss(finding?.cvssVector ?? '');
    expect(scored.ok && scored.score.baseScore).toBe(6.1);
    expect(finding?.affectedProducts.map((p) => `${p.vendor} | ${p.product} | ${p.version}`)).toEqual([
      'CSAF Tools | CVRF-CSAF-Converter | 1.0.0-alpha',
      'CSAF Tools | CVRF-CSAF-Converter | 1.0.0-dev1',
      'CSAF Tools | CVRF-CSAF-Converter | 1.0.0-dev2',
      'CSAF Tools | CVRF-CSAF-Converter | 1.0.0-dev3',
      'CSAF Tools | CVRF-CSAF-Converter | 1.0.0-rc1',
    ]);
    // Each keeps its identity in the advisory: its id, full name, branches and CPE.
    expect(finding?.affectedProducts[4]?.csaf).toEqual({
      id: 'CSAFPID-0005',
      name: 'CSAF Tools CVRF-CSAF-Converter 1.0.0-rc1',
      branches: [
        { category: 'vendor', name: 'CSAF Tools' },
        { category: 'product_name', name: 'CVRF-CSAF-Converter' },
        { category: 'product_version', name: '1.0.0-rc1' },
      ],
      helper: { cpe: 'cpe:/a:csaf-tools:cvrf-csaf-converter:1.0.0-rc1' },
      relationship: null,
    });
    // The version that fixes it, under both statuses the advisory gives it.
    expect(finding?.productStatus.first_fixed.map((p) => p.csaf?.id)).toEqual(['CSAFPID-0006']);
    expect(finding?.productStatus.fixed.map((p) => p.version)).toEqual(['1.0.0-rc2']);
    // What else it says is kept for the export.
    expect(finding?.csaf).toMatchObject({
      remediations: [{ category: 'vendor_fix', url: 'https://github.com/csaf-tools/CVRF-CSAF-Converter/releases/tag/1.0.0-rc2', product_ids: ['CSAFPID-0001', 'CSAFPID-0002', 'CSAFPID-0003', 'CSAFPID-0004', 'CSAFPID-0005'] }],
      acknowledgments: [{ names: ['Damian Pfammatter'], organization: 'Cyber-Defense Campus' }],
      ids: [{ system_name: 'Github Issue', text: 'csaf-tools/CVRF-CSAF-Converter#78' }],
      scores: [{ cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C' } }],
      sources: [{ trackingId: 'BSI-2022-0001', publisher: { name: 'Bundesamt für Sicherheit in der Informationstechnik' }, tlp: { label: 'WHITE' }, aggregateSeverity: { text: 'Moderate' } }],
    });
  });

  it('reads a Red Hat advisory whose products are all fixed as a closed finding, each product on its platform kept apart', () => {
    const read = readCsaf('rhsa.json', providedBytes('csaf/rhsa-2022_0011.json'));
    if (!read.ok) throw new Error(read.message);
    expect(read.counts).toEqual({ vulnerabilities: 1, products: 25, distinctProducts: 25 });
    expect(read.dropped).toEqual([]);
    const [finding] = read.findings;
    expect(finding).toMatchObject({ cveId: 'CVE-2020-10188', cwe: 'CWE-119', status: 'closed', affectedProducts: [] });
    // 15 packages on three platforms: as many products, none folded into another.
    const fixed = finding?.productStatus.fixed ?? [];
    expect(fixed).toHaveLength(15);
    expect(new Set(fixed.map((p) => p.csaf?.name)).size).toBe(15);
    const [first] = fixed;
    expect(first?.csaf?.relationship).toMatchObject({
      category: 'default_component_of',
      product: { name: 'telnet-1:0.17-65.el7_6.src', branches: [{ category: 'vendor', name: 'Red Hat' }, { category: 'architecture', name: 'src' }, { category: 'product_version', name: 'telnet-1:0.17-65.el7_6.src' }] },
      relatesTo: { name: 'Red Hat Enterprise Linux Server AUS (v. 7.6)', helper: { cpe: 'cpe:/o:redhat:rhel_aus:7.6::server' } },
    });
    expect(first).toMatchObject({ vendor: 'Red Hat', product: 'telnet-1:0.17-65.el7_6.src', version: 'src · telnet-1:0.17-65.el7_6.src · default component of Red Hat Enterprise Linux Server AUS (v. 7.6)' });
    expect(finding?.csaf.remediations[0]?.product_ids).toHaveLength(15);
    expect(finding?.csaf.threats).toEqual([{ category: 'impact', date: '2020-03-06T00:00:00Z', details: 'Important' }]);
    expect(finding?.csaf.references.map((r) => r.summary)).toEqual(['CVE-2020-10188', expect.stringMatching(/^bz#1811673/) as unknown]);
    expect(finding?.csaf).toMatchObject({ releaseDate: '2020-02-28T00:00:00Z', discoveryDate: '2020-03-06T00:00:00Z' });
    expect(read.source.notes.map((n) => n.title)).toEqual(['Topic', 'Details', 'Terms of Use']);
    expect(read.source.distributionText).toBe('Copyright © 2022 Red Hat, Inc. All rights reserved.');
  });

  it('reads a VEX document whose one product is fixed as a closed finding', () => {
    const read = readCsaf('vex.json', providedBytes('csaf/2022-evd-uc-01-f-001.json'));
    if (!read.ok) throw new Error(read.message);
    expect(read.findings).toEqual([expect.objectContaining({ cveId: 'CVE-2021-44228', status: 'closed', affectedProducts: [] })]);
    expect(read.findings[0]?.productStatus.fixed.map((p) => p.csaf?.name)).toEqual(['Example Company DEF 1.1']);
    expect(read.findings[0]?.description).toMatch(/^Apache Log4j2 2\.0-beta9 through 2\.15\.0/);
  });

  it('keeps a CVSS 3.0 vector as a 3.0 score, and takes the highest score where products are scored differently', () => {
    const document = JSON.parse(new TextDecoder().decode(providedBytes(BSI))) as { vulnerabilities: { scores: unknown[] }[] };
    document.vulnerabilities[0]!.scores = [
      { products: ['CSAFPID-0001'], cvss_v3: { version: '3.0', vectorString: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' } },
      { products: ['CSAFPID-0002'], cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L' } },
      { products: ['CSAFPID-0002'], cvss_v2: { version: '2.0', vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5 } },
    ];
    const read = readCsaf('scores.json', encoder.encode(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.message);
    const [finding] = read.findings;
    expect(finding).toMatchObject({ cvssVector: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', severity: 'critical' });
    expect(scoreCvss(finding?.cvssVector ?? '')).toMatchObject({ ok: true, score: { version: '3.0', baseScore: 9.8, severity: 'Critical' } });
    // Each score as the advisory gave it, whole.
    expect(finding?.csaf.scores).toEqual(document.vulnerabilities[0]!.scores);
    expect(read.problems.map((p) => p.where)).toEqual(['/vulnerabilities/0/scores']);
  });

  it('reads back what the app writes', () => {
    const written = storedFinding({
      type: 'software-vulnerability',
      title: 'Prompt injection through tool output',
      description: 'The agent framework runs instructions found in tool output.',
      severity: 'high',
      cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N',
      cwe: 'CWE-1427',
      affectedProducts: [
        { vendor: 'Example Agents', product: 'agentkit', version: '< 2.4.1' },
        { vendor: 'Example Agents', product: 'agentkit-server', version: '1.2' },
      ],
    });
    const document = writeCsaf(csafRequest([written], { tlp: 'GREEN', marking: UNCLASSIFIED }));
    const read = readCsaf('fr-1.json', encoder.encode(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.message);
    const { title, description, severity, cvssVector, cwe, cveId, affectedProducts } = written;
    expect(read.findings).toEqual([expect.objectContaining({ title, description, severity, cvssVector, cwe, cveId })]);
    expect(read.findings[0]?.affectedProducts.map(({ vendor, product, version }) => ({ vendor, product, version }))).toEqual(affectedProducts);
    expect(read.problems).toEqual([]);
    expect(read.dropped).toEqual([]);
  });

  it('says what it did not carry, each with a JSON pointer into the file, and skips a vulnerability that gives no product a status', () => {
    const document = JSON.parse(new TextDecoder().decode(providedBytes(BSI))) as { document: Record<string, unknown>; product_tree: Record<string, unknown>; vulnerabilities: Record<string, unknown>[] };
    const [first] = document.vulnerabilities;
    document.document.x_vendor = 'extension';
    const tree = document.product_tree as { branches: { branches: { branches: { product: { product_identification_helper: Record<string, unknown> } }[] }[] }[] };
    tree.branches[0]!.branches[0]!.branches[0]!.product.product_identification_helper.x_internal_sku = 'CVRF-1';
    document.product_tree.product_groups = [{ group_id: 'G1', product_ids: ['CSAFPID-0001', 'CSAFPID-0002'], summary: 'Alphas and dev1' }];
    document.vulnerabilities.push({
      ...first,
      cve: 'CVE-2022-99999',
      cwe: { id: 'CWE-999999', name: 'Nothing' },
      product_status: { known_affected: ['CSAFPID-0001', 'NOPE'] },
      references: [{ summary: 'No address' }],
      threats: [{ category: 'exploit_status', details: 'Seen in the wild.', group_ids: ['G1'] }],
    });
    document.vulnerabilities.push({ title: 'Orphan', product_status: { fixed: ['NOPE'] } });
    const read = readCsaf('edited.json', encoder.encode(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.message);
    expect(read.findings.map((f) => [f.cveId, f.cwe, f.affectedProducts.length])).toEqual([
      ['CVE-2022-27193', 'CWE-611', 5],
      ['CVE-2022-99999', null, 1],
    ]);
    // A group is its products.
    expect(read.findings[1]?.csaf.threats).toEqual([{ category: 'exploit_status', details: 'Seen in the wild.', product_ids: ['CSAFPID-0001', 'CSAFPID-0002'] }]);
    // Products its remediation, score and threat name that it gives no status are kept beside the others.
    expect(read.findings[1]?.csaf.otherProducts.map((p) => p.csaf?.id)).toEqual(['CSAFPID-0002', 'CSAFPID-0003', 'CSAFPID-0004', 'CSAFPID-0005']);
    expect(read.dropped).toEqual([
      { path: '/document/x_vendor', why: 'The document has no "x_vendor" in CSAF 2.0, so it is not kept.' },
      { path: '/product_tree/branches/0/branches/0/branches/0/product/product_identification_helper/x_internal_sku', why: 'An identification helper has no "x_internal_sku" in CSAF 2.0, so it is not kept.' },
      { path: '/product_tree/product_groups/0', why: 'Product group G1 and its summary are not kept: wherever the advisory names the group, its products are named instead.' },
      { path: '/vulnerabilities/1/product_status/known_affected/1', why: 'Product "NOPE" is not in the product tree, so it has no status here.' },
      { path: '/vulnerabilities/1/cwe', why: 'CWE-999999 of "CVE-2022-99999" is not in the CWE catalogue CSAF validators check against, so it is not kept.' },
      { path: '/vulnerabilities/1/references/0', why: 'A reference is not valid CSAF 2.0 (url): it is missing; it is not kept.' },
      { path: '/vulnerabilities/2/product_status/fixed/0', why: 'Product "NOPE" is not in the product tree, so it has no status here.' },
      { path: '/vulnerabilities/2', why: '"Orphan" gives no product of the product tree a status (affected, fixed, not affected…), so there is nothing to file it against; it was not imported.' },
    ]);
  });

  it('takes products from relationships, and titles an entry with neither title nor CVE after the advisory', () => {
    const document = {
      document: { category: 'csaf_security_advisory', csaf_version: '2.0', title: 'Two issues', tracking: { id: 'VENDOR-2026-7' } },
      product_tree: {
        branches: [{ category: 'vendor', name: 'Example', branches: [{ category: 'product_name', name: 'libimg', branches: [{ category: 'product_version', name: '2.1', product: { product_id: 'LIB', name: 'Example libimg 2.1' } }] }] }],
        full_product_names: [{ product_id: 'OS', name: 'Example OS' }],
        relationships: [{ category: 'installed_on', product_reference: 'LIB', relates_to_product_reference: 'OS', full_product_name: { product_id: 'LIB-ON-OS', name: 'libimg 2.1 on Example OS' } }],
      },
      vulnerabilities: [
        { title: '   ', notes: [{ category: 'description', text: 'Heap overflow.' }], product_status: { known_affected: ['LIB-ON-OS'] } },
        { cve: ' cve-2026-12345 ', product_status: { known_affected: ['LIB'] } },
        { cve: 'CVE-26-1', product_status: { known_affected: ['LIB'] } },
      ],
    };
    const read = readCsaf('vendor.json', encoder.encode(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.message);
    const described = (f: (typeof read.findings)[number]) => f.affectedProducts.map((p) => `${p.vendor} | ${p.product} | ${p.version}`);
    expect(read.findings.map((f) => [f.title, f.cveId, described(f)])).toEqual([
      ['Vulnerability 1 of VENDOR-2026-7', null, ['Example | libimg | 2.1 · installed on Example OS']],
      ['CVE-2026-12345', 'CVE-2026-12345', ['Example | libimg | 2.1']],
      ['CVE-26-1', null, ['Example | libimg | 2.1']],
    ]);
    // On its platform, the product is another product than the library alone.
    expect(read.findings[0]?.affectedProducts[0]?.csaf).toMatchObject({ id: 'LIB-ON-OS', relationship: { category: 'installed_on', product: { id: 'LIB' }, relatesTo: { id: 'OS', name: 'Example OS' } } });
    expect(read.dropped).toContainEqual({ path: '/vulnerabilities/2/cve', why: '"CVE-26-1" of "CVE-26-1" is not a CVE id, so it is not kept.' });
  });

  it('reads a chain of relationships 26 deep up to the depth it allows, and lists each deeper one as left out', () => {
    // "P1 on P0", "(P1 on P0) on P0", and so on, listed deepest first.
    const relationships = Array.from({ length: 26 }, (_, k) => ({
      category: 'installed_on',
      product_reference: k === 0 ? 'P1' : `R${k}`,
      relates_to_product_reference: 'P0',
      full_product_name: { product_id: `R${k + 1}`, name: `Level ${k + 1}` },
    })).reverse();
    const document = {
      document: { category: 'csaf_security_advisory', csaf_version: '2.0', title: 'Nested', tracking: { id: 'DEEP-1' } },
      product_tree: { full_product_names: [{ product_id: 'P0', name: 'Platform' }, { product_id: 'P1', name: 'Package' }] },
      vulnerabilities: [{ cve: 'CVE-2026-20001', product_status: { known_affected: [`R${MAX_RELATIONSHIP_DEPTH}`, 'R26'] } }],
    };
    const read = readCsaf('deep.json', encoder.encode(JSON.stringify({ ...document, product_tree: { ...document.product_tree, relationships } })));
    if (!read.ok) throw new Error(read.message);
    const [finding] = read.findings;
    expect(finding?.affectedProducts.map((p) => p.csaf?.name)).toEqual([`Level ${MAX_RELATIONSHIP_DEPTH}`]);
    expect(findingFieldsSchema.safeParse({ ...finding, evidence: [], marking: UNCLASSIFIED }).success).toBe(true);
    const tooDeep = read.dropped.filter((d) => d.why.includes(`more than ${MAX_RELATIONSHIP_DEPTH} deep`));
    expect(tooDeep.map((d) => d.path)).toEqual(Array.from({ length: 26 - MAX_RELATIONSHIP_DEPTH }, (_, i) => `/product_tree/relationships/${i}`));
    expect(read.dropped).toContainEqual({ path: '/vulnerabilities/0/product_status/known_affected/1', why: 'Product "R26" is not in the product tree, so it has no status here.' });
  });

  it('lists relationships that name each other in a loop as left out, and refuses a stored product nested deeper than allowed', () => {
    const loop = (from: string, to: string) => ({ category: 'installed_on', product_reference: to, relates_to_product_reference: 'P0', full_product_name: { product_id: from, name: from } });
    const read = readCsaf('loop.json', encoder.encode(JSON.stringify({
      document: { category: 'csaf_security_advisory', csaf_version: '2.0', title: 'Loop', tracking: { id: 'LOOP-1' } },
      product_tree: { full_product_names: [{ product_id: 'P0', name: 'Platform' }], relationships: [loop('A', 'B'), loop('B', 'A')] },
      vulnerabilities: [{ cve: 'CVE-2026-20002', product_status: { known_affected: ['P0'] } }],
    })));
    if (!read.ok) throw new Error(read.message);
    const why = 'This relationship names, through other relationships, its own product, so it is not read.';
    expect(read.dropped).toEqual([{ path: '/product_tree/relationships/0', why }, { path: '/product_tree/relationships/1', why }]);
    // A finding from elsewhere (a bundle) holding a product built on more relationships than a read allows.
    let product: CsafProduct = { id: 'P0', name: 'Platform', branches: [], helper: null, relationship: null };
    for (let k = 1; k <= MAX_RELATIONSHIP_DEPTH + 1; k += 1) product = { id: `R${k}`, name: `Level ${k}`, branches: [], helper: null, relationship: { category: 'installed_on', product, relatesTo: product } };
    const stored = findingFieldsSchema.safeParse({ ...read.findings[0], affectedProducts: [{ vendor: 'V', product: 'P', version: '1', csaf: product }], evidence: [], marking: UNCLASSIFIED });
    expect(stored.success).toBe(false);
    expect(stored.error?.issues.map((i) => i.message)).toContain(`A product's relationships nest more than ${MAX_RELATIONSHIP_DEPTH} deep.`);
  });

  it('lists each key the file gives twice as left out, keeping the last value as JSON does', () => {
    const text = new TextDecoder().decode(providedBytes(BSI)).replace('"document": {', '"document": {"title": "An earlier title",');
    expect(text).toContain('An earlier title');
    const read = readCsaf('twice.json', encoder.encode(text));
    if (!read.ok) throw new Error(read.message);
    expect(read.title).toBe('CVRF-CSAF-Converter: XML External Entities Vulnerability');
    expect(read.dropped).toEqual([{ path: '/document/title', why: '"title" is given twice in the same object; JSON keeps the last value, so the first is left out.' }]);
  });

  it('lists each product no vulnerability names, and a second definition whose identification helper differs, as left out', () => {
    type Leaf = { product: { product_id: string; name: string; product_identification_helper?: unknown } };
    const document = JSON.parse(new TextDecoder().decode(providedBytes(BSI))) as { product_tree: { branches: { branches: { branches: Leaf[] }[] }[]; full_product_names?: unknown[] } };
    const tree = document.product_tree;
    tree.full_product_names = [{ product_id: 'UNUSED', name: 'A product no vulnerability names' }];
    // The first version again, under an alias id and with a CPE of its own.
    const again = structuredClone(tree.branches[0]!);
    const [alpha] = again.branches[0]!.branches;
    again.branches[0]!.branches = [{ ...alpha!, product: { ...alpha!.product, product_id: 'ALIAS', product_identification_helper: { cpe: 'cpe:/a:example:other' } } }];
    tree.branches.push(again);
    const read = readCsaf('unused.json', encoder.encode(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.message);
    expect(read.dropped).toEqual([
      { path: '/product_tree/branches/1/branches/0/branches/0/product/product_identification_helper', why: `"${alpha?.product.name ?? ''}" is defined again, as product CSAFPID-0001, whose first identification helper is kept; this one differs and is not.` },
      { path: '/product_tree/full_product_names/0', why: 'No vulnerability gives "A product no vulnerability names" a status or names it, so no finding holds it and an export does not list it.' },
    ]);
    expect(read.counts).toEqual({ vulnerabilities: 1, products: 8, distinctProducts: 7 });
  });

  it.each([
    ['not JSON', '{"document": ', /^x\.json: it is not valid JSON \(.+\)\.$/],
    ['an OSCAL plan', null, /^x\.json: it is an OSCAL plan of action and milestones, not a CSAF advisory; import it on the Plans tab\.$/],
    ['a JSON list', [1], /^x\.json: it is not a CSAF advisory \(not a JSON object\)\.$/],
    ['CSAF 2.1', { document: { category: 'csaf_security_advisory', csaf_version: '2.1', title: 'T', tracking: { id: 'X' } } }, /^x\.json: only CSAF 2\.0 advisories are read\.$/],
    ['no tracking id', { document: { category: 'csaf_security_advisory', csaf_version: '2.0', title: 'T', tracking: {} } }, /^x\.json: document\.tracking\.id is missing, and CSAF requires it\.$/],
    ['no vulnerabilities', { document: { category: 'csaf_base', csaf_version: '2.0', title: 'T', tracking: { id: 'X' } } }, /^x\.json: it holds no vulnerability that gives a product of its product tree a status, so there is nothing to import\.$/],
    ['a __proto__ key', '{"document": {"__proto__": {"polluted": true}}}', /^x\.json: .*__proto__/],
  ])('refuses %s, naming the fault', (_label, document, message) => {
    const content = document ?? new TextDecoder().decode(providedBytes(NIST_POAM_EXAMPLE));
    expect(refusal('x.json', content)).toMatch(message);
  });
});
