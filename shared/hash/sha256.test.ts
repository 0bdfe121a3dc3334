import { describe, expect, it } from 'vitest';
import { ReadCancelled } from '../errors/file-problem.js';
import { sha256Hex, sha256OfPieces } from './sha256.js';

/** The bytes as a stream gives them: each piece arriving on its own turn. */
async function* inPieces(bytes: Uint8Array, sizes: readonly number[]): AsyncGenerator<Uint8Array> {
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = sizes[i % sizes.length] ?? 1;
    yield await Promise.resolve(bytes.subarray(at, at + size));
    at += size;
  }
}

describe('sha256OfPieces', () => {
  const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);

  it('gives the SHA-256 of the whole file, whatever sizes its stream reads it in', async () => {
    const whole = await sha256Hex(bytes);
    expect(await sha256OfPieces(inPieces(bytes, [65_536]), bytes.length)).toBe(whole);
    expect(await sha256OfPieces(inPieces(bytes, [1, 2_097_152, 7, 100_000]), bytes.length)).toBe(whole);
    expect(await sha256OfPieces(inPieces(new Uint8Array(0), [1]), 0)).toBe(await sha256Hex(new Uint8Array(0)));
  });

  it('reports progress up to the whole size', async () => {
    const seen: number[] = [];
    await sha256OfPieces(inPieces(bytes, [100_000]), bytes.length, { onProgress: (done, total) => seen.push(done / total) });
    expect(seen).toEqual([1 / 3, 2 / 3, 1]);
  });

  it('refuses a file whose stream ends short of its size, as one changed while it was read', async () => {
    await expect(sha256OfPieces(inPieces(bytes.subarray(0, 1000), [512]), 2000)).rejects.toThrow('it held 1000 bytes where 2000 were expected');
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(sha256OfPieces(inPieces(bytes, [1000]), bytes.length, { signal: controller.signal })).rejects.toBeInstanceOf(ReadCancelled);
  });
});
