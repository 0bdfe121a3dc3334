import { randomUUID } from 'node:crypto';
import { lstat, open, rename, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** A save could not make its temporary file: something already has the name. */
export class PartialFileInTheWay extends Error {}

/** A temporary file a save writes in full before renaming it into place. */
export interface PartialFile {
  readonly path: string;
  /** Open for writing and reading; the save closes it. */
  readonly handle: FileHandle;
}

/**
 * A new, empty file beside `target`, under a fresh name. It is created exclusively (`wx`, that is
 * O_CREAT | O_EXCL), so it is never a file or link that was there before: a symbolic link planted
 * at its name is refused rather than followed, and left as it was. The save then writes through
 * this handle only, never reopening the file by its name.
 */
export async function createPartialFile(target: string): Promise<PartialFile> {
  const name = `.${path.basename(target)}.${randomUUID()}.partial`;
  const partial = path.join(path.dirname(target), name);
  try {
    return { path: partial, handle: await open(partial, 'wx+') };
  } catch (error) {
    if (typeof error === 'object' && error !== null && Reflect.get(error, 'code') === 'EEXIST') {
      throw new PartialFileInTheWay(`${name} was already there, where the save writes its temporary file: a save writes only through a file it made itself, so that one was left untouched and nothing was written.`);
    }
    throw error;
  }
}

/**
 * Closes the temporary file and renames it into place, after checking that its name still leads to
 * the file written: if the name was swapped for another file meanwhile (a shared or removable
 * folder), the bytes whose digest was recorded would not be the ones saved, so nothing is renamed.
 */
export async function closeAndRenameInto(partial: PartialFile, target: string): Promise<void> {
  const written = await partial.handle.stat();
  await partial.handle.close();
  const named = await lstat(partial.path);
  if (named.dev !== written.dev || named.ino !== written.ino) {
    throw new PartialFileInTheWay(`${path.basename(partial.path)} was replaced by another file while the save wrote it, so nothing was put in place of ${path.basename(target)}.`);
  }
  await rename(partial.path, target);
}
