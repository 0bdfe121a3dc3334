import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { marking } from '../../../shared/marking/marking.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import type { StoreContext } from '../data/audited-store.js';
import { openDataLayer } from '../data/data-layer.js';
import { ReviewDatabase } from '../data/database.js';
import { packetChangeRefusal, ProfileSession } from './profile-session.js';

const databases: ReviewDatabase[] = [];
afterEach(async () => {
  for (const db of databases.splice(0)) {
    db.close();
    await db.delete();
  }
});

/** A new workstation with no profile yet, its session, and the data layer acting through it. */
async function freshWorkstation() {
  const db = new ReviewDatabase(`session-${crypto.randomUUID()}`);
  databases.push(db);
  await db.open();
  const session = new ProfileSession(false, 'jdoe');
  const context: StoreContext = { actor: () => session.actor(), acting: () => session.acting(), unlockedKeys: () => session.unlockedKeys(), systemHigh: () => marking('SECRET'), now: () => new Date('2026-12-08T12:00:00Z') };
  return { session, data: openDataLayer(db, context) };
}

describe('the profile session', () => {
  it('holds the history key from unlock to lock, so changes are recorded only in between', async () => {
    const { session, data } = await freshWorkstation();
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

  it('hides from each role exactly the packet changes the data layer refuses it', async () => {
    const { session, data } = await freshWorkstation();
    const make = async (name: string, role: 'team-lead' | 'reviewer' | 'auditor', principal: string) => {
      const made = await data.profiles.create({ name, agency: 'CISA', role, principal, idleLockMinutes: 15 }, 'correct horse battery', 10);
      if (!made.ok) throw new Error(made.error.message);
      return made.value;
    };
    const lead = await make('Dana Lead', 'team-lead', 'dana@cisa');
    session.unlock(lead);
    const reviewer = await make('Quinn Reviewer', 'reviewer', 'quinn@nsa');
    const auditor = await make('Avery Auditor', 'auditor', 'avery@nist');
    const created = await data.store.createPacket(SAMPLE_PACKET_FIELDS);
    if (!created.ok) throw new Error(created.error.message);
    const packet = created.value;
    expect(packetChangeRefusal(session.current(), packet)).toBeUndefined();

    const tryEdit = async () => {
      const current = await data.store.getPacket(packet.id);
      return data.store.updatePacket(packet.id, current?.revision ?? 0, { ...SAMPLE_PACKET_FIELDS, notes: `edited by ${session.actor()}` });
    };
    for (const [who, refusal] of [
      [auditor, 'Auditors read the review and its history but do not change them.'],
      [reviewer, 'Reviewers change the packets they are assigned to; a team lead assigns them.'],
    ] as const) {
      const opened = await data.profiles.unlock(who.profile.id, 'correct horse battery');
      if (!opened.ok) throw new Error(opened.error.message);
      session.unlock(opened.value);
      expect(packetChangeRefusal(session.current(), packet)).toBe(refusal);
      expect(await tryEdit()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    session.lock('Locked by hand.');
    expect(packetChangeRefusal(session.current(), packet)).toBe('Unlock your profile to make changes.');
  });
});
