import { sha256OfSource } from '../../shared/hash/sha256.js';
import { ZipArchive } from '../../shared/zip/zip-reader.js';
import type { ByteSource } from '../../shared/zip/byte-source.js';

/**
 * The floors an import is measured against, run in the same browser on the same file: reading
 * the file, hashing it, and reading plus decompressing every entry (no parsing, no storing).
 */
function source(file: File): ByteSource {
  return { name: file.name, size: file.size, read: async (o, n) => new Uint8Array(await file.slice(o, Math.min(file.size, o + n)).arrayBuffer()) };
}

async function readOnly(file: File): Promise<number> {
  const start = performance.now();
  let bytes = 0;
  for (let o = 0; o < file.size; o += 4 << 20) bytes += (await file.slice(o, o + (4 << 20)).arrayBuffer()).byteLength;
  if (bytes !== file.size) throw new Error('short read');
  return performance.now() - start;
}

async function decompressAll(file: File): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const zip = await ZipArchive.open(source(file));
  let bytes = 0;
  for (const entry of zip.entries) for await (const chunk of zip.chunks(entry, Number.MAX_SAFE_INTEGER)) bytes += chunk.length;
  return { ms: performance.now() - start, bytes };
}

async function hashOnly(file: File): Promise<number> {
  const start = performance.now();
  await sha256OfSource(source(file));
  return performance.now() - start;
}

Object.assign(globalThis, { benchFloor: { readOnly, decompressAll, hashOnly } });
