import { Decrypter, Encrypter } from 'age-encryption';
import { z } from 'zod';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { HistoryKey } from './history.js';
import { formatVerifierKey, noteSigner } from './signed-note.js';

/**
 * The workstation's history key at rest: age-encrypted to the X25519 recipients of the
 * workstation's profiles, so only someone who unlocks a profile (with its passphrase) can sign new
 * history. Sealing needs only the recipients' public keys, so a schema upgrade can seal without
 * knowing any passphrase. The verifier key stays in the clear: checking the history needs no secret.
 *
 * The recipients are sealed with the key. Adding a profile re-seals to those and the new one, never
 * to whatever the profiles table lists, so a profile written into the database by hand is not
 * handed the key by the next team lead who adds one.
 */

const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

const openedSchema = z
  .object({
    format: z.literal('frontier-review-history-key'),
    version: z.literal(1),
    origin: z.string().min(1),
    seed: z.string().regex(/^[0-9a-f]{64}$/),
    recipients: z.array(z.string().regex(AGE_RECIPIENT)).min(1),
  })
  .strict();

/** The key as a profile opened it, with every recipient it was sealed to. */
export interface OpenedHistoryKey {
  readonly key: HistoryKey;
  readonly recipients: readonly string[];
}

/** The key's C2SP verifier key (`<origin>+<key id>+<public key>`), which the sealed form keeps in the clear. */
export function historyVerifierKey(key: HistoryKey): string {
  // Not through historySigner's cache: working out the public half must not leave the seed in memory.
  return formatVerifierKey(noteSigner(key.origin, hexToBytes(key.seed)));
}

/** An age X25519 recipient as profiles hold it; anything else could not be encrypted to. */
export function isAgeRecipient(text: string): boolean {
  return AGE_RECIPIENT.test(text);
}

/** The key, age-encrypted to every one of `recipients` (`age1…`); each can open it alone. */
export async function sealHistoryKey(key: HistoryKey, recipients: readonly string[]): Promise<Uint8Array> {
  const unique = [...new Set(recipients)];
  if (unique.length === 0) throw new Error('The history key must be sealed to at least one profile.');
  const encrypter = new Encrypter();
  for (const recipient of unique) encrypter.addRecipient(recipient);
  return encrypter.encrypt(JSON.stringify({ format: 'frontier-review-history-key', version: 1, origin: key.origin, seed: key.seed, recipients: unique }));
}

/** Why a sealed history key did not open: said to the one whose profile was unlocked. */
export class HistoryKeyProblem extends Error {}

/**
 * Opens the sealed key with a profile's age identity, and checks it is the key whose verifier
 * the workstation keeps, so a key swapped in from elsewhere is not taken for the workstation's.
 */
export async function openHistoryKey(sealed: Uint8Array, ageIdentity: string, verifierKey: string): Promise<OpenedHistoryKey> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(ageIdentity);
  let text: string;
  try {
    text = await decrypter.decrypt(sealed, 'text');
  } catch {
    throw new HistoryKeyProblem('The key that signs the review history is not sealed to this profile, so changes cannot be recorded under it. Profiles a team lead made in Frontier Review can open it; this one was not made that way.');
  }
  let parsed: z.infer<typeof openedSchema>;
  try {
    parsed = openedSchema.parse(JSON.parse(text));
  } catch {
    throw new HistoryKeyProblem('The sealed history key is not in a form Frontier Review reads, so no change can be recorded.');
  }
  const key: HistoryKey = { origin: parsed.origin, seed: parsed.seed };
  if (historyVerifierKey(key) !== verifierKey) {
    throw new HistoryKeyProblem(`The sealed history key is not the one that signed this workstation's history (${verifierKey}): the database was changed outside Frontier Review, so no change is recorded with it.`);
  }
  return { key, recipients: parsed.recipients };
}
