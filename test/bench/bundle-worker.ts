import { createCipheriv, createHash } from 'node:crypto';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { identityToRecipient } from 'age-encryption';
import { BundleSessions } from '../../electron/bundles/bundle-sessions.js';
import { CryptoThreads } from '../../electron/bundles/crypto-threads.js';
import { nativeBundleCrypto, threadedBundleCrypto } from '../../electron/bundles/node-bundle-io.js';
import { parseAllowedSigners } from '../../shared/identity/allowed-signers.js';
import { formatPublicKeyLine } from '../../shared/identity/ssh-key.js';

/**
 * One bundle operation in a process of its own, so its peak memory is its own, done as the desktop
 * app's main process does it for the page (electron/bundles/bundle-sessions.ts), on `threads`
 * crypto threads (the app's default, a thread per core, when not given):
 *   export <attachment> <its sha256> <out.frbundle> <age identity> [threads]: files handed over in
 *     16 MiB slices (the most one call takes), each in memory of its own as a call delivers it, into
 *     the encrypting writer; the log with the SHA-256 the workstation keeps it under, as the page names it;
 *   import <bundle> <age identity> <sessions folder> [threads]: checked into quarantine, then every
 *     file read back in 16 MiB slices, as the page copies a log in (its SHA-256 is the one the
 *     check proved, not taken again).
 *   floor <attachment>: the primitives alone on the same file, each in one pass on one thread, in
 *     memory reused slice after slice: SHA-256 (an export hashes the ciphertext for its signature and
 *     the file for the history: two passes), ChaCha20-Poly1305 in age's 64 KiB chunks, and the same
 *     cipher as one stream, without the per-chunk setup: the primitive's own speed.
 * Prints {"ms":…, "maxRssMiB":…} as its last line (floor: {"sha256Ms":…, "chachaMs":…, "chachaStreamMs":…}).
 */

const HAND_OVER = 16 * 1024 * 1024;
const READ_BACK = 16 * 1024 * 1024;

const seed = Uint8Array.from({ length: 32 }, (_, i) => (i * 13 + 5) & 255);
const signer = { name: 'Bench Lead', agency: 'CISA', role: 'team-lead' as const, seed, publicKey: ed25519.getPublicKey(seed) };

async function main(): Promise<void> {
  const [mode, ...args] = process.argv.slice(2);
  // An export names the log's SHA-256 after the log.
  const [a, known, b, c, threadCount] = mode === 'export' ? args : [args[0], undefined, ...args.slice(1)];
  if (mode === 'floor' && a) return floor(a);
  if (!a || !b) throw new Error('usage: export <attachment> <sha256> <out> <identity> [threads] | import <bundle> <identity> <quarantine parent> [threads] | floor <attachment>');
  const crypto = threadCount ? threadedBundleCrypto(new CryptoThreads(Number(threadCount))) : nativeBundleCrypto;
  const start = performance.now();
  if (mode === 'export') {
    const sessions = new BundleSessions(path.join(path.dirname(b), 'bench-sessions'), crypto);
    const recipient = await identityToRecipient(c ?? '');
    const review = new TextEncoder().encode('{"packets":[]}\n');
    const size = (await stat(a)).size;
    const id = sessions.beginExport(b, { bundleId: globalThis.crypto.randomUUID(), createdAt: new Date().toISOString(), marking: UNCLASSIFIED, signer, encryption: { recipients: [{ label: 'bench', recipient }] } }, [
      { path: 'review/review.json', size: review.length },
      { path: 'attachments/bench/attachment.bin', size, sha256: known },
    ]);
    await sessions.appendExport(id, 'review/review.json', 0, review);
    const file = await open(a, 'r');
    try {
      // As the page does: the next slice is read while the last is being taken.
      let inFlight: Promise<void> = Promise.resolve();
      for (let offset = 0; offset < size; ) {
        const slice = new Uint8Array(Math.min(HAND_OVER, size - offset));
        const { bytesRead } = await file.read(slice, 0, slice.length, offset);
        await inFlight;
        inFlight = sessions.appendExport(id, 'attachments/bench/attachment.bin', offset, slice.subarray(0, bytesRead));
        offset += bytesRead;
      }
      await inFlight;
    } finally {
      await file.close();
    }
    await sessions.finishExport(id);
  } else {
    const sessions = new BundleSessions(path.join(c ?? '', 'bench-sessions'), crypto);
    const recipient = await identityToRecipient(b);
    const { id, checked } = await sessions.open(a, (await stat(a)).size, {
      trust: { signers: parseAllowedSigners(`bench@cisa ${formatPublicKeyLine(signer.publicKey)}\n`), revoked: [] },
      decryption: { identities: [b] },
      ownRecipients: [recipient],
      seenBundleIds: new Set(),
      now: new Date(),
    });
    let readBack = 0;
    for (const f of checked.manifest.files) for (let offset = 0; offset < f.size; offset += READ_BACK) readBack += (await sessions.read(id, f.path, offset, READ_BACK)).length;
    if (readBack !== checked.manifest.files.reduce((sum, f) => sum + f.size, 0)) throw new Error('The files read back are not the size the manifest gives.');
    await sessions.close(id);
  }
  const ms = performance.now() - start;
  // maxRSS is in kibibytes.
  process.stdout.write(`${JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

/** Each primitive alone over the file, read in the same 16 MiB slices into memory reused. */
async function floor(file: string): Promise<void> {
  const size = (await stat(file)).size;
  const slice = new Uint8Array(HAND_OVER);
  const pass = async (work: (slice: Uint8Array) => void) => {
    const handle = await open(file, 'r');
    const start = performance.now();
    try {
      for (let offset = 0; offset < size; ) {
        const { bytesRead } = await handle.read(slice, 0, slice.length, offset);
        work(slice.subarray(0, bytesRead));
        offset += bytesRead;
      }
    } finally {
      await handle.close();
    }
    return performance.now() - start;
  };
  const hash = createHash('sha256');
  const sha256Ms = await pass((bytes) => hash.update(bytes));
  hash.digest();
  const key = new Uint8Array(32);
  const nonce = new Uint8Array(12);
  const chachaMs = await pass((bytes) => {
    for (let at = 0; at < bytes.length; at += 64 * 1024) {
      const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      cipher.update(bytes.subarray(at, at + 64 * 1024));
      cipher.final();
    }
  });
  const stream = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
  const chachaStreamMs = await pass((bytes) => void stream.update(bytes));
  stream.final();
  process.stdout.write(`${JSON.stringify({ sha256Ms, chachaMs, chachaStreamMs })}\n`);
}

main()
  .then(() => process.exit(0))
  .catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
