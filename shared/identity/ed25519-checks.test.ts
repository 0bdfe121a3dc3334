import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { smallOrderRSignature, zip215OnlySignature } from '../../test/fixtures/zip215-signature.js';
import { noteSigner, openNote, signNote } from '../audit/signed-note.js';
import { verifyEd25519 } from './ed25519-checks.js';
import { signDigest, verifyDigest } from './sshsig.js';
import { SshWriter } from './ssh-wire.js';

const seed = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const publicKey = ed25519.getPublicKey(seed);

describe('Ed25519 verification', () => {
  it("refuses a signature only ZIP-215's lenient rules accept (R encoded non-canonically)", () => {
    const message = new TextEncoder().encode('frontier-review/workstation-1a2b3c4d\n42\n');
    const lenient = zip215OnlySignature(seed, message);
    // The lenient rules (noble's default) accept it: what is refused below is refused for strictness alone.
    expect(ed25519.verify(lenient, message, publicKey)).toBe(true);
    expect(verifyEd25519(lenient, message, publicKey)).toBe(false);
    expect(verifyEd25519(ed25519.sign(message, seed), message, publicKey)).toBe(true);
  });

  it('refuses a signature whose R hides a small-order point, as OpenSSL and OpenSSH do', async () => {
    const message = new TextEncoder().encode('frontier-review/workstation-1a2b3c4d\n43\n');
    const hidden = smallOrderRSignature(seed, message);
    // noble's strict mode still checks the cofactored equation, which accepts it.
    expect(ed25519.verify(hidden, message, publicKey, { zip215: false })).toBe(true);
    const { createPublicKey, verify } = await import('node:crypto');
    const der = concatBytes(Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]), publicKey);
    expect(verify(null, message, createPublicKey({ key: Buffer.from(der), format: 'der', type: 'spki' }), hidden)).toBe(false);
    expect(verifyEd25519(hidden, message, publicKey)).toBe(false);
  });

  it('is strict in SSH signatures (bundles, allowed signers)', () => {
    const digest = sha512(new TextEncoder().encode('SHA512SUMS of a bundle\n'));
    const namespace = 'frontier-review-bundle';
    const armored = signDigest(digest, seed, namespace);
    expect(verifyDigest(armored, digest, namespace)).toEqual({ ok: true, publicKey });
    // What ssh-keygen signs: the magic, the namespace, a reserved string, the hash name and the digest.
    const signed = new SshWriter().raw(new TextEncoder().encode('SSHSIG')).string(namespace).string('').string('sha512').string(digest).bytes();
    const blob = base64.decode(armored.replace(/-----[A-Z ]+-----|\s/g, ''));
    // The raw signature is the blob's last 64 bytes.
    const forged = concatBytes(blob.subarray(0, blob.length - 64), zip215OnlySignature(seed, signed));
    expect(ed25519.verify(forged.subarray(forged.length - 64), signed, publicKey)).toBe(true);
    const forgedArmor = `-----BEGIN SSH SIGNATURE-----\n${base64.encode(forged)}\n-----END SSH SIGNATURE-----\n`;
    expect(verifyDigest(forgedArmor, digest, namespace)).toEqual({ ok: false, problem: 'The signature does not match the signed bytes: they were changed, or it belongs to something else.' });
  });

  it('is strict in signed notes (history checkpoints)', () => {
    const signer = noteSigner('frontier-review/workstation-1a2b3c4d', seed);
    const text = 'frontier-review/workstation-1a2b3c4d\n42\nq0MtEj6b6zWTl2k2ZpX0n0cQyYQjQJrW3mBBK0pI6hE=\n';
    const note = signNote(text, signer);
    expect(openNote(note, [signer]).verifiedBy).toEqual([signer.name]);
    const lenient = zip215OnlySignature(seed, new TextEncoder().encode(text));
    const forged = `${text}\n— ${signer.name} ${base64.encode(concatBytes(signer.keyId, lenient))}\n`;
    expect(() => openNote(forged, [signer])).toThrow(`The signature of ${signer.name} does not verify: the note was changed after it was signed, or signed with another key.`);
  });
});
