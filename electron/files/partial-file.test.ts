import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { closeAndRenameInto, createPartialFile, PartialFileInTheWay } from './partial-file.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-partial-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

it('puts the written file in place, and nothing when its name was swapped for another file meanwhile', async () => {
  const target = path.join(dir, 'summary.csv');
  const ours = await createPartialFile(target);
  await ours.handle.writeFile('SECRET//NOFORN\r\nTitle\r\nSECRET//NOFORN\r\n');
  await closeAndRenameInto(ours, target);
  expect(await readFile(target, 'utf8')).toContain('SECRET//NOFORN');

  const second = path.join(dir, 'second.csv');
  const swapped = await createPartialFile(second);
  await swapped.handle.writeFile('what was digested and recorded');
  // Someone with write access to the folder replaces the temporary file by name.
  await rm(swapped.path);
  await writeFile(swapped.path, 'something else');
  await expect(closeAndRenameInto(swapped, second)).rejects.toThrow(PartialFileInTheWay);
  await expect(readFile(second)).rejects.toMatchObject({ code: 'ENOENT' });
});
