import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { historyVerifierKey } from '../../../shared/audit/history-key.js';
import { generateProfileKeys, publicIdentityOf, sealProfileKeys } from '../../../shared/identity/profile-keys.js';
import type { StoredProfile } from '../../../shared/identity/profile.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import { openDataLayer, type DataLayer } from './data-layer.js';
import { ReviewDatabase, type HistorySealRecord, type PlainHistoryKeyRecord, type SealedHistoryKeyRecord } from './database.js';
import { unlockedKeysOf, type UnlockedProfile } from './profile-store.js';
import { HISTORY_KEY_ID } from './schema.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

const PASSPHRASE = 'correct horse battery';
// A low scrypt work factor: these tests are about the history key, not the cost of guessing.
const FAST = 10;
const LEAD = { name: 'Dana Lead', agency: 'CISA', role: 'team-lead', principal: 'dana@cisa', idleLockMinutes: 15 } as const;
const REVIEWER = { name: 'Riley Reviewer', agency: 'NIST', role: 'reviewer', principal: 'riley@nist', idleLockMinutes: 15 } as const;
const LOCKED_MESSAGE = 'The key that signs the review history is sealed to the profiles on this workstation, and no profile is unlocked here: unlock yours to make changes. Nothing was saved.';

let ws: TestWorkstation;
let data: DataLayer;
const extraDatabases: ReviewDatabase[] = [];

beforeEach(async () => {
  ws = await openTestWorkstation();
  data = openDataLayer(ws.db, ws.context);
});
afterEach(async () => {
  await ws.close();
  for (const db of extraDatabases.splice(0)) {
    db.close();
    await db.delete();
  }
});

function unlock(unlocked: UnlockedProfile): void {
  ws.acting = { kind: 'profile', profileId: unlocked.profile.id, role: unlocked.profile.role };
  ws.actor = unlocked.profile.name;
  ws.keys = unlockedKeysOf(unlocked);
}

function lock(): void {
  ws.acting = { kind: 'locked' };
  ws.keys = undefined;
}

async function keyRecord(db: ReviewDatabase = ws.db): Promise<HistorySealRecord | undefined> {
  return db.historySeal.get(HISTORY_KEY_ID);
}

async function madeLead(): Promise<UnlockedProfile> {
  const made = await data.profiles.create(LEAD, PASSPHRASE, FAST);
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

/** A packet made by whoever acts now; its history is the packet's event and its model's. */
async function newPacket(layer: DataLayer = data) {
  return layer.store.createPacket(SAMPLE_PACKET_FIELDS);
}

describe('the history key before the first profile', () => {
  it('is kept in the clear while no profile exists, and the first profile seals it, leaving no plaintext, in the same change', async () => {
    expect((await newPacket()).ok).toBe(true);
    const plain = await keyRecord();
    expect(plain).toMatchObject({ id: 'key', origin: expect.stringMatching(/^frontier-review\/workstation-/) as unknown, seed: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown });
    const { seed } = plain as PlainHistoryKeyRecord;

    const lead = await madeLead();
    const sealed = await keyRecord();
    expect(sealed).not.toHaveProperty('seed');
    expect(sealed).toMatchObject({ id: 'key', verifierKey: await data.history.verifierKey() });
    // An age file, which does not hold the seed in any form a reader of the database could use.
    const bytes = sealed && 'sealed' in sealed ? sealed.sealed : new Uint8Array();
    expect(new TextDecoder().decode(bytes.subarray(0, 21))).toBe('age-encryption.org/v1');
    expect(JSON.stringify(await ws.db.historySeal.toArray(), (_, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('latin1') : v))).not.toContain(seed);
    // The profile's creation is signed with the same key, which its session now holds.
    expect(lead.historyKey).toMatchObject({ ok: true, value: { seed } });
    expect(await data.history.verify()).toMatchObject({ ok: true, size: 3 });
  });

  it('is made and sealed at once when the first thing a new workstation does is make its first profile', async () => {
    const lead = await madeLead();
    expect(await keyRecord()).not.toHaveProperty('seed');
    unlock(lead);
    expect((await newPacket()).ok).toBe(true);
    expect(await data.history.verify()).toMatchObject({ ok: true, size: 3 });
  });
});

describe('the history key once profiles exist', () => {
  it('is opened by unlocking a profile, signs its changes, and is gone once the workstation locks', async () => {
    const lead = await madeLead();
    lock();
    const unlocked = await data.profiles.unlock(lead.profile.id, PASSPHRASE);
    if (!unlocked.ok) throw new Error(unlocked.error.message);
    expect(unlocked.value.historyKey).toEqual(lead.historyKey);
    unlock(unlocked.value);
    expect((await newPacket()).ok).toBe(true);
    expect(await data.history.verify()).toMatchObject({ ok: true, size: 3 });

    lock();
    expect(await newPacket()).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'No profile is unlocked on this workstation: unlock yours to make changes.' } });
    // Even a session that claims the profile, but never opened the key with its passphrase, records nothing.
    ws.acting = { kind: 'profile', profileId: lead.profile.id, role: 'team-lead' };
    expect(await newPacket()).toMatchObject({ ok: false, error: { code: 'forbidden', message: LOCKED_MESSAGE } });
    expect(await ws.db.packets.count()).toBe(1);
    expect(await data.history.verify()).toMatchObject({ ok: true, size: 3 });
  });

  it('is sealed to each profile a team lead makes, who can open it and record changes', async () => {
    unlock(await madeLead());
    const made = await data.profiles.create(REVIEWER, PASSPHRASE, FAST);
    if (!made.ok) throw new Error(made.error.message);
    lock();
    const reviewer = await data.profiles.unlock(made.value.profile.id, PASSPHRASE);
    if (!reviewer.ok) throw new Error(reviewer.error.message);
    expect(reviewer.value.historyKey).toMatchObject({ ok: true });
    unlock(reviewer.value);
    expect((await newPacket()).ok).toBe(true);
    expect(await ws.db.auditEvents.orderBy('seq').last()).toMatchObject({ actor: 'Riley Reviewer', role: 'reviewer' });
    expect(await data.history.verify()).toMatchObject({ ok: true, size: 4 });
  });

  it('cannot be used from a copy of the database without a passphrase, nor replaced there by a key in the clear', async () => {
    const lead = await madeLead();
    unlock(lead);
    expect((await newPacket()).ok).toBe(true);
    // Every table copied to another database, as a copy of the workstation's files would carry it.
    const copy = new ReviewDatabase(`copy-${crypto.randomUUID()}`);
    extraDatabases.push(copy);
    await copy.open();
    for (const table of ws.db.tables) await copy.table(table.name).bulkAdd(await table.toArray());
    const stolen = openDataLayer(copy, { ...ws.context, acting: () => ({ kind: 'profile', profileId: lead.profile.id, role: 'team-lead' }), unlockedKeys: () => undefined });
    // It still verifies: checking needs no secret.
    expect(await stolen.history.verify()).toMatchObject({ ok: true, size: 3 });
    expect(await newPacket(stolen)).toMatchObject({ ok: false, error: { code: 'forbidden', message: LOCKED_MESSAGE } });
    expect(await stolen.profiles.unlock(lead.profile.id, 'a guess at it')).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    // A key of one's own, put there in the clear, is refused rather than signed with.
    const ownKey: PlainHistoryKeyRecord = { id: HISTORY_KEY_ID, origin: 'frontier-review/workstation-00000000', seed: 'ab'.repeat(32) };
    await copy.historySeal.put(ownKey);
    const claimed = openDataLayer(copy, { ...ws.context, acting: () => ({ kind: 'workstation-user' }), unlockedKeys: () => undefined });
    expect(await newPacket(claimed)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'This workstation has profiles now: unlock yours to make changes.' } });
    expect(await newPacket(openDataLayer(copy, ws.context))).toMatchObject({
      ok: false,
      error: { code: 'failed', message: 'The key that signs the review history is stored in the clear although this workstation has profiles: it was put there outside Frontier Review, so nothing is signed with it. Nothing was saved.' },
    });
    expect(await copy.packets.count()).toBe(1);
  });

  it('is not handed to a profile written into the database by hand, even when a team lead later adds another', async () => {
    const lead = await madeLead();
    unlock(lead);
    // Someone who can write the database adds a profile whose passphrase they know.
    const keys = await generateProfileKeys((n) => crypto.getRandomValues(new Uint8Array(n)));
    const identity = await publicIdentityOf(keys, 'Mallory');
    const planted: StoredProfile = { ...REVIEWER, name: 'Mallory', principal: 'mallory@x', id: 'planted', ...identity, createdAt: '', updatedAt: '', sealedKeys: await sealProfileKeys(keys, PASSPHRASE, FAST) };
    await ws.db.profiles.add(planted);
    expect((await data.profiles.create({ ...REVIEWER, name: 'Sam', principal: 'sam@cisa' }, PASSPHRASE, FAST)).ok).toBe(true);

    const mallory = await data.profiles.unlock('planted', PASSPHRASE);
    expect(mallory).toMatchObject({ ok: true, value: { historyKey: { ok: false, error: { code: 'forbidden', message: expect.stringContaining('is not sealed to this profile') as unknown } } } });
    if (!mallory.ok) return;
    unlock(mallory.value);
    expect(await newPacket()).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('The key that signs the review history is not sealed to this profile') as unknown } });
  });

  it('signs nothing once the stored key is no longer the one the unlocked profile opened', async () => {
    const lead = await madeLead();
    unlock(lead);
    const other = { origin: 'frontier-review/workstation-00000000', seed: 'cd'.repeat(32) };
    const stored = await keyRecord();
    if (!stored || !('sealed' in stored)) throw new Error('not sealed');
    const swapped: SealedHistoryKeyRecord = { ...stored, verifierKey: historyVerifierKey(other) };
    await ws.db.historySeal.put(swapped);
    expect(await newPacket()).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining('is not the one this workstation') as unknown } });
    expect(await ws.db.packets.count()).toBe(0);
  });
});
