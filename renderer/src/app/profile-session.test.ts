import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { marking } from '../../../shared/marking/marking.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import type { StoreContext } from '../data/audited-store.js';
import { openDataLayer } from '../data/data-layer.js';
import { ReviewDatabase } from '../data/database.js';
import { ProfileSession } from './profile-session.js';

const databases: ReviewDatabase[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) {
    db.close();
    await db.delete();
  }
});

describe('the profile session', () => {
  it('holds the history key from unlock to lock, so changes are recorded only in between', async () => {
    const db = new ReviewDatabase(`session-${crypto.randomUUID()}`);
    databases.push(db);
    await db.open();
    const session = new ProfileSession(false, 'jdoe');
    const context: StoreContext = { actor: () => session.actor(), acting: () => session.acting(), unlockedKeys: () => session.unlockedKeys(), systemHigh: () => marking('SECRET'), now: () => new Date('2026-12-08T12:00:00Z') };
    const data = openDataLayer(db, context);
    const made = await data.profiles.create({ name: 'Dana Lead', agency: 'CISA', role: 'team-lead', principal: 'dana@cisa', idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!made.ok) throw new Error(made.error.message);
    session.unlock(made.value);
    expect(session.unlockedKeys()?.historyKey).toMatchObject({ ok: true });
    expect((await data.store.createPacket(SAMPLE_PACKET_FIELDS)).ok).toBe(true);

    session.lock('Locked by hand.');
    expect(session.unlockedKeys()).toBeUndefined();
    expect(await data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, modelVersion: 'v2' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const unlocked = await data.profiles.unlock(made.value.profile.id, 'correct horse battery');
    if (!unlocked.ok) throw new Error(unlocked.error.message);
    session.unlock(unlocked.value);
    expect((await data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, modelVersion: 'v2' })).ok).toBe(true);
    expect(await data.history.verify()).toMatchObject({ ok: true, size: 4 });
  });
});
