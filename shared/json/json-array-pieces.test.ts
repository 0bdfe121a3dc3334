import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../test/fixtures/inspect/generate-inspect-log.js';
import { QuickArrayReader } from './json-array-pieces.js';
import { jsonArrayValues } from './json-array-stream.js';

const encoder = new TextEncoder();
const MAX = 1024 * 1024;

/** The quick reader's elements for these chunks, or 'gave up'. */
function quick(chunks: readonly Uint8Array[], max = MAX): unknown[] | 'gave up' {
  const reader = new QuickArrayReader(max, ['id', 'epoch']);
  const out: unknown[] = [];
  for (const chunk of chunks) {
    const values = reader.push(chunk);
    if (!values) return 'gave up';
    out.push(...values);
  }
  const rest = reader.end();
  if (!rest) return 'gave up';
  return [...out, ...rest];
}

async function exact(chunks: readonly Uint8Array[], max = MAX): Promise<unknown[]> {
  async function* fed(): AsyncGenerator<Uint8Array> {
    for (const chunk of chunks) {
      await Promise.resolve();
      yield chunk;
    }
  }
  const out: unknown[] = [];
  for await (const values of jsonArrayValues(fed(), max)) out.push(...values);
  return out;
}

function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  return [...points, bytes.length].map((at, i) => bytes.slice(i === 0 ? 0 : points[i - 1], at));
}

// Summaries as Inspect writes them, with what a naive cut would trip on: `},{` inside strings,
// NaN and Infinity both bare and inside strings, escapes, and text that is not ASCII.
const SUMMARIES = Array.from({ length: 60 }, (_, i) => ({
  id: i % 7 === 0 ? `task},{"id":${i}` : i,
  epoch: 1 + (i % 3),
  input: i % 5 === 0 ? 'say "NaN", then: NaN, Infinity ] } {' : 'naïve — 日本語 ✓ 🙂',
  scores: { includes: { value: i % 4 === 0 ? '__NAN__' : i % 9 === 0 ? '__NINF__' : 'C', answer: `flag{${i}}` } },
  metadata: { nested: [{ a: 1 }, { b: [{}, { c: '},{' }] }] },
}));
const TEXT = JSON.stringify(SUMMARIES).replaceAll('"__NAN__"', 'NaN').replaceAll('"__NINF__"', '-Infinity');
const BYTES = encoder.encode(TEXT);

describe('QuickArrayReader', () => {
  it('reads summaries as the exact reader does, bare NaN and -Infinity included, however the bytes are cut', async () => {
    const expected = await exact([BYTES]);
    expect(expected).toHaveLength(60);
    expect((expected[0] as { scores: { includes: { value: unknown } } }).scores.includes.value).toBeNaN();
    expect((expected[9] as { scores: { includes: { value: unknown } } }).scores.includes.value).toBe(Number.NEGATIVE_INFINITY);
    expect((expected[5] as { input: unknown }).input).toBe('say "NaN", then: NaN, Infinity ] } {');
    expect(quick([BYTES])).toEqual(expected);
    const random = mulberry32(7);
    for (let round = 0; round < 300; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 20) }, () => Math.floor(random() * BYTES.length));
      expect(quick(cutAt(BYTES, cuts)), `cuts ${cuts.join(',')}`).toEqual(expected);
    }
  });

  it('never reads other values than the exact reader, even where nested objects begin as elements do', async () => {
    const lookalikes = encoder.encode(JSON.stringify(SUMMARIES.map((s, i) => ({ ...s, tries: [{ id: i, epoch: 1 }, { id: `${i}b`, epoch: 2 }] }))));
    const expected = await exact([lookalikes]);
    const random = mulberry32(11);
    let read = 0;
    for (let round = 0; round < 300; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 20) }, () => Math.floor(random() * lookalikes.length));
      const values = quick(cutAt(lookalikes, cuts));
      if (values === 'gave up') continue;
      expect(values, `cuts ${cuts.join(',')}`).toEqual(expected);
      read++;
    }
    // A piece cut inside an element is kept for the next chunk, so nearly every cutting is still read.
    expect(read).toBeGreaterThan(250);
  });

  it('reads a pretty-printed array and scalar elements', async () => {
    const text = `[\n  ${SUMMARIES.slice(0, 5).map((s) => JSON.stringify(s, null, 2)).join(',\n  ')}\n] \n`;
    const bytes = encoder.encode(text);
    expect(quick(cutAt(bytes, [40, 400, 900]))).toEqual(await exact([bytes]));
    expect(quick([encoder.encode(' [1, "two", NaN, Infinity, null] ')])).toEqual([1, 'two', Number.NaN, Number.POSITIVE_INFINITY, null]);
    expect(quick([encoder.encode('[]')])).toEqual([]);
  });

  it.each([
    ['text that is not JSON', '[{"a":1},{"a":2},{"b":'],
    ['a trailing comma, which the exact reader judges', '[{"a":1},{"a":2},]'],
    ['text after the array', '[{"a":1},{"a":2}] x'],
    ['an object rather than an array', '{"a":[{"b":1},{"b":2}]}'],
    ['a __proto__ key', '[{"a":1},{"__proto__":{"polluted":true}}]'],
    ['a constructor key spelt with an escape', '[{"a":1},{"\\u0063onstructor":1}]'],
    ['a key named prototype beside a bare NaN', '[{"a":NaN},{"prototype":1}]'],
    ['a word glued to NaN', '[{"a":NaNx},{"a":1}]'],
    ['a byte order mark', '\uFEFF[{"a":1},{"a":2}]'],
    ['nothing at all', ''],
  ])('gives up on %s', (_label, text) => {
    const bytes = encoder.encode(text);
    expect(quick([bytes])).toBe('gave up');
    expect(quick(cutAt(bytes, [3, 9, 17]))).toBe('gave up');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('gives up on bytes that are not UTF-8', () => {
    const bytes = new Uint8Array([...encoder.encode('[{"a":"'), 0xff, ...encoder.encode('"},{"a":1}]')]);
    expect(quick([bytes])).toBe('gave up');
  });

  it('gives up on a piece larger than an element may be, so no element over the cap is read', () => {
    const element = `{"a":"${'x'.repeat(300)}"}`;
    expect(quick([encoder.encode(`[${element}]`)], 256)).toBe('gave up');
    // Many elements within the cap, in chunks of their own, are read.
    const many = encoder.encode(`[${Array.from({ length: 20 }, () => '{"a":1}').join(',')}]`);
    expect(quick(cutAt(many, [50, 100]), 256)).toHaveLength(20);
  });
});
