import { ed25519 } from '@noble/curves/ed25519.js';

/**
 * Checks an Ed25519 signature under RFC 8032's strict rules, as OpenSSH and Go's note package do:
 * canonical encodings of R and the public key only, S below the group order, no small-order key.
 * Not ZIP-215's lenient rules (noble's default for ed25519), under which one signer could make
 * signatures that one verifier accepts and another refuses. Every signature the app checks comes
 * through here.
 */
export function verifyEd25519(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (!ed25519.verify(signature, message, publicKey, { zip215: false })) return false;
  // noble checks the cofactored equation, which a small-order part hidden in R still passes;
  // OpenSSL and OpenSSH check without the cofactor and refuse it. Refuse it here too.
  try {
    return ed25519.Point.fromBytes(signature.subarray(0, 32)).isTorsionFree();
  } catch {
    return false;
  }
}

/** True when `publicKey` is the public key of `seed`: a signer is named by the key that really signs. */
export function seedMatchesPublicKey(seed: Uint8Array, publicKey: Uint8Array): boolean {
  const derived = ed25519.getPublicKey(seed);
  return derived.length === publicKey.length && derived.every((b, i) => b === publicKey[i]);
}
