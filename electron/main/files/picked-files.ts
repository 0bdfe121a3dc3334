import { randomUUID } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import type { PickedFileInfo } from '../../../shared/ipc/host-contract.js';
import { HostError } from '../ipc/host-error.js';

/**
 * Files the user chose in an open dialog. The renderer gets an opaque token per file and can
 * read only those files, slice by slice, so large evaluation logs stream without the renderer
 * ever naming a path on disk.
 */
export class PickedFiles {
  private readonly files = new Map<string, { readonly path: string; readonly size: number }>();

  async add(filePath: string): Promise<PickedFileInfo> {
    const info = await stat(filePath);
    if (!info.isFile()) throw new Error(`${path.basename(filePath)} is not a regular file.`);
    const token = randomUUID();
    this.files.set(token, { path: filePath, size: info.size });
    return { token, name: path.basename(filePath), size: info.size };
  }

  /** Where a picked file lies and its size when picked: for the main process's own reading. */
  locate(token: string): { readonly path: string; readonly size: number } {
    const file = this.files.get(token);
    if (file === undefined) {
      throw new HostError({ code: 'not-found', message: 'That file was not opened through a file dialog in this session.' });
    }
    return file;
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
}
