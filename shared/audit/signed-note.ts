import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { verifyEd25519 } from '../identity/ed25519-checks.js';

/**
 * C2SP signed notes (https://c2sp.org/signed-note) with Ed25519 keys, and the transparency-log
 * checkpoints (https://c2sp.org/tlog-checkpoint) written in them: the format Go's checksum
 * database and Certificate Transparency's newer logs use, so an auditor can check a checkpoint
 * from Frontier Review with tools built for those.
 */

/** The signature type byte of Ed25519 in a signed note. */
const ED25519 = 0x01;
const encoder = new TextEncoder();

export interface NoteVerifier {
  readonly name: string;
  /** The first four bytes of SHA-256(name, newline, type byte, public key). */
  readonly keyId: Uint8Array;
  readonly publicKey: Uint8Array;
}

export interface NoteSigner extends NoteVerifier {
  readonly seed: Uint8Array;
}

export class NoteProblem extends Error {}

export function keyIdOf(name: string, publicKey: Uint8Array): Uint8Array {
  return sha256(concatBytes(encoder.encode(`${name}\n`), Uint8Array.of(ED25519), publicKey)).slice(0, 4);
}

function checkName(name: string): void {
  if (name === '' || /[\s+]/u.test(name)) throw new NoteProblem(`A key name is one word without "+": "${name}" is not.`);
}

/** A signer from a 32-byte Ed25519 seed. */
export function noteSigner(name: string, seed: Uint8Array): NoteSigner {
  checkName(name);
  if (seed.length !== 32) throw new NoteProblem('An Ed25519 seed is 32 bytes.');
  const publicKey = ed25519.getPublicKey(seed);
  return { name, keyId: keyIdOf(name, publicKey), publicKey, seed };
}

/** `<name>+<key id in hex>+<base64(type, public key)>`, the form verifiers are handed. */
export function formatVerifierKey(v: NoteVerifier): string {
  return `${v.name}+${bytesToHex(v.keyId)}+${base64.encode(concatBytes(Uint8Array.of(ED25519), v.publicKey))}`;
}

/** `PRIVATE+KEY+<name>+<key id>+<base64(type, seed)>`, as Go's note package writes signer keys. */
export function formatSignerKey(s: NoteSigner): string {
  return `PRIVATE+KEY+${s.name}+${bytesToHex(s.keyId)}+${base64.encode(concatBytes(Uint8Array.of(ED25519), s.seed))}`;
}

export function parseVerifierKey(text: string): NoteVerifier {
  // The base64 key may itself hold "+": only the first two separate the parts.
  const [, name = '', id = '', key = ''] = /^([^+]*)\+([^+]*)\+(.*)$/s.exec(text) ?? [];
  if (!/^[0-9a-f]{8}$/.test(id)) throw new NoteProblem('A verifier key reads <name>+<8 hex digits>+<base64 key>.');
  checkName(name);
  const material = decodeBase64(key, 'verifier key');
  if (material.length !== 33 || material[0] !== ED25519) throw new NoteProblem('Only Ed25519 verifier keys (type 1, 32 bytes) are read.');
  const publicKey = material.slice(1);
  const keyId = keyIdOf(name, publicKey);
  if (bytesToHex(keyId) !== id) throw new NoteProblem(`The key id ${id} does not match the key (it would be ${bytesToHex(keyId)}).`);
  return { name, keyId, publicKey };
}

export function parseSignerKey(text: string): NoteSigner {
  const match = /^PRIVATE\+KEY\+([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/=]+)$/.exec(text);
  if (!match) throw new NoteProblem('A signer key reads PRIVATE+KEY+<name>+<8 hex digits>+<base64 key>.');
  const material = decodeBase64(match[3] ?? '', 'signer key');
  if (material.length !== 33 || material[0] !== ED25519) throw new NoteProblem('Only Ed25519 signer keys (type 1, 32-byte seed) are read.');
  const signer = noteSigner(match[1] ?? '', material.slice(1));
  if (bytesToHex(signer.keyId) !== match[2]) throw new NoteProblem(`The key id ${match[2] ?? ''} does not match the key.`);
  return signer;
}

/** Signs `text` (one or more lines, ending in a newline): the text, a blank line, the signature line. */
export function signNote(text: string, signer: NoteSigner): string {
  if (!text.endsWith('\n') || text.includes('\n\n') || /[\p{Cc}]/u.test(text.replaceAll('\n', ''))) {
    throw new NoteProblem('A note is lines of text, each ending in a newline, with no blank line and no control characters.');
  }
  const signature = ed25519.sign(encoder.encode(text), signer.seed);
  return `${text}\n— ${signer.name} ${base64.encode(concatBytes(signer.keyId, signature))}\n`;
}

export interface OpenedNote {
  readonly text: string;
  /** The names of the verifiers whose signatures checked out. */
  readonly verifiedBy: readonly string[];
}

/**
 * Opens a signed note: its text, if at least one signature is by a known verifier and checks
 * out. A signature by a known key that does not verify is an error; unknown keys are ignored.
 */
export function openNote(note: string, verifiers: readonly NoteVerifier[]): OpenedNote {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new NoteProblem('This is not a signed note: no blank line before signatures.');
  const text = note.slice(0, split + 1);
  const verifiedBy: string[] = [];
  for (const line of note.slice(split + 2, -1).split('\n')) {
    const match = /^— (\S+) ([A-Za-z0-9+/=]+)$/u.exec(line);
    if (!match) throw new NoteProblem(`Malformed signature line: "${line}".`);
    const blob = decodeBase64(match[2] ?? '', 'signature');
    if (blob.length < 5) throw new NoteProblem(`The signature of ${match[1] ?? ''} is too short.`);
    const verifier = verifiers.find((v) => v.name === match[1] && bytesToHex(v.keyId) === bytesToHex(blob.slice(0, 4)));
    if (!verifier) continue;
    if (blob.length !== 68 || !verifyEd25519(blob.slice(4), encoder.encode(text), verifier.publicKey)) {
      throw new NoteProblem(`The signature of ${verifier.name} does not verify: the note was changed after it was signed, or signed with another key.`);
    }
    verifiedBy.push(verifier.name);
  }
  if (verifiedBy.length === 0) throw new NoteProblem('No signature on this note is by a known key.');
  return { text, verifiedBy };
}

export interface Checkpoint {
  /** Names the log: here, the workstation's history. */
  readonly origin: string;
  readonly size: number;
  readonly rootHash: Uint8Array;
}

/** The checkpoint body: origin, tree size and root hash, one per line. */
export function formatCheckpoint(c: Checkpoint): string {
  return `${c.origin}\n${c.size}\n${base64.encode(c.rootHash)}\n`;
}

export function parseCheckpoint(text: string): Checkpoint {
  const [origin = '', size = '', root = '', ...rest] = text.split('\n');
  if (origin === '' || !/^(0|[1-9][0-9]*)$/.test(size) || rest.some((line, i) => line === '' && i < rest.length - 1)) throw new NoteProblem('This is not a checkpoint: origin, tree size and root hash, one per line.');
  const rootHash = decodeBase64(root, 'root hash');
  if (rootHash.length !== 32) throw new NoteProblem('A checkpoint root hash is 32 bytes.');
  return { origin, size: Number(size), rootHash };
}

function decodeBase64(text: string, what: string): Uint8Array {
  try {
    return base64.decode(text);
  } catch {
    throw new NoteProblem(`The ${what} is not base64.`);
  }
}

