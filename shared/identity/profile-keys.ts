import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Decrypter, Encrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import { z } from 'zod';
import { ProgressScryptIdentity } from './scrypt-identity.js';
import { fingerprint, formatPublicKeyLine } from './ssh-key.js';

/**
 * A profile's two keys: an Ed25519 key that signs (bundles, in SSHSIG) and an age X25519 identity
 * that bundles are encrypted to. Both are made on the workstation and kept encrypted at rest with
 * the profile's passphrase, the way age encrypts to a passphrase (scrypt, then ChaCha20-Poly1305),
 * so `age -d` can open the sealed keys too if a key ever has to be recovered by hand.
 */

export interface ProfileKeys {
  readonly signingSeed: Uint8Array;
  /** `AGE-SECRET-KEY-1…` */
  readonly ageIdentity: string;
}

/** What a profile hands others: to trust its signatures, and to encrypt bundles to it. */
export interface PublicIdentity {
  /** `ssh-ed25519 AAAA… comment`, for an allowed_signers file or `ssh-keygen -l`. */
  readonly signingKey: string;
  /** `age1…` */
  readonly ageRecipient: string;
  /** `SHA256:…` of the signing key: read aloud to check a key out of band. */
  readonly fingerprint: string;
}

/** age's default scrypt work factor: about a second to unlock, which is the point. */
export const DEFAULT_SCRYPT_LOG_N = 18;
export const MIN_PASSPHRASE_LENGTH = 10;

const sealedSchema = z.object({ format: z.literal('frontier-review-profile-keys'), version: z.literal(1), signingSeed: z.string().regex(/^[0-9a-f]{64}$/), ageIdentity: z.string().startsWith('AGE-SECRET-KEY-1') }).strict();

export class WrongPassphrase extends Error {
  constructor() {
    super('That passphrase does not unlock this profile.');
  }
}

export async function generateProfileKeys(randomBytes: (length: number) => Uint8Array): Promise<ProfileKeys> {
  return { signingSeed: randomBytes(32), ageIdentity: await generateIdentity() };
}

export function passphraseProblem(passphrase: string): string | null {
  return passphrase.length < MIN_PASSPHRASE_LENGTH ? `A passphrase has at least ${MIN_PASSPHRASE_LENGTH} characters.` : null;
}

export async function sealProfileKeys(keys: ProfileKeys, passphrase: string, scryptLogN = DEFAULT_SCRYPT_LOG_N): Promise<Uint8Array> {
  const problem = passphraseProblem(passphrase);
  if (problem) throw new Error(problem);
  const encrypter = new Encrypter();
  encrypter.setScryptWorkFactor(scryptLogN);
  encrypter.setPassphrase(passphrase);
  const json = JSON.stringify({ format: 'frontier-review-profile-keys', version: 1, signingSeed: bytesToHex(keys.signingSeed), ageIdentity: keys.ageIdentity });
  return encrypter.encrypt(json);
}

/** `onProgress` hears how far the key derivation has got, 0 to 1: it takes seconds, on purpose. */
export async function unsealProfileKeys(sealed: Uint8Array, passphrase: string, onProgress: (fraction: number) => void = () => undefined): Promise<ProfileKeys> {
  const decrypter = new Decrypter();
  decrypter.addIdentity(new ProgressScryptIdentity(passphrase, onProgress));
  let text: string;
  try {
    text = await decrypter.decrypt(sealed, 'text');
  } catch (e) {
    // A stanza age itself would refuse is damage, not a wrong passphrase.
    if (e instanceof Error && /scrypt|stanza/.test(e.message)) throw new Error(`the sealed keys are damaged (${e.message})`);
    throw new WrongPassphrase();
  }
  const parsed = sealedSchema.parse(JSON.parse(text));
  return { signingSeed: hexToBytes(parsed.signingSeed), ageIdentity: parsed.ageIdentity };
}

export async function publicIdentityOf(keys: ProfileKeys, comment: string): Promise<PublicIdentity> {
  const publicKey = ed25519.getPublicKey(keys.signingSeed);
  return { signingKey: formatPublicKeyLine(publicKey, comment), ageRecipient: await identityToRecipient(keys.ageIdentity), fingerprint: fingerprint(publicKey) };
}

/** A comment for a key line: the name, with what OpenSSH would split on made harmless. */
export function keyComment(name: string, agency: string): string {
  return `${name} (${agency})`.replace(/[\r\n]+/g, ' ').trim();
}
