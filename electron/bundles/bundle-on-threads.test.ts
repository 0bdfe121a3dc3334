import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { armor, generateIdentity, identityToRecipient } from 'age-encryption';
import { packTar, unpackTar } from 'modern-tar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleSigner, openOptions } from '../../test/fixtures/bundle-parties.js';
import { OUTER_NAMESPACE } from '../../shared/bundle/bundle-manifest.js';
import { memoryQuarantine, openBundleStream, outerLayout, type OpenOptions } from '../../shared/bundle/review-bundle.js';
import { signDigest } from '../../shared/identity/sshsig.js';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { fileStream, openBundleAt, serialBundleCrypto, writeBundleFile } from './node-bundle-io.js';

const lead = bundleSigner(4);
/** Several runs of 16 chunks, and a short last chunk. */
const log = new Uint8Array(randomBytes(3 * 1024 * 1024 + 4321));
const review = new TextEncoder().encode('{"packets":[]}\n');

let dir: string;
let identity: string;
let recipient: string;
let good: Uint8Array;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-on-threads-'));
  identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
  good = await exported('0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a41');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const options = (over: Partial<OpenOptions> = {}): OpenOptions => openOptions(lead, identity, recipient, over);
const blob = (bytes: Uint8Array) => new Blob([bytes as Uint8Array<ArrayBuffer>]).stream();

async function exported(bundleId: string): Promise<Uint8Array> {
  const out = path.join(dir, `${bundleId}.frbundle`);
  await writeBundleFile(
    {
      bundleId,
      createdAt: '2026-11-30T10:00:00.000Z',
      marking: UNCLASSIFIED,
      signer: lead,
      encryption: { recipients: [{ label: 'ws', recipient }] },
      sources: [
        { path: 'review/review.json', size: review.length, stream: () => blob(review) },
        { path: 'attachments/run.eval', size: log.length, stream: () => blob(log) },
      ],
    },
    out,
  );
  return new Uint8Array(await readFile(out));
}

/** A bundle's ciphertext changed by `change`, signed again by the lead (with `hash`), and packed as the writer packs it. */
async function resealed(bytes: Uint8Array, change: (ciphertext: Uint8Array) => Uint8Array, hash: 'sha256' | 'sha512' = 'sha256', name = 'bundle.age'): Promise<Uint8Array> {
  const ciphertext = change((await unpackTar(bytes)).find((e) => e.header.name === 'bundle.age')?.data ?? new Uint8Array());
  const signature = new TextEncoder().encode(signDigest(hash === 'sha256' ? sha256(ciphertext) : sha512(ciphertext), lead.seed, OUTER_NAMESPACE, hash));
  return packTar([
    { header: { name, size: ciphertext.length }, body: ciphertext },
    { header: { name: name === 'bundle.age' ? 'bundle.age.sig' : './bundle.age.sig', size: signature.length }, body: signature },
  ]);
}

/** What opening a file comes to: its manifest and every file it unpacked, or the reason it was refused. */
async function outcome(open: (quarantine: ReturnType<typeof memoryQuarantine>['quarantine']) => Promise<{ readonly manifest: { readonly bundleId: string }; readonly hash: string }>): Promise<string> {
  const storage = memoryQuarantine();
  try {
    const checked = await open(storage.quarantine);
    const files = [...storage.files].map(([name, bytes]) => `${name}:${Buffer.from(sha256(bytes)).toString('hex')}`);
    return `opened ${checked.manifest.bundleId} by ${checked.hash}: ${files.sort().join(', ')}`;
  } catch (e) {
    return `refused: ${e instanceof Error ? `${(e as { code?: string }).code ?? ''} ${e.message}` : String(e)}`;
  }
}

describe('a bundle file opened by threads that read it themselves', () => {
  it('comes to what the streamed check comes to, opened or refused for the same reason, whatever the file', async () => {
    const sealedChunk = 64 * 1024 + 16;
    const cases: [string, Uint8Array, OpenOptions][] = [
      ['as exported', good, options()],
      ['a payload byte changed and signed again', await resealed(good, (c) => ((c = c.slice()), (c[c.length - 70_000] = (c[c.length - 70_000] ?? 0) ^ 1), c)), options()],
      ['the payload cut at a chunk boundary and signed again', await resealed(good, (c) => c.subarray(0, c.length - ((c.length - 200) % sealedChunk))), options()],
      ['ASCII-armored', await resealed(good, (c) => new TextEncoder().encode(armor.encode(c))), options()],
      ['packed with ./ names', await resealed(good, (c) => c, 'sha256', './bundle.age'), options()],
      ['signed outside with SHA-512, listed inside with SHA-256', await resealed(good, (c) => c, 'sha512'), options()],
      ['for another workstation', good, options({ decryption: { identities: [await generateIdentity()] } })],
      ['imported before', good, options({ seenBundleIds: new Set(['0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a41']) })],
    ];
    for (const [i, [what, bytes, opts]] of cases.entries()) {
      const file = path.join(dir, `case-${i}.frbundle`);
      await writeFile(file, bytes);
      const streamed = await outcome((q) => openBundleStream(() => fileStream(file), q, opts, serialBundleCrypto));
      expect(await outcome((q) => openBundleAt(file, q, opts)), what).toBe(streamed);
      if (i === 0) expect(streamed).toMatch(/^opened 0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a41 by sha256: /);
      else expect(streamed, what).toMatch(/^refused|^opened .* by sha256/);
    }
  });

  it('reads the plain layout where it lies, and leaves any other to the streamed check', async () => {
    const readOf = (bytes: Uint8Array) => (offset: number, length: number) => Promise.resolve(bytes.subarray(offset, offset + length));
    const layout = await outerLayout(readOf(good), good.length);
    expect(layout).toMatchObject({ ciphertextOffset: 512, hash: 'sha256' });
    expect(layout?.signature).toMatch(/^-----BEGIN SSH SIGNATURE-----\n/);
    const dotted = await resealed(good, (c) => c, 'sha256', './bundle.age');
    expect(await outerLayout(readOf(dotted), dotted.length)).toBeUndefined();
    const trailing = Uint8Array.from([...good, ...new TextEncoder().encode('more')]);
    expect(await outerLayout(readOf(trailing), trailing.length)).toBeUndefined();
    const badChecksum = good.slice();
    badChecksum[100] = 0x37;
    expect(await outerLayout(readOf(badChecksum), badChecksum.length)).toBeUndefined();
  });

  it('refuses a file changed between the read that checks its signature and the read that decrypts it', async () => {
    const other = await exported('0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a42');
    expect(other.length).toBe(good.length);
    const file = path.join(dir, 'swapped.frbundle');
    await writeFile(file, good);
    let read = 0;
    let swapped = false;
    const swapping = (bytes: number) => {
      read += bytes;
      // Once the first pass has read it all, the file is overwritten in place with another bundle of the same size.
      if (!swapped && read >= good.length - 4096) {
        swapped = true;
        writeFileSync(file, other);
      }
    };
    const storage = memoryQuarantine();
    await expect(openBundleAt(file, storage.quarantine, options(), undefined, swapping)).rejects.toMatchObject({
      code: 'outer-signature',
      message: 'The bundle changed while it was being read: the ciphertext read the second time is not the one whose signature was checked.',
    });
    expect(swapped).toBe(true);
  });
});
