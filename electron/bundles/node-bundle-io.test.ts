import { createHash, randomBytes } from 'node:crypto';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '@noble/hashes/sha2.js';
import { armor, generateIdentity, identityToRecipient } from 'age-encryption';
import { packTar, unpackTar } from 'modern-tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSigner, openOptions } from '../../test/fixtures/bundle-parties.js';
import { runTool } from '../../test/fixtures/stock-tools.js';
import { decryptStream, encryptStream, javascriptChunkCipher } from '../../shared/bundle/age-stream.js';
import { OUTER_NAMESPACE } from '../../shared/bundle/bundle-manifest.js';
import { BundleProblem, collect, createBundle, openBundle, type OpenOptions } from '../../shared/bundle/review-bundle.js';
import { signDigest } from '../../shared/identity/sshsig.js';
import { fileSource, fileStream, nativeChunkCipher, openBundleFile, writeBundleFile } from './node-bundle-io.js';

const lead = bundleSigner(3);

let dir: string;
let identity: string;
let recipient: string;
let logPath: string;
let log: Uint8Array;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-node-bundle-'));
  identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
  // A log of a few MiB, not a whole number of 64 KiB chunks, so many chunks and a short last one.
  log = new Uint8Array(randomBytes(5 * 1024 * 1024 + 12_345));
  logPath = path.join(dir, 'cybench.eval');
  await writeFile(logPath, log);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (over: Partial<OpenOptions> = {}): OpenOptions => openOptions(lead, identity, recipient, over);

const review = new TextEncoder().encode('{"packets":[]}\n');
const streamOf = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();

/** What the last export said of the file it wrote: its size and SHA-256. */
let lastWritten: { readonly size: number; readonly sha256: string } | undefined;

async function exportToFile(name: string): Promise<string> {
  const out = path.join(dir, name);
  lastWritten = await writeBundleFile(
    {
      bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a11',
      createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED,
      signer: lead,
      encryption: { recipients: [{ label: 'NIST workstation 4', recipient }] },
      sources: [
        { path: 'review/review.json', size: review.length, stream: () => streamOf(review) },
        fileSource(`attachments/${'a'.repeat(64)}/cybench.eval`, logPath, log.length),
      ],
    },
    out,
  );
  return out;
}

describe('age streams with either cipher', () => {
  it('the age CLI decrypts what the native cipher encrypts, and the native cipher decrypts what the age CLI encrypts', async () => {
    const identityFile = path.join(dir, 'key.txt');
    await writeFile(identityFile, `${identity}\n`);
    const ours = path.join(dir, 'ours.age');
    await writeFile(ours, await collect(await encryptStream(fileStream(logPath), { recipients: [recipient] }, nativeChunkCipher)));
    const decrypted = path.join(dir, 'ours.out');
    expect((await runTool('age', ['-d', '-i', identityFile, '-o', decrypted, ours])).code).toBe(0);
    expect(Buffer.compare(await readFile(decrypted), log)).toBe(0);

    const theirs = path.join(dir, 'theirs.age');
    expect((await runTool('age', ['-r', recipient, '-o', theirs, logPath])).code).toBe(0);
    for (const cipher of [nativeChunkCipher, javascriptChunkCipher]) {
      const plain = await collect(await decryptStream(fileStream(theirs), { identities: [identity] }, cipher));
      expect(Buffer.compare(plain, log)).toBe(0);
    }
  });

  it('fails on a flipped byte in any chunk, and on a file cut short at a chunk boundary', async () => {
    const sealed = await collect(await encryptStream(streamOf(log), { recipients: [recipient] }, nativeChunkCipher));
    const flipped = sealed.slice();
    flipped[sealed.length - 70_000] = (flipped[sealed.length - 70_000] ?? 0) ^ 1;
    await expect(collect(await decryptStream(streamOf(flipped), { identities: [identity] }, nativeChunkCipher))).rejects.toThrow('a chunk does not authenticate');
    // Cut after a whole number of full chunks: each remaining chunk authenticates, but not as the last.
    const headerAndChunks = sealed.length - ((log.length % 65_536) + 16);
    await expect(collect(await decryptStream(streamOf(sealed.subarray(0, headerAndChunks)), { identities: [identity] }, nativeChunkCipher))).rejects.toThrow('a chunk does not authenticate');
  });
});

describe('bundle files on disk', () => {
  it('exports a bundle from files and opens it into a quarantine folder, byte for byte, readable by the in-memory reader too', async () => {
    const out = await exportToFile('disk.frbundle');
    // The size and SHA-256 the history records are those of the file as it lies on disk.
    const onDisk = await readFile(out);
    expect(lastWritten).toMatchObject({ size: onDisk.length, sha256: createHash('sha256').update(onDisk).digest('hex') });
    const { checked, quarantine } = await openBundleFile(out, options(), dir);
    try {
      expect(checked.manifest.files.map((f) => [f.path, f.size])).toEqual([['review/review.json', review.length], [`attachments/${'a'.repeat(64)}/cybench.eval`, log.length]]);
      expect(Buffer.compare(await readFile(quarantine.pathOf(`attachments/${'a'.repeat(64)}/cybench.eval`)), log)).toBe(0);
    } finally {
      await quarantine.discard();
    }
    const opened = await openBundle(new Uint8Array(await readFile(out)), options());
    expect(opened.files.get('review/review.json')).toEqual(review);
    // The archive's first block, written last, is one GNU tar reads; age opens what it holds.
    const unpacked = path.join(dir, 'unpacked');
    await mkdir(unpacked);
    expect(await runTool('tar', ['-xf', out, '-C', unpacked])).toMatchObject({ code: 0 });
    expect((await readdir(unpacked)).sort()).toEqual(['bundle.age', 'bundle.age.sig']);
    await writeFile(path.join(dir, 'key.txt'), `${identity}\n`);
    expect(await runTool('age', ['-d', '-i', path.join(dir, 'key.txt'), '-o', path.join(unpacked, 'inner.tar'), path.join(unpacked, 'bundle.age')])).toMatchObject({ code: 0 });
    expect((await runTool('tar', ['-tf', path.join(unpacked, 'inner.tar')])).stdout.split('\n').filter(Boolean)).toEqual(['review/review.json', `attachments/${'a'.repeat(64)}/cybench.eval`, 'manifest.json', 'SHA256SUMS', 'SHA256SUMS.sig']);
    // And a bundle made in memory by the page opens from disk.
    const { bytes } = await createBundle({ bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a12', createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'ws', recipient }] }, files: [{ path: 'review/review.json', bytes: review }] });
    const fromPage = path.join(dir, 'page.frbundle');
    await writeFile(fromPage, bytes);
    const again = await openBundleFile(fromPage, options(), dir);
    await again.quarantine.discard();
    expect(again.checked.manifest.bundleId).toBe('0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a12');
  });

  it('opens from disk a bundle whose bundle.age is ASCII-armored (age -a), with the native cipher, signed over the armored text', async () => {
    const outer = await unpackTar(await readFile(await exportToFile('to-armor.frbundle')));
    const armored = new TextEncoder().encode(armor.encode(outer.find((e) => e.header.name === 'bundle.age')?.data ?? new Uint8Array()));
    const signature = new TextEncoder().encode(signDigest(sha256(armored), lead.seed, OUTER_NAMESPACE, 'sha256'));
    const file = path.join(dir, 'armored.frbundle');
    await writeFile(file, await packTar([{ header: { name: 'bundle.age', size: armored.length }, body: armored }, { header: { name: 'bundle.age.sig', size: signature.length }, body: signature }]));
    const { checked, quarantine } = await openBundleFile(file, options(), dir);
    try {
      expect(Buffer.compare(await readFile(quarantine.pathOf(`attachments/${'a'.repeat(64)}/cybench.eval`)), log)).toBe(0);
      expect(checked.manifest.bundleId).toBe('0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a11');
    } finally {
      await quarantine.discard();
    }
  });

  it('opens from disk a bundle made before SHA-256 was the default, reading it twice as any other', async () => {
    const fixture = fileURLToPath(new URL('../../test/fixtures/bundles/sha512-bundle.frbundle', import.meta.url));
    const key = (await readFile(new URL('../../test/fixtures/bundles/sha512-bundle.key.txt', import.meta.url), 'utf8')).trim();
    let read = 0;
    const { checked, quarantine } = await openBundleFile(fixture, openOptions(bundleSigner(1), key, await identityToRecipient(key)), dir, undefined, (bytes) => void (read += bytes));
    try {
      expect(checked.hash).toBe('sha512');
      expect(read).toBeGreaterThan((await readFile(fixture)).length);
      expect(read).toBeLessThanOrEqual(2 * (await readFile(fixture)).length);
      expect((await readFile(quarantine.pathOf('attachments/cybench.eval'))).length).toBe(150_000);
    } finally {
      await quarantine.discard();
    }
  });

  it('removes the quarantine folder when a check fails, leaving nothing unpacked', async () => {
    const out = await exportToFile('tampered.frbundle');
    const bytes = await readFile(out);
    // A byte of the ciphertext near its end: the outer signature no longer matches.
    bytes[bytes.length - 4000] = (bytes[bytes.length - 4000] ?? 0) ^ 1;
    await writeFile(out, bytes);
    const before = (await readdir(dir)).filter((n) => n.startsWith('frontier-review-quarantine-'));
    await expect(openBundleFile(out, options(), dir)).rejects.toThrow(BundleProblem);
    await expect(openBundleFile(path.join(dir, 'disk.frbundle'), options({ decryption: { identities: [await generateIdentity()] } }), dir)).rejects.toMatchObject({ code: 'not-decryptable' });
    expect((await readdir(dir)).filter((n) => n.startsWith('frontier-review-quarantine-'))).toEqual(before);
  });

  it('leaves no partial bundle behind when a source fails mid-export', async () => {
    const out = path.join(dir, 'failed.frbundle');
    const failing = { path: 'attachments/broken.eval', size: 10, stream: () => new ReadableStream<Uint8Array>({ pull: (c) => c.error(new Error('the disk went away')) }) };
    await expect(writeBundleFile({ bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a13', createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, encryption: { recipients: [{ label: 'ws', recipient }] }, sources: [failing] }, out)).rejects.toThrow('the disk went away');
    expect((await readdir(dir)).filter((n) => n.startsWith('failed.frbundle'))).toEqual([]);
  });
});
