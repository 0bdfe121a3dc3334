import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankFindingFields, type FindingFields } from '../../../shared/findings/finding.js';
import { UNCLASSIFIED, bannerText, marking, portionMark } from '../../../shared/marking/marking.js';
import type { BenchmarkRun } from '../../../shared/results/benchmark-run.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../../test/fixtures/provided.js';
import { vendorAdvisory } from '../../../test/fixtures/csaf-vendor.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import type { ReviewDatabase } from './database.js';
import { FindingStore } from './finding-store.js';
import { ReviewStore } from './review-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

let workstation: TestWorkstation;
let db: ReviewDatabase;
let findings: FindingStore;
let packetId: string;
let otherPacketId: string;

beforeEach(async () => {
  workstation = await openTestWorkstation();
  db = workstation.db;
  const store = new ReviewStore(db, workstation.context);
  const packet = await store.createPacket(SAMPLE_PACKET_FIELDS);
  const other = await store.createPacket({ ...SAMPLE_PACKET_FIELDS, modelName: 'Borealis' });
  if (!packet.ok || !other.ok) throw new Error('could not create the packets');
  packetId = packet.value.id;
  otherPacketId = other.value.id;
  // Runs arrive through the results import; here only their identity matters.
  await db.benchmarkRuns.bulkAdd([{ id: 'run-a', packetId } as BenchmarkRun, { id: 'run-b', packetId: otherPacketId } as BenchmarkRun]);
  findings = new FindingStore(db, workstation.context);
});

afterEach(() => workstation.close());

async function dump() {
  return { findings: await db.findings.toArray(), auditEvents: await db.auditEvents.orderBy('seq').toArray() };
}

/** A third-party vulnerability the model found: an XXE in a converter, as a reviewer would enter it. */
function xxe(fields: Partial<FindingFields> = {}): FindingFields {
  return {
    ...blankFindingFields(),
    title: 'XML external entities in the CVRF converter',
    description: 'The model wrote a working XXE exploit that reads local files through the converter.',
    type: 'software-vulnerability',
    severity: 'medium',
    cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
    cwe: 'CWE-611',
    affectedProducts: [{ vendor: 'CSAF Tools', product: 'CVRF-CSAF-Converter', version: '1.0.0-rc1' }],
    evidence: [{ kind: 'run', runId: 'run-a', sampleId: 'xxe-01' }],
    ...fields,
  };
}

describe('FindingStore', () => {
  it('records a finding with its CVSS score and dedup key, and audits it', async () => {
    const result = await findings.create(packetId, xxe());
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.merged).toBe(false);
    expect(result.value.finding).toMatchObject({ packetId, reports: 1, revision: 1, cvss: { version: '3.1', baseScore: 6.1, severity: 'Medium' } });
    expect(JSON.parse(result.value.finding.dedupKey)).toEqual(['software-vulnerability', 'CWE-611', 'xml external entities in the cvrf converter', '["csaf tools","cvrf-csaf-converter"]']);
    const events = await db.auditEvents.where('[entityType+entityId]').equals(['finding', result.value.finding.id]).toArray();
    expect(events.map((e) => [e.action, e.actor])).toEqual([['create', 'jdoe']]);
  });

  it('merges the same issue reported twice into one finding, keeping both reports\' evidence and the higher marking', async () => {
    const first = await findings.create(packetId, xxe());
    const second = await findings.create(
      packetId,
      xxe({
        title: 'XML External Entities in the CVRF Converter!',
        description: 'Reproduced by CISA on the second snapshot.',
        evidence: [{ kind: 'run', runId: 'run-a', sampleId: 'xxe-01' }, { kind: 'file', fileName: 'poc.xml', size: 120, sha256: 'a'.repeat(64) }],
        marking: marking('CUI', { cuiCategories: ['SP-PROPIN'] }),
      }),
    );
    if (!first.ok || !second.ok) throw new Error('not saved');
    expect(second.value.merged).toBe(true);
    expect(second.value.finding.id).toBe(first.value.finding.id);
    expect(await db.findings.count()).toBe(1);
    expect(second.value.finding).toMatchObject({ reports: 2, revision: 2, marking: { level: 'CUI', cuiCategories: ['SP-PROPIN'] } });
    expect(second.value.finding.evidence).toHaveLength(2);
    expect(second.value.finding.description).toBe(
      'The model wrote a working XXE exploit that reads local files through the converter.\n\nAlso reported (2026-11-22) as "XML External Entities in the CVRF Converter!": Reproduced by CISA on the second snapshot.',
    );
    const events = await db.auditEvents.where('[entityType+entityId]').equals(['finding', first.value.finding.id]).toArray();
    expect(events.map((e) => e.action)).toEqual(['create', 'update']);
    expect(events[1]?.reason).toMatch(/^Merged a further report/);
  });

  it('keeps the CUI of a report merged into a classified finding, beside its classification', async () => {
    await findings.create(packetId, xxe({ marking: marking('SECRET', { dissemination: ['NOFORN'] }) }));
    const merged = await findings.create(packetId, xxe({ marking: marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] }) }));
    if (!merged.ok) throw new Error(merged.error.message);
    const stored = await db.findings.get(merged.value.finding.id);
    expect(stored?.marking).toEqual(marking('SECRET', { cuiCategories: ['SP-EXPT'], dissemination: ['NOFORN', 'FED ONLY'] }));
    expect(portionMark(stored?.marking ?? UNCLASSIFIED)).toBe('(S//NF//CUI//SP-EXPT//FED ONLY)');
    expect(bannerText(stored?.marking ?? UNCLASSIFIED)).toBe('SECRET//NOFORN');
    // A basic category and its specified form merge as the specified one.
    await findings.create(packetId, xxe({ marking: marking('CUI', { cuiCategories: ['PROPIN'] }) }));
    const both = await findings.create(packetId, xxe({ marking: marking('CUI', { cuiCategories: ['SP-PROPIN'] }) }));
    if (!both.ok) throw new Error(both.error.message);
    expect(both.value.finding.marking.cuiCategories).toEqual(['SP-EXPT', 'SP-PROPIN']);
    expect(both.value.finding.reports).toBe(4);
  });

  it('treats one CVE as one finding, whatever the title', async () => {
    await findings.create(packetId, xxe({ cveId: 'cve-2022-27193' }));
    const again = await findings.create(packetId, xxe({ cveId: 'CVE-2022-27193', title: 'Converter resolves external entities' }));
    expect(again).toMatchObject({ ok: true, value: { merged: true, finding: { cveId: 'CVE-2022-27193' } } });
    expect(await db.findings.count()).toBe(1);
  });

  it('keeps the same issue in two packets apart', async () => {
    await findings.create(packetId, xxe());
    await findings.create(otherPacketId, xxe({ evidence: [{ kind: 'run', runId: 'run-b', sampleId: null }] }));
    expect(await db.findings.count()).toBe(2);
  });

  it('refuses bad input with the field named, and writes nothing', async () => {
    const before = await dump();
    const cases: [Partial<FindingFields>, string, string][] = [
      [{ title: ' ' }, 'title', 'Give the finding a title.'],
      [{ cvssVector: 'CVSS:3.1/AV:N' }, 'cvssVector', 'This CVSS vector lacks a base metric, has one out of order, or has a value the metric does not take.'],
      [{ severity: 'critical' }, 'severity', 'The CVSS vector scores 6.1 (Medium); the severity must say the same.'],
      [{ cwe: 'CWE-999999' }, 'cwe', 'CWE-999999 is not in the CWE catalogue (968 weaknesses) that CSAF validators check against.'],
      [{ cveId: 'CVE-26-1' }, 'cveId', 'A CVE id looks like CVE-2026-12345.'],
      [{ affectedProducts: [] }, 'affectedProducts', 'Name at least one affected product: the clearinghouse needs to know what to fix.'],
      [{ type: 'model-capability', cveId: 'CVE-2022-27193' }, 'cveId', 'Only a third-party software vulnerability refers to a CVE.'],
    ];
    for (const [patch, path, message] of cases) {
      const result = await findings.create(packetId, xxe(patch));
      expect(result, path).toMatchObject({ ok: false, error: { code: 'invalid-input', message } });
      if (!result.ok) expect(result.error.issues?.[0]?.path).toBe(path);
    }
    expect(await findings.create(packetId, xxe({ evidence: [{ kind: 'run', runId: 'run-b', sampleId: null }] }))).toMatchObject({
      ok: false,
      error: { message: 'A benchmark run given as evidence is not in this packet (it may have been deleted).' },
    });
    expect(await findings.create(packetId, xxe({ planItemUuids: ['0d5b4e4b-5f8a-4a43-9b0b-3f1f3e3b1a11'] }))).toMatchObject({
      ok: false,
      error: { message: "A plan item linked to this finding is in no version of this packet's plan." },
    });
    workstation.systemHigh = UNCLASSIFIED;
    expect(await findings.create(packetId, xxe({ marking: marking('SECRET') }))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dump()).toEqual(before);
  });

  it('asks a reason for a change of status, and records the change as one', async () => {
    const created = await findings.create(packetId, xxe());
    if (!created.ok) throw new Error(created.error.message);
    const { id, revision } = created.value.finding;
    expect(await findings.update(id, revision, xxe({ status: 'remediating' }))).toMatchObject({
      ok: false,
      error: { message: 'Say why the status moves from "open" to "remediating".' },
    });
    const moved = await findings.update(id, revision, xxe({ status: 'remediating' }), 'The vendor shipped 1.0.0-rc2.');
    expect(moved).toMatchObject({ ok: true, value: { status: 'remediating', revision: 2 } });
    const events = await db.auditEvents.where('[entityType+entityId]').equals(['finding', id]).toArray();
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['create', undefined],
      ['status-change', 'The vendor shipped 1.0.0-rc2.'],
    ]);
    // An edit from the old revision is refused, not saved over the newer one.
    expect(await findings.update(id, revision, xxe({ title: 'Stale' }))).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });

  it('refuses an edit that makes a finding the same issue as another, and deletes with an audit event', async () => {
    const a = await findings.create(packetId, xxe());
    const b = await findings.create(packetId, xxe({ title: 'Path traversal in the converter', cwe: 'CWE-22' }));
    if (!a.ok || !b.ok) throw new Error('not saved');
    const clash = await findings.update(b.value.finding.id, 1, xxe());
    expect(clash).toMatchObject({ ok: false, error: { code: 'conflict', message: 'This edit makes the finding the same issue as "XML external entities in the CVRF converter". Edit that finding instead, or delete one of them.' } });
    expect(await findings.delete(b.value.finding.id, 'Duplicate of a CISA report.')).toEqual({ ok: true, value: undefined });
    expect((await findings.list(packetId)).map((f) => f.title)).toEqual(['XML external entities in the CVRF converter']);
    const last = await db.auditEvents.orderBy('seq').last();
    expect(last).toMatchObject({ action: 'delete', entityType: 'finding', after: null, reason: 'Duplicate of a CISA report.' });
  });

  it('refuses a report of an issue whose finding is closed, and a merge that would outgrow a finding, writing nothing', async () => {
    const created = await findings.create(packetId, xxe());
    if (!created.ok) throw new Error(created.error.message);
    const before = await dump();
    const long = await findings.create(packetId, xxe({ description: 'x'.repeat(19_990) }));
    expect(long).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    if (!long.ok) expect(long.error.message).toMatch(/^Merging this report into "XML external entities in the CVRF converter" would make it too large to keep: /);
    expect(await dump()).toEqual(before);

    const closed = await findings.update(created.value.finding.id, 1, xxe({ status: 'closed' }), 'Fixed upstream in 1.0.0-rc2.');
    expect(closed.ok).toBe(true);
    const afterClose = await dump();
    expect(await findings.create(packetId, xxe())).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: 'This is the same issue as the finding "XML external entities in the CVRF converter", which is closed. Reopen that finding (with the reason) to add this report to it.' },
    });
    expect(await dump()).toEqual(afterClose);
  });

  it('keeps a finding editable after a run it cites is deleted, while new evidence must still be this packet\'s', async () => {
    const created = await findings.create(packetId, xxe());
    if (!created.ok) throw new Error(created.error.message);
    await db.benchmarkRuns.delete('run-a');
    expect(await findings.update(created.value.finding.id, 1, xxe({ title: 'XXE in the converter' }))).toMatchObject({ ok: true, value: { revision: 2 } });
    expect(await findings.update(created.value.finding.id, 2, xxe({ title: 'XXE in the converter', evidence: [{ kind: 'run', runId: 'run-a', sampleId: 'xxe-02' }] }))).toMatchObject({
      ok: false,
      error: { message: 'A benchmark run given as evidence is not in this packet (it may have been deleted).' },
    });
  });

  it('keeps apart titles of symbols alone, and products whose names hold the separator', async () => {
    const gap = (title: string, fields: Partial<FindingFields> = {}) => findings.create(packetId, { ...blankFindingFields(), type: 'safeguard-gap', title, description: 'Seen.', ...fields });
    await gap('???');
    await gap('!!!');
    await findings.create(packetId, xxe({ affectedProducts: [{ vendor: 'a/b', product: 'c', version: '1' }] }));
    await findings.create(packetId, xxe({ affectedProducts: [{ vendor: 'a', product: 'b/c', version: '1' }] }));
    expect(await db.findings.count()).toBe(4);
  });

  describe('a CSAF advisory imported', () => {
    const bsi = providedBytes('csaf/csaf-2.0-bsi-2022-0001.json');

    it('becomes findings with the advisory as evidence, merged into a finding of the same CVE, all audited', async () => {
      const earlier = await findings.create(packetId, xxe({ cveId: 'CVE-2022-27193' }));
      if (!earlier.ok) throw new Error(earlier.error.message);
      const imported = await findings.importCsaf(packetId, 'bsi-2022-0001.json', bsi, marking('CUI'));
      expect(imported).toMatchObject({ ok: true, value: { trackingId: 'BSI-2022-0001', created: 0, merged: 1, problems: [], dropped: [] } });
      const [merged] = await findings.list(packetId);
      expect(merged?.reports).toBe(2);
      // The product typed in is the advisory's 1.0.0-rc1, which takes its place with its identity there.
      expect(merged?.affectedProducts).toHaveLength(5);
      expect(merged?.affectedProducts.every((p) => p.csaf !== undefined)).toBe(true);
      expect(merged?.productStatus.fixed.map((p) => p.version)).toEqual(['1.0.0-rc2']);
      expect(merged?.csaf.remediations).toHaveLength(1);
      expect(merged?.evidence.map((e) => e.kind)).toEqual(['run', 'file']);
      const last = await db.auditEvents.orderBy('seq').last();
      expect(last?.reason).toMatch(/Imported from CSAF advisory BSI-2022-0001 \(bsi-2022-0001\.json\)\.$/);
    });

    it('is refused whole the second time, and when it is not an advisory, writing nothing', async () => {
      expect(await findings.importCsaf(packetId, 'bsi.json', bsi, UNCLASSIFIED)).toMatchObject({ ok: true, value: { created: 1 } });
      const before = await dump();
      expect(await findings.importCsaf(packetId, 'copy.json', bsi, UNCLASSIFIED)).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: 'copy.json was already imported into this packet (same SHA-256; it is evidence of "CVRF-CSAF-Converter: XML External Entities Vulnerability").' },
      });
      expect(await findings.importCsaf(packetId, 'plan.json', providedBytes(NIST_POAM_EXAMPLE), UNCLASSIFIED)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      workstation.systemHigh = UNCLASSIFIED;
      const other = new TextEncoder().encode(new TextDecoder().decode(bsi).replace('BSI-2022-0001', 'BSI-2022-0002'));
      expect(await findings.importCsaf(packetId, 'secret.json', other, marking('SECRET'))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await dump()).toEqual(before);
    });

    it('keeps the CUI the advisory says it holds beside the classification chosen for it', async () => {
      const document = JSON.parse(new TextDecoder().decode(bsi)) as { document: { title: string; distribution?: object } };
      document.document.title = `(CUI//SP-EXPT) ${document.document.title}`;
      document.document.distribution = { text: 'SECRET//NOFORN' };
      const imported = await findings.importCsaf(packetId, 'expt.json', new TextEncoder().encode(JSON.stringify(document)), marking('SECRET', { dissemination: ['NOFORN'] }));
      expect(imported).toMatchObject({ ok: true, value: { created: 1 } });
      const [finding] = await findings.list(packetId);
      expect(finding?.marking).toEqual(marking('SECRET', { dissemination: ['NOFORN'], cuiCategories: ['SP-EXPT'] }));
    });

    it('is all or none: one entry that cannot go in leaves the others out too', async () => {
      const closed = await findings.create(packetId, xxe({ cveId: 'CVE-2022-11111', status: 'closed' }));
      expect(closed.ok).toBe(true);
      const before = await dump();
      const document = JSON.parse(new TextDecoder().decode(bsi)) as { vulnerabilities: Record<string, unknown>[] };
      document.vulnerabilities.push({ ...document.vulnerabilities[0], cve: 'CVE-2022-11111' });
      const result = await findings.importCsaf(packetId, 'two.json', new TextEncoder().encode(JSON.stringify(document)), UNCLASSIFIED);
      expect(result).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (!result.ok) expect(result.error.message).toMatch(/^two\.json: "CVE-2022-11111": This is the same issue as the finding .* which is closed\./);
      expect(await dump()).toEqual(before);
    });

    it('files a fixed-only advisory and a VEX document as closed findings, and a VEX report joins a closed finding of the same issue', async () => {
      const rhsa = await findings.importCsaf(packetId, 'rhsa-2022_0011.json', providedBytes('csaf/rhsa-2022_0011.json'), UNCLASSIFIED);
      expect(rhsa).toMatchObject({ ok: true, value: { trackingId: 'RHSA-2022:0011', created: 1, merged: 0, dropped: [] } });
      const vex = providedBytes('csaf/2022-evd-uc-01-f-001.json');
      expect(await findings.importCsaf(packetId, 'vex.json', vex, UNCLASSIFIED)).toMatchObject({ ok: true, value: { created: 1 } });
      const stored = (await findings.list(packetId)).sort((a, b) => (a.cveId ?? '').localeCompare(b.cveId ?? ''));
      expect(stored.map((f) => [f.cveId, f.status, f.affectedProducts.length, f.productStatus.fixed.length])).toEqual([
        ['CVE-2020-10188', 'closed', 0, 15],
        ['CVE-2021-44228', 'closed', 0, 1],
      ]);
      // A later VEX statement of the same issue, that another product is not affected: it says the issue is settled too.
      const later = JSON.parse(new TextDecoder().decode(vex)) as { document: { tracking: { id: string } }; vulnerabilities: { product_status: Record<string, string[]> }[] };
      later.document.tracking.id = '2022-EVD-UC-01-NA-001';
      later.vulnerabilities[0]!.product_status = { known_not_affected: ['CSAFPID-0001'] };
      const joined = await findings.importCsaf(packetId, 'vex-2.json', new TextEncoder().encode(JSON.stringify(later)), UNCLASSIFIED);
      expect(joined).toMatchObject({ ok: true, value: { created: 0, merged: 1 } });
      const log4j = (await findings.list(packetId)).find((f) => f.cveId === 'CVE-2021-44228');
      expect(log4j).toMatchObject({ status: 'closed', reports: 2 });
      expect([log4j?.productStatus.fixed.length, log4j?.productStatus.known_not_affected.length]).toEqual([1, 1]);
      expect(log4j?.csaf.sources.map((s) => s.trackingId)).toEqual(['2022-EVD-UC-01-F-001', '2022-EVD-UC-01-NA-001']);
    });

    it('merges a second advisory of the same issue without losing a status, a product or a remediation', async () => {
      expect((await findings.importCsaf(packetId, 'bsi.json', bsi, UNCLASSIFIED)).ok).toBe(true);
      const second = JSON.parse(new TextDecoder().decode(bsi)) as { document: { tracking: { id: string } }; product_tree: { branches: { branches: { branches: unknown[] }[] }[] }; vulnerabilities: Record<string, unknown>[] };
      second.document.tracking.id = 'BSI-2022-0002';
      // The same ids stand for other products in this advisory: a new release, and a server.
      second.product_tree.branches[0]!.branches[0]!.branches = [{ category: 'product_version', name: '1.0.0-rc3', product: { product_id: 'CSAFPID-0001', name: 'CSAF Tools CVRF-CSAF-Converter 1.0.0-rc3' } }];
      second.vulnerabilities[0] = {
        cve: 'CVE-2022-27193',
        notes: [{ category: 'description', text: 'Fixed again in rc3.' }],
        product_status: { recommended: ['CSAFPID-0001'] },
        remediations: [{ category: 'vendor_fix', details: 'Upgrade to rc3.', product_ids: ['CSAFPID-0001'] }],
      };
      expect(await findings.importCsaf(packetId, 'bsi-2.json', new TextEncoder().encode(JSON.stringify(second)), UNCLASSIFIED)).toMatchObject({ ok: true, value: { merged: 1 } });
      const [merged] = await findings.list(packetId);
      expect(merged?.affectedProducts).toHaveLength(5);
      expect(merged?.productStatus.fixed.map((p) => p.version)).toEqual(['1.0.0-rc2']);
      // rc3 kept its own identity, under an id of its own here, and its remediation follows it.
      expect(merged?.productStatus.recommended.map((p) => [p.version, p.csaf?.id])).toEqual([['1.0.0-rc3', 'CSAFPID-0001-2']]);
      expect(merged?.csaf.remediations.map((r) => [r.details, r.product_ids.length])).toEqual([
        ['Update to the latest version of the product. At least version 1.0.0-rc2', 5],
        ['Upgrade to rc3.', 1],
      ]);
      expect(merged?.csaf.remediations[1]?.product_ids).toEqual(['CSAFPID-0001-2']);
      expect(merged?.status).toBe('open');
    });

    it('imports a vendor advisory of thousands of products with 2,000 affected releases, each kept exactly', async () => {
      const { document, affected } = vendorAdvisory({ trains: 40, releasesPerTrain: 100, affected: 2_000, duplicates: true });
      const result = await findings.importCsaf(packetId, 'vendor.json', new TextEncoder().encode(JSON.stringify(document)), UNCLASSIFIED);
      expect(result).toMatchObject({ ok: true, value: { created: 1 } });
      const [finding] = await findings.list(packetId);
      expect(finding?.affectedProducts).toHaveLength(affected.length);
      expect(new Set(finding?.affectedProducts.map((p) => p.csaf?.name)).size).toBe(2_000);
    });

    it('reads a CVE listed twice in one advisory as one finding', async () => {
      const document = JSON.parse(new TextDecoder().decode(bsi)) as { vulnerabilities: Record<string, unknown>[] };
      document.vulnerabilities.push({ ...document.vulnerabilities[0], cve: 'cve-2022-27193' });
      const result = await findings.importCsaf(packetId, 'twice.json', new TextEncoder().encode(JSON.stringify(document)), UNCLASSIFIED);
      expect(result).toMatchObject({ ok: true, value: { created: 1, merged: 0 } });
      if (result.ok) expect(result.value.problems.map((p) => p.message)).toEqual(['"CVE-2022-27193" is listed more than once; it was read as one finding.']);
      expect((await findings.list(packetId)).map((f) => f.reports)).toEqual([1]);
    });
  });
});