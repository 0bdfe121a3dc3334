import { randomUUID } from 'node:crypto';
import type * as NodeCrypto from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { UNCLASSIFIED } from '../../shared/marking/marking.js';
import { bytesStream } from '../../shared/bundle/review-bundle.js';
import { bundleSigner, BUNDLE_NOW } from '../../test/fixtures/bundle-parties.js';
import { writeBundleFile } from '../bundles/node-bundle-io.js';
import { writeFileAtomic } from '../main/files/write-file-atomic.js';

// The temporary name is fresh each time; the tests choose it, to plant something there first.
vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof NodeCrypto>();
  return { ...actual, randomUUID: vi.fn(actual.randomUUID) };
});
const PLANTED = '00000000-0000-4000-8000-000000000000';

let dir: string;
let victim: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-partial-'));
  victim = path.join(dir, 'victim.txt');
  await writeFile(victim, 'precious');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A symbolic link where the next save will make its temporary file, pointing at `to`. */
async function plantLink(target: string, to: string): Promise<string> {
  const link = path.join(dir, `.${path.basename(target)}.${PLANTED}.partial`);
  await symlink(to, link);
  vi.mocked(randomUUID).mockReturnValueOnce(PLANTED);
  return link;
}

async function expectLinkLeftAlone(link: string, to: string): Promise<void> {
  expect((await lstat(link)).isSymbolicLink()).toBe(true);
  expect(await readlink(link)).toBe(to);
  expect(await readFile(victim, 'utf8')).toBe('precious');
}

describe('the temporary file of a save', () => {
  it('is never a symbolic link planted at its name: an atomic write fails, saying so, and writes nothing through it', async () => {
    const target = path.join(dir, 'export.csv');
    const link = await plantLink(target, victim);
    await expect(writeFileAtomic(target, 'exported rows')).rejects.toThrow(
      `.export.csv.${PLANTED}.partial was already there, where the save writes its temporary file: a save writes only through a file it made itself, so that one was left untouched and nothing was written.`,
    );
    await expectLinkLeftAlone(link, victim);
    expect((await readdir(dir)).sort()).toEqual([path.basename(link), 'victim.txt']);
  });

  it('refuses a dangling link too, rather than creating the file it points to', async () => {
    const target = path.join(dir, 'export.csv');
    const elsewhere = path.join(dir, 'made-through-the-link.txt');
    await plantLink(target, elsewhere);
    await expect(writeFileAtomic(target, 'exported rows')).rejects.toThrow('was already there');
    await expect(lstat(elsewhere)).rejects.toThrow('ENOENT');
  });

  it('is refused the same way under a bundle export, and the next export makes a fresh one', async () => {
    const identity = await generateIdentity();
    const header = { bundleId: '3d2f1e0a-5b6c-4d7e-8f90-a1b2c3d4e5f6', createdAt: BUNDLE_NOW.toISOString(), marking: UNCLASSIFIED, signer: bundleSigner(3), encryption: { recipients: [{ label: 'Quinn', recipient: await identityToRecipient(identity) }] } };
    const review = new TextEncoder().encode('{"packets":[]}\n');
    const bundle = { ...header, sources: [{ path: 'review/review.json', size: review.length, stream: () => bytesStream(review) }] };
    const target = path.join(dir, 'review.frbundle');
    const link = await plantLink(target, victim);
    await expect(writeBundleFile(bundle, target)).rejects.toThrow('was already there, where the save writes its temporary file');
    await expectLinkLeftAlone(link, victim);
    await expect(lstat(target)).rejects.toThrow('ENOENT');

    const written = await writeBundleFile(bundle, target);
    expect(written.size).toBe((await readFile(target)).length);
    expect((await readdir(dir)).sort()).toEqual([path.basename(link), 'review.frbundle', 'victim.txt']);
  });
});
