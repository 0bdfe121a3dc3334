import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { UNCLASSIFIED } from '../marking/marking.js';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { armor, generateIdentity, identityToRecipient } from 'age-encryption';
import { packTar, unpackTar } from 'modern-tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLE_NOW, bundleSigner, openOptions, trustLine } from '../../test/fixtures/bundle-parties.js';
import { readmeCommands, runTool } from '../../test/fixtures/stock-tools.js';
import { parseAllowedSigners, parseRevokedKeys } from '../identity/allowed-signers.js';
import { formatPublicKeyLine, parsePublicKeyLine } from '../identity/ssh-key.js';
import { signDigest } from '../identity/sshsig.js';
import { INNER_NAMESPACE, MANIFEST, OUTER_NAMESPACE, SUMS, SUMS_SIGNATURE, formatSums, type BundleDigest } from './bundle-manifest.js';
import { BundleProblem, bytesStream, createBundle, javascriptBundleCrypto, memoryQuarantine, openBundle, openBundleStream, outerSignatureHash, sealBundle, writeBundle, type OpenOptions } from './review-bundle.js';

const encoder = new TextEncoder();
const lead = bundleSigner(1);
const stranger = bundleSigner(2, 'Mallory');
const files = [
  { path: 'review/review.json', bytes: encoder.encode('{"packets":[{"id":"p1","model":"atlas-3"}]}\n') },
  { path: 'attachments/cybench.eval', bytes: Uint8Array.from({ length: 300_000 }, (_, i) => (i * 31) & 255) },
];
const NOW = BUNDLE_NOW;

let dir: string;
let identity: string;
let recipient: string;
let otherIdentity: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-bundle-'));
  identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
  otherIdentity = await generateIdentity();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function options(overrides: Partial<OpenOptions> = {}): OpenOptions {
  return openOptions(lead, identity, recipient, overrides);
}

async function bundle(bundleId = '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a01', signer = lead): Promise<Uint8Array> {
  return (await createBundle({ bundleId, createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer, encryption: { recipients: [{ label: 'NIST workstation 4', recipient }] }, files })).bytes;
}

async function problemOf(bytes: Uint8Array, opts: OpenOptions = options()): Promise<{ code: string; message: string }> {
  try {
    await openBundle(bytes, opts);
  } catch (e) {
    if (e instanceof BundleProblem) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('the bundle was accepted');
}

describe('a review bundle', () => {
  it('opens on a workstation that trusts the signer and holds a recipient key, with every file as it was', async () => {
    const opened = await openBundle(await bundle(), options());
    expect(opened.manifest.exporter).toMatchObject({ name: 'Dana Lead', agency: 'CISA', role: 'team-lead' });
    expect(opened.manifest.recipients).toEqual([{ label: 'NIST workstation 4', recipient }]);
    expect(opened.signerPrincipals).toEqual(['lead@cisa.example']);
    expect([...opened.files.keys()]).toEqual(files.map((f) => f.path));
    for (const f of files) expect(bytesToHex(opened.files.get(f.path) ?? new Uint8Array())).toBe(bytesToHex(f.bytes));
  });

  it('opens with a passphrase instead of recipient keys', async () => {
    const { bytes } = await createBundle({ bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a02', createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, encryption: { passphrase: 'correct horse battery staple', scryptLogN: 10 }, files });
    expect((await openBundle(bytes, options({ decryption: { passphrase: 'correct horse battery staple' } }))).files.size).toBe(2);
    expect((await problemOf(bytes, options({ decryption: { passphrase: 'wrong' } }))).code).toBe('not-decryptable');
  });
});

describe('the ciphertext', () => {
  it('has the size worked out before a byte of it is sealed, whatever the files, names, hash and encryption', async () => {
    const longName = `attachments/${'a'.repeat(64)}/${'b/'.repeat(140)}run.eval`;
    const shapes = [
      { files, encryption: { recipients: [{ label: 'ws', recipient }] } },
      { files: [], encryption: { recipients: [{ label: 'ws', recipient }] } },
      { files: [{ path: 'review/empty.json', bytes: new Uint8Array(0) }, { path: longName, bytes: new Uint8Array(70_000) }], encryption: { passphrase: 'correct horse battery staple', scryptLogN: 10 } },
      { files: [{ path: 'review/review.json', bytes: new Uint8Array(64 * 1024 * 3 - 512 * 3 - 1024) }], encryption: { recipients: [{ label: 'ws', recipient }] }, digest: 'sha512' as const },
    ];
    for (const [i, shape] of shapes.entries()) {
      let expected = -1;
      let actual = -2;
      const sink = { ciphertext: (want: { readonly size: number }) => ((expected = want.size), new WritableStream<Uint8Array>()), finish: (size: number) => Promise.resolve(void (actual = size)) };
      await writeBundle({ bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a31', createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, ...shape, sources: shape.files.map((f) => ({ path: f.path, size: f.bytes.length, stream: () => new Blob([f.bytes]).stream() })) }, sink);
      expect(expected, `shape ${i}`).toBe(actual);
    }
  });
});

describe('what stock tools write', () => {
  it('reads a manifest whose time carries an offset, as date --iso-8601=seconds writes it', async () => {
    const { bytes } = await createBundle({ bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a03', createdAt: '2026-11-30T10:00:00+00:00', marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'ws', recipient }] }, files });
    expect((await openBundle(bytes, options())).manifest.createdAt).toBe('2026-11-30T10:00:00+00:00');
  });

  it('skips the entries tar makes for folders, and still refuses links, devices and unsafe folder names', async () => {
    const entries = await innerEntries(await bundle());
    const withFolders = await sealedWith([{ name: 'review/', body: new Uint8Array(0), type: 'directory' }, { name: 'attachments/', body: new Uint8Array(0), type: 'directory' }, ...entries]);
    const opened = await openBundle(withFolders, options());
    expect([...opened.files.keys()]).toEqual(files.map((f) => f.path));
    // `tar -C dir .` writes "./" and names every entry from there.
    const dotted = await sealedWith([{ name: './', body: new Uint8Array(0), type: 'directory' }, { name: './review/', body: new Uint8Array(0), type: 'directory' }, ...entries.map((e) => ({ ...e, name: `./${e.name}` }))]);
    expect([...(await openBundle(dotted, options())).files.keys()]).toEqual(files.map((f) => f.path));
    const twice = await sealedWith([...entries, ...entries.filter((e) => e.name === MANIFEST).map((e) => ({ ...e, name: `./${e.name}` }))]);
    expect(await problemOf(twice)).toEqual({ code: 'unsafe-entry', message: `The bundle’s archive holds "${MANIFEST}" twice.` });
    const device = await sealedWith([...entries, { name: 'review/tty', body: new Uint8Array(0), type: 'character-device' }]);
    expect((await problemOf(device)).message).toMatch(/^The bundle’s archive entry "review\/tty" is a character-device, not a file/);
    const upward = await sealedWith([{ name: '../', body: new Uint8Array(0), type: 'directory' }, ...entries]);
    expect(await problemOf(upward)).toEqual({ code: 'unsafe-entry', message: 'The bundle’s archive entry "../" has a "..", "." or empty segment; nothing was unpacked.' });
  });

  it('opens a bundle whose bundle.age is ASCII-armored, signed as it stands in the bundle; a signature over the binary file does not cover the armored one', async () => {
    const outer = await unpackTar(await bundle());
    const binary = outer.find((e) => e.header.name === 'bundle.age')?.data ?? new Uint8Array();
    const armored = encoder.encode(armor.encode(binary));
    const wrapped = (signed: Uint8Array) => packTar([
      { header: { name: 'bundle.age', size: armored.length }, body: armored },
      { header: { name: 'bundle.age.sig', size: 0 }, body: encoder.encode(signDigest(sha256(signed), lead.seed, OUTER_NAMESPACE, 'sha256')) },
    ].map((e) => ({ ...e, header: { ...e.header, size: e.body.length } })));
    const opened = await openBundle(await wrapped(armored), options());
    expect(opened.manifest.bundleId).toBe('0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a01');
    expect((await problemOf(await wrapped(binary))).code).toBe('outer-signature');
  });

  it('says what is wrong with a manifest in a sentence naming the field', async () => {
    const entries = await innerEntries(await bundle());
    const rewritten = resign(entries.map((e) => (e.name === MANIFEST ? { ...e, body: encoder.encode(JSON.stringify({ ...(JSON.parse(new TextDecoder().decode(e.body)) as object), createdAt: 'yesterday' })) } : e)));
    expect(await problemOf(await sealedWith(rewritten))).toEqual({
      code: 'bad-manifest',
      message: 'In manifest.json, createdAt must be a date and time in ISO 8601 form with its offset, such as 2026-11-30T10:00:00Z or 2026-11-30T10:00:00+00:00; it is "yesterday".',
    });
    const notJson = resign(entries.map((e) => (e.name === MANIFEST ? { ...e, body: encoder.encode('{"format":') } : e)));
    expect((await problemOf(await sealedWith(notJson))).message).toMatch(/^manifest\.json is not JSON \(/);
    // The exporter's side: a manifest it would write wrong is refused with the same sentence, before a file is read.
    await expect(createBundle({ bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a04', createdAt: 'now', marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'ws', recipient }] }, files })).rejects.toMatchObject({
      code: 'bad-manifest',
      message: expect.stringMatching(/^In manifest\.json, createdAt must be a date and time in ISO 8601 form/) as unknown,
    });
  });
});

describe('checked with stock tools, without Frontier Review', () => {
  it('tar, ssh-keygen -Y verify, age -d and sha256sum -c accept a bundle, as the README says', async () => {
    const work = path.join(dir, 'stock');
    await mkdir(work, { recursive: true });
    await writeFile(path.join(work, 'review.frbundle'), await bundle());
    await writeFile(path.join(work, 'allowed_signers'), trustLine(lead));
    await writeFile(path.join(work, 'key.txt'), `${identity}\n`);
    const sh = (script: string) => runTool('sh', ['-euc', script], { cwd: work });
    // The README's commands, as written there.
    const [commands = ''] = await readmeCommands('verify-bundle');
    expect(commands).toContain('sha256sum -c SHA256SUMS');
    const result = await sh(commands);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Good "frontier-review-bundle" signature for lead@cisa.example');
    expect(result.stdout).toContain('Good "frontier-review-manifest" signature for lead@cisa.example');
    expect(result.stdout).toContain('attachments/cybench.eval: OK');
    expect(result.stdout).toContain('manifest.json: OK');
    // The same commands fail on a bundle whose attachment was swapped after signing.
    await writeFile(path.join(work, 'contents/attachments/cybench.eval'), 'swapped');
    const tampered = await sh('cd contents && sha256sum -c SHA256SUMS');
    expect(tampered.code).not.toBe(0);
  });

  it('opens a bundle made entirely by tar, sha512sum, ssh-keygen -Y sign (its default hash, sha512) and age, as bundles were made before SHA-256', async () => {
    const work = path.join(dir, 'made-by-tools');
    await mkdir(path.join(work, 'contents/review'), { recursive: true });
    const key = path.join(work, 'lead_key');
    expect((await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'lead', '-f', key])).code).toBe(0);
    const publicKeyLine = (await readFile(`${key}.pub`, 'utf8')).trim();
    // The fingerprint as ssh-keygen -l prints it.
    const keyFingerprint = (await runTool('ssh-keygen', ['-l', '-f', `${key}.pub`])).stdout.split(' ')[1] ?? '';
    const review = encoder.encode('{"packets":[]}\n');
    await writeFile(path.join(work, 'contents/review/review.json'), review);
    const manifest = {
      format: 'frontier-review-bundle',
      version: 1,
      bundleId: '5d0c9a8e-1b7f-4f5e-8a61-3a4f2c9e7b10',
      createdAt: '2026-11-30T09:00:00.000Z',
      exporter: { name: 'Lead by hand', agency: 'NSA', role: 'team-lead', publicKey: publicKeyLine, fingerprint: keyFingerprint },
      recipients: [{ label: 'this workstation', recipient }],
      files: [{ path: 'review/review.json', size: review.length, sha512: bytesToHex(sha512(review)) }],
    };
    await writeFile(path.join(work, 'contents/manifest.json'), JSON.stringify(manifest));
    const made = await runTool(
      'sh',
      [
        '-euc',
        `cd contents
         sha512sum manifest.json review/review.json > SHA512SUMS
         ssh-keygen -q -Y sign -n frontier-review-manifest -f ../lead_key SHA512SUMS
         tar -cf ../contents.tar manifest.json SHA512SUMS SHA512SUMS.sig review/review.json
         cd ..
         age -r ${recipient} -o bundle.age contents.tar
         ssh-keygen -q -Y sign -n frontier-review-bundle -f lead_key bundle.age
         tar -cf made.frbundle bundle.age bundle.age.sig`,
      ],
      { cwd: work },
    );
    expect(made.code, made.stderr).toBe(0);
    const trusted = options({ trust: { signers: parseAllowedSigners(`lead@nsa.example ${publicKeyLine}\n`), revoked: [] } });
    const opened = await openBundle(new Uint8Array(await readFile(path.join(work, 'made.frbundle'))), trusted);
    expect(opened.manifest.exporter.name).toBe('Lead by hand');
    expect(new TextDecoder().decode(opened.files.get('review/review.json'))).toBe('{"packets":[]}\n');
    expect(parsePublicKeyLine(publicKeyLine).comment).toBe('lead');
  });
});

/** A bundle whose inner archive the test writes itself, sealed and signed as the exporter would. */
async function sealedWith(entries: { name: string; body: Uint8Array; type?: 'file' | 'symlink' | 'directory' | 'character-device'; linkname?: string }[], signer = lead, outerHash: BundleDigest = 'sha256'): Promise<Uint8Array> {
  const empty = (e: { type?: string }) => e.type === 'symlink' || e.type === 'directory' || e.type === 'character-device';
  const inner = await packTar(entries.map((e) => ({ header: { name: e.name, size: empty(e) ? 0 : e.body.length, type: e.type ?? 'file', ...(e.linkname ? { linkname: e.linkname } : {}) }, body: empty(e) ? new Uint8Array(0) : e.body })));
  return sealBundle(inner, signer.seed, { recipients: [{ label: 'ws', recipient }] }, NOW, outerHash);
}

/** The entries of a genuine bundle's inner archive, to be altered. */
async function innerEntries(bytes: Uint8Array): Promise<{ name: string; body: Uint8Array }[]> {
  const { Decrypter } = await import('age-encryption');
  const outer = await unpackTar(bytes);
  const d = new Decrypter();
  d.addIdentity(identity);
  const inner = await unpackTar(await d.decrypt(outer.find((e) => e.header.name === 'bundle.age')?.data ?? new Uint8Array()));
  return inner.map((e) => ({ name: e.header.name, body: e.data ?? new Uint8Array() }));
}

function resign(entries: { name: string; body: Uint8Array }[], signer = lead): { name: string; body: Uint8Array }[] {
  const hashes = new Map(entries.filter((e) => e.name !== SUMS.sha256 && e.name !== SUMS_SIGNATURE.sha256).map((e) => [e.name, bytesToHex(sha256(e.body))]));
  const sums = encoder.encode(formatSums(hashes));
  return [
    ...entries.filter((e) => e.name !== SUMS.sha256 && e.name !== SUMS_SIGNATURE.sha256),
    { name: SUMS.sha256, body: sums },
    { name: SUMS_SIGNATURE.sha256, body: encoder.encode(signDigest(sha256(sums), signer.seed, INNER_NAMESPACE, 'sha256')) },
  ];
}

describe('bad bundles, each refused with its own reason', () => {
  async function flipped(at: (outer: { name: string; offset: number; size: number }[]) => number): Promise<Uint8Array> {
    const bytes = await bundle();
    // The outer tar: 512-byte header, then the ciphertext; the signature follows.
    const entries = await unpackTar(bytes);
    let offset = 0;
    const spans = entries.map((e) => {
      const span = { name: e.header.name, offset: offset + 512, size: e.header.size };
      offset += 512 + Math.ceil(e.header.size / 512) * 512;
      return span;
    });
    const copy = bytes.slice();
    const i = at(spans);
    copy[i] = (copy[i] ?? 0) ^ 0x01;
    return copy;
  }

  it('refuses a flipped byte in the age header, the encrypted body or the signature, before decrypting', async () => {
    const header = await problemOf(await flipped((s) => (s[0]?.offset ?? 0) + 30));
    expect(header).toEqual({ code: 'outer-signature', message: "The bundle's outer signature is not valid: The signature does not match the signed bytes: they were changed, or it belongs to something else. Nothing was decrypted." });
    expect((await problemOf(await flipped((s) => (s[0]?.offset ?? 0) + (s[0]?.size ?? 0) - 5))).code).toBe('outer-signature');
    expect((await problemOf(await flipped((s) => (s[1]?.offset ?? 0) + 50))).code).toBe('outer-signature');
  });

  it('refuses a truncated file', async () => {
    const bytes = await bundle();
    expect((await problemOf(bytes.slice(0, Math.floor(bytes.length / 2)))).code).toMatch(/not-a-bundle|outer-signature/);
    expect((await problemOf(encoder.encode('not a bundle at all'))).code).toBe('not-a-bundle');
  });

  it('refuses a bundle it holds no key for, and one not addressed to it', async () => {
    expect(await problemOf(await bundle(), options({ decryption: { identities: [otherIdentity] } }))).toEqual({
      code: 'not-decryptable',
      message: 'None of this workstation’s keys can open the bundle: it was encrypted for someone else, or with another passphrase.',
    });
    expect((await problemOf(await bundle(), options({ ownRecipients: [await identityToRecipient(otherIdentity)] }))).code).toBe('not-a-recipient');
  });

  it('refuses an untrusted, expired or revoked signer, and a signature from another namespace', async () => {
    const untrusted = await problemOf(await bundle(undefined, stranger));
    expect(untrusted.code).toBe('untrusted-signer');
    expect(untrusted.message).toMatch(/^The signer is not among the trusted signers\. \(SHA256:.+\) Nothing was decrypted\.$/);
    const expired = options({ trust: { signers: parseAllowedSigners(trustLine(lead, 'valid-before="20261101"')), revoked: [] } });
    expect((await problemOf(await bundle(), expired)).message).toMatch(/^The signer's trust expired on 2026-11-0/);
    const revoked = options({ trust: { signers: parseAllowedSigners(trustLine(lead)), revoked: parseRevokedKeys(formatPublicKeyLine(lead.publicKey)) } });
    expect((await problemOf(await bundle(), revoked)).message).toMatch(/^The signing key has been revoked/);
    const onlyGit = options({ trust: { signers: parseAllowedSigners(trustLine(lead, 'namespaces="git"')), revoked: [] } });
    expect((await problemOf(await bundle(), onlyGit)).message).toMatch(/^The signer is trusted, but not to sign "frontier-review-bundle"/);
  });

  it('refuses contents signed under the outer namespace, or carrying another bundle’s inner signature', async () => {
    const entries = await innerEntries(await bundle());
    const sums = entries.find((e) => e.name === SUMS.sha256)?.body ?? new Uint8Array();
    const wrongNamespace = entries.map((e) => (e.name === SUMS_SIGNATURE.sha256 ? { ...e, body: encoder.encode(signDigest(sha256(sums), lead.seed, 'frontier-review-bundle', 'sha256')) } : e));
    expect(await problemOf(await sealedWith(wrongNamespace))).toEqual({ code: 'inner-signature', message: "The signature of the bundle's contents is not valid: The signature was made for \"frontier-review-bundle\", not \"frontier-review-manifest\"." });
    const another = await innerEntries(await bundle('7c1d2e3f-4a5b-4c6d-8e7f-9a0b1c2d3e4f'));
    const swapped = entries.map((e) => (e.name === SUMS_SIGNATURE.sha256 ? { ...e, body: another.find((x) => x.name === SUMS_SIGNATURE.sha256)?.body ?? new Uint8Array() } : e));
    expect((await problemOf(await sealedWith(swapped))).code).toBe('inner-signature');
    // Re-wrapped by a trusted key other than the contents' signer.
    const trustingBoth = options({ trust: { signers: parseAllowedSigners(trustLine(lead) + trustLine(stranger)), revoked: [] } });
    expect((await problemOf(await sealedWith(entries, stranger), trustingBoth)).message).toBe('The contents were signed by a different key than the bundle: it was re-wrapped by someone else.');
  });

  it('refuses contents whose signer is not trusted for the contents’ namespace, and a manifest that misdescribes its signer or files', async () => {
    const outerOnly = options({ trust: { signers: parseAllowedSigners(trustLine(lead, 'namespaces="frontier-review-bundle"')), revoked: [] } });
    expect(await problemOf(await bundle(), outerOnly)).toEqual({ code: 'untrusted-signer', message: 'The contents\u2019 signature: The signer is trusted, but not to sign "frontier-review-manifest".'.replace('\u2019', "'") });
    const entries = await innerEntries(await bundle());
    const rewrite = (change: (m: Record<string, unknown>) => Record<string, unknown>) =>
      resign(entries.map((e) => (e.name === MANIFEST ? { ...e, body: encoder.encode(JSON.stringify(change(JSON.parse(new TextDecoder().decode(e.body)) as Record<string, unknown>))) } : e)));
    const otherFingerprint = await sealedWith(rewrite((m) => ({ ...m, exporter: { ...(m.exporter as object), fingerprint: 'SHA256:someone-else' } })));
    expect(await problemOf(otherFingerprint)).toEqual({ code: 'bad-manifest', message: 'The manifest names another exporter key than the one that signed the bundle.' });
    const wrongSize = await sealedWith(rewrite((m) => ({ ...m, files: (m.files as { size: number }[]).map((f) => ({ ...f, size: 999 })) })));
    expect((await problemOf(wrongSize)).message).toMatch(/^manifest\.json describes "[^"]+" otherwise than the signed list of files and the file itself\.$/);
  });

  it('refuses a bundle imported before', async () => {
    const opts = options({ seenBundleIds: new Set(['0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a01']) });
    expect(await problemOf(await bundle(), opts)).toEqual({ code: 'replayed', message: 'Bundle 0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a01 was imported here before; a bundle is imported once.' });
  });

  it('refuses path traversal, links, unlisted files and files whose hash differs', async () => {
    const entries = await innerEntries(await bundle());
    const traversal = await sealedWith(resign([...entries, { name: '../../.bashrc', body: encoder.encode('evil') }]));
    expect(await problemOf(traversal)).toEqual({ code: 'unsafe-entry', message: 'The bundle’s archive entry "../../.bashrc" has a "..", "." or empty segment; nothing was unpacked.' });
    const absolute = await sealedWith(resign([...entries, { name: '/etc/passwd', body: encoder.encode('evil') }]));
    expect((await problemOf(absolute)).code).toBe('unsafe-entry');
    const link = await sealedWith([...entries, { name: 'review/link', body: new Uint8Array(0), type: 'symlink', linkname: '/etc/shadow' }]);
    expect((await problemOf(link)).message).toMatch(/^The bundle’s archive entry "review\/link" is a symlink, not a file/);
    const unlisted = await sealedWith([...entries, { name: 'extra.sh', body: encoder.encode('#!/bin/sh') }]);
    expect(await problemOf(unlisted)).toEqual({ code: 'hash-mismatch', message: 'The bundle holds "extra.sh", which its signed list of files does not name.' });
    const changed = await sealedWith(entries.map((e) => (e.name === 'review/review.json' ? { ...e, body: encoder.encode('{"packets":[]}') } : e)));
    expect(await problemOf(changed)).toEqual({ code: 'hash-mismatch', message: '"review/review.json" is not the file that was signed: its SHA-256 differs.' });
    const missing = await sealedWith(entries.filter((e) => e.name !== 'review/review.json'));
    expect((await problemOf(missing)).message).toBe('The signed list of files names "review/review.json", which the bundle lacks.');
    const noManifestEntry = await sealedWith(resign(entries.filter((e) => e.name !== MANIFEST)));
    expect((await problemOf(noManifestEntry)).code).toBe('bad-manifest');
    // Names Windows would store otherwise than given: a stream, a device, a trailing dot.
    for (const name of ['review/notes.txt:hidden', 'review/NUL.json', 'attachments/log.eval.']) {
      const windows = await sealedWith(resign([...entries, { name, body: encoder.encode('x') }]));
      expect(await problemOf(windows), name).toMatchObject({ code: 'unsafe-entry', message: expect.stringContaining(name) as unknown });
    }
  });

  it('refuses a bundle swapped between the read that checks its signature and the read that decrypts it', async () => {
    const first = await bundle();
    const other = await bundle('0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a09');
    let reads = 0;
    const swapping = () => new Blob([(reads++ === 0 ? first : other) as Uint8Array<ArrayBuffer>]).stream();
    const storage = memoryQuarantine();
    await expect(openBundleStream(swapping, storage.quarantine, options())).rejects.toMatchObject({ code: 'outer-signature', message: expect.stringContaining('The bundle changed while it was being read') as unknown });
    expect(reads).toBe(2);
  });

  it('lists a log by the SHA-256 it is kept under without hashing it again, and refuses at import a log that is not that file', async () => {
    const log = files[1];
    if (!log) throw new Error('no log');
    const logSha256 = bytesToHex(sha256(log.bytes));
    const header = { createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'ws', recipient }] } } as const;
    // Counts what the bundle's own hashes are given: the ciphertext and the small files, not the log.
    let hashed = 0;
    const counted = { ...javascriptBundleCrypto, hash: (digest: BundleDigest) => {
      const inner = javascriptBundleCrypto.hash(digest);
      return { update: (bytes: Uint8Array) => ((hashed += bytes.length), inner.update(bytes)), digest: () => inner.digest() };
    } };
    const sources = (logBytes: Uint8Array) => [
      { path: files[0]?.path ?? '', size: files[0]?.bytes.length ?? 0, stream: () => bytesStream(files[0]?.bytes ?? new Uint8Array()) },
      { path: log.path, size: logBytes.length, sha256: logSha256, stream: () => bytesStream(logBytes) },
    ];
    const made = await createBundle({ ...header, bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a0a', sources: sources(log.bytes) }, counted);
    expect(made.manifest.files.find((f) => f.path === log.path)?.sha256).toBe(logSha256);
    expect(hashed).toBeLessThan(made.bytes.length);
    const opened = await openBundle(made.bytes, options());
    expect(opened.files.get(log.path)).toEqual(log.bytes);
    // A log changed since it was kept (a disk that failed, a store tampered with): the signed list names its old hash, and the import refuses it.
    const changed = log.bytes.slice();
    changed[1000] = (changed[1000] ?? 0) ^ 1;
    const corrupt = await createBundle({ ...header, bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a0b', sources: sources(changed) }, counted);
    expect(await problemOf(corrupt.bytes)).toEqual({ code: 'hash-mismatch', message: `"${log.path}" is not the file that was signed: its SHA-256 differs.` });
    // A hash that is not one is refused before anything is read.
    await expect(createBundle({ ...header, bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a0c', sources: [{ ...sources(log.bytes)[1]!, sha256: 'not-a-hash' }] })).rejects.toMatchObject({ code: 'bad-manifest' });
  });

  it('refuses at export what an import would refuse, before reading a file', async () => {
    let read = false;
    const huge = { path: 'attachments/huge.eval', size: 5 * 1024 ** 3, stream: () => ((read = true), new Blob([]).stream()) };
    await expect(writeBundle({ bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a08', createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'ws', recipient }] }, sources: [huge] }, { ciphertext: () => new WritableStream(), finish: () => Promise.resolve() })).rejects.toMatchObject({ code: 'too-large' });
    await expect(writeBundle({ bundleId: 'not-a-uuid', createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'ws', recipient }] }, sources: [{ ...huge, size: 1 }] }, { ciphertext: () => new WritableStream(), finish: () => Promise.resolve() })).rejects.toThrow();
    expect(read).toBe(false);
  });

  it('refuses an archive bomb: more entries or bytes than a bundle may unpack to', async () => {
    const many = Array.from({ length: 40 }, (_, i) => ({ name: `f${i}`, body: new Uint8Array(1) }));
    expect((await problemOf(await sealedWith(many), options({ limits: { maxEntries: 20, maxTotalBytes: 1e9 } }))).code).toBe('too-large');
    expect(await problemOf(await bundle(), options({ limits: { maxEntries: 100, maxTotalBytes: 100_000 } }))).toMatchObject({ code: 'too-large', message: 'The bundle unpacks to more than 100,000 bytes.' });
  });
});

describe('bundles made before SHA-256 was the default', () => {
  /** A bundle this app wrote in SHA-512 form (SHA512SUMS, both signatures sha512), kept as it was written, and the key it was encrypted to. */
  const fixture = async () => ({
    bytes: new Uint8Array(await readFile(new URL('../../test/fixtures/bundles/sha512-bundle.frbundle', import.meta.url))),
    identity: (await readFile(new URL('../../test/fixtures/bundles/sha512-bundle.key.txt', import.meta.url), 'utf8')).trim(),
  });
  const fixtureOptions = async (identity: string) => openOptions(bundleSigner(1), identity, await identityToRecipient(identity));

  it('still open, every file checked against its signed SHA-512', async () => {
    const { bytes, identity: key } = await fixture();
    const opened = await openBundle(bytes, await fixtureOptions(key));
    expect(opened.hash).toBe('sha512');
    expect(opened.manifest.bundleId).toBe('7c1e6a0b-3d2f-4e5a-9b8c-0d1e2f3a4b5c');
    const log = Uint8Array.from({ length: 150_000 }, (_, i) => (i * 37 + (i >> 9)) & 255);
    expect(Buffer.compare(opened.files.get('attachments/cybench.eval') ?? new Uint8Array(), log)).toBe(0);
    expect(opened.manifest.files.map((f) => [f.path, f.sha512])).toEqual([
      ['review/review.json', bytesToHex(sha512(opened.files.get('review/review.json') ?? new Uint8Array()))],
      ['attachments/cybench.eval', bytesToHex(sha512(log))],
    ]);
  });

  it('are read twice when what the outer signature hashes with is found first, and once more when it is not', async () => {
    const { bytes, identity: key } = await fixture();
    expect(await outerSignatureHash((offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)), bytes.length)).toBe('sha512');
    for (const [expected, reads] of [['sha512', 2], ['sha256', 3]] as const) {
      let read = 0;
      const checked = await openBundleStream(() => ((read += 1), new Blob([bytes]).stream()), memoryQuarantine().quarantine, await fixtureOptions(key), undefined, expected);
      expect(checked.hash, `expecting ${expected}`).toBe('sha512');
      expect(read, `expecting ${expected}`).toBe(reads);
    }
  });

  it('pass the stock tools’ check the README gives for them: its verify commands, with SHA512SUMS and sha512sum', async () => {
    const { bytes, identity: key } = await fixture();
    const work = path.join(dir, 'stock-sha512');
    await mkdir(work, { recursive: true });
    await writeFile(path.join(work, 'review.frbundle'), bytes);
    await writeFile(path.join(work, 'allowed_signers'), trustLine(bundleSigner(1)));
    await writeFile(path.join(work, 'key.txt'), `${key}\n`);
    const [commands = ''] = await readmeCommands('verify-bundle');
    const result = await runTool('sh', ['-euc', commands.replaceAll('SHA256SUMS', 'SHA512SUMS').replace('sha256sum -c', 'sha512sum -c')], { cwd: work });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('attachments/cybench.eval: OK');
  });

  it('are written still, where a reader needs them, in the same form', async () => {
    const { bytes } = await createBundle({ bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a21', createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'ws', recipient }] }, files, digest: 'sha512' });
    const opened = await openBundle(bytes, options());
    expect(opened.hash).toBe('sha512');
    expect((await innerEntries(bytes)).map((e) => e.name).slice(-3)).toEqual([MANIFEST, 'SHA512SUMS', 'SHA512SUMS.sig']);
  });

  it('and new ones use one hash throughout: a list and signatures that mix SHA-256 and SHA-512 are refused', async () => {
    const entries = await innerEntries(await bundle());
    expect(entries.map((e) => e.name).slice(-3)).toEqual([MANIFEST, 'SHA256SUMS', 'SHA256SUMS.sig']);
    expect(await problemOf(await sealedWith(entries, lead, 'sha512'))).toEqual({
      code: 'bad-manifest',
      message: 'The bundle lists its files in SHA256SUMS, but its outer signature hashes with sha512: a bundle hashes with one algorithm throughout.',
    });
    const sums = entries.find((e) => e.name === SUMS.sha256)?.body ?? new Uint8Array();
    const innerSha512 = entries.map((e) => (e.name === SUMS_SIGNATURE.sha256 ? { ...e, body: encoder.encode(signDigest(sha512(sums), lead.seed, INNER_NAMESPACE, 'sha512')) } : e));
    expect(await problemOf(await sealedWith(innerSha512))).toEqual({ code: 'inner-signature', message: "The signature of the bundle's contents is not valid: The signature hashes with sha512, where sha256 is required." });
    const manifestOf = (e: { body: Uint8Array }) => JSON.parse(new TextDecoder().decode(e.body)) as { files: { path: string; sha256?: string; sha512?: string }[] };
    const bySha512 = resign(
      entries.map((e) => {
        if (e.name !== MANIFEST) return e;
        const manifest = manifestOf(e);
        const body = entries.find((x) => x.name === manifest.files[0]?.path)?.body ?? new Uint8Array();
        return { ...e, body: encoder.encode(JSON.stringify({ ...manifest, files: manifest.files.map((f, i) => (i === 0 ? { path: f.path, size: body.length, sha512: bytesToHex(sha512(body)) } : f)) })) };
      }),
    );
    expect(await problemOf(await sealedWith(bySha512))).toEqual({ code: 'bad-manifest', message: 'manifest.json gives "review/review.json" its SHA-512, but the bundle hashes with SHA-256.' });
  });
});
