import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDirPerTest } from '../../../test/fixtures/temp-dir.js';
import { describe, expect, it } from 'vitest';
import { PICKED_FILE_IDLE_MS, PickedFiles } from './picked-files.js';

const NOT_OPEN = 'That file is not open to the app: it was not chosen in a file dialog, or the work it was chosen for has ended. Choose it again.';
import { writeFileAtomic } from './write-file-atomic.js';

const testDir = tempDirPerTest('frontier-review-files-');

describe('picked files', () => {
  it('reads a picked file slice by slice through its token', async () => {
    const file = path.join(testDir(), 'run.eval');
    await writeFile(file, 'abcdefghij');
    const picked = new PickedFiles();
    const info = await picked.add(file);
    expect(info).toMatchObject({ name: 'run.eval', size: 10 });
    expect(new TextDecoder().decode(await picked.read(info.token, 0, 4))).toBe('abcd');
    expect(new TextDecoder().decode(await picked.read(info.token, 8, 4))).toBe('ij');
    expect((await picked.read(info.token, 20, 4)).byteLength).toBe(0);
  });

  it('refuses tokens it did not hand out, and folders', async () => {
    const picked = new PickedFiles();
    await expect(picked.read('6f1d2a3b-4c5d-4e6f-8a9b-0c1d2e3f4a5b', 0, 1)).rejects.toThrow(NOT_OPEN);
    await expect(picked.add(testDir())).rejects.toThrow('is not a regular file');
  });

  it('opens nothing through a token once the page has released it, or once the page went', async () => {
    const file = path.join(testDir(), 'run.eval');
    await writeFile(file, 'abcdefghij');
    const picked = new PickedFiles();
    const [kept, released] = [await picked.add(file), await picked.add(file)];
    picked.release([released.token]);
    await expect(picked.read(released.token, 0, 4)).rejects.toThrow(NOT_OPEN);
    expect(() => picked.locate(released.token)).toThrow(NOT_OPEN);
    expect(new TextDecoder().decode(await picked.read(kept.token, 0, 4))).toBe('abcd');
    picked.releaseAll();
    await expect(picked.read(kept.token, 0, 4)).rejects.toThrow(NOT_OPEN);
  });

  it('forgets a token left unused for an hour; each read keeps it open another hour', async () => {
    const file = path.join(testDir(), 'run.eval');
    await writeFile(file, 'abcdefghij');
    let now = 0;
    const picked = new PickedFiles(() => now);
    const busy = await picked.add(file);
    const idle = await picked.add(file);
    for (const minutes of [50, 100]) {
      now = minutes * 60_000;
      expect(await picked.read(busy.token, 0, 1)).toEqual(new TextEncoder().encode('a'));
    }
    await expect(picked.read(idle.token, 0, 1)).rejects.toThrow(NOT_OPEN);
    now = PICKED_FILE_IDLE_MS + 100 * 60_000 + 1;
    await expect(picked.read(busy.token, 0, 1)).rejects.toThrow(NOT_OPEN);
  });
});

describe('atomic writes', () => {
  it('replaces a file whole and leaves no partial file behind', async () => {
    const target = path.join(testDir(), 'export.csv');
    await writeFile(target, 'old');
    await writeFileAtomic(target, 'new contents');
    expect(await readFile(target, 'utf8')).toBe('new contents');
    expect(await readdir(testDir())).toEqual(['export.csv']);
  });

  it('leaves the old file untouched when the write fails', async () => {
    const target = path.join(testDir(), 'missing-folder', 'export.csv');
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await readdir(testDir())).toEqual([]);
  });
});
