import zlib from 'node:zlib';
import * as zstdWasm from '@bokuweb/zstd-wasm';
import type { WholeEntryDecoders } from '../../shared/zip/decompress.js';

/**
 * The desktop intake's whole-entry decoders: zlib's own inflate, and zstd natively where this
 * Node has it (22.15 and later) or else zstd compiled to WebAssembly. Each stops at the size the
 * entry declares.
 */
type ZstdZlib = typeof zlib & { zstdDecompressSync?: (buffer: Uint8Array, options: { maxOutputLength: number }) => Buffer };

// zlib refuses a limit of 0; an empty entry is never decoded whole anyway.
const limit = (declaredSize: number) => Math.max(1, declaredSize);

// An empty zstd frame: it decodes once the WebAssembly module is running. Starting the module a
// second time (another part of the process started it) would swap its memory under its users.
const EMPTY_ZSTD_FRAME = new Uint8Array([0x28, 0xb5, 0x2f, 0xfd, 0x20, 0x00, 0x01, 0x00, 0x00]);

async function startedWasmZstd(): Promise<typeof zstdWasm> {
  try {
    zstdWasm.decompress(EMPTY_ZSTD_FRAME);
  } catch {
    await zstdWasm.init();
  }
  return zstdWasm;
}

export async function nodeWholeEntryDecoders(): Promise<WholeEntryDecoders> {
  const inflateRaw = (compressed: Uint8Array, declaredSize: number) => zlib.inflateRawSync(compressed, { maxOutputLength: limit(declaredSize) });
  const native = (zlib as ZstdZlib).zstdDecompressSync;
  if (native) return { inflateRaw, zstd: (compressed, declaredSize) => native(compressed, { maxOutputLength: limit(declaredSize) }) };
  try {
    const wasm = await startedWasmZstd();
    // The reader has checked that the frame declares the entry's size, which sizes the output.
    return { inflateRaw, zstd: (compressed) => wasm.decompress(compressed) };
  } catch {
    // Without it, zstd entries stream through the JavaScript decoder, as in the browser.
    return { inflateRaw };
  }
}
