import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compress, init as initZstd } from '@bokuweb/zstd-wasm';
import { deflateSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ZipEntryInput, ZipFileWriter } from '../../test/fixtures/inspect/zip-writer.js';
import { FileProblem, ReadCancelled } from '../errors/file-problem.js';
import { type ByteSource, bytesSource } from './byte-source.js';
import { ZIP_METHOD_DEFLATE, ZIP_METHOD_STORED, ZIP_METHOD_ZSTD, ZipArchive, type ZipEntry } from './zip-reader.js';

const encoder = new TextEncoder();
let dir = '';
let fileCount = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'zip-reader-test-'));
  await initZstd();
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** Writes the entries with the test ZIP writer and returns the archive's bytes. */
function zipBytes(entries: readonly ZipEntryInput[]): Uint8Array {
  const path = join(dir, `archive-${++fileCount}.zip`);
  const writer = new ZipFileWriter(path);
  for (const entry of entries) writer.add(entry);
  writer.close();
  return new Uint8Array(readFileSync(path));
}

function text(value: string): Uint8Array {
  return encoder.encode(value);
}

/** Bytes that do not compress, from a fixed seed. */
function noise(length: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** Where each central directory record starts (the archives here have no archive comment). */
function centralRecords(bytes: Uint8Array): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = bytes.length - 22;
  expect(dv.getUint32(eocd, true)).toBe(0x06054b50);
  const count = dv.getUint16(eocd + 10, true);
  let p = dv.getUint32(eocd + 16, true);
  const offsets: number[] = [];
  for (let n = 0; n < count; n++) {
    offsets.push(p);
    p += 46 + dv.getUint16(p + 28, true) + dv.getUint16(p + 30, true) + dv.getUint16(p + 32, true);
  }
  return offsets;
}

function patch16(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint16(offset, value, true);
  return copy;
}

function patch32(bytes: Uint8Array, offset: number, value: number): Uint8Array {
  const copy = bytes.slice();
  new DataView(copy.buffer).setUint32(offset, value, true);
  return copy;
}

async function openProblem(source: ByteSource): Promise<FileProblem> {
  try {
    await ZipArchive.open(source);
  } catch (e) {
    expect(e).toBeInstanceOf(FileProblem);
    return e as FileProblem;
  }
  throw new Error(`expected ${source.name} to be refused`);
}

async function readProblem(archive: ZipArchive, entry: ZipEntry, maxBytes = 1 << 30): Promise<{ problem: FileProblem; yielded: number }> {
  let yielded = 0;
  try {
    for await (const chunk of archive.chunks(entry, maxBytes)) yielded += chunk.length;
  } catch (e) {
    expect(e).toBeInstanceOf(FileProblem);
    return { problem: e as FileProblem, yielded };
  }
  throw new Error(`expected reading "${entry.name}" to fail`);
}

/** Compares byte for byte; toEqual walks large arrays element by element and takes seconds. */
function expectSameBytes(actual: Uint8Array, expected: Uint8Array, label = ''): void {
  expect(actual.length, label).toBe(expected.length);
  expect(Buffer.compare(actual, expected), label).toBe(0);
}

async function entryBytes(archive: ZipArchive, name: string): Promise<Uint8Array> {
  const entry = archive.entry(name);
  expect(entry, name).toBeDefined();
  return archive.bytes(entry!, 1 << 30);
}

describe('ZipArchive: reading sound archives', () => {
  it('round-trips stored, deflate and zstd entries', async () => {
    const json = text(JSON.stringify({ version: 2, status: 'success', samples: Array.from({ length: 200 }, (_, i) => ({ id: i })) }));
    const bytes = zipBytes([
      { name: 'stored.json', data: json, method: 0 },
      { name: 'deflate.json', data: json, method: 8 },
      { name: 'zstd.json', data: json, method: 93, compressed: compress(json, 3) },
      { name: 'empty.txt', data: new Uint8Array(0), method: 0 },
      { name: 'empty-deflate.txt', data: new Uint8Array(0), method: 8 },
    ]);
    const archive = await ZipArchive.open(bytesSource('round-trip.eval', bytes));
    expect(archive.name).toBe('round-trip.eval');
    expect(archive.entries.map((e) => [e.name, e.method])).toEqual([
      ['stored.json', ZIP_METHOD_STORED],
      ['deflate.json', ZIP_METHOD_DEFLATE],
      ['zstd.json', ZIP_METHOD_ZSTD],
      ['empty.txt', ZIP_METHOD_STORED],
      ['empty-deflate.txt', ZIP_METHOD_DEFLATE],
    ]);
    expect(archive.entry('deflate.json')!.compressedSize).toBeLessThan(json.length);
    for (const name of ['stored.json', 'deflate.json', 'zstd.json']) expect(await entryBytes(archive, name), name).toEqual(json);
    expect(await entryBytes(archive, 'empty.txt')).toHaveLength(0);
    expect(await entryBytes(archive, 'empty-deflate.txt')).toHaveLength(0);
    expect(archive.entry('missing.json')).toBeUndefined();
  });

  it('reads a zstd entry made of two concatenated frames, as Inspect writes past 200 MiB', async () => {
    const first = text('{"part":1},'.repeat(5000));
    const second = text('{"part":2},'.repeat(7000));
    const a = compress(first, 3);
    const b = compress(second, 3);
    const frames = new Uint8Array(a.length + b.length);
    frames.set(a, 0);
    frames.set(b, a.length);
    const whole = new Uint8Array(first.length + second.length);
    whole.set(first, 0);
    whole.set(second, first.length);
    const archive = await ZipArchive.open(bytesSource('frames.eval', zipBytes([{ name: 'summaries.json', data: whole, method: 93, compressed: frames }])));
    expectSameBytes(await entryBytes(archive, 'summaries.json'), whole);
  });

  it('streams entries larger than one read slice, in several pieces, for every method', async () => {
    const data = noise(2_500_000, 7);
    const archive = await ZipArchive.open(
      bytesSource(
        'large.eval',
        zipBytes([
          { name: 'stored.bin', data, method: 0 },
          { name: 'deflate.bin', data, method: 8 },
          { name: 'zstd.bin', data, method: 93, compressed: compress(data, 1) },
        ]),
      ),
    );
    for (const name of ['stored.bin', 'deflate.bin', 'zstd.bin']) {
      const pieces: Uint8Array[] = [];
      for await (const piece of archive.chunks(archive.entry(name)!, data.length)) pieces.push(piece);
      expect(pieces.length, name).toBeGreaterThan(1);
      expectSameBytes(await entryBytes(archive, name), data, name);
    }
  });

  it('reads an archive with more than 65,535 entries through its ZIP64 end record', async () => {
    const count = 65_540;
    const path = join(dir, 'zip64.eval');
    const writer = new ZipFileWriter(path);
    for (let i = 0; i < count; i++) writer.add({ name: `s/${i}`, data: Uint8Array.of(i & 0xff), method: 0 });
    writer.close();
    const bytes = new Uint8Array(readFileSync(path));
    // The classic end record cannot count this many: it holds 0xffff and points to the ZIP64 one.
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(dv.getUint16(bytes.length - 22 + 10, true)).toBe(0xffff);
    expect(dv.getUint32(bytes.length - 22 - 20, true)).toBe(0x07064b50);

    const archive = await ZipArchive.open(bytesSource('zip64.eval', bytes));
    expect(archive.entries).toHaveLength(count);
    expect(archive.entries[count - 1]!.name).toBe(`s/${count - 1}`);
    expect(await entryBytes(archive, `s/${count - 1}`)).toEqual(Uint8Array.of((count - 1) & 0xff));
    expect(await entryBytes(archive, 's/40001')).toEqual(Uint8Array.of(40001 & 0xff));
  }, 20_000);

  it('lets the last entry of a repeated name win, as Inspect does when it rewrites an entry', async () => {
    const archive = await ZipArchive.open(
      bytesSource(
        'rewritten.eval',
        zipBytes([
          { name: 'samples/x_epoch_1.json', data: text('{"attempt":1}') },
          { name: 'header.json', data: text('{}') },
          { name: 'samples/x_epoch_1.json', data: text('{"attempt":2}') },
        ]),
      ),
    );
    expect(archive.entries).toHaveLength(3);
    expect(new TextDecoder().decode(await entryBytes(archive, 'samples/x_epoch_1.json'))).toBe('{"attempt":2}');
  });

  it('stops with ReadCancelled when the signal is aborted', async () => {
    const archive = await ZipArchive.open(bytesSource('cancel.eval', zipBytes([{ name: 'big.bin', data: noise(3_000_000), method: 0 }])));
    const controller = new AbortController();
    let pieces = 0;
    const read = async () => {
      for await (const _ of archive.chunks(archive.entry('big.bin')!, 1 << 30, controller.signal)) {
        pieces++;
        controller.abort();
      }
    };
    await expect(read()).rejects.toBeInstanceOf(ReadCancelled);
    expect(pieces).toBe(1);
  });
});

describe('ZipArchive: refusing what is not a sound ZIP', () => {
  const sample = () =>
    zipBytes([
      { name: 'header.json', data: text(JSON.stringify({ version: 2, status: 'success', filler: 'x'.repeat(300) })), method: 8 },
      { name: 'samples/1_epoch_1.json', data: text(JSON.stringify({ id: 1, epoch: 1, text: 'y'.repeat(300) })), method: 0 },
    ]);

  it('refuses a file that is not a ZIP, naming the file', async () => {
    const problem = await openProblem(bytesSource('notes.eval', text('These are my notes about the evaluation, not an archive.\n'.repeat(3))));
    expect(problem.message).toBe('notes.eval: this is not a ZIP archive, or it was cut short (no end-of-archive record).');
    expect(problem.fileName).toBe('notes.eval');
    expect((await openProblem(bytesSource('tiny.eval', text('PK')))).message).toBe(
      'tiny.eval: this is not a ZIP archive (the file is too short to hold one).',
    );
  });

  it('refuses the archive cut short at every possible length', async () => {
    const bytes = sample();
    await expect(ZipArchive.open(bytesSource('whole.eval', bytes))).resolves.toBeInstanceOf(ZipArchive);
    for (let length = 0; length < bytes.length; length++) {
      const problem = await openProblem(bytesSource('cut.eval', bytes.subarray(0, length)));
      expect(problem.message, `cut at ${length}`).toMatch(/^cut\.eval: this is not a ZIP archive.*(too short|cut short)/);
    }
  });

  it('refuses an entry whose data was cut short after the archive was opened', async () => {
    const bytes = zipBytes([{ name: 'big.bin', data: noise(3_000_000), method: 0 }]);
    // The file shrinks under the reader (a copy still being written, a network share dropping).
    let shrunk = false;
    const source: ByteSource = {
      name: 'shrinking.eval',
      size: bytes.length,
      read: (offset, length) => Promise.resolve(bytes.subarray(offset, Math.min(shrunk ? 1_500_000 : bytes.length, offset + length))),
    };
    const archive = await ZipArchive.open(source);
    shrunk = true;
    const { problem, yielded } = await readProblem(archive, archive.entry('big.bin')!);
    expect(problem.message).toBe('shrinking.eval: entry "big.bin" was cut short.');
    expect(yielded).toBeLessThan(1_500_000);
  });

  it.each([
    ['samples/../../../home/user/.bashrc', 'entry "samples/../../../home/user/.bashrc" climbs out of the archive with "..".'],
    ['..\\evil.json', 'entry "..\\evil.json" climbs out of the archive with "..".'],
    ['/etc/passwd', 'entry "/etc/passwd" has an absolute path; entries must be relative.'],
    ['C:\\x', 'entry "C:\\x" has an absolute path; entries must be relative.'],
    ['\\\\server\\share\\x.json', 'entry "\\\\server\\share\\x.json" has an absolute path; entries must be relative.'],
    ['', 'an entry has an empty or invalid name.'],
  ])('refuses an entry named %j', async (name, message) => {
    const bytes = zipBytes([{ name: 'header.json', data: text('{}') }, { name, data: text('{"x":1}') }]);
    expect((await openProblem(bytesSource('names.eval', bytes))).message).toBe(`names.eval: ${message}`);
  });

  it('accepts names that merely contain dots', async () => {
    const bytes = zipBytes([{ name: 'samples/a..b_epoch_1.json', data: text('{}') }, { name: '.hidden/..x', data: text('{}') }]);
    expect((await ZipArchive.open(bytesSource('dots.eval', bytes))).entries).toHaveLength(2);
  });

  it('reads names in UTF-8 as well as ASCII, and finds entries by them', async () => {
    const bytes = zipBytes([{ name: 'samples/café-Ω_epoch_1.json', data: text('{}') }, { name: 'samples/plain_epoch_1.json', data: text('{}') }]);
    const archive = await ZipArchive.open(bytesSource('names.eval', bytes));
    expect(archive.entries.map((e) => e.name)).toEqual(['samples/café-Ω_epoch_1.json', 'samples/plain_epoch_1.json']);
    expect(archive.entry('samples/café-Ω_epoch_1.json')).toBeDefined();
  });

  it('refuses an unsupported compression method', async () => {
    const bytes = zipBytes([{ name: 'header.json', data: text('{}'), method: 0 }]);
    const patched = patch16(bytes, centralRecords(bytes)[0]! + 10, 12);
    expect((await openProblem(bytesSource('bzip2.eval', patched))).message).toBe(
      'bzip2.eval: entry "header.json" uses compression method 12; only stored, deflate (8) and zstd (93) are read.',
    );
  });

  it('refuses an encrypted entry', async () => {
    const bytes = zipBytes([{ name: 'header.json', data: text('{}') }, { name: 'secret.json', data: text('{"k":1}') }]);
    const record = centralRecords(bytes)[1]!;
    const flags = new DataView(bytes.buffer, bytes.byteOffset).getUint16(record + 8, true);
    const patched = patch16(bytes, record + 8, flags | 0x1);
    expect((await openProblem(bytesSource('locked.eval', patched))).message).toBe('locked.eval: entry "secret.json" is encrypted; evaluation logs are not.');
  });

  it('refuses an archive that claims more entries than the limit', async () => {
    const bytes = zipBytes([1, 2, 3].map((i) => ({ name: `e${i}`, data: text('x') })));
    await expect(ZipArchive.open(bytesSource('many.eval', bytes), { maxEntries: 2, maxRatio: 1500, ratioAppliesAbove: 1 << 20 })).rejects.toThrow(
      'many.eval: the archive claims 3 entries; at most 2 are read.',
    );
  });

  it('refuses a table of contents that points outside the file', async () => {
    const bytes = sample();
    const patched = patch32(bytes, bytes.length - 22 + 16, bytes.length - 10);
    expect((await openProblem(bytesSource('toc.eval', patched))).message).toBe(
      'toc.eval: the archive was cut short or is damaged: its table of contents does not fit where it claims to be.',
    );
  });

  it('refuses an entry that claims to extend past its data', async () => {
    const bytes = sample();
    const patched = patch32(bytes, centralRecords(bytes)[0]! + 20, 100_000);
    expect((await openProblem(bytesSource('long.eval', patched))).message).toBe(
      'long.eval: entry "header.json" claims to extend past the end of its data; the archive is damaged or cut short.',
    );
  });

  it('stops streaming the moment an entry expands beyond its declared size', async () => {
    // Deflate of zeros: a few kilobytes that expand to 8 MB, declaring only 1,000 bytes.
    const data = new Uint8Array(8 * 1024 * 1024);
    const archive = await ZipArchive.open(bytesSource('liar.eval', zipBytes([{ name: 'summaries.json', data, method: 8, declaredUncompressedSize: 1000 }])));
    const { problem, yielded } = await readProblem(archive, archive.entry('summaries.json')!);
    expect(problem.message).toBe('liar.eval: entry "summaries.json" expands beyond the 1000 bytes it declares; it is not read.');
    expect(yielded).toBeLessThanOrEqual(1000);
  });

  it('stops a lying zstd entry at the first block past its declared size, not after the whole slice', async () => {
    // A hand-made zstd frame of 2,000 RLE blocks of 128 KiB: 8 KB that would expand to 256 MiB,
    // all within the first 1 MB slice read. It declares 1,000 bytes.
    const blocks = 2000;
    const compressed = new Uint8Array(6 + blocks * 4);
    // Magic number; frame header with no checksum and no content size; a 2 MiB window.
    compressed.set([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x58]);
    for (let b = 0; b < blocks; b++) {
      const header = (128 * 1024 * 8) | (1 << 1) | (b === blocks - 1 ? 1 : 0); // an RLE block of 128 KiB
      compressed.set([header & 0xff, (header >> 8) & 0xff, (header >> 16) & 0xff, 0x41], 6 + b * 4);
    }
    const archive = await ZipArchive.open(
      bytesSource('bomb.eval', zipBytes([{ name: 'summaries.json', data: new Uint8Array(1000), method: 93, compressed, declaredUncompressedSize: 1000 }])),
    );
    const before = process.memoryUsage().arrayBuffers;
    const { problem, yielded } = await readProblem(archive, archive.entry('summaries.json')!);
    const grew = process.memoryUsage().arrayBuffers - before;
    expect(problem.message).toBe('bomb.eval: entry "summaries.json" expands beyond the 1000 bytes it declares; it is not read.');
    expect(yielded).toBe(0);
    // Decoding the whole slice first would have allocated 256 MiB.
    expect(grew).toBeLessThan(32 * 1024 * 1024);
  });

  it('stops a stored entry that holds more than it declares', async () => {
    const data = text('{"a":"0123456789"}');
    const archive = await ZipArchive.open(bytesSource('liar.eval', zipBytes([{ name: 'h.json', data, method: 0, declaredUncompressedSize: 10 }])));
    const { problem, yielded } = await readProblem(archive, archive.entry('h.json')!);
    expect(problem.message).toBe('liar.eval: entry "h.json" expands beyond the 10 bytes it declares; it is not read.');
    expect(yielded).toBe(0);
  });

  it('refuses an entry that holds less than it declares', async () => {
    const data = text('{"a":1}');
    const archive = await ZipArchive.open(bytesSource('short.eval', zipBytes([{ name: 'h.json', data, method: 8, declaredUncompressedSize: 500 }])));
    const { problem } = await readProblem(archive, archive.entry('h.json')!);
    expect(problem.message).toBe('short.eval: entry "h.json" holds 7 bytes, not the 500 bytes it declares; the file is damaged.');
  });

  it('refuses, before reading it, an entry that would expand beyond the caller\'s cap', async () => {
    const archive = await ZipArchive.open(bytesSource('cap.eval', zipBytes([{ name: 'h.json', data: noise(4096), method: 0 }])));
    const { problem, yielded } = await readProblem(archive, archive.entry('h.json')!, 1024);
    expect(problem.message).toBe('cap.eval: entry "h.json" is 4.0 KB uncompressed; at most 1.0 KB is read.');
    expect(yielded).toBe(0);
  });

  it('refuses an entry declaring an absurd expansion as a ZIP bomb', async () => {
    const small = deflateSync(new Uint8Array(1000));
    const bytes = zipBytes([{ name: 'summaries.json', data: new Uint8Array(1000), method: 8, compressed: small, declaredUncompressedSize: 4_000_000_000 }]);
    const problem = await openProblem(bytesSource('bomb.eval', bytes));
    expect(problem.message).toMatch(/^bomb\.eval: entry "summaries\.json" would expand \d+ bytes into 3\.7 GB, more than 1500:1; this looks like a ZIP bomb and is not read\.$/);
  });

  it('refuses a large declared size with no compressed bytes at all', async () => {
    const bytes = zipBytes([{ name: 'empty.json', data: new Uint8Array(0), method: 8, compressed: new Uint8Array(0), declaredUncompressedSize: 2_000_000 }]);
    expect((await openProblem(bytesSource('bomb.eval', bytes))).message).toMatch(/ZIP bomb/);
  });

  it('reads an entry whose expansion is high but under the limit', async () => {
    const data = new Uint8Array(2 * 1024 * 1024);
    const archive = await ZipArchive.open(bytesSource('zeros.eval', zipBytes([{ name: 'zeros.bin', data, method: 8 }])));
    const entry = archive.entry('zeros.bin')!;
    expect(entry.uncompressedSize / entry.compressedSize).toBeGreaterThan(100);
    expectSameBytes(await archive.bytes(entry, data.length), data);
  });

  it('refuses an entry whose CRC does not match its contents', async () => {
    const data = text('{"version":2}');
    for (const method of [0, 8] as const) {
      const archive = await ZipArchive.open(bytesSource('crc.eval', zipBytes([{ name: 'header.json', data, method, declaredCrc: 0x12345678 }])));
      const { problem } = await readProblem(archive, archive.entry('header.json')!);
      expect(problem.message).toBe('crc.eval: entry "header.json" fails its CRC check; the file is damaged.');
    }
  });

  it('refuses entries that point at the same local data', async () => {
    const bytes = zipBytes([
      { name: 'a.json', data: text('{"a":1}'), method: 0 },
      { name: 'b.json', data: text('{"b":2}'), method: 0 },
    ]);
    const patched = patch32(bytes, centralRecords(bytes)[1]! + 42, 0);
    expect((await openProblem(bytesSource('overlap.eval', patched))).message).toBe(
      'overlap.eval: entries "a.json" and "b.json" overlap; the archive is damaged or built to deceive.',
    );
  });

  it('refuses an entry that starts inside another entry\'s data', async () => {
    const bytes = zipBytes([
      { name: 'a.bin', data: noise(1000), method: 0 },
      { name: 'b.bin', data: noise(10), method: 0 },
    ]);
    // b's record says its local header sits 500 bytes into a's data.
    const patched = patch32(bytes, centralRecords(bytes)[1]! + 42, 30 + 'a.bin'.length + 500);
    expect((await openProblem(bytesSource('overlap.eval', patched))).message).toMatch(/^overlap\.eval: entries "a\.bin" and "b\.bin" overlap/);
  });

  it.each([
    ['deflate', { method: 8, compressed: Uint8Array.of(0x07, 0xff, 0xff, 0xff, 0x00, 0x11, 0x22) }],
    ['zstd', { method: 93, compressed: Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd, 0xff, 0xff, 0xff, 0xff, 0x01, 0x02, 0x03) }],
  ] as const)('refuses corrupt %s bytes as damaged', async (_label, corrupt) => {
    const data = text('{"version":2,"status":"success"}');
    const archive = await ZipArchive.open(bytesSource('corrupt.eval', zipBytes([{ name: 'header.json', data, ...corrupt }])));
    const { problem } = await readProblem(archive, archive.entry('header.json')!);
    expect(problem.message).toMatch(/^corrupt\.eval: entry "header\.json" could not be decompressed \(.+\); the file is damaged\.$/);
  });

  it('refuses a deflate stream that ends early', async () => {
    const data = text(JSON.stringify({ filler: 'abc'.repeat(2000), more: noise(200).join(',') }));
    const full = deflateSync(data);
    const archive = await ZipArchive.open(bytesSource('early.eval', zipBytes([{ name: 'header.json', data, method: 8, compressed: full.subarray(0, full.length >> 1) }])));
    const { problem } = await readProblem(archive, archive.entry('header.json')!);
    expect(problem.message).toMatch(/^early\.eval: entry "header\.json" (could not be decompressed|holds .* not the .* it declares)/);
  });
});

describe('ZipArchive: the overlap check, regressions', () => {
  const wide = 'é'.repeat(20);

  it('opens sound archives whose names take more bytes than characters', async () => {
    expect(encoder.encode(wide).length).toBe(40);
    const bytes = zipBytes([
      { name: wide, data: noise(10), method: 0 },
      { name: 'b.bin', data: noise(10), method: 0 },
      { name: `${wide}/x.json`, data: text('{"a":1}'), method: 8 },
    ]);
    const archive = await ZipArchive.open(bytesSource('wide.eval', bytes));
    expect(archive.entries.map((e) => e.name)).toEqual([wide, 'b.bin', `${wide}/x.json`]);
    expectSameBytes(await entryBytes(archive, wide), noise(10));
    expect(new TextDecoder().decode(await entryBytes(archive, `${wide}/x.json`))).toBe('{"a":1}');
  });

  it('counts the UTF-8 bytes of a name, refusing an entry that starts inside the bytes a character count would miss', async () => {
    const bytes = zipBytes([
      { name: wide, data: noise(10), method: 0 },
      { name: 'b.bin', data: noise(10), method: 0 },
    ]);
    // The first entry's data really ends at 30 + 40 + 10 = 80; counting characters would say 60.
    const patched = patch32(bytes, centralRecords(bytes)[1]! + 42, 30 + wide.length + 10);
    expect((await openProblem(bytesSource('wide-overlap.eval', patched))).message).toBe(
      `wide-overlap.eval: entries "${wide}" and "b.bin" overlap; the archive is damaged or built to deceive.`,
    );
    // Right at the true end it is sound again.
    const sound = patch32(bytes, centralRecords(bytes)[1]! + 42, 30 + 40 + 10);
    expect((await ZipArchive.open(bytesSource('wide-sound.eval', sound))).entries).toHaveLength(2);
  });
});
