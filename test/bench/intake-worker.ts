import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { intakeLogFile } from '../../electron/intake/intake-log-file.js';
import { nodeWholeEntryDecoders } from '../../electron/intake/whole-entry-decoders.js';
import { FileSource } from '../../electron/cli/file-source.js';
import { ZipArchive } from '../../shared/zip/zip-reader.js';

/**
 * The desktop intake under plain Node, as the app's utility process runs it, on one log, in a
 * process of its own so its peak memory is its own; and in the same process its floors: reading
 * the whole file and hashing it with OpenSSL, and decoding the entries an import reads (the
 * fastest decoder this Node has) and parsing them with JSON.parse. Prints one JSON line.
 */
const file = process.argv[2];
const repeat = Number(process.argv[3] ?? 3);

async function timed<T>(task: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const start = performance.now();
  const value = await task();
  return { seconds: (performance.now() - start) / 1000, value };
}

async function readAndHash(): Promise<string> {
  return createHash('sha256').update(await readFile(file ?? '')).digest('hex');
}

/** header.json and summaries.json decoded whole and parsed; bare NaN read as null, which is enough for a floor. */
async function decodeAndParse(): Promise<number> {
  const decoders = await nodeWholeEntryDecoders();
  const source = await FileSource.open(file ?? '');
  try {
    const zip = await ZipArchive.open(source);
    let values = 0;
    for (const name of ['header.json', 'summaries.json']) {
      const entry = zip.entry(name);
      if (!entry) continue;
      const local = await source.read(entry.localHeaderOffset, 30);
      const view = new DataView(local.buffer, local.byteOffset, local.byteLength);
      const start = entry.localHeaderOffset + 30 + view.getUint16(26, true) + view.getUint16(28, true);
      const compressed = await source.read(start, entry.compressedSize);
      const decode = entry.method === 93 ? decoders.zstd : decoders.inflateRaw;
      if (!decode) throw new Error(`no whole-entry decoder for method ${entry.method}`);
      const parsed: unknown = JSON.parse(new TextDecoder().decode(decode(compressed, entry.uncompressedSize)).replaceAll(':NaN', ':null'));
      values += Array.isArray(parsed) ? parsed.length : 1;
    }
    return values;
  } finally {
    await source.close();
  }
}

async function main(): Promise<void> {
  if (!file) throw new Error('usage: intake-worker <file.eval> [repeat]');
  const baselineKB = process.resourceUsage().maxRSS;
  const imports: number[] = [];
  let samples = 0;
  for (let i = 0; i < repeat; i++) {
    const { seconds, value } = await timed(() => intakeLogFile(file, { onRows: () => Promise.resolve() }));
    imports.push(seconds);
    samples = value.run.samples.read;
  }
  const peakMemoryMB = ((process.resourceUsage().maxRSS - baselineKB) * 1024) / 1e6;
  const readHash: number[] = [];
  const decodeParse: number[] = [];
  for (let i = 0; i < repeat; i++) {
    readHash.push((await timed(readAndHash)).seconds);
    decodeParse.push((await timed(decodeAndParse)).seconds);
  }
  const zstd = 'zstdDecompressSync' in (await import('node:zlib')) ? 'native' : 'WebAssembly';
  process.stdout.write(`${JSON.stringify({ samples, imports, peakMemoryMB, readHash, decodeParse, zstd, node: process.version })}\n`);
}

void main();
