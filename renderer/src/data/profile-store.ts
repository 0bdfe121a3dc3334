import { keyComment, publicIdentityOf, sealProfileKeys, unsealProfileKeys, WrongPassphrase, generateProfileKeys, passphraseProblem, DEFAULT_SCRYPT_LOG_N, type ProfileKeys } from '../../../shared/identity/profile-keys.js';
import { profileFieldsSchema, type Profile, type ProfileRole, type StoredProfile } from '../../../shared/identity/profile.js';
import type { HistoryKey } from '../../../shared/audit/history.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { AuditedStore, zodIssues, type StoreContext, type UnlockedKeys } from './audited-store.js';
import type { ReviewDatabase } from './database.js';
import { openForUnlock, resealForProfile, sameKeyRecord, storedHistoryKey } from './history-key-vault.js';
import { HISTORY_KEY_ID } from './schema.js';

/**
 * The operating system's keystore (Electron safeStorage), which wraps a profile's sealed keys a
 * second time: copying the database off the workstation then yields nothing to guess passphrases
 * against. None in a browser, or where the system's keystore offers no real protection.
 */
export interface ProfileKeystore {
  backend(): Promise<string | undefined>;
  wrap(sealed: Uint8Array): Promise<Result<Uint8Array>>;
  unwrap(wrapped: Uint8Array): Promise<Result<Uint8Array>>;
}

/** A profile whose passphrase was given: its private keys and the history key, in memory only, until it locks. */
export interface UnlockedProfile {
  readonly profile: Profile;
  readonly keys: ProfileKeys;
  /** The workstation's history key, opened with the profile's age identity; or why it could not be. */
  readonly historyKey: Result<HistoryKey>;
}

/** What of an unlocked profile the data layer asks for at each change. */
export function unlockedKeysOf(unlocked: UnlockedProfile): UnlockedKeys {
  return { ageIdentity: unlocked.keys.ageIdentity, historyKey: unlocked.historyKey };
}

/** The public part of a stored profile: what the history and the interface see. */
function publicProfile(stored: StoredProfile): Profile {
  const { sealedKeys: _sealed, ...profile } = stored;
  return profile;
}

/**
 * Local profiles: made on this workstation with keys generated here, private keys sealed with the
 * profile's passphrase. The history records profiles without their sealed keys.
 */
export class ProfileStore extends AuditedStore {
  constructor(
    db: ReviewDatabase,
    context: StoreContext,
    private readonly keystore?: ProfileKeystore,
  ) {
    super(db, context);
  }

  async list(): Promise<Profile[]> {
    return (await this.db.profiles.orderBy('principal').toArray()).map(publicProfile);
  }

  async count(): Promise<number> {
    return this.db.profiles.count();
  }

  /**
   * Makes a profile and its keys, and seals the history key to it too. Sealing the keys (scrypt)
   * takes about a second and happens before the transaction, which may hold only database work.
   */
  async create(input: unknown, passphrase: string, scryptLogN = DEFAULT_SCRYPT_LOG_N): Promise<Result<UnlockedProfile>> {
    const parsed = profileFieldsSchema.safeParse(input);
    if (!parsed.success) return err('invalid-input', parsed.error.issues[0]?.message ?? 'The profile is not valid.', zodIssues(parsed.error));
    const weak = passphraseProblem(passphrase);
    if (weak) return err('invalid-input', weak, [{ path: 'passphrase', message: weak }]);
    const refused = await this.permissionProblem('manage-profiles');
    if (refused) return refused;
    // Without a team lead no one could add profiles, change roles or trust anyone.
    if (parsed.data.role !== 'team-lead' && (await this.db.profiles.count()) === 0) {
      return err('invalid-input', "The workstation's first profile is a team lead's: only a team lead can add the others.", [{ path: 'role', message: 'The first profile is a team lead.' }]);
    }
    const keys = await generateProfileKeys((length) => crypto.getRandomValues(new Uint8Array(length)));
    const identity = await publicIdentityOf(keys, keyComment(parsed.data.name, parsed.data.agency));
    let sealedKeys = await sealProfileKeys(keys, passphrase, scryptLogN);
    const keystore = await this.keystore?.backend();
    if (keystore !== undefined && this.keystore) {
      const wrapped = await this.keystore.wrap(sealedKeys);
      if (!wrapped.ok) return wrapped;
      sealedKeys = wrapped.value;
    }
    // The team lead making it has the history key open; the workstation's first profile takes it from the clear.
    const resealed = await resealForProfile(this.db, identity.ageRecipient, this.context.unlockedKeys?.()?.ageIdentity, this.keystore);
    if (!resealed.ok) return resealed;
    const { key, record, before } = resealed.value;
    const at = this.context.now().toISOString();
    const stored: StoredProfile = { ...parsed.data, id: crypto.randomUUID(), signingKey: identity.signingKey, ageRecipient: identity.ageRecipient, fingerprint: identity.fingerprint, createdAt: at, updatedAt: at, sealedKeys, ...(keystore === undefined ? {} : { keystore }) };
    return this.transact(
      [this.db.profiles],
      async () => {
        if (await this.db.profiles.where('principal').equals(stored.principal).count()) {
          return err('conflict', `A profile named ${stored.principal} already exists on this workstation.`, [{ path: 'principal', message: 'Already in use.' }]);
        }
        if (!sameKeyRecord(await storedHistoryKey(this.db), before)) {
          return err('conflict', 'The profiles on this workstation changed while this one was being made; make it again.');
        }
        // A new workstation's key is stored here, so the event below is the first it signs; it is
        // recorded before the profile exists, while the key may still be used from the clear.
        if (!before) await this.db.historySeal.put({ id: HISTORY_KEY_ID, ...key });
        await this.audit(at, 'create', 'profile', stored.id, null, publicProfile(stored));
        await this.db.profiles.add(stored);
        // Sealed to the new profile as well, in place of the key in the clear where it was.
        await this.db.historySeal.put(record);
        return ok({ profile: publicProfile(stored), keys, historyKey: ok(key) });
      },
      'manage-profiles',
    );
  }

  /**
   * Opens a profile's keys with its passphrase, and with them the history key (no second key
   * derivation: the key opens with the profile's age identity). Unlocking changes no review data;
   * at most the keystore wraps a history key sealed before it could. A profile whose history key
   * does not open still unlocks, to read; its changes are refused with the reason.
   */
  async unlock(id: string, passphrase: string, onProgress?: (fraction: number) => void): Promise<Result<UnlockedProfile>> {
    const stored = await this.db.profiles.get(id);
    if (!stored) return err('not-found', 'This profile no longer exists.');
    let sealed = stored.sealedKeys;
    if (stored.keystore !== undefined) {
      if (!this.keystore || (await this.keystore.backend()) !== stored.keystore) {
        return err('failed', `${stored.name}'s keys are also locked in the operating system's keystore (${stored.keystore}), which is not available here; unlock the profile in Frontier Review on the workstation and user account that made it.`);
      }
      const opened = await this.keystore.unwrap(sealed);
      if (!opened.ok) return opened;
      sealed = opened.value;
    }
    let keys: ProfileKeys;
    try {
      keys = await unsealProfileKeys(sealed, passphrase, onProgress);
    } catch (e) {
      if (e instanceof WrongPassphrase) return err('forbidden', e.message, [{ path: 'passphrase', message: e.message }]);
      return err('failed', `The profile's keys could not be opened: ${e instanceof Error ? e.message : String(e)}`);
    }
    return ok({ profile: publicProfile(stored), keys, historyKey: await openForUnlock(this.db, keys.ageIdentity, this.keystore) });
  }

  /** A role change, by a team lead, with the reason the history keeps. */
  async setRole(id: string, role: ProfileRole, reason: string): Promise<Result<Profile>> {
    return this.decideWithReason(this.db.profiles, id, reason, { what: 'the role changes', gone: 'This profile no longer exists.' }, async (stored, at) => {
      if (stored.role === role) return err('invalid-input', `${stored.name} is already in that role.`);
      if (stored.role === 'team-lead' && (await this.db.profiles.filter((p) => p.role === 'team-lead').count()) === 1) {
        return err('conflict', `${stored.name} is the workstation's only team lead; make another profile a team lead first.`);
      }
      const next: StoredProfile = { ...stored, role, updatedAt: at };
      await this.db.profiles.put(next);
      await this.audit(at, 'status-change', 'profile', id, publicProfile(stored), publicProfile(next), reason);
      return ok(publicProfile(next));
    });
  }
}
