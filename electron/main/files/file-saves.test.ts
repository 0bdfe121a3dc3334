import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tempDirPerTest } from '../../../test/fixtures/temp-dir.js';
import { describe, expect, it } from 'vitest';
import { FileSaves } from './file-saves.js';

const testDir = tempDirPerTest('frontier-review-saves-');

const bytes = (text: string) => new TextEncoder().encode(text);

describe('files saved in slices', () => {
  it('puts the file in place, slices in order, only when the last is in', async () => {
    const target = path.join(testDir(), 'history.jsonl');
    await writeFile(target, 'the file saved before\n');
    const saves = new FileSaves();
    const id = await saves.begin(target);
    // Sent without waiting, as the renderer may: each slice still lands after the one before it.
    await Promise.all([saves.append(id, bytes('first\n')), saves.append(id, bytes('second\n')), saves.append(id, bytes('third\n'))]);
    expect(await readFile(target, 'utf8')).toBe('the file saved before\n');
    expect(await saves.finish(id)).toBe(target);
    expect(await readFile(target, 'utf8')).toBe('first\nsecond\nthird\n');
    expect(await readdir(testDir())).toEqual(['history.jsonl']);
  });

  it('leaves nothing behind when cancelled, and the file before it as it was', async () => {
    const target = path.join(testDir(), 'history.jsonl');
    await writeFile(target, 'kept\n');
    const saves = new FileSaves();
    const id = await saves.begin(target);
    await saves.append(id, bytes('half a file'));
    await saves.cancel(id);
    expect(await readdir(testDir())).toEqual(['history.jsonl']);
    expect(await readFile(target, 'utf8')).toBe('kept\n');
    await expect(saves.append(id, bytes('more'))).rejects.toThrow('That save is not open: it was finished or cancelled, so nothing more was written.');
    await expect(saves.finish(id)).rejects.toThrow('That save is not open');
  });

  it('closes every open save when the window that began them goes', async () => {
    const saves = new FileSaves();
    await saves.append(await saves.begin(path.join(testDir(), 'a.jsonl')), bytes('a'));
    await saves.begin(path.join(testDir(), 'b.jsonl'));
    await saves.cancelAll();
    expect(await readdir(testDir())).toEqual([]);
  });
});
