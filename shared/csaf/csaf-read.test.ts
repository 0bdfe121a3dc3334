import { describe, expect, it } from 'vitest';
import { csafRequest, storedFinding } from '../../test/fixtures/findings.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import { scoreCvss } from '../findings/cvss.js';
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
    expect(read).toMatchObject({ trackingId: 'BSI-2022-0001', title: 'CVRF-CSAF-Converter: XML External Entities Vulnerability', problems: [] });
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
    expect(read.findings).toEqual([expect.objectContaining({ title, description, severity, cvssVector, cwe, cveId, affectedProducts })]);
    expect(read.problems).toEqual([]);
  });

  it('names what could not come across, and skips a vulnerability with no affected product', () => {
    const document = JSON.parse(new TextDecoder().decode(providedBytes(BSI))) as { vulnerabilities: Record<string, unknown>[] };
    const [first] = document.vulnerabilities;
    document.vulnerabilities.push({ ...first, cve: 'CVE-2022-99999', cwe: { id: 'CWE-999999', name: 'Nothing' }, scores: [{ cvss_v3: { version: '3.0', vectorString: 'CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' } }] });
    document.vulnerabilities.push({ title: 'Orphan', product_status: { fixed: ['CSAFPID-0006'] } });
    const read = readCsaf('edited.json', encoder.encode(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.message);
    expect(read.findings.map((f) => [f.cveId, f.cwe, f.cvssVector, f.severity])).toEqual([
      ['CVE-2022-27193', 'CWE-611', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F/RL:O/RC:C', 'medium'],
      ['CVE-2022-99999', null, null, 'medium'],
    ]);
    expect(read.problems).toEqual([
      { where: 'vulnerabilities[1]', message: '"CVE-2022-99999" has only a CVSS 3.0 score, which is not kept; score it again as 3.1.' },
      { where: 'vulnerabilities[1]', message: 'CWE-999999 of "CVE-2022-99999" is not in the CWE catalogue and was left out.' },
      { where: 'vulnerabilities[1]', message: '"CVE-2022-99999" has no CVSS 3.1 score; its severity is set to medium for a reviewer to judge.' },
      { where: 'vulnerabilities[2]', message: '"Orphan" names no affected product, so it was not imported.' },
    ]);
  });

  it('takes products from relationships, and titles an entry with neither title nor CVE after the advisory', () => {
    const document = {
      document: { category: 'csaf_security_advisory', csaf_version: '2.0', title: 'Two issues', tracking: { id: 'VENDOR-2026-7' } },
      product_tree: {
        branches: [{ category: 'vendor', name: 'Example', branches: [{ category: 'product_name', name: 'libimg', branches: [{ category: 'product_version', name: '2.1', product: { product_id: 'LIB', name: 'Example libimg 2.1' } }] }] }],
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
    expect(read.findings.map((f) => [f.title, f.cveId, f.affectedProducts])).toEqual([
      ['Vulnerability 1 of VENDOR-2026-7', null, [{ vendor: 'Example', product: 'libimg', version: '2.1' }]],
      ['CVE-2026-12345', 'CVE-2026-12345', [{ vendor: 'Example', product: 'libimg', version: '2.1' }]],
      ['CVE-26-1', null, [{ vendor: 'Example', product: 'libimg', version: '2.1' }]],
    ]);
    expect(read.problems.map((p) => p.message)).toContain('"CVE-26-1" of "CVE-26-1" is not a CVE id and was left out.');
  });

  it.each([
    ['not JSON', '{"document": ', /^x\.json: it is not valid JSON \(.+\)\.$/],
    ['an OSCAL plan', null, /^x\.json: it is an OSCAL plan of action and milestones, not a CSAF advisory; import it on the Plans tab\.$/],
    ['a JSON list', [1], /^x\.json: it is not a CSAF advisory \(not a JSON object\)\.$/],
    ['CSAF 2.1', { document: { category: 'csaf_security_advisory', csaf_version: '2.1', title: 'T', tracking: { id: 'X' } } }, /^x\.json: only CSAF 2\.0 advisories are read\.$/],
    ['no tracking id', { document: { category: 'csaf_security_advisory', csaf_version: '2.0', title: 'T', tracking: {} } }, /^x\.json: document\.tracking\.id /],
    ['no vulnerabilities', { document: { category: 'csaf_base', csaf_version: '2.0', title: 'T', tracking: { id: 'X' } } }, /^x\.json: it holds no vulnerability with an affected product, so there is nothing to import\.$/],
    ['a __proto__ key', '{"document": {"__proto__": {"polluted": true}}}', /^x\.json: .*__proto__/],
  ])('refuses %s, naming the fault', (_label, document, message) => {
    const content = document ?? new TextDecoder().decode(providedBytes(NIST_POAM_EXAMPLE));
    expect(refusal('x.json', content)).toMatch(message);
  });
});
