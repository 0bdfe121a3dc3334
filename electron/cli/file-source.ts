import { open, type FileHandle } from 'node:fs/promises';
import type { ByteSource } from '../../shared/zip/byte-source.js';

/**
 * A `ByteSource` over a file on disk, read with positional reads so a multi-gigabyte log is never
 * held in memory. Positional reads do not share a file offset, so the hash and the parser can
 * read the same handle at once. Close it when done.
 */
export class FileSource implements ByteSource {
  private constructor(
    readonly name: string,
    readonly size: number,
    private readonly handle: FileHandle,
  ) {}

  /** Opens `filePath`; `name` is what messages call the file. Refuses folders and devices. */
  static async open(filePath: string, name: string = filePath): Promise<FileSource> {
    const handle = await open(filePath, 'r');
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) throw new NotAFile(stat.isDirectory() ? 'is a folder, not a file' : 'is not a regular file');
      return new FileSource(name, stat.size, handle);
    } catch (e) {
      await handle.close();
      throw e;
    }
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (!Number.isSafeInteger(offset) || !Number.isSafeInteger(length) || offset < 0 || length < 0) {
      throw new RangeError(`Cannot read ${length} bytes at ${offset} of ${this.name}.`);
    }
    const wanted = Math.max(0, Math.min(length, this.size - offset));
    const bytes = new Uint8Array(wanted);
    let filled = 0;
    // A read may return fewer bytes than asked even mid-file; keep going until done or end of file.
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(bytes, filled, wanted - filled, offset + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled === wanted ? bytes : bytes.subarray(0, filled);
  }

  close(): Promise<void> {
    return this.handle.close();
  }
}

/** The path names something that is not a regular file. */
export class NotAFile extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'NotAFile';
  }
}
