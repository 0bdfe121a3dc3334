import type { ByteSource } from '../../../shared/zip/byte-source.js';

/** A file (or a stored log) read a slice at a time; the file itself is never loaded whole. */
export function blobSource(blob: Blob, name: string = blob instanceof File ? blob.name : 'file'): ByteSource {
  return {
    name,
    size: blob.size,
    read: async (offset, length) => new Uint8Array(await blob.slice(offset, Math.min(blob.size, offset + length)).arrayBuffer()),
  };
}

/** A file's bytes in the pieces its stream reads them in, the browser reading ahead of the caller. */
export async function* blobPieces(blob: Blob): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) yield read.value;
  } finally {
    // A caller that stops early (cancelled) stops the browser's reading too.
    await reader.cancel();
  }
}

/**
 * A source copied into a Blob a slice at a time. Each new Blob refers to the one before rather than
 * copying it, and the browser keeps large Blobs on disk, so a log of gigabytes fits.
 */
export async function blobOf(source: ByteSource, sliceBytes = 16 * 1024 * 1024): Promise<Blob> {
  let blob = new Blob([]);
  for (let offset = 0; offset < source.size; ) {
    const slice = await source.read(offset, Math.min(sliceBytes, source.size - offset));
    if (slice.length === 0) throw new Error(`${source.name} ended at byte ${offset} of ${source.size}.`);
    blob = new Blob([blob, slice as Uint8Array<ArrayBuffer>]);
    offset += slice.length;
  }
  return blob;
}
