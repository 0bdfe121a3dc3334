import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNCLASSIFIED, marking, type Marking } from '../../../shared/marking/marking.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import { ReviewDatabase } from './database.js';
import { ReviewStore } from './review-store.js';

const fields = SAMPLE_PACKET_FIELDS;

let db: ReviewDatabase;
let store: ReviewStore;
let systemHigh: Marking;
let clock: Date;

beforeEach(async () => {
  db = new ReviewDatabase(`test-${crypto.randomUUID()}`);
  await db.open();
  systemHigh = marking('SECRET', { dissemination: ['NOFORN'] });
  clock = new Date('2026-11-22T15:00:00Z');
  store = new ReviewStore(db, { actor: () => 'jdoe', acting: () => ({ kind: 'workstation-user' }), systemHigh: () => systemHigh, now: () => clock });
});

afterEach(async () => {
  db.close();
  await db.delete();
});

async function snapshot() {
  return { packets: await db.packets.toArray(), events: await db.auditEvents.toArray() };
}

describe('creating a packet', () => {
  it('stores it with an audit event in the same transaction', async () => {
    const result = await store.createPacket(fields);
    if (!result.ok) throw new Error(result.error.message);
    const { packets, events } = await snapshot();
    expect(packets).toEqual([result.value]);
    expect(result.value.revision).toBe(1);
    expect(events.map((e) => [e.seq, e.entityType, e.action])).toEqual([
      [1, 'model', 'create'],
      [2, 'packet', 'create'],
    ]);
    expect(events[1]).toMatchObject({
      seq: 2,
      at: '2026-11-22T15:00:00.000Z',
      actor: 'jdoe',
      action: 'create',
      entityType: 'packet',
      entityId: result.value.id,
      before: null,
      after: { modelName: 'Atlas', revision: 1 },
    });
  });

  it('refuses invalid fields with every problem named, and writes nothing', async () => {
    const result = await store.createPacket({ ...fields, developer: '  ', plannedReleaseDate: '2026-11-01', agencies: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.issues).toEqual(
      expect.arrayContaining([
        { path: 'developer', message: 'AI developer is required.' },
        { path: 'agencies', message: 'Choose at least one participating agency.' },
      ]),
    );
    expect(await snapshot()).toEqual({ packets: [], events: [] });
  });

  it('refuses a marking above the workstation ceiling with a clear message, and writes nothing', async () => {
    systemHigh = UNCLASSIFIED;
    const result = await store.createPacket({ ...fields, marking: marking('SECRET', { dissemination: ['NOFORN'] }) });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('forbidden');
    expect(result.error.message).toBe(
      'This workstation is accredited to UNCLASSIFIED; nothing on it may be marked SECRET//NOFORN. SECRET is above UNCLASSIFIED.',
    );
    expect(await snapshot()).toEqual({ packets: [], events: [] });
  });

  it('rolls back the packet when the audit write fails', async () => {
    db.auditEvents.hook('creating', () => {
      throw new Error('disk full');
    });
    const result = await store.createPacket(fields);
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: 'The change was not saved: disk full' } });
    expect(await db.packets.count()).toBe(0);
    expect(await db.models.count()).toBe(0);
  });

  it('starts a packet as received or in review only', async () => {
    const closed = await store.createPacket({ ...fields, status: 'closed' });
    expect(closed).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: [{ path: 'status' }] } });
    expect((await store.createPacket({ ...fields, status: 'in-review' })).ok).toBe(true);
  });

  it('clears the new-packet draft in the same transaction, and keeps it when the save fails', async () => {
    await store.savePacketDraft(null, { typed: 'x' }, fields.marking, null);
    expect((await store.createPacket({ ...fields, developer: '' })).ok).toBe(false);
    expect(await store.loadPacketDraft(null)).toBeDefined();
    expect((await store.createPacket(fields)).ok).toBe(true);
    expect(await store.loadPacketDraft(null)).toBeUndefined();
  });

  it('does not keep text behind an unticked "Other" agency', async () => {
    const result = await store.createPacket({ ...fields, agencies: ['NSA'], otherAgencies: 'Department of Energy' });
    expect(result).toMatchObject({ ok: true, value: { otherAgencies: '' } });
  });

  it('records each model once, however its name is typed', async () => {
    await store.createPacket(fields);
    await store.createPacket({ ...fields, developer: ' example ai ', modelName: 'ATLAS', modelVersion: 'snapshot-2' });
    await store.createPacket({ ...fields, modelName: 'Atlas Mini' });
    const models = await store.listModels();
    expect(models.map((m) => [m.id, m.name])).toEqual([
      ['example%20ai/atlas', 'Atlas'],
      ['example%20ai/atlas%20mini', 'Atlas Mini'],
    ]);
  });
});

describe('editing a packet', () => {
  async function created() {
    const result = await store.createPacket(fields);
    if (!result.ok) throw new Error(result.error.message);
    return result.value;
  }

  it('saves the change with before and after in the history, and bumps the revision', async () => {
    const packet = await created();
    clock = new Date('2026-11-23T09:30:00Z');
    const result = await store.updatePacket(packet.id, 1, { ...fields, modelVersion: 'snapshot-2026-11-15' });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ revision: 2, modelVersion: 'snapshot-2026-11-15', updatedAt: '2026-11-23T09:30:00.000Z' });
    const history = await store.historyOf('packet', packet.id);
    expect(history.map((e) => e.action)).toEqual(['create', 'update']);
    expect(history[1]).toMatchObject({
      before: { modelVersion: 'snapshot-2026-11-01', revision: 1 },
      after: { modelVersion: 'snapshot-2026-11-15', revision: 2 },
    });
  });

  it('records a status change as such, with its reason', async () => {
    const packet = await created();
    const result = await store.updatePacket(packet.id, 1, { ...fields, status: 'in-review' }, 'Benchmarking started');
    expect(result.ok).toBe(true);
    const history = await store.historyOf('packet', packet.id);
    expect(history[1]).toMatchObject({ action: 'status-change', reason: 'Benchmarking started' });
  });

  it('clears the draft with the save, and keeps it when the edit conflicts', async () => {
    const packet = await created();
    await store.savePacketDraft(packet.id, { notes: 'mine' }, fields.marking, 1);
    await store.updatePacket(packet.id, 1, { ...fields, notes: 'theirs' });
    expect(await store.loadPacketDraft(packet.id)).toBeUndefined();
    await store.savePacketDraft(packet.id, { notes: 'mine' }, fields.marking, 1);
    expect((await store.updatePacket(packet.id, 1, { ...fields, notes: 'mine' })).ok).toBe(false);
    expect(await store.loadPacketDraft(packet.id)).toMatchObject({ baseRevision: 1 });
  });

  it('lists what changed after a revision, for an edit that conflicts', async () => {
    const packet = await created();
    clock = new Date('2026-11-23T08:00:00Z');
    await store.updatePacket(packet.id, 1, { ...fields, notes: 'theirs' });
    await store.updatePacket(packet.id, 2, { ...fields, notes: 'theirs', status: 'in-review' });
    const changes = await store.packetChangesSince(packet.id, 1);
    expect(changes.map((c) => c.action)).toEqual(['update', 'status-change']);
    expect(await store.packetChangesSince(packet.id, 3)).toEqual([]);
  });

  it('refuses to skip workflow steps, but allows closing from any step', async () => {
    const packet = await created();
    const skip = await store.updatePacket(packet.id, 1, { ...fields, status: 'findings-issued' });
    expect(skip).toMatchObject({
      ok: false,
      error: { message: 'A packet cannot move from "Received" to "Findings issued".' },
    });
    const close = await store.updatePacket(packet.id, 1, { ...fields, status: 'closed' });
    expect(close.ok).toBe(true);
  });

  it('refuses an edit made from an older revision and keeps the newer one', async () => {
    const packet = await created();
    await store.updatePacket(packet.id, 1, { ...fields, notes: 'first window' });
    const stale = await store.updatePacket(packet.id, 1, { ...fields, notes: 'second window' });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect((await store.getPacket(packet.id))?.notes).toBe('first window');
    expect(await store.historyOf('packet', packet.id)).toHaveLength(2);
  });

  it('writes nothing when nothing changed', async () => {
    const packet = await created();
    const result = await store.updatePacket(packet.id, 1, { ...fields });
    expect(result).toMatchObject({ ok: true, value: { revision: 1 } });
    expect(await store.historyOf('packet', packet.id)).toHaveLength(1);
  });

  it('deletes with the last state kept in the history, and drops its draft', async () => {
    const packet = await created();
    await store.savePacketDraft(packet.id, { notes: 'typing' }, fields.marking, 1);
    const result = await store.deletePacket(packet.id, 1, 'Entered twice');
    expect(result.ok).toBe(true);
    expect(await store.getPacket(packet.id)).toBeUndefined();
    expect(await store.loadPacketDraft(packet.id)).toBeUndefined();
    // A draft write that arrives after the deletion is dropped, not left behind.
    await store.savePacketDraft(packet.id, { notes: 'late keystroke' }, fields.marking, 1);
    expect(await store.packetIdsWithDrafts()).toEqual([]);
    const history = await store.historyOf('packet', packet.id);
    expect(history[1]).toMatchObject({ action: 'delete', after: null, before: { id: packet.id }, reason: 'Entered twice' });
  });

  it('finds what the workstation holds above a lower ceiling: packets, history and drafts', async () => {
    const packet = await created();
    expect(await store.holdingsAbove(UNCLASSIFIED)).toEqual({ packets: [packet], historyVersions: 1, drafts: 0 });
    expect(await store.holdingsAbove(marking('CUI'))).toEqual({ packets: [], historyVersions: 0, drafts: 0 });

    // Deleting the packet does not remove its text from the history: still one version.
    await store.deletePacket(packet.id, 1);
    expect(await store.holdingsAbove(UNCLASSIFIED)).toEqual({ packets: [], historyVersions: 1, drafts: 0 });

    // A version whose marking cannot be read is counted, not skipped.
    await db.auditEvents.add({ at: clock.toISOString(), actor: 'jdoe', action: 'update', entityType: 'packet', entityId: 'x', before: null, after: { marking: { level: 'COSMIC' } }, leaf: '', root: '', signature: '' });
    expect((await store.holdingsAbove(marking('TOP SECRET', { sci: ['SI', 'TK', 'HCS'] }))).historyVersions).toBe(1);

    await store.savePacketDraft(null, {}, marking('SECRET'), null);
    expect((await store.holdingsAbove(marking('CUI'))).drafts).toBe(1);
  });

  it('records a change of workstation settings in the history', async () => {
    const before = { systemHigh: UNCLASSIFIED, bannerMode: 'highest-on-screen' as const };
    const after = { systemHigh: marking('SECRET'), bannerMode: 'system-high' as const };
    expect((await store.recordSettingsChange(before, after)).ok).toBe(true);
    expect(await store.historyOf('workstation-settings', 'workstation')).toMatchObject([{ action: 'update', actor: 'jdoe', before, after }]);
  });
});

describe('drafts', () => {
  it('keeps unsaved typing without touching review data or the history', async () => {
    await store.savePacketDraft(null, { developer: 'Anth' }, UNCLASSIFIED, null);
    expect(await store.loadPacketDraft(null)).toMatchObject({ form: { developer: 'Anth' }, baseRevision: null });
    expect(await db.auditEvents.count()).toBe(0);
    expect(await store.packetIdsWithDrafts()).toEqual([]);
    await store.discardPacketDraft(null);
    expect(await store.loadPacketDraft(null)).toBeUndefined();
  });
});
