import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../../test/fixtures/stock-tools.js';
import { newAgeFile, openPayload, sealedFile, sealPayload, STREAM_CHUNK, STREAM_TAG } from '../../shared/bundle/age-stream.js';
import { collect } from '../../shared/bundle/review-bundle.js';
import { CryptoThreads } from './crypto-threads.js';
import { nativeChunkCipher } from './node-bundle-io.js';
import { openOnThreads, RUN_CHUNKS, sealOnThreads } from './threaded-payload.js';

/** A run is 16 chunks: sizes where runs, chunks and the last chunk's flag can go wrong. */
const RUN = RUN_CHUNKS * STREAM_CHUNK;
const SIZES = [0, 1, STREAM_CHUNK - 1, STREAM_CHUNK, STREAM_CHUNK + 1, RUN - 1, RUN, RUN + 1, 2 * RUN, 2 * RUN + STREAM_CHUNK, 3 * RUN + 12_345];

let dir: string;
let identity: string;
let recipient: string;
const pools = new Map<number, CryptoThreads>();
const threads = (n: number) => {
  let pool = pools.get(n);
  if (!pool) pools.set(n, (pool = new CryptoThreads(n)));
  return pool;
};
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-threads-'));
  identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
});
afterAll(async () => {
  await Promise.all([...pools.values()].map((p) => p.close()));
  await rm(dir, { recursive: true, force: true });
});

/** `bytes` as a stream cut at the given sizes, in turn. */
function streamOf(bytes: Uint8Array, cuts: readonly number[] = [bytes.length]): ReadableStream<Uint8Array> {
  let at = 0;
  let turn = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      const n = Math.max(1, cuts[turn++ % cuts.length] ?? bytes.length);
      controller.enqueue(bytes.slice(at, at + n));
      at += n;
    },
  });
}

function memory(): { readonly sink: WritableStream<Uint8Array>; readonly bytes: () => Uint8Array } {
  const parts: Uint8Array[] = [];
  // Copied as written: the writer reuses its memory once a write is done.
  return { sink: new WritableStream({ write: (part) => void parts.push(part.slice()) }), bytes: () => new Uint8Array(Buffer.concat(parts)) };
}

/** What the one-chunk-at-a-time writer writes for the same file key and nonce. */
async function serial(prefix: Uint8Array, key: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
  return collect(sealedFile(prefix, streamOf(plaintext).pipeThrough(sealPayload(key, nativeChunkCipher))));
}

describe('the payload sealed on threads', () => {
  it('is byte for byte what the one-chunk-at-a-time writer writes, on 1, 2 and 4 threads, however the plaintext arrives, and its hash is of those bytes', async () => {
    const { prefix, key } = await newAgeFile({ recipients: [recipient] });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.constantFrom(...SIZES), fc.integer({ min: 0, max: 3 * RUN })), fc.array(fc.integer({ min: 1, max: 2 * RUN }), { minLength: 1, maxLength: 4 }), fc.constantFrom(1, 2, 4), async (size, cuts, n) => {
        const plaintext = new Uint8Array(randomBytes(size));
        const out = memory();
        const sealed = await sealOnThreads(threads(n), streamOf(plaintext, cuts), prefix, key, out.sink, 'sha256');
        const expected = await serial(prefix, key, plaintext);
        expect(Buffer.compare(out.bytes(), expected), `${size} bytes on ${n} threads`).toBe(0);
        expect(sealed.bytes).toBe(expected.length);
        expect(Buffer.from(sealed.digest).toString('hex')).toBe(createHash('sha256').update(expected).digest('hex'));
      }),
      { numRuns: 30, examples: SIZES.map((size) => [size, [4096], 2]) },
    );
  }, 120_000);

  it('is read by age -d, across runs and a short last chunk', async () => {
    const { prefix, key } = await newAgeFile({ recipients: [recipient] });
    const plaintext = new Uint8Array(randomBytes(3 * RUN + 777));
    const out = memory();
    await sealOnThreads(threads(2), streamOf(plaintext, [100_000]), prefix, key, out.sink, 'sha512');
    const file = path.join(dir, 'threads.age');
    await writeFile(file, out.bytes());
    await writeFile(path.join(dir, 'key.txt'), `${identity}\n`);
    const run = await runTool('age', ['-d', '-i', path.join(dir, 'key.txt'), '-o', path.join(dir, 'threads.out'), file]);
    expect(run, 'age -d').toMatchObject({ code: 0, stderr: '' });
    expect(Buffer.compare(await readFile(path.join(dir, 'threads.out')), plaintext)).toBe(0);
  });

  it('fails, and aborts what it was writing, when a thread stops under it', async () => {
    const pool = new CryptoThreads(2);
    const { prefix, key } = await newAgeFile({ recipients: [recipient] });
    let aborted: unknown;
    const sink = new WritableStream<Uint8Array>({ abort: (reason) => void (aborted = reason) });
    let sent = 0;
    const endless = new ReadableStream<Uint8Array>({
      async pull(controller) {
        // Once some runs are under way, the threads go.
        if ((sent += RUN) === 4 * RUN) await pool.close();
        controller.enqueue(new Uint8Array(RUN));
      },
    });
    await expect(sealOnThreads(pool, endless, prefix, key, sink, 'sha256')).rejects.toThrow(/A bundle crypto thread (stopped|failed)/);
    expect(aborted).toBeInstanceOf(Error);
  });
});

describe('the payload opened on threads', () => {
  const opened = async (sealed: Uint8Array, key: Uint8Array, n: number, cut = 50_000) => collect(streamOf(sealed, [cut]).pipeThrough(openOnThreads(threads(n), key)));
  const openedOneByOne = async (sealed: Uint8Array, key: Uint8Array) => collect(streamOf(sealed, [50_000]).pipeThrough(openPayload(key, nativeChunkCipher)));
  const problem = async (read: Promise<unknown>) => read.then(() => 'opened', (e: unknown) => (e instanceof Error ? e.message : String(e)));

  it('gives back the plaintext the writer sealed, at every boundary, on 1, 2 and 4 threads', async () => {
    const { prefix, key } = await newAgeFile({ recipients: [recipient] });
    for (const size of SIZES) {
      const plaintext = new Uint8Array(randomBytes(size));
      const sealed = (await serial(prefix, key, plaintext)).subarray(prefix.length);
      for (const n of [1, 2, 4]) expect(Buffer.compare(await opened(sealed, key, n), plaintext), `${size} bytes on ${n} threads`).toBe(0);
    }
  });

  it('refuses what the one-chunk-at-a-time reader refuses, with the same reason: a changed byte, a payload cut at a chunk or mid-chunk, an empty chunk added', async () => {
    const { prefix, key } = await newAgeFile({ recipients: [recipient] });
    const plaintext = new Uint8Array(randomBytes(2 * RUN + 5000));
    const sealed = (await serial(prefix, key, plaintext)).subarray(prefix.length);
    const sealedChunk = STREAM_CHUNK + STREAM_TAG;
    const flipped = (at: number) => {
      const copy = sealed.slice();
      copy[at] = (copy[at] ?? 0) ^ 1;
      return copy;
    };
    // Full chunks, then an empty one flagged last: sealed under the key, but age never writes that.
    const nonce = (counter: number, last: boolean) => Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, counter, last ? 1 : 0]);
    const fullThenEmpty = new Uint8Array(Buffer.concat([...Array.from({ length: RUN_CHUNKS + 1 }, (_, i) => nativeChunkCipher.seal(key, nonce(i, false), new Uint8Array(STREAM_CHUNK))), nativeChunkCipher.seal(key, nonce(RUN_CHUNKS + 1, true), new Uint8Array(0))]));
    const cases: [string, Uint8Array, Uint8Array][] = [
      ['a byte changed in the first run', flipped(100), key],
      ['a byte changed in the last chunk', flipped(sealed.length - 3), key],
      ['cut at a chunk boundary', sealed.subarray(0, (RUN_CHUNKS + 1) * sealedChunk), key],
      ['cut mid-chunk', sealed.subarray(0, (RUN_CHUNKS + 1) * sealedChunk + 9), key],
      ['cut to less than a tag', sealed.subarray(0, RUN_CHUNKS * sealedChunk + 7), key],
      ['nothing after the nonce', new Uint8Array(0), key],
      ['an empty last chunk after full ones', fullThenEmpty, key],
    ];
    for (const [what, bytes, withKey] of cases) {
      const expected = await problem(openedOneByOne(bytes, withKey));
      expect(expected, what).not.toBe('opened');
      for (const n of [1, 2]) expect(await problem(opened(bytes, withKey, n)), `${what} on ${n} threads`).toBe(expected);
    }
    expect(await problem(opened(fullThenEmpty, key, 2))).toBe('The encrypted contents end in an empty chunk, which age never writes.');
    expect(await problem(opened(flipped(100), key, 2))).toBe('The encrypted contents were altered or cut short: a chunk does not authenticate.');
  });
});
