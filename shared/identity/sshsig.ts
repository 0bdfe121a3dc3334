import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { base64 } from '@scure/base';
import { verifyEd25519 } from './ed25519-checks.js';
import { ED25519_KEY_TYPE, publicKeyBlob, publicKeyFromBlob } from './ssh-key.js';
import { SshFormatProblem, SshReader, SshWriter } from './ssh-wire.js';

/**
 * SSH signatures (OpenSSH's PROTOCOL.sshsig), what `ssh-keygen -Y sign` writes and
 * `ssh-keygen -Y verify` checks: an Ed25519 signature over the SHA-512 or SHA-256 of the message
 * (its `hashalg`: `ssh-keygen -Y sign` uses sha512 unless given `-O hashalg=sha256`), bound to a
 * namespace so a signature made for one purpose cannot be replayed for another.
 *
 * Messages are passed as their digest, so a file of any size is hashed as it streams.
 */

const MAGIC = new TextEncoder().encode('SSHSIG');
const VERSION = 1;
/** The hash algorithms PROTOCOL.sshsig allows, by the names the signature carries, and their digests' lengths. */
export type SignatureHash = 'sha256' | 'sha512';
const DIGEST_LENGTH: Readonly<Record<SignatureHash, number>> = { sha256: 32, sha512: 64 };
const BEGIN = '-----BEGIN SSH SIGNATURE-----';
const END = '-----END SSH SIGNATURE-----';
/** ssh-keygen wraps the armored base64 at 70 columns. */
const LINE_WIDTH = 70;

export interface SshSignature {
  readonly publicKey: Uint8Array;
  readonly namespace: string;
  readonly hashAlgorithm: string;
  readonly signature: Uint8Array;
}

/** What is actually signed: the magic, the namespace, the hash algorithm and the message's hash. */
function signedData(namespace: string, hashAlgorithm: string, digest: Uint8Array): Uint8Array {
  return new SshWriter().raw(MAGIC).string(namespace).string('').string(hashAlgorithm).string(digest).bytes();
}

function checkNamespace(namespace: string): void {
  if (namespace === '') throw new SshFormatProblem('A signature namespace may not be empty.');
}

/** Signs the message whose `hash` is `digest`; returns the armored signature, as `ssh-keygen -Y sign -O hashalg=<hash>` writes it. */
export function signDigest(digest: Uint8Array, secretSeed: Uint8Array, namespace: string, hash: SignatureHash = 'sha512'): string {
  checkNamespace(namespace);
  if (digest.length !== DIGEST_LENGTH[hash]) throw new SshFormatProblem(`A ${hash} digest is ${DIGEST_LENGTH[hash]} bytes.`);
  const publicKey = ed25519.getPublicKey(secretSeed);
  const raw = ed25519.sign(signedData(namespace, hash, digest), secretSeed);
  const blob = new SshWriter()
    .raw(MAGIC)
    .uint32(VERSION)
    .string(publicKeyBlob(publicKey))
    .string(namespace)
    .string('')
    .string(hash)
    .string(new SshWriter().string(ED25519_KEY_TYPE).string(raw).bytes())
    .bytes();
  const encoded = base64.encode(blob);
  const lines: string[] = [];
  for (let i = 0; i < encoded.length; i += LINE_WIDTH) lines.push(encoded.slice(i, i + LINE_WIDTH));
  return `${BEGIN}\n${lines.join('\n')}\n${END}\n`;
}

export function signMessage(message: Uint8Array, secretSeed: Uint8Array, namespace: string, hash: SignatureHash = 'sha512'): string {
  return signDigest(hash === 'sha256' ? sha256(message) : sha512(message), secretSeed, namespace, hash);
}

/** The hash algorithm a signature names, if it is one a signature may use; undefined for anything unreadable. */
export function signatureHash(armored: string): SignatureHash | undefined {
  try {
    const { hashAlgorithm } = parseSignature(armored);
    return hashAlgorithm === 'sha256' || hashAlgorithm === 'sha512' ? hashAlgorithm : undefined;
  } catch {
    return undefined;
  }
}

/** Reads an armored signature without checking it. */
export function parseSignature(armored: string): SshSignature {
  const text = armored.trim();
  if (!text.startsWith(BEGIN) || !text.endsWith(END)) throw new SshFormatProblem('This is not an SSH signature (it lacks the BEGIN/END SSH SIGNATURE lines).');
  let blob: Uint8Array;
  try {
    blob = base64.decode(text.slice(BEGIN.length, text.length - END.length).replace(/\s+/g, ''));
  } catch {
    throw new SshFormatProblem('The SSH signature is not valid base64.');
  }
  const reader = new SshReader(blob, 'the signature');
  if (!reader.raw(MAGIC.length).every((b, i) => b === MAGIC[i])) throw new SshFormatProblem('The signature does not start with SSHSIG.');
  const version = reader.uint32();
  if (version !== VERSION) throw new SshFormatProblem(`The signature is of SSHSIG version ${version}; only version 1 is read.`);
  const publicKey = publicKeyFromBlob(reader.string(), "the signature's public key");
  const namespace = reader.text();
  reader.string(); // reserved
  const hashAlgorithm = reader.text();
  const inner = new SshReader(reader.string(), 'the signature value');
  reader.end();
  const type = inner.text();
  if (type !== ED25519_KEY_TYPE) throw new SshFormatProblem(`The signature is of type ${type}; only ${ED25519_KEY_TYPE} is accepted.`);
  const signature = inner.string();
  inner.end();
  if (signature.length !== 64) throw new SshFormatProblem('The Ed25519 signature is not 64 bytes long.');
  return { publicKey, namespace, hashAlgorithm, signature };
}

export type SignatureCheck = { readonly ok: true; readonly publicKey: Uint8Array } | { readonly ok: false; readonly problem: string };

/**
 * Checks an armored signature over the message whose `hash` is `digest`, in `namespace`. Says
 * who signed it (the key in the signature); whether that key is trusted is for the caller to ask.
 */
export function verifyDigest(armored: string, digest: Uint8Array, namespace: string, hash: SignatureHash = 'sha512'): SignatureCheck {
  let parsed: SshSignature;
  try {
    parsed = parseSignature(armored);
  } catch (e) {
    return { ok: false, problem: e instanceof Error ? e.message : String(e) };
  }
  if (parsed.namespace !== namespace) return { ok: false, problem: `The signature was made for "${parsed.namespace}", not "${namespace}".` };
  if (parsed.hashAlgorithm !== 'sha256' && parsed.hashAlgorithm !== 'sha512') return { ok: false, problem: `The signature hashes with ${parsed.hashAlgorithm}; only sha256 and sha512 are accepted.` };
  if (parsed.hashAlgorithm !== hash) return { ok: false, problem: `The signature hashes with ${parsed.hashAlgorithm}, where ${hash} is required.` };
  const valid = verifyEd25519(parsed.signature, signedData(namespace, hash, digest), parsed.publicKey);
  return valid ? { ok: true, publicKey: parsed.publicKey } : { ok: false, problem: 'The signature does not match the signed bytes: they were changed, or it belongs to something else.' };
}
