import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { closeAndRenameInto, createPartialFile, type PartialFile } from '../../files/partial-file.js';

/** A save the renderer does not hold: unknown, finished or cancelled. */
export class UnknownFileSave extends Error {}

interface Save {
  readonly target: string;
  readonly partial: PartialFile;
  /** Slices are written in the order they came, each after the last. */
  writing: Promise<void>;
  written: number;
}

/**
 * Files saved in slices: each save writes a temporary file beside its target, the user's choice in
 * the save dialog, and renames it into place, synced, once the last slice is in; a cancelled or
 * failed save removes it. The renderer knows a save by its id only, never by its path.
 */
export class FileSaves {
  private readonly saves = new Map<string, Save>();

  async begin(target: string): Promise<string> {
    const id = randomUUID();
    this.saves.set(id, { target, partial: await createPartialFile(target), writing: Promise.resolve(), written: 0 });
    return id;
  }

  async append(id: string, data: Uint8Array): Promise<void> {
    const save = this.get(id);
    const at = save.written;
    save.written += data.byteLength;
    const write = save.writing.then(async () => {
      for (let done = 0; done < data.byteLength; ) done += (await save.partial.handle.write(data, done, data.byteLength - done, at + done)).bytesWritten;
    });
    // A failed write fails this call and every later one: the file is not saved with a hole in it.
    save.writing = write;
    await write;
  }

  /** Syncs and renames the file into place; where it went. */
  async finish(id: string): Promise<string> {
    const save = this.get(id);
    this.saves.delete(id);
    try {
      await save.writing;
      await save.partial.handle.sync();
      await closeAndRenameInto(save.partial, save.target);
      return save.target;
    } catch (error) {
      await discard(save);
      throw error;
    }
  }

  async cancel(id: string): Promise<void> {
    const save = this.saves.get(id);
    this.saves.delete(id);
    if (save) await discard(save);
  }

  /** Every save still open, removed: the window that began them closed. */
  async cancelAll(): Promise<void> {
    await Promise.all([...this.saves.keys()].map((id) => this.cancel(id)));
  }

  private get(id: string): Save {
    const save = this.saves.get(id);
    if (!save) throw new UnknownFileSave('That save is not open: it was finished or cancelled, so nothing more was written.');
    return save;
  }
}

async function discard(save: Save): Promise<void> {
  await save.writing.catch(() => undefined);
  await save.partial.handle.close().catch(() => undefined);
  await rm(save.partial.path, { force: true });
}
