import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ReadCancelled } from '../result/file-problem.js';
import type { ByteSource } from '../zip/byte-source.js';

/**
 * SHA-256 of a whole file, read a slice at a time so a 2 GB log is hashed in constant memory.
 * Web Crypto cannot hash incrementally, so this uses noble-hashes (audited, pure JavaScript).
 */
export async function sha256OfSource(
  source: ByteSource,
  options: { readonly signal?: AbortSignal; readonly onProgress?: (done: number, total: number) => void; readonly sliceBytes?: number } = {},
): Promise<string> {
  const hash = sha256.create();
  const slice = options.sliceBytes ?? 4 * 1024 * 1024;
  for (let offset = 0; offset < source.size; offset += slice) {
    if (options.signal?.aborted) throw new ReadCancelled();
    const bytes = await source.read(offset, Math.min(slice, source.size - offset));
    hash.update(bytes);
    options.onProgress?.(offset + bytes.length, source.size);
  }
  return bytesToHex(hash.digest());
}

export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}
