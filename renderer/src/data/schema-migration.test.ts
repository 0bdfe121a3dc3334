import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import type { Packet } from '../../../shared/packet/packet.js';
import { ReviewDatabase } from './database.js';
import { marking } from '../../../shared/marking/marking.js';
import { HistoryLog } from './history-log.js';
import { ReviewStore } from './review-store.js';
import { CURRENT_SCHEMA_VERSION, HISTORY_FRONTIER_ID, HISTORY_KEY_ID, SCHEMA_UPGRADE_ACTOR } from './schema.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { AuditEventInput } from '../../../shared/audit/audit-event.js';
import { eventLeafBytes, historySigner, sealEvent, type StoredEvent } from '../../../shared/audit/history.js';
import { PAGE_EVENTS } from '../../../shared/audit/history-check.js';
import type { HistorySealRecord } from './database.js';
import { historyVerifierKey } from '../../../shared/audit/history-key.js';
import { generateProfileKeys, publicIdentityOf, sealProfileKeys } from '../../../shared/identity/profile-keys.js';
import type { StoredProfile } from '../../../shared/identity/profile.js';
import { ok } from '../../../shared/errors/result.js';
import type { ActingAs, StoreContext, UnlockedKeys } from './audited-store.js';
import { openDataLayer } from './data-layer.js';
import { unlockedKeysOf, type ProfileKeystore } from './profile-store.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import { benchmarkRun, gradedRows } from '../../../test/fixtures/benchmark-runs.js';
import { fromStoredIndex } from '../../../shared/results/sample-index.js';
import { readPoam } from '../../../shared/oscal/poam-read.js';
import { writePoam } from '../../../shared/oscal/poam-write.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../../test/fixtures/provided.js';
import { PlanStore } from './plan-store.js';
import { findingFieldsSchema } from '../../../shared/findings/finding.js';

const names: string[] = [];
afterEach(async () => {
  for (const name of names.splice(0)) await new ReviewDatabase(name).delete();
});

/** A packet's fields as versions 1 and 2 stored them, without identity or model. */
const PACKET_V1_FIELDS = {
  modelVersion: 'v1',
  accessGrantedDate: '2026-11-01',
  plannedReleaseDate: '2026-11-30',
  agencies: ['NSA'],
  otherAgencies: '',
  status: 'in-review',
  notes: '',
  marking: { level: 'UNCLASSIFIED', sci: [], cuiCategories: [], dissemination: [], relTo: [] },
  updatedAt: '2026-11-05T00:00:00.000Z',
  revision: 1,
};

/** A new database at an old schema version, removed after the test. */
async function atVersion(version: number): Promise<{ readonly name: string; readonly old: ReviewDatabase }> {
  const name = `migration-${crypto.randomUUID()}`;
  names.push(name);
  const old = new ReviewDatabase(name, version);
  await old.open();
  expect(old.verno).toBe(version);
  return { name, old };
}

/** A database at `version` holding one packet made through the data layer, closed; and the packet. */
async function withPacketAt(version: number, before: (old: ReviewDatabase, packet: Packet) => Promise<void> = () => Promise.resolve()): Promise<{ readonly name: string; readonly packet: Packet }> {
  const { name, old } = await atVersion(version);
  const store = new ReviewStore(old, { actor: () => 'jdoe', acting: () => ({ kind: 'workstation-user' }), systemHigh: () => marking('SECRET'), now: () => new Date('2026-11-30T12:00:00Z') });
  const created = await store.createPacket(SAMPLE_PACKET_FIELDS);
  if (!created.ok) throw new Error(created.error.message);
  await before(old, created.value);
  old.close();
  return { name, packet: created.value };
}

/** The database opened again by the current version. */
async function reopened(name: string): Promise<ReviewDatabase> {
  const db = new ReviewDatabase(name);
  await db.open();
  expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
  return db;
}

/**
 * A packet made through the data layer at `version`, and the database opened again by the current
 * version: `check` asserts what the upgrade did, and the history (the packet and its model) still
 * verifies after it.
 */
async function afterUpgradeFrom(
  version: number,
  check: (db: ReviewDatabase, packet: Packet) => Promise<void>,
  before?: (old: ReviewDatabase, packet: Packet) => Promise<void>,
): Promise<void> {
  const { name, packet } = await withPacketAt(version, before);
  const db = await reopened(name);
  try {
    await check(db, packet);
    expect(await new HistoryLog(db).verify()).toMatchObject({ ok: true, size: 2 });
  } finally {
    db.close();
  }
}

/** A database as version 1 of the app left it: packets without model records. */
async function seedVersion1(): Promise<string> {
  const name = `migration-${crypto.randomUUID()}`;
  names.push(name);
  const v1 = new ReviewDatabase(name, 1);
  await v1.open();
  const base = PACKET_V1_FIELDS;
  await v1.table('packets').bulkAdd([
    { ...base, id: 'p1', developer: 'Example AI', modelName: 'Atlas', createdAt: '2026-11-03T00:00:00.000Z' },
    { ...base, id: 'p2', developer: 'example ai ', modelName: 'ATLAS', createdAt: '2026-11-02T00:00:00.000Z' },
    { ...base, id: 'p3', developer: 'Other Lab', modelName: 'Borealis', createdAt: '2026-11-04T00:00:00.000Z' },
  ]);
  await v1.table('auditEvents').add({ at: '2026-11-02T00:00:00.000Z', actor: 'jdoe', action: 'create', entityType: 'packet', entityId: 'p2', before: null, after: null });
  v1.close();
  return name;
}

describe('schema migration', () => {
  it('opens a version 1 database at the current version, recording each model once', async () => {
    const name = await seedVersion1();
    const db = new ReviewDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);

    const packets = await db.packets.orderBy('id').toArray();
    expect(packets.map((p) => [p.id, p.modelId])).toEqual([
      ['p1', 'example%20ai/atlas'],
      ['p2', 'example%20ai/atlas'],
      ['p3', 'other%20lab/borealis'],
    ]);
    // Named and dated after the earliest packet that reviews it (p2).
    expect(await db.models.get('example%20ai/atlas')).toEqual({
      id: 'example%20ai/atlas',
      developer: 'example ai',
      name: 'ATLAS',
      createdAt: '2026-11-02T00:00:00.000Z',
    });
    expect(await db.models.count()).toBe(2);

    // The history keeps what it had and accounts for every record the upgrade made.
    const events = await db.auditEvents.orderBy('seq').toArray();
    expect(events[0]).toMatchObject({ seq: 1, entityId: 'p2', actor: 'jdoe' });
    expect(events.slice(1).map((e) => [e.entityType, e.entityId, e.actor])).toEqual([
      ['model', 'example%20ai/atlas', SCHEMA_UPGRADE_ACTOR],
      ['model', 'other%20lab/borealis', SCHEMA_UPGRADE_ACTOR],
    ]);
    expect(await db.packets.where('modelId').equals('example%20ai/atlas').count()).toBe(2);
    db.close();
  });

  it('opens an empty version 1 database', async () => {
    const name = `migration-${crypto.randomUUID()}`;
    names.push(name);
    const v1 = new ReviewDatabase(name, 1);
    await v1.open();
    v1.close();
    const db = new ReviewDatabase(name);
    await db.open();
    expect(await db.models.count()).toBe(0);
    expect(await db.auditEvents.count()).toBe(0);
    db.close();
  });
});

describe('schema migration to version 3', () => {
  it('opens a version 2 database with its data intact and the results tables new and empty', async () => {
    const { name, old: v2 } = await atVersion(2);
    const packet = {
      ...PACKET_V1_FIELDS,
      id: 'p1',
      modelId: 'example%20ai/atlas',
      developer: 'Example AI',
      modelName: 'Atlas',
      notes: 'Seeded at version 2.',
      marking: { level: 'CUI', sci: [], cuiCategories: ['SP-PROPIN'], dissemination: [], relTo: [] },
      createdAt: '2026-11-02T00:00:00.000Z',
      revision: 3,
    };
    const model = { id: 'example%20ai/atlas', developer: 'Example AI', name: 'Atlas', createdAt: '2026-11-02T00:00:00.000Z' };
    const event = { at: '2026-11-02T00:00:00.000Z', actor: 'jdoe', action: 'create', entityType: 'packet', entityId: 'p1', before: null, after: { id: 'p1' } };
    await v2.table('packets').add(packet);
    await v2.table('models').add(model);
    await v2.table('auditEvents').add(event);
    // The version 2 database has none of the version 3 tables.
    expect(v2.tables.map((t) => t.name)).not.toContain('sampleChunks');
    v2.close();

    const db = new ReviewDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);

    // Version 10 gives it no assigned reviewers, and version 13 no authority block.
    expect(await db.packets.toArray()).toEqual([{ ...packet, assignees: [], authority: { classifiedBy: '', derivedFrom: '', declassifyOn: '' } }]);
    expect(await db.models.toArray()).toEqual([model]);
    // The upgrade changes no records, so it writes no history either.
    // Version 6 seals it; the event itself is unchanged.
    const [stored, ...others] = await db.auditEvents.toArray();
    expect(others).toEqual([]);
    const { leaf, root, signature, canonical, ...unsealed } = stored ?? { leaf: '', root: '', signature: '' };
    expect(unsealed).toEqual({ ...event, seq: 1 });
    // Version 17 keeps the bytes it was sealed over.
    expect(new TextDecoder().decode(canonical)).toBe('{"action":"create","actor":"jdoe","after":{"id":"p1"},"at":"2026-11-02T00:00:00.000Z","before":null,"entityId":"p1","entityType":"packet"}');
    expect([leaf, root].every((h) => /^[0-9a-f]{64}$/.test(h)) && signature.length === 92).toBe(true);
    expect(await db.packets.where('modelId').equals('example%20ai/atlas').count()).toBe(1);

    const tableNames = db.tables.map((t) => t.name);
    for (const table of ['sampleChunks', 'pendingImports', 'thresholds', 'columnMappings'] as const) {
      expect(tableNames, table).toContain(table);
      expect(await db[table].count(), table).toBe(0);
    }
    expect(await db.benchmarkRuns.count()).toBe(0);
    expect(await db.benchmarkRuns.where('task').equals('inspect_evals/cybench').toArray()).toEqual([]);
    expect(await db.benchmarkRuns.where('packetId').equals('p1').toArray()).toEqual([]);
    // The new indexes answer queries.
    expect(await db.sampleChunks.where('runId').equals('r1').count()).toBe(0);
    expect(await db.pendingImports.where('heartbeatAt').below('9999').count()).toBe(0);
    expect(await db.thresholds.where('task').equals('inspect_evals/cybench').count()).toBe(0);
    expect(db.benchmarkRuns.schema.indexes.map((i) => i.name).sort()).toEqual(['packetId', 'task']);
    await db.table('benchmarkRuns').add({ id: 'r1', packetId: 'p1', task: 'inspect_evals/cybench' });
    expect((await db.benchmarkRuns.where('task').equals('inspect_evals/cybench').toArray()).map((r) => r.id)).toEqual(['r1']);
    db.close();
  });
});

describe('schema migration to version 4', () => {
  it('opens a version 3 database with its runs and sample chunks intact, and plan versions keyed by packet and number', async () => {
    const { name, old: v3 } = await atVersion(3);
    const run = { id: 'r1', packetId: 'p1', task: 'inspect_evals/cybench', sampleChunks: 1 };
    const chunk = { runId: 'r1', index: 0, rows: [{ id: 'glacier', epoch: 1, scores: {}, error: null, limit: null, transcript: null }] };
    await v3.table('benchmarkRuns').add(run);
    await v3.table('sampleChunks').add(chunk);
    v3.close();

    const db = new ReviewDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    expect(await db.table('benchmarkRuns').toArray()).toEqual([run]);
    expect(await db.table('sampleChunks').toArray()).toEqual([chunk]);
    expect(await db.remediationPlans.count()).toBe(0);
    // Version numbers are unique per packet.
    await db.table('remediationPlans').add({ id: 'v1', packetId: 'p1', version: 1 });
    await db.table('remediationPlans').add({ id: 'v2', packetId: 'p2', version: 1 });
    await expect(db.table('remediationPlans').add({ id: 'v3', packetId: 'p1', version: 1 })).rejects.toThrow();
    expect((await db.remediationPlans.where('[packetId+version]').between(['p1', 0], ['p1', 99]).toArray()).map((p) => p.id)).toEqual(['v1']);
    db.close();
  });
});

describe('schema migration to version 5', () => {
  it('opens a version 4 database with its plans given owners and no editing origin, and findings unique per packet by their dedup key', async () => {
    const { name, old: v4 } = await atVersion(4);
    // A plan version as version 4 stored it: no owners, no `editedFrom`.
    const milestone = { uuid: 'm1', type: 'milestone', title: 'Sprint report', description: null, start: null, end: '2024-06-23T17:00:00-04:00' };
    const plan = {
      id: 'v1',
      packetId: 'p1',
      version: 1,
      content: {
        title: 'GoodRead plan',
        items: [{ uuid: 'i1', title: 'Tighten access', description: 'As agreed.', relatedRisks: ['r1'], relatedObservations: [] }],
        risks: [{ uuid: 'r1', title: 'Over-privileged', status: 'open', remediations: [{ uuid: 'x1', lifecycle: 'planned', milestones: [milestone] }] }],
      },
    };
    await v4.table('remediationPlans').add(plan);
    await v4.table('auditEvents').add({ at: '2026-11-22T00:00:00.000Z', actor: 'jdoe', action: 'create', entityType: 'remediation-plan', entityId: 'v1', before: null, after: null });
    v4.close();

    const db = new ReviewDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    const [upgraded] = await db.remediationPlans.toArray();
    expect(upgraded?.editedFrom).toBeNull();
    expect(upgraded?.content.items).toEqual([{ ...plan.content.items[0], owner: null }]);
    expect(upgraded?.content.risks[0]?.remediations[0]?.milestones).toEqual([{ ...milestone, owner: null }]);
    expect(upgraded?.content.title).toBe('GoodRead plan');
    // Filling in what older records meant is no change to review data: no history is written.
    expect(await db.auditEvents.count()).toBe(1);
    expect(await db.findings.count()).toBe(0);
    await db.table('findings').add({ id: 'f1', packetId: 'p1', dedupKey: 'cve:CVE-2026-0001' });
    // The same key in another packet is a different finding; in the same packet it is refused.
    await db.table('findings').add({ id: 'f2', packetId: 'p2', dedupKey: 'cve:CVE-2026-0001' });
    await expect(db.table('findings').add({ id: 'f3', packetId: 'p1', dedupKey: 'cve:CVE-2026-0001' })).rejects.toThrow();
    expect((await db.findings.where('packetId').equals('p1').toArray()).map((f) => f.id)).toEqual(['f1']);
    db.close();
  });
});

describe('schema migration to version 6', () => {
  it('seals the history already recorded with a new workstation key, so it verifies and grows from there', async () => {
    const { name, old: v5 } = await atVersion(5);
    const events = [1, 2, 3].map((n) => ({ at: `2026-11-2${n}T00:00:00.000Z`, actor: 'jdoe', action: 'update', entityType: 'packet', entityId: 'p1', before: { notes: `${n - 1}` }, after: { notes: `${n}` } }));
    // A gap in the numbers, as an aborted write can leave: the sealed history closes it up.
    await v5.table('auditEvents').add(events[0]);
    await v5.table('auditEvents').add({ ...events[1], seq: 5 });
    await v5.table('auditEvents').add(events[2]);
    v5.close();

    const db = new ReviewDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    const sealed = await db.auditEvents.orderBy('seq').toArray();
    expect(sealed).toMatchObject(events.map((e, i) => ({ ...e, seq: i + 1 })));
    expect(sealed.every((e) => /^[0-9a-f]{64}$/.test(e.leaf) && /^[0-9a-f]{64}$/.test(e.root) && e.signature.length === 92)).toBe(true);
    const history = new HistoryLog(db);
    expect(await history.verify()).toMatchObject({ ok: true, size: 3 });

    // The data layer carries on from the upgraded tree.
    const store = new ReviewStore(db, { actor: () => 'jdoe', acting: () => ({ kind: 'workstation-user' }), systemHigh: () => marking('SECRET'), now: () => new Date('2026-11-30T12:00:00Z') });
    expect((await store.recordSettingsChange({ systemHigh: marking('CUI'), bannerMode: 'system-high' }, { systemHigh: marking('SECRET'), bannerMode: 'system-high' })).ok).toBe(true);
    expect(await history.verify()).toMatchObject({ ok: true, size: 4 });
    db.close();
  });
});

describe('schema migration to version 7', () => {
  it('opens a version 6 database with its runs and history intact, each log run given its scores in columns, and saved comparisons new and empty', async () => {
    const { name, old: v6 } = await atVersion(6);
    const store = new ReviewStore(v6, { actor: () => 'jdoe', acting: () => ({ kind: 'workstation-user' }), systemHigh: () => marking('SECRET'), now: () => new Date('2026-11-29T12:00:00Z') });
    expect((await store.createPacket(SAMPLE_PACKET_FIELDS)).ok).toBe(true);
    // A log run of 1,002 samples in two chunks, and a results table, which has no samples.
    const rows = gradedRows('CI'.repeat(501));
    await v6.table('benchmarkRuns').bulkAdd([benchmarkRun({ id: 'log', sampleChunks: 2 }), benchmarkRun({ id: 'table', sourceKind: 'results-table' })]);
    await v6.table('sampleChunks').bulkAdd([
      { runId: 'log', index: 1, rows: rows.slice(1000) },
      { runId: 'log', index: 0, rows: rows.slice(0, 1000) },
    ]);
    v6.close();

    const db = new ReviewDatabase(name);
    await db.open();
    expect(db.verno).toBe(CURRENT_SCHEMA_VERSION);
    expect(await db.packets.count()).toBe(1);
    expect(await db.comparisons.count()).toBe(0);
    const stored = await db.sampleIndexes.get('log');
    const index = stored && fromStoredIndex(stored);
    expect(index?.ids).toEqual(rows.map((r) => r.id));
    expect(Array.from(index?.scores[0] ?? [])).toEqual(rows.map((_, i) => (i % 2 === 0 ? 1 : 0)));
    expect(await db.sampleIndexes.get('table')).toBeUndefined();
    expect(await new HistoryLog(db).verify()).toMatchObject({ ok: true, size: 2 });
    db.close();
  });
});

describe('schema migration to version 8', () => {
  it('opens a version 7 database with its review and history intact, and profiles, trusted signers and imported bundles new and empty', async () => {
    await afterUpgradeFrom(
      7,
      async (db) => {
        expect(await db.packets.count()).toBe(1);
        expect([await db.profiles.count(), await db.trustedSigners.count(), await db.importedBundles.count()]).toEqual([0, 0, 0]);
        // Profiles are unique by principal.
        const profile = { id: 'a', name: 'A', agency: '', role: 'reviewer', principal: 'a@x', idleLockMinutes: 15, signingKey: '', ageRecipient: '', fingerprint: '', createdAt: '', updatedAt: '', sealedKeys: new Uint8Array() } as const;
        await db.profiles.add(profile);
        await expect(db.profiles.add({ ...profile, id: 'b' })).rejects.toThrow();
      },
    );
  });
});

describe('schema migration to version 9', () => {
  it('opens a version 8 database with its review intact, and a new, empty table of original logs that keeps a blob', async () => {
    await afterUpgradeFrom(
      8,
      async (db) => {
        expect(await db.packets.count()).toBe(1);
        expect(await db.attachments.count()).toBe(0);
        await db.attachments.add({ sha256: 'a'.repeat(64), fileName: 'log.eval', size: 3, data: new Blob(['abc']), storedAt: '2026-11-30T12:00:00.000Z' });
        expect(await (await db.attachments.get('a'.repeat(64)))?.data.text()).toBe('abc');
      },
    );
  });
});

describe('schema migration to version 10', () => {
  it('gives the packets of a version 9 database no assigned reviewers, and writes no history for it', async () => {
    await afterUpgradeFrom(
      9,
      async (db, packet) => {
        expect(await db.packets.get(packet.id)).toEqual({ ...packet, assignees: [] });
      },
      // As version 9 stored it: no assignees at all.
      async (v9, made) => {
        await v9.table('packets').update(made.id, { assignees: undefined });
        expect(Object.keys((await v9.table('packets').get(made.id)) as object)).not.toContain('assignees');
      },
    );
  });
});

describe('schema migration to version 11', () => {
  it('opens a version 10 database with its review and history intact, and a new, empty table of comments found by packet', async () => {
    await afterUpgradeFrom(
      10,
      async (db, packet) => {
        expect(await db.packets.get(packet.id)).toEqual(packet);
        expect(await db.comments.count()).toBe(0);
        await db.comments.add({ id: 'c1', packetId: packet.id, author: 'Riley Reviewer', authorPrincipal: 'riley@cisa', authorRole: 'reviewer', createdAt: '2026-12-01T09:00:00.000Z', body: 'Looked.', findingId: null, marking: packet.marking });
        expect(await db.comments.where('packetId').equals(packet.id).primaryKeys()).toEqual(['c1']);
      },
    );
  });
});

describe('schema migration to version 12', () => {
  it("opens a version 11 database with its review and history intact, and a new, empty table of other workstations' checkpoints by origin", async () => {
    await afterUpgradeFrom(
      11,
      async (db, packet) => {
        expect(await db.packets.get(packet.id)).toEqual(packet);
        expect(await db.historyCheckpoints.count()).toBe(0);
        const seen = { origin: 'frontier-review/workstation-0a1b2c3d', verifierKey: 'k', size: 3, root: 'ab'.repeat(32), consistency: [], note: 'n', bundleId: 'b1', seenAt: '2026-12-01T09:00:00.000Z', signerFingerprints: ['SHA256:x'] };
        await db.historyCheckpoints.put(seen);
        expect(await db.historyCheckpoints.get('k')).toEqual(seen);
        expect(await db.historyCheckpoints.where('origin').equals(seen.origin).primaryKeys()).toEqual(['k']);
      },
    );
  });
});

describe('schema migration to version 13', () => {
  it('gives the packets of a version 12 database an empty authority block, and writes no history for it', async () => {
    await afterUpgradeFrom(
      12,
      async (db, packet) => {
        expect(await db.packets.get(packet.id)).toEqual({ ...packet, authority: { classifiedBy: '', derivedFrom: '', declassifyOn: '' } });
      },
      // As version 12 stored it: no authority block at all.
      async (v12, made) => {
        await v12.table('packets').update(made.id, { authority: undefined });
        expect(Object.keys((await v12.table('packets').get(made.id)) as object)).not.toContain('authority');
      },
    );
  });
});

describe('schema migration to version 14', () => {
  it('gives the plan versions of a version 13 database no document, so they export from their plans as before, and writes no history for it', async () => {
    const read = await readPoam('plan.json', providedBytes(NIST_POAM_EXAMPLE));
    if (!read.ok) throw new Error(read.message);
    // A plan version as version 13 stored it: its plan, and no document.
    const stored = {
      id: '5f1e2d3c-4b5a-4968-8776-655443322110',
      version: 1,
      content: read.plan,
      problems: [{ where: 'poam-items[0]', message: 'A link was left out.' }],
      source: { fileName: 'plan.json', size: 10, sha256: 'b'.repeat(64) },
      marking: marking('UNCLASSIFIED'),
      importedAt: '2026-12-01T09:00:00.000Z',
      editedFrom: null,
    };
    await afterUpgradeFrom(
      13,
      async (db, packet) => {
        const [upgraded] = await db.remediationPlans.toArray();
        expect(upgraded).toEqual({ ...stored, packetId: packet.id, document: null });
        const plans = new PlanStore(db, { actor: () => 'jdoe', acting: () => ({ kind: 'workstation-user' }), systemHigh: () => marking('SECRET'), now: () => new Date('2026-12-07T12:00:00Z') });
        if (upgraded) expect(plans.exportVersion(upgraded)).toEqual(writePoam(read.plan));
      },
      async (v13, made) => {
        await v13.table('remediationPlans').add({ ...stored, packetId: made.id });
      },
    );
  });
});

describe('schema migration to version 15', () => {
  /** A finding as versions 5 to 13 stored it: affected products alone, no other status, no advisory detail. */
  const finding = (packetId: string) => ({
    id: 'f1',
    packetId,
    dedupKey: 'cve:CVE-2022-27193',
    title: 'XML external entities in the CVRF converter',
    description: 'Read from BSI-2022-0001.',
    type: 'software-vulnerability',
    severity: 'medium',
    cvssVector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L',
    cvss: { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L', baseScore: 6.1, severity: 'Medium' },
    cwe: 'CWE-611',
    cveId: 'CVE-2022-27193',
    affectedProducts: [{ vendor: 'CSAF Tools', product: 'CVRF-CSAF-Converter', version: '1.0.0-rc1' }],
    evidence: [],
    status: 'open',
    likelihood: null,
    impact: null,
    planItemUuids: [],
    marking: { level: 'UNCLASSIFIED', sci: [], cuiCategories: [], dissemination: [], relTo: [] },
    reports: 1,
    createdAt: '2026-12-01T09:00:00.000Z',
    updatedAt: '2026-12-01T09:00:00.000Z',
    revision: 1,
  });

  it('gives the findings of a version 13 database no other product status and no advisory detail, keeps the rest, and writes no history for it', async () => {
    await afterUpgradeFrom(
      13,
      async (db, packet) => {
        const [upgraded] = await db.findings.toArray();
        expect(upgraded).toEqual({
          ...finding(packet.id),
          productStatus: { first_fixed: [], fixed: [], recommended: [], known_not_affected: [], under_investigation: [] },
          csaf: { notes: [], references: [], acknowledgments: [], ids: [], involvements: [], releaseDate: null, discoveryDate: null, remediations: [], threats: [], flags: [], scores: [], otherProducts: [], sources: [] },
        });
        // What the upgrade fills in is what the finding schema gives a finding that lacks it.
        const parsed = findingFieldsSchema.parse(finding(packet.id));
        expect([parsed.productStatus, parsed.csaf]).toEqual([upgraded?.productStatus, upgraded?.csaf]);
        // Still found as it was: one finding per packet and dedup key.
        expect(await db.findings.where('[packetId+dedupKey]').equals([packet.id, 'cve:CVE-2022-27193']).count()).toBe(1);
      },
      async (v13, packet) => {
        await v13.table('findings').add(finding(packet.id));
      },
    );
  });
});

describe('schema migration to version 16', () => {
  const PASSPHRASE = 'correct horse battery';

  /** A profile as versions 8 to 15 stored it, beside a history key kept in the clear. */
  async function storedProfile(name: string, principal: string, role: 'team-lead' | 'reviewer'): Promise<StoredProfile> {
    const keys = await generateProfileKeys((n) => crypto.getRandomValues(new Uint8Array(n)));
    const identity = await publicIdentityOf(keys, name);
    return { id: principal, name, agency: 'CISA', role, principal, idleLockMinutes: 15, ...identity, createdAt: '2026-12-01T09:00:00.000Z', updatedAt: '2026-12-01T09:00:00.000Z', sealedKeys: await sealProfileKeys(keys, PASSPHRASE, 10) };
  }

  /** A keystore as safeStorage behaves: here, a fixed XOR and a marker. */
  const keystore: ProfileKeystore = {
    backend: () => Promise.resolve('gnome_libsecret'),
    wrap: (sealed) => Promise.resolve(ok(Uint8Array.from([0x76, 0x31, ...sealed.map((b) => b ^ 0x5a)]))),
    unwrap: (wrapped) => Promise.resolve(ok(wrapped.subarray(2).map((b) => b ^ 0x5a))),
  };

  it('seals the key kept in the clear to every profile, so it verifies, opens at unlock, and the history grows from there', async () => {
    const lead = await storedProfile('Dana Lead', 'dana@cisa', 'team-lead');
    const reviewer = await storedProfile('Riley Reviewer', 'riley@cisa', 'reviewer');
    let plain: { origin: string; seed: string } | undefined;
    const { name } = await withPacketAt(15, async (v15) => {
      await v15.table('profiles').bulkAdd([lead, reviewer]);
      const stored = await v15.table<{ origin: string; seed: string }, string>('historySeal').get(HISTORY_KEY_ID);
      plain = stored && { origin: stored.origin, seed: stored.seed };
    });
    if (!plain) throw new Error('no key at version 15');
    const db = await reopened(name);
    try {
      const record = await db.historySeal.get(HISTORY_KEY_ID);
      expect(record).not.toHaveProperty('seed');
      expect(record).toMatchObject({ id: 'key', verifierKey: historyVerifierKey(plain) });
      expect(Buffer.from(record && 'sealed' in record ? record.sealed : []).toString('latin1')).not.toContain(plain.seed);
      const history = new HistoryLog(db);
      expect(await history.verify()).toMatchObject({ ok: true, size: 2 });

      // Each profile opens it with its passphrase; the keystore, which the upgrade could not reach, wraps it then.
      const session: { acting: ActingAs; keys?: UnlockedKeys } = { acting: { kind: 'locked' } };
      const context: StoreContext = { actor: () => 'Dana Lead', acting: () => session.acting, unlockedKeys: () => session.keys, systemHigh: () => marking('SECRET'), now: () => new Date('2026-12-08T12:00:00Z') };
      const data = openDataLayer(db, context, keystore);
      const riley = await data.profiles.unlock(reviewer.id, PASSPHRASE);
      expect(riley).toMatchObject({ ok: true, value: { historyKey: { ok: true, value: plain } } });
      expect(await db.historySeal.get(HISTORY_KEY_ID)).toMatchObject({ keystore: 'gnome_libsecret', verifierKey: historyVerifierKey(plain) });
      const dana = await data.profiles.unlock(lead.id, PASSPHRASE);
      if (!dana.ok) throw new Error(dana.error.message);
      expect(dana.value.historyKey).toEqual(ok(plain));

      // Opened, but not yet the session's: nothing is recorded until the profile acts with it.
      expect(await data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, modelVersion: 'v2' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      session.acting = { kind: 'profile', profileId: lead.id, role: 'team-lead' };
      session.keys = unlockedKeysOf(dana.value);
      expect((await data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, modelVersion: 'v2' })).ok).toBe(true);
      expect(await history.verify()).toMatchObject({ ok: true, size: 3 });
    } finally {
      db.close();
    }
  });

  it('leaves the key in the clear on a workstation with no profile yet, where anyone at it acts anyway', async () => {
    await afterUpgradeFrom(15, async (db) => {
      expect(await db.historySeal.get(HISTORY_KEY_ID)).toMatchObject({ id: 'key', seed: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    });
  });
});

describe('schema migration to version 17', () => {
  /** A version 16 database with a packet and `more` sealed events after it, kept as version 16 kept them: fields, leaf and head, no bytes. */
  async function historyAt16(more: number, edit: (old: ReviewDatabase) => Promise<unknown> = () => Promise.resolve()): Promise<string> {
    const { name } = await withPacketAt(16, async (old) => {
      const events = old.table<StoredEvent, number>('auditEvents');
      const seal = old.table<HistorySealRecord, string>('historySeal');
      const key = await seal.get(HISTORY_KEY_ID);
      let frontier = await seal.get(HISTORY_FRONTIER_ID);
      if (key?.id !== 'key' || 'sealed' in key || frontier?.id !== 'frontier') throw new Error('no key in the clear at version 16');
      const added: StoredEvent[] = [];
      for (let i = 0; i < more; i++) {
        const event: AuditEventInput = { at: new Date(Date.UTC(2026, 11, 1, 9, 0, i)).toISOString(), actor: 'jdoe', action: 'update', entityType: 'packet', entityId: 'p1', before: { notes: `${i}` }, after: { notes: `${i + 1}` } };
        const sealed = sealEvent(event, frontier, key.origin, historySigner(key));
        frontier = { id: HISTORY_FRONTIER_ID, ...sealed.frontier };
        added.push({ ...event, seq: sealed.frontier.size, ...sealed.seal });
      }
      await events.bulkAdd(added);
      await events.toCollection().modify((e) => {
        delete (e as { canonical?: Uint8Array }).canonical;
      });
      await seal.put(frontier);
      await edit(old);
    });
    return name;
  }

  it('keeps the bytes each event was sealed over, in its record and in pages of 1,024, and the history verifies from them', async () => {
    const db = await reopened(await historyAt16(PAGE_EVENTS + 6));
    try {
      const records = await db.auditEvents.orderBy('seq').toArray();
      expect(records).toHaveLength(PAGE_EVENTS + 8);
      for (const record of [records[0], records[1], records[PAGE_EVENTS], records.at(-1)]) expect(record?.canonical).toEqual(eventLeafBytes(record!));
      const pages = await db.historyPages.toArray();
      expect(pages.map((p) => [p.index, p.ends.length])).toEqual([[0, PAGE_EVENTS]]);
      expect(bytesToHex(pages[0]!.leaves.subarray(32 * 99, 32 * 100))).toBe(records[99]?.leaf);
      const history = new HistoryLog(db);
      expect(await history.verify()).toMatchObject({ ok: true, size: PAGE_EVENTS + 8 });
      // What the history shows is read from those bytes, page and records alike.
      const shown = await history.events();
      expect(shown[500]).toMatchObject({ seq: 501, actor: 'jdoe', after: { notes: '499' }, leaf: records[500]?.leaf });
      expect(shown.at(-1)).toMatchObject({ seq: PAGE_EVENTS + 8, after: { notes: `${PAGE_EVENTS + 6}` } });
    } finally {
      db.close();
    }
  });

  it('keeps the bytes of an event changed before the upgrade as it is now, so verification still names it', async () => {
    const db = await reopened(await historyAt16(10, (old) => old.table('auditEvents').update(5, { actor: 'mallory' })));
    try {
      expect(await new HistoryLog(db).verify()).toMatchObject({ ok: false, firstBadSeq: 5, reason: 'Event #5 was changed after it was recorded: its content no longer matches its hash.' });
    } finally {
      db.close();
    }
  });

  it('writes no page over a gap, so verification reads the events there from their records and names the one missing', async () => {
    const db = await reopened(await historyAt16(PAGE_EVENTS + 6, (old) => old.table('auditEvents').delete(700)));
    try {
      expect(await db.historyPages.count()).toBe(0);
      expect(await new HistoryLog(db).verify()).toMatchObject({ ok: false, firstBadSeq: 700, reason: 'Event #700 is missing: the history jumps from #699 to #701.' });
    } finally {
      db.close();
    }
  });
});
