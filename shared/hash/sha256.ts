import { createSHA256, sha256 } from 'hash-wasm';
import { ReadCancelled } from '../errors/file-problem.js';
import type { ByteSource } from '../zip/byte-source.js';

/**
 * SHA-256 of a whole file, read a slice at a time so a 2 GB log is hashed in constant memory.
 * Web Crypto cannot hash incrementally, so this uses hash-wasm (SHA-256 compiled to WebAssembly,
 * several times faster than JavaScript). The next slice is read while the current one is hashed.
 */
export async function sha256OfSource(
  source: ByteSource,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (done: number, total: number) => void; readonly sliceBytes?: number } = {},
): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  const slice = options.sliceBytes ?? 4 * 1024 * 1024;
  const read = (offset: number) => {
    const reading = source.read(offset, Math.min(slice, source.size - offset));
    reading.catch(() => undefined);
    return reading;
  };
  let next = source.size > 0 ? read(0) : undefined;
  for (let offset = 0; offset < source.size; offset += slice) {
    if (options.signal?.aborted) throw new ReadCancelled();
    const bytes = await (next ?? read(offset));
    next = offset + slice < source.size ? read(offset + slice) : undefined;
    hasher.update(bytes);
    options.onProgress?.(offset + bytes.length, source.size);
  }
  return hasher.digest('hex');
}

/**
 * SHA-256 of bytes arriving in pieces of any size, as a file's stream gives them: the browser
 * reads ahead on its own, with no slice requests in between. `size` is what the pieces must add
 * up to; a file that changed while it was read is refused rather than hashed short.
 */
export async function sha256OfPieces(
  pieces: AsyncIterable<Uint8Array>,
  size: number,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (done: number, total: number) => void } = {},
): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  let done = 0;
  for await (const piece of pieces) {
    if (options.signal?.aborted) throw new ReadCancelled();
    hasher.update(piece);
    done += piece.length;
    options.onProgress?.(Math.min(done, size), size);
  }
  if (done !== size) throw new Error(`it held ${done} bytes where ${size} were expected; it may have changed while it was read`);
  return hasher.digest('hex');
}

export function sha256Hex(bytes: Uint8Array): Promise<string> {
  return sha256(bytes);
}

/** SHA-256 of a file held in pieces, in order, as if they were one array. */
export async function sha256OfParts(parts: readonly Uint8Array[]): Promise<string> {
  const hasher = await createSHA256();
  hasher.init();
  for (const part of parts) hasher.update(part);
  return hasher.digest('hex');
}
