import { readFileSync } from 'node:fs';
import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import { csaf_2_0_strict } from '@secvisogram/csaf-validator-lib/schemaTests.js';
import validateStrict from '@secvisogram/csaf-validator-lib/validateStrict.js';
import { describe, expect, it } from 'vitest';
import { csafRequest, storedFinding } from '../../test/fixtures/findings.js';
import { providedPath } from '../../test/fixtures/provided.js';
import type { Finding, FindingFields } from '../findings/finding.js';
import { UNCLASSIFIED } from '../marking/marking.js';
import { joinReports } from '../findings/join-reports.js';
import { vulnerabilitiesSay } from '../../test/fixtures/csaf-identity.js';
import { providedBytes } from '../../test/fixtures/provided.js';
import { readCsaf } from './csaf-read.js';
import { csafRequestProblem, isVersionRange, writeCsaf } from './csaf-write.js';


/** CSAF 2.0's strict schema and every mandatory test (section 6.1), as the BSI validator runs them. */
async function validate(document: unknown) {
  const result = await validateStrict([csaf_2_0_strict, ...Object.values(mandatoryTests)], document);
  const failures = result.tests.filter((t) => !t.isValid).flatMap((t) => t.errors.map((e) => `${t.name} ${e.instancePath}: ${e.message}`));
  return { isValid: result.isValid, failures, testsRun: result.tests.length };
}

function finding(fields: Partial<FindingFields>): Finding {
  return storedFinding({ type: 'software-vulnerability', ...fields });
}

const request = (findings: readonly Finding[]) => csafRequest(findings);

const XXE = finding({
  title: 'XML external entities in the CVRF converter',
  severity: 'medium',
  cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
  cwe: 'CWE-611',
  cveId: 'CVE-2022-27193',
  affectedProducts: [
    { vendor: 'CSAF Tools', product: 'CVRF-CSAF-Converter', version: '1.0.0-rc1' },
    { vendor: 'CSAF Tools', product: 'CVRF-CSAF-Converter', version: '1.0.0-dev3' },
  ],
});

const PROMPT_INJECTION = finding({
  title: 'Prompt injection through tool output in an agent framework',
  severity: 'high',
  cvssVector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N',
  cwe: 'CWE-1427',
  affectedProducts: [
    { vendor: 'Example Agents', product: 'agentkit', version: '< 2.4.1' },
    { vendor: 'CSAF Tools', product: 'CVRF-CSAF-Converter', version: '1.0.0-rc1' },
  ],
});

describe('writeCsaf', () => {
  it('writes an advisory that passes the CSAF 2.0 strict schema and every mandatory test', async () => {
    const document = writeCsaf(request([XXE, PROMPT_INJECTION]));
    const result = await validate(document);
    expect(result.failures).toEqual([]);
    expect(result.isValid).toBe(true);
    expect(result.testsRun).toBeGreaterThan(30);
  });

  it('carries the CVE, the CWE with its catalogue name, the 3.1 score and the affected versions', () => {
    const document = writeCsaf(request([XXE])) as { vulnerabilities: Record<string, unknown>[]; document: Record<string, unknown>; product_tree: unknown };
    const [vulnerability] = document.vulnerabilities;
    expect(vulnerability).toMatchObject({
      cve: 'CVE-2022-27193',
      cwe: { id: 'CWE-611', name: 'Improper Restriction of XML External Entity Reference' },
      product_status: { known_affected: ['CSAFPID-0001', 'CSAFPID-0002'] },
      scores: [{ cvss_v3: { version: '3.1', baseScore: 6.1, baseSeverity: 'MEDIUM' } }],
      ids: [{ system_name: 'Frontier Review finding', text: XXE.id }],
    });
    expect(document.document).toMatchObject({ distribution: { text: 'CUI//SP-PROPIN', tlp: { label: 'AMBER' } }, tracking: { id: 'FR-A3C1E2F0-20261130T101542' } });
  });

  it('files a version range as a range, shares one product between findings, and sends a CVSS 4.0 vector as a note', () => {
    const document = writeCsaf(request([XXE, PROMPT_INJECTION])) as { vulnerabilities: { product_status: { known_affected: string[] }; notes: { title: string; text: string }[]; scores?: unknown }[]; product_tree: unknown };
    const json = JSON.stringify(document.product_tree);
    expect(json).toContain('{"category":"product_version_range","name":"< 2.4.1"');
    expect(json.match(/CSAFPID-/g)).toHaveLength(3);
    const [, injection] = document.vulnerabilities;
    expect(injection?.product_status.known_affected).toEqual(['CSAFPID-0003', 'CSAFPID-0001']);
    expect(injection?.scores).toBeUndefined();
    expect(injection?.notes.find((n) => n.title === 'CVSS v4.0')?.text).toBe('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N (base score 8.8, High)');
  });

  it('leaves model findings out, and refuses an advisory with no software vulnerability', () => {
    const capability = finding({ type: 'model-capability', title: 'Autonomous exploit chaining' });
    const document = writeCsaf(request([capability, XXE])) as { vulnerabilities: unknown[] };
    expect(document.vulnerabilities).toHaveLength(1);
    expect(() => writeCsaf(request([capability]))).toThrow('A CSAF advisory needs at least one third-party software vulnerability.');
  });

  it('is checked by a validator that catches a broken advisory and passes the BSI\'s real one', async () => {
    const bsi = JSON.parse(readFileSync(providedPath('csaf/csaf-2.0-bsi-2022-0001.json'), 'utf8')) as unknown;
    expect((await validate(bsi)).failures).toEqual([]);
    const broken = structuredClone(writeCsaf(request([XXE]))) as { vulnerabilities: { cwe: { name: string } }[] };
    broken.vulnerabilities[0]!.cwe.name = 'XML problems';
    expect((await validate(broken)).failures).toEqual(['mandatoryTest_6_1_11 /vulnerabilities/0/cwe/name: the name does not match the weakness with the given id']);
  });

  it.each(['< 2.4.1', '>=1.0', 'all versions', 'prior to 3.0', '2.x and later', 'Before 5', '2.4.1', '1.0.0-rc1', 'allegro-7', 'version 3', 'later-build'])(
    'files "%s" as a version or a range exactly as CSAF\'s mandatory test 6.1.31 judges it',
    async (version) => {
      // Written as a plain version: the validator's own test says whether that is a range.
      const asVersion = structuredClone(writeCsaf(request([finding({ ...XXE, affectedProducts: [{ vendor: 'V', product: 'P', version: '1' }] })]))) as {
        product_tree: { branches: { branches: { branches: { name: string }[] }[] }[] };
      };
      asVersion.product_tree.branches[0]!.branches[0]!.branches[0]!.name = version;
      const flagged = !(await validateStrict([mandatoryTests.mandatoryTest_6_1_31!], asVersion)).isValid;
      expect(isVersionRange(version)).toBe(flagged);
    },
  );

  it('groups products that differ only in case, and names them as first written', () => {
    const lower = finding({ title: 'Another bug', affectedProducts: [{ vendor: 'csaf tools', product: 'cvrf-csaf-converter', version: '1.0.0-RC1' }] });
    const document = writeCsaf(request([XXE, lower])) as { product_tree: { branches: { name: string }[] }; vulnerabilities: { product_status: { known_affected: string[] } }[] };
    expect(document.product_tree.branches.map((b) => b.name)).toEqual(['CSAF Tools']);
    expect(document.vulnerabilities[1]?.product_status.known_affected).toEqual(['CSAFPID-0001']);
  });

  it('refuses a publisher namespace that is not a web address, and TLP:WHITE for controlled information', () => {
    expect(csafRequestProblem({ ...request([XXE]), publisher: { name: 'CISA', namespace: 'https://www.cisa.gov/psirt team', category: 'discoverer' } })).toBe(
      'The publisher namespace is the publisher’s web address, e.g. https://www.cisa.gov.',
    );
    expect(csafRequestProblem({ ...request([XXE]), publisher: { name: 'CISA', namespace: 'cisa.gov', category: 'discoverer' } })).toBeDefined();
    expect(csafRequestProblem({ ...request([XXE]), tlp: 'WHITE' })).toBe('TLP:WHITE puts no limit on disclosure, but the advisory holds CUI//SP-PROPIN information; choose GREEN, AMBER or RED.');
    expect(csafRequestProblem({ ...request([XXE]), tlp: 'WHITE', marking: UNCLASSIFIED })).toBeUndefined();
  });

  describe('findings read from advisories', () => {
    const imported = (relative: string, edit: (document: Record<string, unknown>) => void = () => undefined): Finding[] => {
      const document = JSON.parse(new TextDecoder().decode(providedBytes(relative))) as Record<string, unknown>;
      edit(document);
      const read = readCsaf(relative, new TextEncoder().encode(JSON.stringify(document)));
      if (!read.ok) throw new Error(read.message);
      return read.findings.map((f) => finding(f));
    };

    it('writes a product reports disagree on under the strongest claim, and says where they differ', async () => {
      const [bsi] = imported('csaf/csaf-2.0-bsi-2022-0001.json');
      // A later statement that 1.0.0-rc1 is fixed, joined into the same finding.
      const [later] = imported('csaf/csaf-2.0-bsi-2022-0001.json', (d) => {
        (d.vulnerabilities as { product_status: unknown }[])[0]!.product_status = { fixed: ['CSAFPID-0005'] };
      });
      if (!bsi || !later) throw new Error('not read');
      const merged = finding({ ...bsi, ...joinReports(bsi, later) });
      expect(merged.productStatus.fixed.map((p) => p.version)).toEqual(['1.0.0-rc2', '1.0.0-rc1']);
      const document = writeCsaf(request([merged]));
      expect((await validate(document)).failures).toEqual([]);
      const said = vulnerabilitiesSay(document).get('CVE-2022-27193');
      expect(said?.statuses.known_affected).toHaveLength(5);
      expect(said?.statuses.fixed).toEqual([expect.stringMatching(/1\.0\.0-rc2$/)]);
      const notes = (document as { vulnerabilities: { notes: { title?: string; text: string }[] }[] }).vulnerabilities[0]?.notes;
      expect(notes?.find((n) => n.title === 'Where the reports differ')?.text).toBe('CSAF Tools CVRF-CSAF-Converter 1.0.0-rc1 is also reported fixed; it is written as affected.');
    });

    it('writes a reviewer\'s edited description and vector in place of the advisory\'s, keeping the rest', async () => {
      const [bsi] = imported('csaf/csaf-2.0-bsi-2022-0001.json');
      if (!bsi) throw new Error('not read');
      const edited = finding({ ...bsi, description: 'Reproduced: the converter reads /etc/passwd.', cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N', severity: 'medium' });
      const document = writeCsaf(request([edited])) as { vulnerabilities: { notes: { category: string; text: string }[]; scores: { products: string[]; cvss_v3: { vectorString: string } }[]; remediations: unknown[] }[] };
      expect((await validate(document)).failures).toEqual([]);
      const [v] = document.vulnerabilities;
      expect(v?.notes.map((n) => [n.category, n.text])).toEqual([['description', 'Reproduced: the converter reads /etc/passwd.']]);
      expect(v?.scores.map((s) => [s.cvss_v3.vectorString, s.products.length])).toEqual([['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:N', 5]]);
      expect(v?.remediations).toHaveLength(1);
    });

    it('gives products of different advisories that share an id ids of their own, beside products typed in', async () => {
      const [bsi] = imported('csaf/csaf-2.0-bsi-2022-0001.json');
      const [vex] = imported('csaf/2022-evd-uc-01-f-001.json');
      if (!bsi || !vex) throw new Error('not read');
      const document = writeCsaf(request([bsi, vex, PROMPT_INJECTION]));
      expect((await validate(document)).failures).toEqual([]);
      const ids = JSON.stringify(document).match(/"product_id":"[^"]+"/g) ?? [];
      expect(new Set(ids).size).toBe(ids.length);
      // The advisories' own ids where no product before claims them; the VEX document's CSAFPID-0001 is the BSI's.
      expect(vulnerabilitiesSay(document).get('CVE-2021-44228')?.statuses).toEqual({ fixed: ['vendor=Example Company > product_name=DEF > product_version=1.1 :: Example Company DEF 1.1'] });
    });
  });
});
