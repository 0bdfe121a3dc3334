import { describe, expect, it } from 'vitest';
import { vulnerabilitiesSay } from '../../test/fixtures/csaf-identity.js';
import { csafFailures } from '../../test/fixtures/csaf-validation.js';
import { providedBytes } from '../../test/fixtures/provided.js';
import { csafRequest, storedFinding } from '../../test/fixtures/findings.js';
import { csafAfterImport } from './csaf-after-import.js';
import { readCsaf } from './csaf-read.js';
import { writeCsaf } from './csaf-write.js';

const encoder = new TextEncoder();
const NOW = new Date('2026-12-01T09:00:00.000Z');
const GENERATOR = { name: 'Frontier Review', version: '0.1.0' };


function exported(name: string, bytes: Uint8Array) {
  const read = readCsaf(name, bytes);
  if (!read.ok) throw new Error(read.message);
  return { read, document: csafAfterImport(read, { now: NOW, generator: GENERATOR }) };
}

/** An advisory that uses what the fixtures do not: first and last affected, every other status, VEX flags, groups, 3.0 and 2.0 scores, threats, involvements. */
const RICH = {
  document: {
    category: 'csaf_security_advisory',
    csaf_version: '2.0',
    title: 'Example Agents: two issues in agentkit',
    lang: 'en',
    publisher: { category: 'vendor', name: 'Example Agents PSIRT', namespace: 'https://psirt.example.org', issuing_authority: 'Example Agents Inc.' },
    distribution: { text: 'For customers.', tlp: { label: 'GREEN', url: 'https://www.first.org/tlp/' } },
    notes: [{ category: 'legal_disclaimer', title: 'Terms', text: 'Provided as is.' }],
    references: [{ category: 'external', summary: 'Project page', url: 'https://example.org/agentkit' }],
    acknowledgments: [{ organization: 'CISA' }],
    aggregate_severity: { text: 'High' },
    tracking: {
      id: 'EA-2026-0042',
      status: 'final',
      version: '2',
      initial_release_date: '2026-10-01T00:00:00Z',
      current_release_date: '2026-10-08T00:00:00Z',
      revision_history: [
        { number: '1', date: '2026-10-01T00:00:00Z', summary: 'Initial.' },
        { number: '2', date: '2026-10-08T00:00:00Z', summary: 'Added the server.' },
      ],
    },
  },
  product_tree: {
    branches: [
      {
        category: 'vendor',
        name: 'Example Agents',
        branches: [
          {
            category: 'product_name',
            name: 'agentkit',
            branches: [
              { category: 'product_version', name: '2.0.0', product: { product_id: 'AK-2.0.0', name: 'agentkit 2.0.0', product_identification_helper: { purl: 'pkg:pypi/agentkit@2.0.0' } } },
              { category: 'product_version', name: '2.3.0', product: { product_id: 'AK-2.3.0', name: 'agentkit 2.3.0' } },
              { category: 'product_version', name: '2.4.0', product: { product_id: 'AK-2.4.0', name: 'agentkit 2.4.0' } },
              { category: 'product_version', name: '2.4.1', product: { product_id: 'AK-2.4.1', name: 'agentkit 2.4.1' } },
              { category: 'product_version_range', name: 'vers:pypi/<2.0.0', product: { product_id: 'AK-OLD', name: 'agentkit before 2.0.0' } },
            ],
          },
          { category: 'product_name', name: 'agentkit-server', branches: [{ category: 'language', name: 'en', product: { product_id: 'AKS-EN', name: 'agentkit-server (English)' } }] },
        ],
      },
    ],
    full_product_names: [{ product_id: 'LINUX', name: 'Linux' }],
    relationships: [{ category: 'installed_on', product_reference: 'AK-2.4.0', relates_to_product_reference: 'LINUX', full_product_name: { product_id: 'AK-2.4.0-LINUX', name: 'agentkit 2.4.0 on Linux' } }],
    product_groups: [{ group_id: 'G-AFFECTED', product_ids: ['AK-2.0.0', 'AK-2.3.0', 'AK-2.4.0'] }],
  },
  vulnerabilities: [
    {
      cve: 'CVE-2026-10001',
      title: 'Prompt injection through tool output',
      cwe: { id: 'CWE-1427', name: 'Improper Neutralization of Input Used for LLM Prompting' },
      notes: [
        { category: 'summary', text: 'Tool output is run as instructions.' },
        { category: 'details', title: 'Details', text: 'The planner concatenates tool output into its prompt.' },
        { category: 'faq', title: 'Am I affected?', text: 'If you run agentkit with web tools.' },
      ],
      product_status: {
        first_affected: ['AK-2.0.0'],
        known_affected: ['AK-2.3.0', 'AK-2.4.0-LINUX'],
        last_affected: ['AK-2.4.0'],
        first_fixed: ['AK-2.4.1'],
        fixed: ['AK-2.4.1'],
        recommended: ['AK-2.4.1'],
        known_not_affected: ['AK-OLD'],
        under_investigation: ['AKS-EN'],
      },
      scores: [
        { products: ['AK-2.0.0', 'AK-2.3.0'], cvss_v3: { version: '3.0', vectorString: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', baseScore: 9.8, baseSeverity: 'CRITICAL' }, cvss_v2: { version: '2.0', vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5 } },
        { products: ['AK-2.4.0', 'AK-2.4.0-LINUX'], cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:H/A:N', baseScore: 8.1, baseSeverity: 'HIGH' } },
      ],
      remediations: [
        { category: 'vendor_fix', details: 'Upgrade to 2.4.1.', group_ids: ['G-AFFECTED'], url: 'https://example.org/agentkit/2.4.1', restart_required: { category: 'service' } },
        { category: 'workaround', details: 'Turn off web tools.', product_ids: ['AK-2.4.0-LINUX'] },
      ],
      threats: [{ category: 'exploit_status', details: 'Proof of concept public.', product_ids: ['AK-2.3.0'] }],
      flags: [{ label: 'vulnerable_code_not_present', product_ids: ['AK-OLD'] }],
      involvements: [{ party: 'vendor', status: 'completed', summary: 'Fixed in 2.4.1.' }],
      references: [{ category: 'external', summary: 'Issue', url: 'https://example.org/agentkit/issues/7' }],
      acknowledgments: [{ names: ['R. Reviewer'], organization: 'NSA' }],
      ids: [{ system_name: 'Example Agents bug', text: 'EA-7' }],
      release_date: '2026-10-01T00:00:00Z',
      discovery_date: '2026-09-12T00:00:00Z',
    },
    { cve: 'CVE-2026-10002', notes: [{ category: 'description', text: 'The server is not affected.' }], product_status: { known_not_affected: ['AKS-EN'] }, flags: [{ label: 'component_not_present', product_ids: ['AKS-EN'] }] },
  ],
};

const FIXTURES: readonly [string, Uint8Array][] = [
  ['the BSI advisory', providedBytes('csaf/csaf-2.0-bsi-2022-0001.json')],
  ['the Red Hat advisory (fixed only, relationships)', providedBytes('csaf/rhsa-2022_0011.json')],
  ['the VEX document', providedBytes('csaf/2022-evd-uc-01-f-001.json')],
  ['an advisory with every status, score version and part', encoder.encode(JSON.stringify(RICH))],
];

/** What each fixture's import leaves out: the rich advisory's product group, named by its products instead. */
const LEFT_OUT: Readonly<Record<string, readonly unknown[]>> = {
  'an advisory with every status, score version and part': [{ path: '/product_tree/product_groups/0', why: 'Product group G-AFFECTED is not kept: wherever the advisory names the group, its products are named instead.' }],
};

/** Every CVSS object of every score of a document, as canonical JSON, each once. */
function cvssObjects(document: unknown): string[] {
  const vulnerabilities = (document as { vulnerabilities?: { scores?: Record<string, unknown>[] }[] }).vulnerabilities ?? [];
  const objects = vulnerabilities.flatMap((v) => (v.scores ?? []).flatMap((s) => [s.cvss_v3, s.cvss_v2].filter((c) => c !== undefined)));
  return [...new Set(objects.map((c) => JSON.stringify(Object.fromEntries(Object.entries(c as object).sort(([a], [b]) => a.localeCompare(b))))))].sort();
}

describe('a CSAF advisory imported and exported again, with no edits', () => {
  it.each(FIXTURES)('%s passes CSAF 2.0 strict and every mandatory test, keeping every vulnerability, product status, vector, remediation, reference and acknowledgment', async (name, bytes) => {
    const { read, document } = exported(name, bytes);
    expect(read.dropped).toEqual(LEFT_OUT[name] ?? []);
    expect(await csafFailures(document)).toEqual([]);
    const input = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
    const before = vulnerabilitiesSay(input);
    const after = vulnerabilitiesSay(document);
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [key, says] of before) {
      const out = after.get(key);
      expect(out?.statuses, `${key}: product statuses`).toEqual(says.statuses);
      expect(out?.vectors, `${key}: vectors`).toEqual(says.vectors);
      expect(out?.remediations, `${key}: remediations`).toEqual(says.remediations);
      expect(out?.references, `${key}: references`).toEqual(says.references);
      expect(out?.acknowledgments, `${key}: acknowledgments`).toEqual(says.acknowledgments);
    }
    // Each score whole, every field as the advisory gave it.
    expect(cvssObjects(document)).toEqual(cvssObjects(input));
  });

  it.each(FIXTURES)('%s keeps its title, tracking id, publisher and TLP label, and its own notes, references and acknowledgments', (name, bytes) => {
    const { document } = exported(name, bytes);
    const input = (JSON.parse(new TextDecoder().decode(bytes)) as { document: Record<string, unknown> }).document;
    const output = (document as { document: Record<string, unknown> }).document;
    expect(output.title).toBe(input.title);
    expect((output.tracking as { id: string }).id).toBe((input.tracking as { id: string }).id);
    expect(output.publisher).toEqual(input.publisher);
    // An advisory with no TLP label of its own (the VEX example) is exported under TLP:WHITE, as it is unclassified.
    const tlp = (document: Record<string, unknown>) => (document.distribution as { tlp?: { label: string } } | undefined)?.tlp?.label;
    expect(tlp(output)).toBe(tlp(input) ?? 'WHITE');
    expect(output.notes).toEqual(expect.arrayContaining((input.notes as unknown[] | undefined) ?? []));
    expect(output.references).toEqual(input.references);
    expect(output.acknowledgments).toEqual(input.acknowledgments);
    expect(output.aggregate_severity).toEqual(input.aggregate_severity);
  });

  it.each(FIXTURES)('%s reads back from its export to the same findings', (name, bytes) => {
    const { read, document } = exported(name, bytes);
    const again = readCsaf('again.json', encoder.encode(JSON.stringify(document)));
    if (!again.ok) throw new Error(again.message);
    const essentials = (r: typeof read) =>
      r.findings.map((f) => ({ title: f.title, cveId: f.cveId, cwe: f.cwe, cvssVector: f.cvssVector, severity: f.severity, status: f.status, description: f.description, affected: f.affectedProducts.length, statuses: Object.values(f.productStatus).map((l) => l.length) }));
    expect(essentials(again)).toEqual(essentials(read));
    expect(vulnerabilitiesSay(csafAfterImport(again, { now: NOW, generator: GENERATOR }))).toEqual(vulnerabilitiesSay(document));
  });

  it.each(FIXTURES)('%s keeps its language, and names itself (publisher, category, version, status, dates, revisions) in a note, the export having tracking of its own', (name, bytes) => {
    const { read, document } = exported(name, bytes);
    const input = (JSON.parse(new TextDecoder().decode(bytes)) as { document: { lang?: string; category: string; tracking: { id: string; version: string; status: string; revision_history: { summary: string }[] } } }).document;
    const output = (document as { document: { lang: string; source_lang?: string; notes: { category: string; title?: string; text: string }[]; tracking: { version: string } } }).document;
    expect(output.lang).toBe(input.lang ?? 'en-US');
    expect(output.source_lang).toBeUndefined();
    // The finding keeps the advisory's own tracking whole.
    expect(read.findings[0]?.csaf.sources[0]?.tracking).toEqual(input.tracking);
    const note = output.notes.find((n) => n.title === `Source advisory ${input.tracking.id}`);
    expect(note?.category).toBe('other');
    expect(note?.text).toContain(`a ${input.category} document`);
    expect(note?.text).toContain(`Version ${input.tracking.version}, status ${input.tracking.status}`);
    for (const revision of input.tracking.revision_history) expect(note?.text).toContain(revision.summary);
    expect(output.tracking.version).toBe('1');
  });

  it('names the rich advisory in a note with its publisher, version, dates and both revisions', () => {
    const { document } = exported('rich.json', encoder.encode(JSON.stringify(RICH)));
    const notes = (document as { document: { lang: string; notes: { title?: string; text: string }[] } }).document.notes;
    expect(notes.find((n) => n.title === 'Source advisory EA-2026-0042')?.text).toBe(
      [
        'Example Agents: two issues in agentkit (EA-2026-0042), a csaf_security_advisory document published by Example Agents PSIRT (vendor, https://psirt.example.org).',
        'Version 2, status final; first released 2026-10-01T00:00:00Z, current release 2026-10-08T00:00:00Z.',
        'Written in en.',
        'Revision 1 (2026-10-01T00:00:00Z): Initial.',
        'Revision 2 (2026-10-08T00:00:00Z): Added the server.',
      ].join('\n'),
    );
  });

  it('writes a German advisory as German, and its source language, and the app\'s own language where advisories differ', async () => {
    const german = structuredClone(RICH) as { document: Record<string, unknown> };
    german.document.lang = 'de';
    german.document.source_lang = 'en';
    const { read, document } = exported('de.json', encoder.encode(JSON.stringify(german)));
    expect((document as { document: unknown }).document).toMatchObject({ lang: 'de', source_lang: 'en' });
    expect(await csafFailures(document)).toEqual([]);
    // A further report of the first vulnerability from an English advisory: the export's languages are no longer one.
    const english = exported('rich.json', encoder.encode(JSON.stringify(RICH))).read;
    const findings = [...read.findings, ...english.findings].map((f) => storedFinding(f));
    const mixed = writeCsaf(csafRequest(findings)) as { document: Record<string, unknown> };
    expect(mixed.document.lang).toBe('en-US');
    expect(mixed.document.source_lang).toBeUndefined();
  });

  it('leaves out a language that is not a registered language tag, saying so, so the export still validates', async () => {
    const odd = structuredClone(RICH) as { document: Record<string, unknown> };
    odd.document.lang = 'english';
    const { read, document } = exported('odd.json', encoder.encode(JSON.stringify(odd)));
    expect(read.dropped).toContainEqual({ path: '/document/lang', why: 'This language is not a language tag of registered subtags (BCP 47), so it is not kept.' });
    expect((document as { document: { lang: string } }).document.lang).toBe('en-US');
    expect(await csafFailures(document)).toEqual([]);
  });

  it('keeps a score\'s temporal and environmental parts and every metric, writing them back as given, and puts a base score the vector disagrees with right, saying so', async () => {
    const doc = structuredClone(RICH);
    const temporal = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/CR:H/MAV:L';
    const full = { version: '3.1', vectorString: temporal, attackVector: 'NETWORK', exploitCodeMaturity: 'PROOF_OF_CONCEPT', modifiedAttackVector: 'LOCAL', baseScore: 9.8, baseSeverity: 'CRITICAL', temporalScore: 8.8, temporalSeverity: 'HIGH', environmentalScore: 7.6, environmentalSeverity: 'HIGH' };
    const v2 = { version: '2.0', vectorString: 'AV:N/AC:L/Au:N/C:P/I:P/A:P/E:POC/RL:OF/RC:C', accessVector: 'NETWORK', exploitability: 'PROOF_OF_CONCEPT', baseScore: 7.5, temporalScore: 5.9 };
    (doc.vulnerabilities[0] as { scores: unknown }).scores = [
      { products: ['AK-2.0.0', 'AK-2.3.0'], cvss_v3: full, cvss_v2: v2 },
      { products: ['AK-2.4.0', 'AK-2.4.0-LINUX'], cvss_v3: { version: '3.1', vectorString: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L', baseScore: 1.0, baseSeverity: 'LOW' } },
    ];
    // The BSI validator agrees: the first score is right throughout, the second's base score and severity are not.
    expect(await csafFailures(doc)).toEqual(['mandatoryTest_6_1_9 /vulnerabilities/0/scores/1/cvss_v3/baseScore: invalid calculated value', 'mandatoryTest_6_1_9 /vulnerabilities/0/scores/1/cvss_v3/baseSeverity: invalid calculated value']);
    const { read, document } = exported('scores.json', encoder.encode(JSON.stringify(doc)));
    expect(read.dropped).toEqual([
      { path: '/product_tree/product_groups/0', why: expect.stringMatching(/^Product group G-AFFECTED/) as unknown },
      { path: '/vulnerabilities/0/scores/1/cvss_v3/baseScore', why: 'baseScore is given as 1, but the vector makes it 6.1; 6.1 is kept in its place, as CSAF requires the two to agree.' },
      { path: '/vulnerabilities/0/scores/1/cvss_v3/baseSeverity', why: 'baseSeverity is given as "LOW", but the vector makes it "MEDIUM"; "MEDIUM" is kept in its place, as CSAF requires the two to agree.' },
    ]);
    expect(await csafFailures(document)).toEqual([]);
    const scores = (document as { vulnerabilities: { scores: { cvss_v3?: unknown; cvss_v2?: unknown }[] }[] }).vulnerabilities[0]?.scores;
    expect(scores?.map((s) => s.cvss_v3)).toEqual([full, { version: '3.1', vectorString: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L', baseScore: 6.1, baseSeverity: 'MEDIUM' }]);
    expect(scores?.[0]?.cvss_v2).toEqual(v2);
  });

  it('files each vulnerability of the rich advisory as its products say: open, or closed when no product has it', () => {
    const { read } = exported('rich.json', encoder.encode(JSON.stringify(RICH)));
    expect(read.findings.map((f) => [f.cveId, f.status, f.severity, f.cvssVector])).toEqual([
      ['CVE-2026-10001', 'open', 'critical', 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H'],
      ['CVE-2026-10002', 'closed', 'medium', null],
    ]);
    const [first] = read.findings;
    expect(first?.affectedProducts.map((p) => [p.csaf?.id, p.listedAs])).toEqual([
      ['AK-2.0.0', ['first_affected']],
      ['AK-2.3.0', undefined],
      ['AK-2.4.0-LINUX', undefined],
      ['AK-2.4.0', ['last_affected']],
    ]);
    expect(first?.description).toBe('Tool output is run as instructions.\n\nThe planner concatenates tool output into its prompt.');
  });
});
