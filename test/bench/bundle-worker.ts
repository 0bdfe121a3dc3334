import { stat } from 'node:fs/promises';
import { ed25519 } from '@noble/curves/ed25519.js';
import { identityToRecipient } from 'age-encryption';
import { fileSource, openBundleFile, writeBundleFile } from '../../electron/bundles/node-bundle-io.js';
import { parseAllowedSigners } from '../../shared/identity/allowed-signers.js';
import { formatPublicKeyLine } from '../../shared/identity/ssh-key.js';

/**
 * One bundle operation in a process of its own, so its peak memory is its own:
 *   export <attachment> <out.frbundle> <age identity>
 *   import <bundle> <age identity> <quarantine parent>
 * Prints {"ms":…, "maxRssMiB":…} as its last line.
 */

const seed = Uint8Array.from({ length: 32 }, (_, i) => (i * 13 + 5) & 255);
const signer = { name: 'Bench Lead', agency: 'CISA', role: 'team-lead' as const, seed, publicKey: ed25519.getPublicKey(seed) };

async function main(): Promise<void> {
  const [mode, a, b, c] = process.argv.slice(2);
  if (!a || !b) throw new Error('usage: export <attachment> <out> <identity> | import <bundle> <identity> <quarantine parent>');
  const start = performance.now();
  if (mode === 'export') {
    const recipient = await identityToRecipient(c ?? '');
    const review = new TextEncoder().encode('{"packets":[]}\n');
    await writeBundleFile(
      {
        bundleId: crypto.randomUUID(),
        createdAt: new Date().toISOString(),
        signer,
        encryption: { recipients: [{ label: 'bench', recipient }] },
          sources: [{ path: 'review/review.json', size: review.length, stream: () => new Blob([review]).stream() }, fileSource('attachments/bench/attachment.bin', a, (await stat(a)).size)],
      },
      b,
    );
  } else {
    const recipient = await identityToRecipient(b);
    const { quarantine } = await openBundleFile(
      a,
      { trust: { signers: parseAllowedSigners(`bench@cisa ${formatPublicKeyLine(signer.publicKey)}\n`), revoked: [] }, decryption: { identities: [b] }, ownRecipients: [recipient], seenBundleIds: new Set(), now: new Date() },
      c,
    );
    await quarantine.discard();
  }
  const ms = performance.now() - start;
  // maxRSS is in kibibytes.
  process.stdout.write(`${JSON.stringify({ ms, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exit(1);
});
