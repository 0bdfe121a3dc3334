import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { compress, init as initZstd } from '@bokuweb/zstd-wasm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateInspectLog } from '../../test/fixtures/inspect/generate-inspect-log.js';
import { ZipFileWriter, type ZipEntryInput } from '../../test/fixtures/inspect/zip-writer.js';
import { providedPath } from '../../test/fixtures/provided.js';
import { FileProblem } from '../../shared/errors/file-problem.js';
import { sha256OfSource } from '../../shared/hash/sha256.js';
import { readInspectLog } from '../../shared/inspect/inspect-log.js';
import type { SampleRow } from '../../shared/results/benchmark-run.js';
import { sampleIndexOf } from '../../shared/results/sample-index.js';
import { bytesSource } from '../../shared/zip/byte-source.js';
import { WHOLE_ENTRY_MAX_BYTES, useWholeEntryDecoders, zstdFrameContentSize, type WholeEntryDecoders } from '../../shared/zip/decompress.js';
import { ZipArchive, useHostCrc32 } from '../../shared/zip/zip-reader.js';
import { intakeLogFile } from './intake-log-file.js';
import { nodeWholeEntryDecoders } from './whole-entry-decoders.js';

const dir = mkdtempSync(path.join(tmpdir(), 'intake-test-'));
let decoders: WholeEntryDecoders = {};
let archives = 0;

beforeAll(async () => {
  await initZstd();
  decoders = await nodeWholeEntryDecoders();
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
// Each test says which decoders it reads with; none carries over.
afterEach(() => useWholeEntryDecoders({}));

function archiveOf(entries: readonly ZipEntryInput[]): Uint8Array {
  const file = path.join(dir, `archive-${++archives}.eval`);
  const writer = new ZipFileWriter(file);
  for (const entry of entries) writer.add(entry);
  writer.close();
  return new Uint8Array(readFileSync(file));
}

async function problemReading(bytes: Uint8Array, name: string): Promise<string> {
  const archive = await ZipArchive.open(bytesSource('liar.eval', bytes));
  try {
    await archive.bytes(archive.entry(name)!, 1 << 30);
  } catch (e) {
    expect(e).toBeInstanceOf(FileProblem);
    return (e as FileProblem).message;
  }
  throw new Error(`expected "${name}" to be refused`);
}

/** The browser build's path: the streaming decoders, and the file hashed with hash-wasm. */
async function streamed(file: string) {
  useWholeEntryDecoders({});
  const source = bytesSource(path.basename(file), new Uint8Array(readFileSync(file)));
  const rows: SampleRow[] = [];
  const run = await readInspectLog(source, { onRows: (batch) => Promise.resolve(void rows.push(...batch)) });
  return { run, rows, index: sampleIndexOf(rows), sha256: await sha256OfSource(source) };
}

async function intaken(file: string) {
  const rows: SampleRow[] = [];
  const got = await intakeLogFile(file, { onRows: (batch) => Promise.resolve(void rows.push(...batch)) });
  return { run: got.run, rows, index: got.index, sha256: got.sha256 };
}

describe('whole-entry decoding', () => {
  it('reads the size a zstd frame declares, and nothing from what is not a frame', () => {
    for (const size of [0, 1, 200, 300, 70_000, 5_000_000]) {
      expect(zstdFrameContentSize(compress(new Uint8Array(size).fill(7), 3)), String(size)).toBe(size);
    }
    expect(zstdFrameContentSize(new TextEncoder().encode('{"not":"zstd"}'))).toBeNull();
  });

  it('gives the bytes the streaming decoders give, for deflate and zstd entries', async () => {
    const data = new TextEncoder().encode(JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ id: i, value: i % 3 ? 'C' : 'I' }))));
    const bytes = archiveOf([
      { name: 'a.json', data, method: 8 },
      { name: 'b.json', data, method: 93, compressed: compress(data, 3) },
    ]);
    let wholeCalls = 0;
    const counting = (decode: ((c: Uint8Array, n: number) => Uint8Array) | undefined) => (c: Uint8Array, n: number) => {
      wholeCalls++;
      if (!decode) throw new Error('no decoder');
      return decode(c, n);
    };
    useWholeEntryDecoders({ inflateRaw: counting(decoders.inflateRaw), zstd: counting(decoders.zstd) });
    const archive = await ZipArchive.open(bytesSource('log.eval', bytes));
    for (const name of ['a.json', 'b.json']) expect(Buffer.compare(await archive.bytes(archive.entry(name)!, 1 << 30), data), name).toBe(0);
    expect(wholeCalls).toBe(2);
  });

  it('refuses an entry that expands beyond what it declares in the same words, decoded whole or streamed', async () => {
    const zeros = new Uint8Array(8 * 1024 * 1024);
    const deflateLiar = archiveOf([{ name: 'summaries.json', data: zeros, method: 8, declaredUncompressedSize: 1000 }]);
    const zstdLiar = archiveOf([{ name: 'summaries.json', data: zeros, method: 93, compressed: compress(zeros, 3), declaredUncompressedSize: 1000 }]);
    const expected = 'liar.eval: entry "summaries.json" expands beyond the 1000 bytes it declares; it is not read.';
    for (const bytes of [deflateLiar, zstdLiar]) {
      useWholeEntryDecoders({});
      expect(await problemReading(bytes, 'summaries.json')).toBe(expected);
      useWholeEntryDecoders(decoders);
      expect(await problemReading(bytes, 'summaries.json')).toBe(expected);
    }
  });

  it('checks CRCs with zlib as with WebAssembly, refusing a damaged entry in the same words', async () => {
    const data = new TextEncoder().encode(JSON.stringify(Array.from({ length: 5000 }, (_, i) => ({ id: i }))));
    const sound = archiveOf([{ name: 'summaries.json', data, method: 8 }]);
    const damaged = archiveOf([{ name: 'summaries.json', data, method: 8, declaredCrc: 12345 }]);
    useWholeEntryDecoders(decoders);
    for (const crc32 of [zlib.crc32, undefined]) {
      useHostCrc32(crc32);
      const archive = await ZipArchive.open(bytesSource('sound.eval', sound));
      expect(Buffer.compare(await archive.bytes(archive.entry('summaries.json')!, 1 << 30), data)).toBe(0);
      expect(await problemReading(damaged, 'summaries.json')).toBe('liar.eval: entry "summaries.json" fails its CRC check; the file is damaged.');
    }
  });

  it('streams an entry larger than the whole-entry limit, so memory stops growing with the file', async () => {
    const data = new Uint8Array(WHOLE_ENTRY_MAX_BYTES + 1);
    const bytes = archiveOf([{ name: 'summaries.json', data, method: 8 }]);
    let handed = 0;
    useWholeEntryDecoders({ inflateRaw: () => (handed++, new Uint8Array(0)) });
    const archive = await ZipArchive.open(bytesSource('large.eval', bytes));
    let read = 0;
    for await (const piece of archive.chunks(archive.entry('summaries.json')!, 1 << 30)) read += piece.length;
    expect(read).toBe(WHOLE_ENTRY_MAX_BYTES + 1);
    expect(handed).toBe(0);
  });

  it('never hands a decoder a zstd frame that declares another size than the directory', async () => {
    const data = new Uint8Array(2000).fill(65);
    const bytes = archiveOf([{ name: 'summaries.json', data, method: 93, compressed: compress(data, 3), declaredUncompressedSize: 1000 }]);
    let handed = 0;
    useWholeEntryDecoders({ zstd: () => (handed++, new Uint8Array(1000)) });
    expect(await problemReading(bytes, 'summaries.json')).toBe('liar.eval: entry "summaries.json" expands beyond the 1000 bytes it declares; it is not read.');
    expect(handed).toBe(0);
  });
});

describe('intakeLogFile', () => {
  it('stores what the browser build stores: the same run, rows, score index and SHA-256, for the provided logs', async () => {
    const folder = providedPath('inspect');
    const logs = readdirSync(folder);
    expect(logs.length).toBeGreaterThan(3);
    for (const name of logs) {
      const file = path.join(folder, name);
      const expected = await streamed(file);
      expect(await intaken(file), name).toEqual(expected);
      expect(expected.sha256, name).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('stores what the browser build stores for generated logs with NaN scores, in zstd and deflate', async () => {
    for (const compression of ['zstd', 'deflate'] as const) {
      const generated = await generateInspectLog(path.join(dir, `nan-${compression}.eval`), { samples: 700, epochs: 2, nanRate: 0.2, errorRate: 0.05, limitRate: 0.05, turns: 0, seed: 9, compression });
      const expected = await streamed(generated.path);
      const got = await intaken(generated.path);
      expect(got, compression).toEqual(expected);
      expect(got.rows.length).toBe(1400);
      expect(got.run.samples.unscored).toBe(generated.unscored);
      expect(got.rows.some((row) => Object.values(row.scores).some((s) => Number.isNaN(s.value)))).toBe(true);
    }
  });

  it('refuses a ZIP that is not a log, naming the file', async () => {
    const file = path.join(dir, 'notes.eval');
    const writer = new ZipFileWriter(file);
    writer.add({ name: 'notes.txt', data: new TextEncoder().encode('hello') });
    writer.close();
    await expect(intakeLogFile(file, { onRows: () => Promise.resolve() })).rejects.toThrow('notes.eval: this ZIP is not an Inspect .eval log: it has neither header.json nor _journal/start.json.');
  });
});
