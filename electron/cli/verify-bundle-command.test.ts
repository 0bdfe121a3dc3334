import { execFile } from 'node:child_process';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBuildOptions } from '../../build/scripts/build-electron.mjs';
import { createBundle } from '../../shared/bundle/review-bundle.js';
import { formatPublicKeyLine } from '../../shared/identity/ssh-key.js';

const seed = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const publicKey = ed25519.getPublicKey(seed);
let dir: string;
let bundleFile: string;
const file = (name: string) => path.join(dir, name);

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-verify-'));
  const identity = await generateIdentity();
  const recipient = await identityToRecipient(identity);
  bundleFile = file('review.frbundle');
  const { bytes: bundle } = await createBundle({
    bundleId: '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
    createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED,
    signer: { name: 'Dana Lead', agency: 'CISA', role: 'team-lead', seed, publicKey },
    encryption: { recipients: [{ label: 'NIST workstation 4', recipient }] },
    files: [{ path: 'review/review.json', bytes: new TextEncoder().encode('{"packets":[]}\n') }],
  });
  await writeFile(bundleFile, bundle);
  await writeFile(file('allowed_signers'), `lead@cisa.example ${formatPublicKeyLine(publicKey)}\n`);
  await writeFile(file('nobody'), '# no one is trusted\n');
  await writeFile(file('revoked'), `${formatPublicKeyLine(publicKey)}\n`);
  // As age-keygen writes it: comments, then the key.
  await writeFile(file('key.txt'), `# created: 2026-11-30T09:00:00Z\n# public key: ${recipient}\n${identity}\n`);
  await writeFile(file('other-key.txt'), `${await generateIdentity()}\n`);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('frontier-review verify-bundle, from the built bin', () => {
  let bin: string;
  const run = (...args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [bin, 'verify-bundle', ...args], { encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });

  beforeAll(async () => {
    bin = file('frontier-review.cjs');
    await build({ ...cliBuildOptions, outfile: bin, sourcemap: false, logLevel: 'silent' });
  }, 60_000);

  it('reports the signer, the bundle and its files when given the key to open it', async () => {
    const result = await run(bundleFile, '--allowed-signers', file('allowed_signers'), '--identity', file('key.txt'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^.*review\.frbundle: signed by lead@cisa\.example \(SHA256:[A-Za-z0-9+/]{43}\), a trusted signer\.\n/);
    expect(result.stdout).toContain('Bundle 3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d, made 2026-11-30T10:00:00.000Z by Dana Lead (CISA, team-lead).');
    expect(result.stdout).toContain('  review/review.json  15 bytes');
  });

  it('checks the outer signature alone without a key, and says the rest is unchecked', async () => {
    const result = await run(bundleFile, '--allowed-signers', file('allowed_signers'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The contents are encrypted: give --identity to check them too.');
  });

  it('exits 1 with the reason for an untrusted or revoked signer, or a key that cannot open it', async () => {
    const untrusted = await run(bundleFile, '--allowed-signers', file('nobody'));
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toContain('The signer is not among the trusted signers.');
    const revoked = await run(bundleFile, '--allowed-signers', file('allowed_signers'), '--revoked', file('revoked'));
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toContain('The signing key has been revoked');
    const wrongKey = await run(bundleFile, '--allowed-signers', file('allowed_signers'), '--identity', file('other-key.txt'));
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.stderr).toContain('None of this workstation’s keys can open the bundle');
  });

  it('exits 2 on a wrong command line', async () => {
    expect((await run(bundleFile)).code).toBe(2);
    expect((await run(bundleFile, '--allowed-signers', file('allowed_signers'), '--frobnicate')).code).toBe(2);
    expect((await run('--help')).stdout).toContain('Usage: frontier-review verify-bundle <bundle>');
  });
});
