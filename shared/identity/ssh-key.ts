import { sha256 } from '@noble/hashes/sha2.js';
import { base64, base64nopad } from '@scure/base';
import { SshFormatProblem, SshReader, SshWriter } from './ssh-wire.js';

/**
 * Ed25519 public keys as OpenSSH writes them: `ssh-ed25519 <base64 blob> [comment]`, the blob
 * being the key type and the 32-byte key in the SSH wire encoding, and the fingerprint
 * `SHA256:<unpadded base64 of the blob's SHA-256>` that `ssh-keygen -l` prints.
 */

export const ED25519_KEY_TYPE = 'ssh-ed25519';

export interface SshPublicKey {
  readonly publicKey: Uint8Array;
  readonly comment: string;
}

export function publicKeyBlob(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== 32) throw new SshFormatProblem('An Ed25519 public key is 32 bytes.');
  return new SshWriter().string(ED25519_KEY_TYPE).string(publicKey).bytes();
}

export function publicKeyFromBlob(blob: Uint8Array, what = 'the public key'): Uint8Array {
  const reader = new SshReader(blob, what);
  const type = reader.text();
  if (type !== ED25519_KEY_TYPE) throw new SshFormatProblem(`${what} is of type ${type}; only ${ED25519_KEY_TYPE} keys are accepted.`);
  const key = reader.string();
  reader.end();
  if (key.length !== 32) throw new SshFormatProblem(`${what} is not 32 bytes long.`);
  return key.slice();
}

/** The line `ssh-keygen` writes to a .pub file and `allowed_signers` holds after its principals. */
export function formatPublicKeyLine(publicKey: Uint8Array, comment = ''): string {
  const line = `${ED25519_KEY_TYPE} ${base64.encode(publicKeyBlob(publicKey))}`;
  return comment === '' ? line : `${line} ${comment}`;
}

export function parsePublicKeyLine(line: string): SshPublicKey {
  const [type = '', encoded = '', ...comment] = line.trim().split(/\s+/);
  if (type !== ED25519_KEY_TYPE) throw new SshFormatProblem(`A public key line starts with ${ED25519_KEY_TYPE}; this one starts with "${type.slice(0, 40)}".`);
  let blob: Uint8Array;
  try {
    blob = base64.decode(encoded);
  } catch {
    throw new SshFormatProblem('The public key is not valid base64.');
  }
  return { publicKey: publicKeyFromBlob(blob), comment: comment.join(' ') };
}

/** `SHA256:…`, as `ssh-keygen -l` prints it: what two people read to each other to check a key. */
export function fingerprint(publicKey: Uint8Array): string {
  return `SHA256:${base64nopad.encode(sha256(publicKeyBlob(publicKey)))}`;
}

export function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
