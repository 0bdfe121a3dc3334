import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readInspectLog } from '../../../shared/inspect/inspect-log.js';
import { sha256Hex } from '../../../shared/hash/sha256.js';
import { marking, UNCLASSIFIED } from '../../../shared/marking/marking.js';
import type { Provenance } from '../../../shared/results/benchmark-run.js';
import { SampleIndexBuilder } from '../../../shared/results/sample-index.js';
import { reviewReportSchema } from '../../../shared/report/review-report.js';
import { providedBytes } from '../../../test/fixtures/provided.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import { blankFindingFields, type Finding, type FindingFields } from '../../../shared/findings/finding.js';
import { blankThresholdFields } from '../../../shared/thresholds/threshold.js';
import { bytesSource } from '../../../shared/zip/byte-source.js';
import { openDataLayer, type DataLayer } from './data-layer.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';
import { unlockedKeysOf } from './profile-store.js';

const SECRET_NOFORN = marking('SECRET', { dissemination: ['NOFORN'] });
let workstation: TestWorkstation;
let data: DataLayer;

beforeEach(async () => {
  workstation = await openTestWorkstation();
  data = openDataLayer(workstation.db, workstation.context);
});
afterEach(() => workstation.close());

/** Imports a provided Inspect log into the packet, as the results dialog does. */
async function importLog(packetId: string, fixture: string, provenance: Provenance) {
  const bytes = providedBytes(fixture);
  const name = fixture.split('/').at(-1) ?? fixture;
  const importId = await data.results.beginImport(name);
  const index = new SampleIndexBuilder();
  let chunks = 0;
  const parsed = await readInspectLog(bytesSource(name, bytes), { onRows: (rows) => { index.add(rows); return data.results.stageSampleChunk(importId, chunks++, rows); } });
  const run = await data.results.commitLogImport(importId, { packetId, provenance, marking: provenance === 'government-reproduced' ? SECRET_NOFORN : UNCLASSIFIED }, 'subject', { kind: parsed.sourceKind, fileName: name, size: bytes.length, sha256: await sha256Hex(bytes) }, parsed, chunks, index.build());
  if (!run.ok) throw new Error(run.error.message);
  return run.value;
}

async function reviewedPacket() {
  const packet = await data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, marking: marking('CUI', { cuiCategories: ['SP-PROPIN'] }) });
  if (!packet.ok) throw new Error(packet.error.message);
  const id = packet.value.id;
  const developer = await importLog(id, 'inspect/log_formats.eval', 'developer-reported');
  const government = await importLog(id, 'inspect/log_formats.json', 'government-reproduced');
  const metric = developer.metrics[0];
  if (!metric) throw new Error('The log reports no metric.');
  expect((await data.thresholds.create({ ...blankThresholdFields(), task: developer.task, scorer: metric.scorer, metric: metric.name, value: metric.value - 0.01, rationale: 'At the developer’s own figure.' })).ok).toBe(true);
  const created = await data.findings.create(id, { ...blankFindingFields(), title: 'Writes working exploits', description: 'Seen in the reproduction.', severity: 'high', status: 'open', marking: SECRET_NOFORN });
  if (!created.ok) throw new Error(created.error.message);
  const plan = await data.plans.importVersion(id, 'nist-ifa_plan-of-action-and-milestones.json', providedBytes('oscal/nist-ifa_plan-of-action-and-milestones.json'), UNCLASSIFIED);
  if (!plan.ok) throw new Error(plan.error.message);
  return { id, developer, government, finding: created.value.finding };
}

/** The fields a reviewer edits, without what the data layer keeps beside them. */
function fieldsOf(finding: Finding): FindingFields {
  const { id: _id, packetId: _p, dedupKey: _d, cvss: _c, reports: _r, createdAt: _a, updatedAt: _u, revision: _v, ...fields } = finding;
  return fields;
}

describe('review reports', () => {
  it('draws the report from the packet, marked with the highest of what it holds, with the checkpoint of the history it was drawn from', async () => {
    const { id } = await reviewedPacket();
    const eventsBefore = await workstation.db.auditEvents.count();
    const made = await data.reports.make(id);
    if (!made.ok) throw new Error(made.error.message);
    const { report } = made.value;
    expect(reviewReportSchema.safeParse(report).success).toBe(true);
    expect(report.version).toBe(1);
    // SECRET//NOFORN runs and findings beside a CUI//SP-PROPIN packet: the CUI is kept beside the classification.
    expect(report.banner).toBe('SECRET//NOFORN');
    expect(report.marking).toEqual(marking('SECRET', { cuiCategories: ['SP-PROPIN'], dissemination: ['NOFORN'] }));
    expect(report.cover.portion).toBe('(CUI//SP-PROPIN)');
    expect(report.determination.outcome).toBe('covered');
    expect(report.findings.bySeverity).toEqual([{ key: 'high', count: 1 }]);
    expect(report.reproduction.rows.length).toBeGreaterThan(0);
    expect(report.reproduction.rows[0]).toMatchObject({ difference: 0, disagree: false });
    expect(report.remediation.plan?.version).toBe(1);
    expect(report.remediation.unanswered.map((u) => u.title)).toEqual(['Writes working exploits']);
    expect(report.provenance.sources.map((s) => `${s.kind} ${s.fileName}`).sort()).toEqual(['benchmark-log log_formats.eval', 'benchmark-log log_formats.json', 'remediation-plan nist-ifa_plan-of-action-and-milestones.json']);
    expect(report.provenance.sources.find((s) => s.fileName === 'log_formats.eval')?.sha256).toBe(await sha256Hex(providedBytes('inspect/log_formats.eval')));
    expect(report.provenance.checkpoint?.treeSize).toBe(eventsBefore);
    expect(report.provenance.people).toEqual([expect.objectContaining({ name: 'jdoe', role: 'Workstation user' })]);
    const last = await workstation.db.auditEvents.orderBy('seq').last();
    expect(last).toMatchObject({ action: 'create', entityType: 'review-report', entityId: made.value.id });
  });

  it('numbers a report made again as the next version, and says what changed between them', async () => {
    const { id, finding } = await reviewedPacket();
    const first = await data.reports.make(id);
    const moved = await data.findings.update(finding.id, finding.revision, { ...fieldsOf(finding), status: 'remediating' }, 'The developer shipped a classifier.');
    expect(moved.ok ? 'moved' : moved.error.message).toBe('moved');
    const second = await data.reports.make(id);
    if (!first.ok || !second.ok) throw new Error('The reports were not made.');
    expect(second.value).toMatchObject({ version: 2, reportId: first.value.reportId });
    expect(data.reports.changes(first.value, second.value)).toContainEqual({ area: 'Findings', what: '“Writes working exploits” status', before: 'open', after: 'remediating' });
    expect((await data.reports.versions(id)).map((v) => v.version)).toEqual([1, 2]);
  });

  it('numbers versions made at once one after another, never twice the same', async () => {
    const { id } = await reviewedPacket();
    const made = await Promise.all([data.reports.make(id), data.reports.make(id), data.reports.make(id)]);
    expect(made.map((m) => (m.ok ? m.value.version : m.error.message)).sort()).toEqual([1, 2, 3]);
    // Each checkpoint is the history as that version found it: the one before it was made.
    const sizes = made.map((m) => (m.ok ? m.value.report.provenance.checkpoint?.treeSize ?? 0 : 0)).sort((a, b) => a - b);
    expect(sizes[1]).toBe((sizes[0] ?? 0) + 1);
  });

  it('names everyone who changed the packet, even through a record deleted since', async () => {
    const { id, developer } = await reviewedPacket();
    workstation.actor = 'quinn';
    expect((await data.results.deleteRun(developer.id, 'Imported into the wrong packet.')).ok).toBe(true);
    const made = await data.reports.make(id);
    expect(made.ok && made.value.report.provenance.people.map((p) => `${p.name}: ${p.changes}`)).toEqual([expect.stringMatching(/^jdoe: \d+$/), 'quinn: 1']);
  });

  it('is made by a team lead only, and signed by a team lead only', async () => {
    const { id } = await reviewedPacket();
    const lead = await data.profiles.create({ name: 'Dana Lead', agency: 'CISA', role: 'team-lead', principal: 'dana@cisa', idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!lead.ok) throw new Error(lead.error.message);
    workstation.acting = { kind: 'profile', profileId: lead.value.profile.id, role: 'team-lead' };
    workstation.keys = unlockedKeysOf(lead.value);
    const reviewer = await data.profiles.create({ name: 'Riley', agency: 'NSA', role: 'reviewer', principal: 'riley@nsa', idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!reviewer.ok) throw new Error(reviewer.error.message);
    const made = await data.reports.make(id);
    if (!made.ok) throw new Error(made.error.message);
    workstation.acting = { kind: 'profile', profileId: reviewer.value.profile.id, role: 'reviewer' };
    const before = await workstation.db.auditEvents.count();
    expect(await data.reports.make(id)).toMatchObject({ ok: false, error: { message: 'Only a team lead makes review reports.' } });
    expect(await data.exports.saveReportJson(made.value, { principal: 'riley@nsa', seed: new Uint8Array(32) })).toMatchObject({ ok: false, error: { message: 'Only a team lead signs review reports, as only a team lead signs bundles.' } });
    expect(await workstation.db.auditEvents.count()).toBe(before);
    expect((await data.reports.versions(id)).map((v) => v.version)).toEqual([1]);
  });

  it('makes nothing for a packet that is gone, and writes no history', async () => {
    const before = await workstation.db.auditEvents.count();
    const made = await data.reports.make('no-such-packet');
    expect(made).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await workstation.db.auditEvents.count()).toBe(before);
  });
});
