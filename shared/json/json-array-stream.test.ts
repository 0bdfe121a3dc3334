import { describe, expect, it } from 'vitest';
import { jsonArrayElements } from './json-array-stream.js';
import { JsonProblem, parseLenientJson } from './lenient-json.js';
import { mulberry32 } from '../../test/fixtures/inspect/generate-inspect-log.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function* fromChunks(chunks: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  for (const chunk of chunks) {
    await Promise.resolve();
    yield chunk;
  }
}

/** Cuts `bytes` at the given offsets (sorted, deduplicated, within range). */
function cutAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts)].filter((c) => c > 0 && c < bytes.length).sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let from = 0;
  for (const at of [...points, bytes.length]) {
    pieces.push(bytes.slice(from, at));
    from = at;
  }
  return pieces;
}

function oneByteAtATime(bytes: Uint8Array): Uint8Array[] {
  return Array.from(bytes, (b) => Uint8Array.of(b));
}


async function elements(chunks: readonly Uint8Array[], max = 1024 * 1024): Promise<string[]> {
  const out: string[] = [];
  for await (const element of jsonArrayElements(fromChunks(chunks), max)) out.push(decoder.decode(element));
  return out;
}

async function problemOf(chunks: readonly Uint8Array[], max = 1024 * 1024): Promise<string> {
  try {
    await elements(chunks, max);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonProblem);
    return (e as JsonProblem).message;
  }
  throw new Error('expected the array to be refused');
}

// Strings that a naive splitter would cut in the wrong place.
const TRICKY = [
  { id: 'brackets', text: 'a ] b [ c } d { e , f' },
  { id: 'quotes', text: 'she said "no, ]}" twice' },
  { id: 'backslash-at-end', text: 'C:\\temp\\' },
  { id: 'escaped-backslash-then-quote', text: '\\"' },
  { id: 'unicode', text: 'naïve — 日本語 ✓ 🙂' },
  { id: 'empty', text: '' },
];
const ELEMENTS: unknown[] = [
  ...TRICKY.map(({ id, text }) => ({ id, epoch: 1, scores: { match: { value: 'C', answer: text } }, nested: [[{}], { a: [] }] })),
  [1, [2, [3]], '[', ']'],
  'a string, with ] and }',
  42,
  -3.5e-7,
  true,
  false,
  null,
];
// Spaces and newlines between elements, as Inspect's pretty-printed summaries have.
const TEXT = `[\n  ${ELEMENTS.map((e) => JSON.stringify(e)).join(',\n  ')}\n]\n`;
const BYTES = encoder.encode(TEXT);

describe('jsonArrayElements', () => {
  it('splits an array held in one chunk into its elements', async () => {
    const out = await elements([BYTES]);
    expect(out.map((e) => parseLenientJson(e))).toEqual(ELEMENTS);
  });

  it('gives the same elements when fed one byte at a time', async () => {
    const out = await elements(oneByteAtATime(BYTES));
    expect(out.map((e) => parseLenientJson(e))).toEqual(ELEMENTS);
  });

  it('gives the same elements for 300 random ways of cutting the bytes', async () => {
    const random = mulberry32(20251122);
    for (let round = 0; round < 300; round++) {
      const cuts = Array.from({ length: 1 + Math.floor(random() * 12) }, () => Math.floor(random() * BYTES.length));
      const out = await elements(cutAt(BYTES, cuts));
      expect(out.map((e) => parseLenientJson(e)), `cuts ${cuts.join(',')}`).toEqual(ELEMENTS);
    }
  });

  it('gives the same elements when every cut lands on each single offset in turn', async () => {
    for (let at = 1; at < BYTES.length; at++) {
      const out = await elements(cutAt(BYTES, [at]));
      expect(out.map((e) => parseLenientJson(e)), `cut at ${at}`).toEqual(ELEMENTS);
    }
  });

  it('passes elements through byte for byte, so each parses on its own', async () => {
    const text = '[{"a":"x\\"y"},{"b":[1,{"c":"]"}]}]';
    expect(await elements([encoder.encode(text)])).toEqual(['{"a":"x\\"y"}', '{"b":[1,{"c":"]"}]}']);
  });

  it('keeps bare NaN and Infinity inside elements for the lenient parser', async () => {
    const out = await elements(oneByteAtATime(encoder.encode('[{"v":NaN},{"v":-Infinity},NaN]')));
    expect(out.map((e) => e.trim())).toEqual(['{"v":NaN}', '{"v":-Infinity}', 'NaN']);
  });

  it.each([
    ['[]', 0],
    ['  [ \n\t ]  \n', 0],
    ['[{}]', 1],
    ['[[]]', 1],
  ])('reads %j as %i elements', async (text, count) => {
    expect(await elements([encoder.encode(text)])).toHaveLength(count);
    expect(await elements(oneByteAtATime(encoder.encode(text)))).toHaveLength(count);
  });

  it('reads scalar elements, including the last one before the closing bracket', async () => {
    const out = await elements(oneByteAtATime(encoder.encode('[1, "two", true ,null,-2.5e3,"]"]')));
    expect(out.map((e) => parseLenientJson(e))).toEqual([1, 'two', true, null, -2500, ']']);
  });
});

describe('jsonArrayElements: bad input', () => {
  it.each([
    ['an array cut short inside an element', '[{"a":1},{"b":'],
    ['an array cut short inside a string', '[{"a":"abc'],
    ['an array cut short between elements', '[{"a":1},'],
    ['an array that was only opened', '['],
    ['nothing at all', ''],
  ])('refuses %s', async (_label, text) => {
    const message = 'it was cut short (the JSON array never closes).';
    expect(await problemOf([encoder.encode(text)])).toBe(message);
    if (text.length > 0) expect(await problemOf(oneByteAtATime(encoder.encode(text)))).toBe(message);
  });

  it('refuses text that is not an array', async () => {
    expect(await problemOf([encoder.encode('{"samples":[]}')])).toBe('it should be a JSON array (a list of samples) but is not.');
  });

  it.each(['[1] x', '[{"a":1}]{"b":2}', '[][]', '[{}] ,'])('refuses text after the end of the array: %j', async (text) => {
    expect(await problemOf([encoder.encode(text)])).toBe('it is not valid JSON (text after the end of the array).');
    expect(await problemOf(oneByteAtATime(encoder.encode(text)))).toBe('it is not valid JSON (text after the end of the array).');
  });

  it('refuses elements with no comma between them', async () => {
    expect(await problemOf([encoder.encode('[{"a":1} {"b":2}]')])).toBe('it is not valid JSON (unexpected text between array elements).');
  });

  it('refuses an element larger than the cap that arrives in pieces, before it has all arrived', async () => {
    const max = 2 * 1024 * 1024;
    const big = encoder.encode(`[{"answer":"${'x'.repeat(2 * max)}"}]`);
    const pieces = cutAt(big, Array.from({ length: 80 }, (_, i) => (i + 1) * 64 * 1024));
    let delivered = 0;
    async function* counting(): AsyncGenerator<Uint8Array> {
      for (const piece of pieces) {
        delivered += piece.length;
        await Promise.resolve();
        yield piece;
      }
    }
    let message = '';
    try {
      for await (const _ of jsonArrayElements(counting(), max)) throw new Error('no element should be produced');
    } catch (e) {
      expect(e).toBeInstanceOf(JsonProblem);
      message = (e as JsonProblem).message;
    }
    expect(message).toBe('one element is larger than 2 MB; it is not read.');
    // It stopped reading soon after passing the cap, not at the end of the stream.
    expect(delivered).toBeLessThan(max + 64 * 1024 + 1);
    expect(delivered).toBeLessThan(big.length);
  });

  it('reads elements up to the cap and refuses the one past it', async () => {
    const small = `{"a":"${'y'.repeat(100)}"}`;
    const large = `{"a":"${'z'.repeat(400)}"}`;
    const text = encoder.encode(`[${small},${large}]`);
    const seen: string[] = [];
    try {
      for await (const element of jsonArrayElements(fromChunks(oneByteAtATime(text)), 256)) seen.push(decoder.decode(element));
    } catch (e) {
      expect(e).toBeInstanceOf(JsonProblem);
      expect((e as JsonProblem).message).toMatch(/^one element is larger than/);
    }
    expect(seen).toEqual([small]);
  });
});

describe('jsonArrayElements: the cap, regressions', () => {
  const CAP = 256;
  const over = `{"a":"${'z'.repeat(CAP)}"}`;
  const under = `{"a":"${'y'.repeat(100)}"}`;

  it('refuses an element over the cap that lies whole within a single chunk', async () => {
    expect(encoder.encode(over).length).toBeGreaterThan(CAP);
    expect(await problemOf([encoder.encode(`[${over}]`)], CAP)).toMatch(/^one element is larger than .*; it is not read\.$/);
    // And when it is followed by more elements in the same chunk.
    expect(await problemOf([encoder.encode(`[${under},${over},${under}]`)], CAP)).toMatch(/^one element is larger than/);
  });

  it('refuses an over-cap scalar element ended by the closing bracket in the same chunk', async () => {
    expect(await problemOf([encoder.encode(`["${'s'.repeat(CAP + 10)}"]`)], CAP)).toMatch(/^one element is larger than/);
  });

  it('refuses an element whose last chunk pushes it over the cap', async () => {
    const bytes = encoder.encode(`[${under},${over}]`);
    // The large element's first CAP - 10 bytes arrive in one chunk (under the cap), the rest with the end of the array.
    const start = encoder.encode(`[${under},`).length;
    const pieces = cutAt(bytes, [start, start + CAP - 10]);
    expect(pieces).toHaveLength(3);
    expect(pieces[1]!.length).toBeLessThan(CAP);
    const seen: string[] = [];
    let problem: unknown;
    try {
      for await (const element of jsonArrayElements(fromChunks(pieces), CAP)) seen.push(decoder.decode(element));
    } catch (e) {
      problem = e;
    }
    expect(problem).toBeInstanceOf(JsonProblem);
    expect((problem as JsonProblem).message).toMatch(/^one element is larger than/);
    expect(seen).toEqual([under]);
  });

  it('still reads an element exactly at the cap, split or whole', async () => {
    const exact = `{"a":"${'x'.repeat(CAP - 8)}"}`;
    expect(encoder.encode(exact).length).toBe(CAP);
    const bytes = encoder.encode(`[${exact}]`);
    expect(await elements([bytes], CAP)).toEqual([exact]);
    expect(await elements(cutAt(bytes, [100]), CAP)).toEqual([exact]);
  });
});
