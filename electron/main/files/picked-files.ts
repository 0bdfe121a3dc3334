import { randomUUID } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PickedFileInfo } from '../../../shared/ipc/host-contract.js';
import { HostError } from '../ipc/host-error.js';

/** A token not used for this long is forgotten, whether or not the page released it. */
export const PICKED_FILE_IDLE_MS = 60 * 60 * 1000;

interface Picked {
  readonly path: string;
  readonly size: number;
  lastUsed: number;
}

/**
 * Files the user chose in an open dialog. The renderer gets an opaque token per file and can
 * read only those files, slice by slice, so large evaluation logs stream without the renderer
 * ever naming a path on disk. A token lasts as long as the work it was picked for: the page
 * releases it when that work ends, a reload or crash of the page releases them all, and one left
 * unused for an hour expires.
 */
export class PickedFiles {
  private readonly files = new Map<string, Picked>();

  constructor(
    private readonly now: () => number = Date.now,
    private readonly idleMs: number = PICKED_FILE_IDLE_MS,
  ) {}

  async add(filePath: string): Promise<PickedFileInfo> {
    const info = await stat(filePath);
    if (!info.isFile()) throw new Error(`${path.basename(filePath)} is not a regular file.`);
    const token = randomUUID();
    this.files.set(token, { path: filePath, size: info.size, lastUsed: this.now() });
    return { token, name: path.basename(filePath), size: info.size };
  }

  /** Where a picked file lies and its size when picked: for the main process's own reading. */
  locate(token: string): { readonly path: string; readonly size: number } {
    const file = this.files.get(token);
    const now = this.now();
    if (file !== undefined && now - file.lastUsed > this.idleMs) this.files.delete(token);
    else if (file !== undefined) {
      file.lastUsed = now;
      return file;
    }
    throw new HostError({ code: 'not-found', message: 'That file is not open to the app: it was not chosen in a file dialog, or the work it was chosen for has ended. Choose it again.' });
  }

  /** Bytes `[offset, offset + length)` of a picked file; shorter at the end of the file. */
  async read(token: string, offset: number, length: number): Promise<Uint8Array> {
    const filePath = this.locate(token).path;
    const handle = await open(filePath, 'r');
    try {
      const buffer = new Uint8Array(length);
      const { bytesRead } = await handle.read(buffer, 0, length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  /** The page is done with these files: their tokens open nothing from now on. */
  release(tokens: readonly string[]): void {
    for (const token of tokens) this.files.delete(token);
  }

  /** The page went (a reload, a crash): nothing it picked stays open. */
  releaseAll(): void {
    this.files.clear();
  }
}
