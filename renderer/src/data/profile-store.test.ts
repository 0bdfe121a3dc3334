import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import { publicIdentityFile } from '../../../shared/identity/profile.js';
import { openDataLayer, type DataLayer } from './data-layer.js';
import { unlockedKeysOf, type UnlockedProfile } from './profile-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

let workstation: TestWorkstation;
let data: DataLayer;
// A low scrypt work factor: these tests are about the rules, not the cost of guessing.
const FAST = 10;
const lead = { name: 'Dana Lead', agency: 'CISA', role: 'team-lead', principal: 'dana@cisa', idleLockMinutes: 15 };

beforeEach(async () => {
  workstation = await openTestWorkstation();
  data = openDataLayer(workstation.db, workstation.context);
});
afterEach(() => workstation.close());

/** Acts as the profile from now on, as the app's session does when it is unlocked. */
function actAs(profile: { id: string; name: string; role: 'reviewer' | 'team-lead' | 'auditor' }) {
  workstation.acting = { kind: 'profile', profileId: profile.id, role: profile.role };
  workstation.actor = profile.name;
}

/** Unlocks a profile as the app's session does: it acts, and its keys (the history key among them) are in memory. */
function unlock(unlocked: UnlockedProfile) {
  actAs(unlocked.profile);
  workstation.keys = unlockedKeysOf(unlocked);
}

describe('profiles', () => {
  it('makes a profile with its own keys, unlocks it only with its passphrase, and keeps the sealed keys out of the history', async () => {
    const made = await data.profiles.create(lead, 'correct horse battery', FAST);
    if (!made.ok) throw new Error(made.error.message);
    expect(made.value.profile).toMatchObject({ name: 'Dana Lead', role: 'team-lead', principal: 'dana@cisa' });
    expect(made.value.profile.signingKey).toMatch(/^ssh-ed25519 AAAA\S+ Dana Lead \(CISA\)$/);
    const unlocked = await data.profiles.unlock(made.value.profile.id, 'correct horse battery');
    expect(unlocked.ok && unlocked.value.keys.ageIdentity).toBe(made.value.keys.ageIdentity);
    expect(await data.profiles.unlock(made.value.profile.id, 'not the passphrase')).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'That passphrase does not unlock this profile.' } });
    const history = await workstation.db.auditEvents.toArray();
    expect(history).toHaveLength(1);
    expect(JSON.stringify(history[0]?.after)).not.toContain('sealedKeys');
    expect(publicIdentityFile(made.value.profile)).toContain(`# age-recipient: ${made.value.profile.ageRecipient}\ndana@cisa ssh-ed25519 `);
  });

  it('refuses a weak passphrase, a bad principal and a principal already taken', async () => {
    expect(await data.profiles.create(lead, 'short', FAST)).toMatchObject({ ok: false, error: { message: 'A passphrase has at least 10 characters.' } });
    expect(await data.profiles.create({ ...lead, principal: 'dana lead' }, 'correct horse battery', FAST)).toMatchObject({ ok: false, error: { code: 'invalid-input', issues: [{ path: 'principal' }] } });
    expect(await data.profiles.create({ ...lead, role: 'reviewer' }, 'correct horse battery', FAST)).toMatchObject({ ok: false, error: { message: "The workstation's first profile is a team lead's: only a team lead can add the others." } });
    const first = await data.profiles.create(lead, 'correct horse battery', FAST);
    if (!first.ok) throw new Error(first.error.message);
    // The workstation's user no longer acts once a profile exists, in any window.
    expect(await data.profiles.create({ ...lead, name: 'Other', principal: 'other@cisa' }, 'correct horse battery', FAST)).toMatchObject({ ok: false, error: { message: 'This workstation has profiles now: unlock yours to make changes.' } });
    unlock(first.value);
    expect(await data.profiles.create({ ...lead, name: 'Other' }, 'correct horse battery', FAST)).toMatchObject({ ok: false, error: { code: 'conflict' } });
  });
});

describe('roles, enforced by the data layer', () => {
  async function profiles() {
    const made = await data.profiles.create(lead, 'correct horse battery', FAST);
    if (!made.ok) throw new Error(made.error.message);
    unlock(made.value);
    const reviewer = await data.profiles.create({ ...lead, name: 'Riley Reviewer', role: 'reviewer', principal: 'riley@nist' }, 'correct horse battery', FAST);
    const auditor = await data.profiles.create({ ...lead, name: 'Avery Auditor', role: 'auditor', principal: 'avery@gao' }, 'correct horse battery', FAST);
    if (!reviewer.ok || !auditor.ok) throw new Error('profiles not made');
    return { lead: made.value.profile, reviewer: reviewer.value.profile, auditor: auditor.value.profile };
  }

  it('lets a reviewer edit review data and records their name and role in the history', async () => {
    const { reviewer } = await profiles();
    actAs(reviewer);
    const packet = await data.store.createPacket(SAMPLE_PACKET_FIELDS);
    expect(packet.ok).toBe(true);
    expect(await workstation.db.auditEvents.orderBy('seq').last()).toMatchObject({ actor: 'Riley Reviewer', role: 'reviewer', entityType: 'packet' });
    expect(await data.history.verify()).toMatchObject({ ok: true });
  });

  it('refuses every change by an auditor, and any change while no profile is unlocked', async () => {
    const { auditor } = await profiles();
    actAs(auditor);
    expect(await data.store.createPacket(SAMPLE_PACKET_FIELDS)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Auditors can read the review and its history but not change them.' } });
    expect(await data.comparisons.create({ name: 'x', runIds: ['a', 'b'] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    workstation.acting = { kind: 'locked' };
    expect(await data.store.createPacket(SAMPLE_PACKET_FIELDS)).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'No profile is unlocked on this workstation: unlock yours to make changes.' } });
    expect(await workstation.db.packets.count()).toBe(0);
  });

  it('lets only a team lead add profiles, change roles (with a reason) and change whom the workstation trusts', async () => {
    const { lead: teamLead, reviewer } = await profiles();
    actAs(reviewer);
    expect(await data.profiles.create({ ...lead, name: 'Sam', principal: 'sam@cisa' }, 'correct horse battery', FAST)).toMatchObject({ ok: false, error: { message: 'Only a team lead adds profiles, changes roles or changes whom the workstation trusts.' } });
    expect((await data.profiles.setRole(reviewer.id, 'team-lead', 'Promoted')).ok).toBe(false);
    expect((await data.trust.addSigners(publicIdentityFile(teamLead))).ok).toBe(false);
    actAs(teamLead);
    expect(await data.profiles.setRole(reviewer.id, 'auditor', '')).toMatchObject({ ok: false, error: { issues: [{ path: 'reason' }] } });
    expect(await data.profiles.setRole(reviewer.id, 'auditor', 'Moved to the audit team.')).toMatchObject({ ok: true, value: { role: 'auditor' } });
    expect(await workstation.db.auditEvents.orderBy('seq').last()).toMatchObject({ action: 'status-change', entityType: 'profile', reason: 'Moved to the audit team.', role: 'team-lead' });
    expect(await data.profiles.setRole(teamLead.id, 'reviewer', 'Stepping down.')).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // A role change applies at once, whatever the unlocked session still says.
    expect((await data.profiles.setRole(reviewer.id, 'team-lead', 'Back as a lead.')).ok).toBe(true);
    expect((await data.profiles.setRole(teamLead.id, 'auditor', 'Audit duty.')).ok).toBe(true);
    expect(await data.store.createPacket(SAMPLE_PACKET_FIELDS)).toMatchObject({ ok: false, error: { message: 'Auditors can read the review and its history but not change them.' } });
  });
});

describe('the trust store', () => {
  const other = async () => {
    const made = await data.profiles.create({ ...lead, name: 'Quinn Partner', principal: 'quinn@nsa', agency: 'NSA' }, 'correct horse battery', FAST);
    if (!made.ok) throw new Error(made.error.message);
    workstation.keys = unlockedKeysOf(made.value);
    return made.value.profile;
  };

  it('adds signers from a public identity file with their age recipient, refuses one trusted twice, and revokes with a reason', async () => {
    const quinn = await other();
    workstation.actor = 'jdoe';
    workstation.acting = { kind: 'profile', profileId: quinn.id, role: 'team-lead' };
    const added = await data.trust.addSigners(publicIdentityFile(quinn));
    if (!added.ok) throw new Error(added.error.message);
    expect(added.value).toMatchObject([{ principals: ['quinn@nsa'], fingerprint: quinn.fingerprint, ageRecipient: quinn.ageRecipient, addedBy: 'jdoe', revokedAt: null }]);
    expect(await data.trust.addSigners(publicIdentityFile(quinn))).toMatchObject({ ok: false, error: { code: 'conflict', message: `Line 4: the key ${quinn.fingerprint} is already trusted, as quinn@nsa.` } });
    expect(await data.trust.addSigners('quinn@nsa ssh-rsa AAAAB3')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const id = added.value[0]?.id ?? '';
    expect((await data.trust.revoke(id, '')).ok).toBe(false);
    expect(await data.trust.revoke(id, 'Key reported lost.')).toMatchObject({ ok: true, value: { revokedBy: 'jdoe' } });
    expect(await workstation.db.auditEvents.orderBy('seq').last()).toMatchObject({ action: 'status-change', entityType: 'trusted-signer', reason: 'Key reported lost.' });
    expect(await data.trust.addSigners(publicIdentityFile(quinn))).toMatchObject({ ok: false, error: { message: `Line 4: the key ${quinn.fingerprint} was revoked on 2026-11-22 and cannot be trusted again; ask its owner for a new key.` } });
  });
});

describe("profiles' keys in the operating system's keystore", () => {
  /** A keystore as safeStorage behaves: a key only this user account holds; here, a fixed XOR and a marker. */
  function keystore(backend: string | undefined) {
    const mask = (bytes: Uint8Array) => bytes.map((b) => b ^ 0x5a);
    const calls: string[] = [];
    return {
      calls,
      backend: () => Promise.resolve(backend),
      wrap: (sealed: Uint8Array) => {
        calls.push('wrap');
        return Promise.resolve({ ok: true as const, value: Uint8Array.from([0x76, 0x31, ...mask(sealed)]) });
      },
      unwrap: (wrapped: Uint8Array) => {
        calls.push('unwrap');
        return Promise.resolve(wrapped[0] === 0x76 ? { ok: true as const, value: mask(wrapped.subarray(2)) } : { ok: false as const, error: { code: 'failed' as const, message: 'Not ours.' } });
      },
    };
  }

  it('wraps the sealed keys where the system has a keystore, and unlocks through it with the passphrase', async () => {
    const os = keystore('gnome_libsecret');
    const layer = openDataLayer(workstation.db, workstation.context, os);
    const made = await layer.profiles.create(lead, 'correct horse battery', FAST);
    if (!made.ok) throw new Error(made.error.message);
    const stored = await workstation.db.profiles.get(made.value.profile.id);
    expect(stored?.keystore).toBe('gnome_libsecret');
    // What the database holds is not an age file any more: a copy of it alone cannot be attacked with guesses.
    expect(new TextDecoder().decode(stored?.sealedKeys.subarray(0, 24))).not.toContain('age-encryption.org');
    const unlocked = await layer.profiles.unlock(made.value.profile.id, 'correct horse battery');
    expect(unlocked.ok && unlocked.value.keys.ageIdentity).toBe(made.value.keys.ageIdentity);
    // The profile's keys and the history key sealed to it are each wrapped, and each unwrapped at unlock.
    expect(os.calls).toEqual(['wrap', 'wrap', 'unwrap', 'unwrap']);
    expect(unlocked.ok && unlocked.value.historyKey).toEqual(made.value.historyKey);
    const historyKey = await workstation.db.historySeal.get('key');
    expect(historyKey && 'keystore' in historyKey && historyKey.keystore).toBe('gnome_libsecret');
    expect(await layer.profiles.unlock(made.value.profile.id, 'not the passphrase')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    // Without that keystore (another account, a browser), the profile cannot be unlocked, and says why.
    expect(await data.profiles.unlock(made.value.profile.id, 'correct horse battery')).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining("keys are also locked in the operating system's keystore (gnome_libsecret)") as unknown } });
  });

  it('seals with the passphrase alone where the system offers no keystore', async () => {
    const os = keystore(undefined);
    const layer = openDataLayer(workstation.db, workstation.context, os);
    const made = await layer.profiles.create(lead, 'correct horse battery', FAST);
    if (!made.ok) throw new Error(made.error.message);
    expect((await workstation.db.profiles.get(made.value.profile.id))?.keystore).toBeUndefined();
    expect(os.calls).toEqual([]);
    expect((await data.profiles.unlock(made.value.profile.id, 'correct horse battery')).ok).toBe(true);
  });
});
