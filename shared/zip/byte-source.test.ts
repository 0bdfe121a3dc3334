import { describe, expect, it } from 'vitest';
import { bytesSource, windowedSource, type ByteSource } from './byte-source.js';
import { mulberry32 } from '../../test/fixtures/inspect/generate-inspect-log.js';

function counting(source: ByteSource): { source: ByteSource; reads: () => number } {
  let reads = 0;
  return {
    source: { ...source, read: (offset, length) => (reads++, source.read(offset, length)) },
    reads: () => reads,
  };
}

describe('windowedSource', () => {
  const bytes = Uint8Array.from({ length: 100_000 }, (_, i) => (i * 7919) % 251);
  const direct = bytesSource('log.eval', bytes);

  it('returns exactly what the file holds for reads in order, backwards and across the window edge', async () => {
    const windowed = windowedSource(direct, 4096);
    const random = mulberry32(5);
    const offsets = [0, 4000, 4090, 8191, 99_990, 10, ...Array.from({ length: 200 }, () => Math.floor(random() * bytes.length))];
    for (const offset of offsets) {
      const length = 1 + Math.floor(random() * 3000);
      expect(Array.from(await windowed.read(offset, length)), `${offset}+${length}`).toEqual(Array.from(bytes.subarray(offset, offset + length)));
    }
  });

  it('reads a file walked in order with one underlying read per window, not one per request', async () => {
    const { source, reads } = counting(direct);
    const windowed = windowedSource(source, 10_000);
    for (let offset = 0; offset < bytes.length; offset += 100) await windowed.read(offset, 100);
    expect(reads()).toBeLessThanOrEqual(11);
  });

  it('reads entries far apart a small window each, not the file between them', async () => {
    const { source, reads } = counting(direct);
    let bytesRead = 0;
    const measured: ByteSource = {
      ...source,
      read: async (offset, length) => {
        const got = await source.read(offset, length);
        bytesRead += got.length;
        return got;
      },
    };
    const windowed = windowedSource(measured, 8192, 512);
    // A header and its entry, every 10,000 bytes: what a log's few samples read from their own entries look like.
    for (let offset = 0; offset < bytes.length; offset += 10_000) {
      expect(Array.from(await windowed.read(offset, 30))).toEqual(Array.from(bytes.subarray(offset, offset + 30)));
      expect(Array.from(await windowed.read(offset + 30, 300))).toEqual(Array.from(bytes.subarray(offset + 30, offset + 330)));
    }
    expect(reads()).toBe(10);
    expect(bytesRead).toBeLessThanOrEqual(10 * 1024);
  });

  it('passes reads larger than the window straight through', async () => {
    const { source, reads } = counting(direct);
    const windowed = windowedSource(source, 1000);
    expect((await windowed.read(0, 5000)).length).toBe(5000);
    expect(reads()).toBe(1);
  });
});
