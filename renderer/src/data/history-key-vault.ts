import { newHistoryKey, type HistoryKey } from '../../../shared/audit/history.js';
import { HistoryKeyProblem, historyVerifierKey, openHistoryKey, sealHistoryKey, type OpenedHistoryKey } from '../../../shared/audit/history-key.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import type { HistoryKeyRecord, ReviewDatabase, SealedHistoryKeyRecord } from './database.js';
import type { ProfileKeystore } from './profile-store.js';
import { HISTORY_KEY_ID } from './schema.js';

/**
 * The history key at rest and in memory. With profiles, it is stored only sealed to them (and
 * wrapped again by the operating system's keystore where there is one); an unlocked profile opens
 * it, and the session holds it until it locks. Before the first profile it stays in the clear.
 * Sealing and opening are asynchronous, so they happen outside the data layer's transactions,
 * which then check the stored key is still the one they worked from.
 */

export const HISTORY_KEY_MISSING = 'The key that signs the review history is missing, so new events could not be sealed; nothing was saved.';
export const HISTORY_KEY_UNSEALED = 'The key that signs the review history is stored in the clear although this workstation has profiles: it was put there outside Frontier Review, so nothing is signed with it.';
export const HISTORY_KEY_LOCKED = 'The key that signs the review history is sealed to the profiles on this workstation, and no profile is unlocked here: unlock yours to make changes.';

export function isSealedKey(record: HistoryKeyRecord): record is SealedHistoryKeyRecord {
  return 'sealed' in record;
}

export async function storedHistoryKey(db: ReviewDatabase): Promise<HistoryKeyRecord | undefined> {
  const record = await db.historySeal.get(HISTORY_KEY_ID);
  return record?.id === 'key' ? record : undefined;
}

/** Whether the stored key is still `before` (both absent, the same key in the clear, or the same sealed bytes). */
export function sameKeyRecord(now: HistoryKeyRecord | undefined, before: HistoryKeyRecord | undefined): boolean {
  if (!now || !before) return now === before;
  if (isSealedKey(now) || isSealedKey(before)) return isSealedKey(now) && isSealedKey(before) && sameBytes(now.sealed, before.sealed);
  return now.origin === before.origin && now.seed === before.seed;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

/** The key sealed to `recipients`, then wrapped by the operating system's keystore where it has one. */
export async function sealKeyRecord(key: HistoryKey, recipients: readonly string[], keystore?: ProfileKeystore): Promise<Result<SealedHistoryKeyRecord>> {
  const record: SealedHistoryKeyRecord = { id: HISTORY_KEY_ID, verifierKey: historyVerifierKey(key), sealed: await sealHistoryKey(key, recipients) };
  const backend = await keystore?.backend();
  if (backend === undefined || !keystore) return ok(record);
  const wrapped = await keystore.wrap(record.sealed);
  if (!wrapped.ok) return err('failed', `The operating system's keystore could not protect the key that signs the review history: ${wrapped.error.message}`);
  return ok({ ...record, sealed: wrapped.value, keystore: backend });
}

/** Opens the sealed key with a profile's age identity, unwrapping it from the keystore first where it was wrapped. */
export async function openKeyRecord(record: SealedHistoryKeyRecord, ageIdentity: string, keystore?: ProfileKeystore): Promise<Result<OpenedHistoryKey>> {
  let sealed = record.sealed;
  if (record.keystore !== undefined) {
    if (!keystore || (await keystore.backend()) !== record.keystore) {
      return err('failed', `The key that signs the review history is also locked in the operating system's keystore (${record.keystore}), which is not available here, so no change can be recorded. Work in Frontier Review on the workstation and user account that made it.`);
    }
    const unwrapped = await keystore.unwrap(sealed);
    if (!unwrapped.ok) return err('failed', `The operating system's keystore could not open the key that signs the review history: ${unwrapped.error.message}`);
    sealed = unwrapped.value;
  }
  try {
    return ok(await openHistoryKey(sealed, ageIdentity, record.verifierKey));
  } catch (e) {
    if (e instanceof HistoryKeyProblem) return err('forbidden', e.message);
    return err('failed', `The key that signs the review history could not be opened: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/**
 * Where unlocking a profile opens the history key from. A key sealed before the keystore could
 * wrap it (a schema upgrade cannot reach the keystore) is wrapped now, if it is still the one read.
 */
export async function openForUnlock(db: ReviewDatabase, ageIdentity: string, keystore?: ProfileKeystore): Promise<Result<HistoryKey>> {
  const record = await storedHistoryKey(db);
  if (!record) return err('failed', HISTORY_KEY_MISSING);
  if (!isSealedKey(record)) return err('forbidden', HISTORY_KEY_UNSEALED);
  const opened = await openKeyRecord(record, ageIdentity, keystore);
  if (opened.ok && record.keystore === undefined) await wrapInKeystore(db, record, keystore);
  return opened.ok ? ok(opened.value.key) : opened;
}

async function wrapInKeystore(db: ReviewDatabase, record: SealedHistoryKeyRecord, keystore?: ProfileKeystore): Promise<void> {
  const backend = await keystore?.backend();
  if (backend === undefined || !keystore) return;
  const wrapped = await keystore.wrap(record.sealed);
  // Left as it is if the keystore fails: the age sealing still protects it.
  if (!wrapped.ok) return;
  await db.transaction('rw', db.historySeal, async () => {
    const rewrapped: SealedHistoryKeyRecord = { ...record, sealed: wrapped.value, keystore: backend };
    if (sameKeyRecord(await storedHistoryKey(db), record)) await db.historySeal.put(rewrapped);
  });
}

/** The key a new profile is added to, sealed to it and to every profile it was sealed to before. */
export interface Resealed {
  readonly key: HistoryKey;
  readonly record: SealedHistoryKeyRecord;
  /** The stored key it was made from, which the transaction that stores it checks is unchanged. */
  readonly before: HistoryKeyRecord | undefined;
}

/**
 * Seals the history key to one more profile's recipient. Before the first profile the key is in
 * the clear (or made now, for a workstation with no history yet); after, the team lead making the
 * profile opens it again with their own identity, so the recipients are the ones sealed with it.
 */
export async function resealForProfile(db: ReviewDatabase, recipient: string, creatorIdentity: string | undefined, keystore?: ProfileKeystore): Promise<Result<Resealed>> {
  const before = await storedHistoryKey(db);
  let opened: OpenedHistoryKey;
  if (before && isSealedKey(before)) {
    if (creatorIdentity === undefined) return err('forbidden', HISTORY_KEY_LOCKED);
    const reopened = await openKeyRecord(before, creatorIdentity, keystore);
    if (!reopened.ok) return reopened;
    opened = reopened.value;
  } else if ((await db.profiles.count()) > 0) {
    return err('failed', before ? HISTORY_KEY_UNSEALED : HISTORY_KEY_MISSING);
  } else if (before) {
    opened = { key: { origin: before.origin, seed: before.seed }, recipients: [] };
  } else if ((await db.auditEvents.count()) > 0) {
    return err('failed', HISTORY_KEY_MISSING);
  } else {
    opened = { key: newHistoryKey((length) => crypto.getRandomValues(new Uint8Array(length))), recipients: [] };
  }
  const record = await sealKeyRecord(opened.key, [...opened.recipients, recipient], keystore);
  return record.ok ? ok({ key: opened.key, record: record.value, before }) : record;
}
