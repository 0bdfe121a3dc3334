import { createCipheriv, createHash } from 'node:crypto';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { identityToRecipient } from 'age-encryption';
import { BundleSessions } from '../../electron/bundles/bundle-sessions.js';
import { parseAllowedSigners } from '../../shared/identity/allowed-signers.js';
import { formatPublicKeyLine } from '../../shared/identity/ssh-key.js';

/**
 * One bundle operation in a process of its own, so its peak memory is its own, done as the desktop
 * app's main process does it for the page (electron/bundles/bundle-sessions.ts):
 *   export <attachment> <out.frbundle> <age identity>: files handed over in 8 MiB slices into the encrypting writer;
 *   import <bundle> <age identity> <sessions folder>: checked into quarantine, then every file read
 *     back in 16 MiB slices and its SHA-256 taken, as the page checks a log against its runs.
 *   floor <attachment>: the primitives alone on the same file, each in one pass: SHA-512 (a format
 *     needs two: every file for the manifest, the ciphertext for the outer signature) and
 *     ChaCha20-Poly1305 in age's 64 KiB chunks. What no bundle written in this format can go below.
 * Prints {"ms":…, "maxRssMiB":…} as its last line (floor: {"sha512Ms":…, "chachaMs":…}).
 */

const HAND_OVER = 8 * 1024 * 1024;
const READ_BACK = 16 * 1024 * 1024;

const seed = Uint8Array.from({ length: 32 }, (_, i) => (i * 13 + 5) & 255);
const signer = { name: 'Bench Lead', agency: 'CISA', role: 'team-lead' as const, seed, publicKey: ed25519.getPublicKey(seed) };

async function main(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  if (mode === 'floor' && a) return floor(a);
  if (!a || !b) throw new Error('usage: export <attachment> <out> <identity> | import <bundle> <identity> <quarantine parent> | floor <attachment>');
  const start = performance.now();
  if (mode === 'export') {
    const sessions = new BundleSessions(path.join(path.dirname(b), 'bench-sessions'));
    const recipient = await identityToRecipient(c ?? '');
    const review = new TextEncoder().encode('{"packets":[]}\n');
    const size = (await stat(a)).size;
    const id = sessions.beginExport(b, { bundleId: crypto.randomUUID(), createdAt: new Date().toISOString(), marking: UNCLASSIFIED, signer, encryption: { recipients: [{ label: 'bench', recipient }] } }, [
      { path: 'review/review.json', size: review.length },
      { path: 'attachments/bench/attachment.bin', size },
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
    const sessions = new BundleSessions(path.join(c ?? '', 'bench-sessions'));
    const recipient = await identityToRecipient(b);
    const { id, checked } = await sessions.open(a, (await stat(a)).size, {
      trust: { signers: parseAllowedSigners(`bench@cisa ${formatPublicKeyLine(signer.publicKey)}\n`), revoked: [] },
      decryption: { identities: [b] },
      ownRecipients: [recipient],
      seenBundleIds: new Set(),
      now: new Date(),
    });
    for (const f of checked.manifest.files) {
      const hash = createHash('sha256');
      for (let offset = 0; offset < f.size; offset += READ_BACK) hash.update(await sessions.read(id, f.path, offset, READ_BACK));
      hash.digest();
    }
    await sessions.close(id);
  }
  const ms = performance.now() - start;
  // maxRSS is in kibibytes.
  process.stdout.write(`${JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

/** Each primitive alone over the file, read in the same 8 MiB slices. */
async function floor(file: string): Promise<void> {
  const size = (await stat(file)).size;
  const pass = async (work: (slice: Uint8Array) => void) => {
    const handle = await open(file, 'r');
    const slice = new Uint8Array(HAND_OVER);
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
  const hash = createHash('sha512');
  const sha512Ms = await pass((slice) => hash.update(slice));
  hash.digest();
  const key = new Uint8Array(32);
  const nonce = new Uint8Array(12);
  const chachaMs = await pass((slice) => {
    for (let at = 0; at < slice.length; at += 64 * 1024) {
      const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: 16 });
      cipher.update(slice.subarray(at, at + 64 * 1024));
      cipher.final();
    }
  });
  process.stdout.write(`${JSON.stringify({ sha512Ms, chachaMs })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
