import type { ByteSource } from '../../../../../shared/zip/byte-source.js';

/** A file the reviewer picked, read a slice at a time; the file itself is never loaded whole. */
export function blobSource(file: File): ByteSource {
  return {
    name: file.name,
    size: file.size,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, Math.min(file.size, offset + length)).arrayBuffer()),
  };
}
