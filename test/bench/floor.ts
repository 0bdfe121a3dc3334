import { sha256OfSource } from '../../shared/hash/sha256.js';
import { windowedSource, type ByteSource } from '../../shared/zip/byte-source.js';
import { ZipArchive } from '../../shared/zip/zip-reader.js';

/**
 * The floors an import is measured against, run in the same browser on the same file, with no
 * parsing and no storing: reading the file (in 4 MiB slices, and whole); hashing it (as the app
 * does, and with Web Crypto over the whole file); reading and decompressing the entries an
 * import reads (header.json and summaries.json); reading and decompressing every entry.
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

/** The whole file in one read, as a reader that holds it can have it. */
async function readWhole(file: File): Promise<number> {
  const start = performance.now();
  if ((await file.arrayBuffer()).byteLength !== file.size) throw new Error('short read');
  return performance.now() - start;
}

/** One read and the browser's own SHA-256 (Web Crypto) over all of it: the fastest hash a page has. */
async function subtleHash(file: File): Promise<number> {
  const start = performance.now();
  await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
  return performance.now() - start;
}

async function decompress(file: File, which: 'import' | 'all'): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const zip = await ZipArchive.open(source(file));
  const entries = which === 'all' ? zip.entries : zip.entries.filter((e) => e.name === 'header.json' || e.name === 'summaries.json');
  // Every entry is read in file order through a window, the fastest way to walk a whole file.
  const reader = which === 'all' ? zip.withSource(windowedSource(source(file))) : zip;
  let bytes = 0;
  for (const entry of entries) for await (const chunk of reader.chunks(entry, Number.MAX_SAFE_INTEGER)) bytes += chunk.length;
  return { ms: performance.now() - start, bytes };
}

async function hashOnly(file: File): Promise<number> {
  const start = performance.now();
  await sha256OfSource(source(file));
  return performance.now() - start;
}

Object.assign(globalThis, {
  benchFloor: { readOnly, readWhole, subtleHash, hashOnly, decompressImport: (f: File) => decompress(f, 'import'), decompressAll: (f: File) => decompress(f, 'all') },
});
