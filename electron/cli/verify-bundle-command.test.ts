import { execFile } from 'node:child_process';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ed25519 } from '@noble/curves/ed25519.js';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBuildOptions } from '../../build/scripts/build-electron.mjs';
import { readmeCommands, runTool } from '../../test/fixtures/stock-tools.js';
import { bundleSigner, trustLine } from '../../test/fixtures/bundle-parties.js';
import { createBundle, openBundle } from '../../shared/bundle/review-bundle.js';
import { readReviewContent, receivedFromMemory } from '../../shared/bundle/review-content.js';
import { parseAllowedSigners } from '../../shared/identity/allowed-signers.js';
import { formatPublicKeyLine } from '../../shared/identity/ssh-key.js';
import type { AskedSecret, CommandIo } from './inspect-command.js';
import { passphraseOfFile, runVerifyBundleCommand } from './verify-bundle-command.js';

const seed = Uint8Array.from({ length: 32 }, (_, i) => 200 - i);
const publicKey = ed25519.getPublicKey(seed);
let dir: string;
let bundleFile: string;
let passphraseBundle: string;
const PASSPHRASE = 'correct horse battery staple';
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
  passphraseBundle = file('passphrase.frbundle');
  const { bytes: sealed } = await createBundle({
    bundleId: '3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0e',
    createdAt: '2026-11-30T10:00:00+00:00', marking: UNCLASSIFIED,
    signer: { name: 'Dana Lead', agency: 'CISA', role: 'team-lead', seed, publicKey },
    encryption: { passphrase: PASSPHRASE, scryptLogN: 10 },
    files: [{ path: 'review/review.json', bytes: new TextEncoder().encode('{"packets":[]}\n') }],
  });
  await writeFile(passphraseBundle, sealed);
  // As an editor or `echo` leaves it: a line ending, which is not part of the passphrase.
  await writeFile(file('passphrase.txt'), `${PASSPHRASE}\r\n`);
  await writeFile(file('wrong-passphrase.txt'), 'correct horse battery\n');
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
  /** The command refuses with exit code 1, and says why on stderr. */
  const expectRefused = async (args: readonly string[], reason: string) => {
    const result = await run(...args);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(reason);
  };

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

  it('checks a bundle made before SHA-256 was the default, and says it was checked by SHA-512', async () => {
    const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/bundles/${name}`, import.meta.url));
    await writeFile(file('fixture_signers'), trustLine(bundleSigner(1)));
    const result = await run(fixture('sha512-bundle.frbundle'), '--allowed-signers', file('fixture_signers'), '--identity', fixture('sha512-bundle.key.txt'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Both signatures are good and every file matches its SHA-512:');
    expect(result.stdout).toContain('  attachments/cybench.eval  ');
  });

  it('checks the outer signature alone without a key, and says the rest is unchecked', async () => {
    const result = await run(bundleFile, '--allowed-signers', file('allowed_signers'));
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('The outer signature is good. The contents are encrypted: give --identity, or --passphrase-file or --passphrase for a bundle encrypted to a passphrase, to check them too.');
  });

  it('exits 1 with the reason for an untrusted or revoked signer, or a key that cannot open it', async () => {
    await expectRefused([bundleFile, '--allowed-signers', file('nobody')], 'The signer is not among the trusted signers.');
    await expectRefused([bundleFile, '--allowed-signers', file('allowed_signers'), '--revoked', file('revoked')], 'The signing key has been revoked');
    await expectRefused([bundleFile, '--allowed-signers', file('allowed_signers'), '--identity', file('other-key.txt')], 'None of this workstation’s keys can open the bundle');
  });

  it('exits 2 on a wrong command line', async () => {
    expect((await run(bundleFile)).code).toBe(2);
    expect((await run(bundleFile, '--allowed-signers', file('allowed_signers'), '--frobnicate')).code).toBe(2);
    expect((await run('--help')).stdout).toContain('Usage: frontier-review verify-bundle <bundle>');
  });

  it('opens a passphrase bundle with the first line of --passphrase-file, and refuses another passphrase', async () => {
    const result = await run(passphraseBundle, '--allowed-signers', file('allowed_signers'), '--passphrase-file', file('passphrase.txt'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Bundle 3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0e, made 2026-11-30T10:00:00+00:00 by Dana Lead (CISA, team-lead).');
    expect(result.stdout).toContain('For: whoever has its passphrase.');
    expect(result.stdout).toContain('  review/review.json  15 bytes');
    await expectRefused([passphraseBundle, '--allowed-signers', file('allowed_signers'), '--passphrase-file', file('wrong-passphrase.txt')], 'None of this workstation’s keys can open the bundle');
    await expectRefused([passphraseBundle, '--allowed-signers', file('allowed_signers'), '--passphrase-file', file('no-such-file')], `The passphrase file ${file('no-such-file')} could not be read (ENOENT).`);
  });

  it('never takes a passphrase from the command line, and asks for one only on a terminal', async () => {
    const inline = await run(passphraseBundle, '--allowed-signers', file('allowed_signers'), `--passphrase=${PASSPHRASE}`);
    expect(inline.code).toBe(2);
    expect(inline.stderr).toContain('A passphrase is never given on the command line');
    const following = await run(passphraseBundle, '--allowed-signers', file('allowed_signers'), '--passphrase', PASSPHRASE);
    expect(following.code).toBe(2);
    expect(following.stderr).toContain('A passphrase is never given on the command line');
    // Run by a test, the command has no terminal to ask on.
    const noTerminal = await run(passphraseBundle, '--allowed-signers', file('allowed_signers'), '--passphrase');
    expect(noTerminal.code).toBe(2);
    expect(noTerminal.stderr).toContain('--passphrase asks for the passphrase on a terminal, and there is none here: give --passphrase-file <file>.');
    const both = await run(passphraseBundle, '--allowed-signers', file('allowed_signers'), '--identity', file('key.txt'), '--passphrase-file', file('passphrase.txt'));
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Give one of --identity, --passphrase-file and --passphrase');
  });
});

describe('frontier-review verify-bundle, asking for the passphrase', () => {
  const io = (asked: AskedSecret) => {
    const out = { stdout: '', stderr: '', prompts: [] as string[] };
    const commandIo: CommandIo = {
      stdout: (t) => void (out.stdout += t),
      stderr: (t) => void (out.stderr += t),
      askSecret: (prompt) => {
        out.prompts.push(prompt);
        return Promise.resolve(asked);
      },
    };
    return { out, commandIo };
  };

  it('asks on the terminal once the outer signature is good, and opens the bundle with what was typed', async () => {
    const { out, commandIo } = io({ kind: 'typed', secret: PASSPHRASE });
    expect(await runVerifyBundleCommand([passphraseBundle, '--allowed-signers', file('allowed_signers'), '--passphrase'], commandIo)).toBe(0);
    expect(out.prompts).toEqual(['Passphrase of the bundle: ']);
    expect(out.stdout).toContain('Both signatures are good and every file matches its SHA-256:');
  });

  it('asks nothing for a bundle from an untrusted signer, and refuses when nothing was typed', async () => {
    const untrusted = io({ kind: 'typed', secret: PASSPHRASE });
    expect(await runVerifyBundleCommand([passphraseBundle, '--allowed-signers', file('nobody'), '--passphrase'], untrusted.commandIo)).toBe(1);
    expect(untrusted.out.prompts).toEqual([]);
    const cancelled = io({ kind: 'cancelled' });
    expect(await runVerifyBundleCommand([passphraseBundle, '--allowed-signers', file('allowed_signers'), '--passphrase'], cancelled.commandIo)).toBe(1);
    expect(cancelled.out.stderr).toContain('No passphrase was given; nothing was decrypted.');
  });

  it('reads a passphrase file’s first line without its line ending', () => {
    const bytes = (t: string) => new TextEncoder().encode(t);
    expect(passphraseOfFile(bytes('secret\n'), 'f')).toBe('secret');
    expect(passphraseOfFile(bytes('secret\r\nsecond line\n'), 'f')).toBe('secret');
    expect(passphraseOfFile(bytes(' spaced secret '), 'f')).toBe(' spaced secret ');
    expect(() => passphraseOfFile(bytes('\nsecret\n'), 'f')).toThrow('The first line of the passphrase file f is empty.');
    expect(() => passphraseOfFile(Uint8Array.of(0xff, 0x0a), 'f')).toThrow('The passphrase file f is not UTF-8 text.');
  });
});

describe('a bundle built with stock tools, as the README says', () => {
  it('is made by tar, sha256sum, ssh-keygen -Y sign -O hashalg=sha256 and age -a, accepted by verify-bundle and by the stock tools, and read by the importer', async () => {
    const work = file('stock-built');
    await mkdir(path.join(work, 'dist/cli'), { recursive: true });
    // The built command line where the README's commands look for it, beside the files they use.
    await build({ ...cliBuildOptions, outfile: path.join(work, 'dist/cli/frontier-review.cjs'), sourcemap: false, logLevel: 'silent' });
    expect((await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', path.join(work, 'lead_key')])).code).toBe(0);
    const identity = await generateIdentity();
    const recipient = await identityToRecipient(identity);
    await writeFile(path.join(work, 'recipient.txt'), `${recipient}\n`);
    await writeFile(path.join(work, 'key.txt'), `${identity}\n`);
    const publicKeyLine = (await readFile(path.join(work, 'lead_key.pub'), 'utf8')).trim();
    await writeFile(path.join(work, 'allowed_signers'), `lead@cisa.example ${publicKeyLine}\n`);

    const [make, check] = await readmeCommands('build-bundle');
    expect(make).toContain('age -a -r');
    expect(check).toContain('verify-bundle review.frbundle');
    const made = await runTool('sh', ['-euc', make ?? ''], { cwd: work });
    expect(made.code, made.stderr).toBe(0);
    // What the stock tools made: folder entries in the contents, armored ciphertext, an offset in the time.
    expect((await runTool('tar', ['-tf', path.join(work, 'contents.tar')])).stdout.split('\n')).toContain('review/');
    expect(await readFile(path.join(work, 'bundle.age'), 'utf8')).toMatch(/^-----BEGIN AGE ENCRYPTED FILE-----\n/);
    expect(JSON.parse(await readFile(path.join(work, 'contents/manifest.json'), 'utf8'))).toMatchObject({ createdAt: expect.stringMatching(/\+00:00$/) as unknown });

    const checked = await runTool('sh', ['-euc', check ?? ''], { cwd: work });
    expect(checked.stderr).toBe('');
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('review.frbundle: signed by lead@cisa.example (SHA256:');
    expect(checked.stdout).toContain('  review/review.json  111 bytes');
    expect(checked.stdout).toContain('Both signatures are good and every file matches its SHA-256:');

    // The stock tools' own check, as the README gives it, accepts it too.
    const audit = path.join(work, 'audit');
    await mkdir(audit);
    for (const name of ['review.frbundle', 'allowed_signers', 'key.txt']) await copyFile(path.join(work, name), path.join(audit, name));
    const [stockCheck] = await readmeCommands('verify-bundle');
    const stock = await runTool('sh', ['-euc', stockCheck ?? ''], { cwd: audit });
    expect(stock.code, stock.stderr).toBe(0);
    expect(stock.stdout).toContain('review/review.json: OK');

    // And the importer the app runs, in the page and in the main process alike, reads it.
    const opened = await openBundle(new Uint8Array(await readFile(path.join(work, 'review.frbundle'))), {
      trust: { signers: parseAllowedSigners(`lead@cisa.example ${publicKeyLine}\n`), revoked: [] },
      decryption: { identities: [identity] },
      ownRecipients: [recipient],
      seenBundleIds: new Set(),
      now: new Date(),
    });
    expect(opened.manifest.exporter).toMatchObject({ name: 'Dana Lead', agency: 'CISA', role: 'team-lead' });
    expect(opened.manifest.marking?.banner).toBe('UNCLASSIFIED');
    const content = await readReviewContent(receivedFromMemory(opened.files));
    expect(content).toMatchObject({ packets: [], models: [], findings: [], history: [] });
  }, 60_000);
});
