import { describe, expect, it } from 'vitest';
import { formatCheckpoint, formatSignerKey, formatVerifierKey, noteSigner, NoteProblem, openNote, parseCheckpoint, parseSignerKey, parseVerifierKey, signNote } from './signed-note.js';

// The example key and note in the documentation of Go's reference implementation
// (golang.org/x/mod/sumdb/note), and the example in the C2SP signed-note specification.
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const GO_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const GO_TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const GO_NOTE = `${GO_TEXT}\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n`;
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';
const SPEC_NOTE = 'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n';

describe('C2SP signed notes', () => {
  it('derives the published key id and key strings from the Go example\'s signer key', () => {
    const signer = parseSignerKey(GO_SKEY);
    expect(signer.name).toBe('PeterNeumann');
    expect(formatVerifierKey(signer)).toBe(GO_VKEY);
    expect(formatSignerKey(signer)).toBe(GO_SKEY);
    expect(parseVerifierKey(GO_VKEY)).toEqual({ name: signer.name, keyId: signer.keyId, publicKey: signer.publicKey });
  });

  it('signs the Go example byte for byte as Go does (Ed25519 is deterministic)', () => {
    expect(signNote(GO_TEXT, parseSignerKey(GO_SKEY))).toBe(GO_NOTE);
  });

  it('opens the Go example and the specification\'s example with their verifier keys', () => {
    expect(openNote(GO_NOTE, [parseVerifierKey(GO_VKEY)])).toEqual({ text: GO_TEXT, verifiedBy: ['PeterNeumann'] });
    expect(openNote(SPEC_NOTE, [parseVerifierKey(SPEC_VKEY)])).toEqual({ text: 'This is an example message.\n', verifiedBy: ['example.com/foo'] });
  });

  it('refuses a changed note, a note no known key signed, and mangled keys', () => {
    const verifier = parseVerifierKey(GO_VKEY);
    expect(() => openNote(GO_NOTE.replace('cryptography', 'cryptographi'), [verifier])).toThrow(/does not verify/);
    expect(() => openNote(SPEC_NOTE, [verifier])).toThrow('No signature on this note is by a known key.');
    expect(() => openNote(GO_TEXT, [verifier])).toThrow(NoteProblem);
    // Go's own test: any substring of the key, and any single byte changed, is refused.
    for (let i = 0; i < GO_VKEY.length; i++) {
      const changed = GO_VKEY.slice(0, i) + String.fromCharCode(GO_VKEY.charCodeAt(i) + 1) + GO_VKEY.slice(i + 1);
      expect(() => parseVerifierKey(changed), changed).toThrow(NoteProblem);
    }
    expect(() => parseVerifierKey(GO_VKEY.slice(0, -1))).toThrow(NoteProblem);
    expect(() => parseVerifierKey('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW')).toThrow(NoteProblem);
  });

  it('reads back every verifier key it writes, including keys whose base64 holds "+"', () => {
    const keys = Array.from({ length: 64 }, (_, i) => noteSigner('frontier-review/workstation-test', new Uint8Array(32).fill(i)));
    expect(keys.some((k) => formatVerifierKey(k).split('+').length > 3)).toBe(true);
    for (const k of keys) expect(parseVerifierKey(formatVerifierKey(k))).toEqual({ name: k.name, keyId: k.keyId, publicKey: k.publicKey });
  });

  it('writes and reads a checkpoint, signed by a workstation key and opened by its verifier', () => {
    const signer = noteSigner('frontier-review.example/workstation-1', new Uint8Array(32).fill(7));
    const checkpoint = { origin: 'frontier-review.example/workstation-1', size: 1234, rootHash: new Uint8Array(32).fill(0xab) };
    const body = formatCheckpoint(checkpoint);
    expect(body).toBe('frontier-review.example/workstation-1\n1234\nq6urq6urq6urq6urq6urq6urq6urq6urq6urq6urq6s=\n');
    const note = signNote(body, signer);
    const opened = openNote(note, [parseVerifierKey(formatVerifierKey(signer))]);
    expect(parseCheckpoint(opened.text)).toEqual(checkpoint);
    expect(() => parseCheckpoint('origin\n12x\nq6s=\n')).toThrow('This is not a checkpoint: origin, tree size and root hash, one per line.');
    expect(() => parseCheckpoint('origin\n12\nq6s=\n')).toThrow('A checkpoint root hash is 32 bytes.');
  });
});
