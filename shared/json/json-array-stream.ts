import { JsonProblem } from './lenient-json.js';

/**
 * Splits a JSON array arriving in byte chunks into the bytes of each element, so an array of
 * a hundred thousand sample summaries is parsed one element at a time and never held whole.
 * It tracks only strings and nesting; each element is then parsed on its own.
 */
export async function* jsonArrayElements(chunks: AsyncIterable<Uint8Array>, maxElementBytes: number): AsyncGenerator<Uint8Array> {
  const OPEN_BRACE = 0x7b;
  const CLOSE_BRACE = 0x7d;
  const OPEN_BRACKET = 0x5b;
  const CLOSE_BRACKET = 0x5d;
  const QUOTE = 0x22;
  const BACKSLASH = 0x5c;
  const COMMA = 0x2c;

  let state: 'before-array' | 'before-element' | 'in-element' | 'after-element' | 'done' = 'before-array';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;

  for await (const chunk of chunks) {
    let start = -1;
    // Where the next backslash is, found once per stretch rather than rescanned for every string.
    let nextBackslash = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i] ?? 0;
      if (state === 'in-element') {
        if (inString) {
          if (escaped) {
            escaped = false;
            continue;
          }
          // Most bytes are inside strings: jump to the next quote or backslash natively.
          const quote = chunk.indexOf(QUOTE, i);
          if (nextBackslash < i) nextBackslash = indexOrEnd(chunk, BACKSLASH, i);
          const backslash = nextBackslash === chunk.length ? -1 : nextBackslash;
          if (quote < 0 && backslash < 0) {
            i = chunk.length;
            break;
          }
          if (backslash >= 0 && (quote < 0 || backslash < quote)) {
            i = backslash;
            escaped = true;
          } else {
            i = quote;
            inString = false;
          }
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (depth === 0) {
            // The array closes right after a scalar element.
            yield take(chunk.subarray(start < 0 ? 0 : start, i));
            state = 'done';
            continue;
          }
          depth--;
          if (depth === 0) {
            const element = take(chunk.subarray(start < 0 ? 0 : start, i + 1));
            start = -1;
            state = 'after-element';
            yield element;
          }
        } else if (c === COMMA && depth === 0) {
          const element = take(chunk.subarray(start < 0 ? 0 : start, i));
          start = -1;
          state = 'before-element';
          yield element;
        }
        continue;
      }
      if (isSpace(c)) continue;
      if (state === 'before-array') {
        if (c !== OPEN_BRACKET) throw new JsonProblem('it should be a JSON array (a list of samples) but is not.');
        state = 'before-element';
      } else if (state === 'before-element') {
        if (c === CLOSE_BRACKET) {
          state = 'done';
          continue;
        }
        state = 'in-element';
        start = i;
        depth = 0;
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth = 1;
      } else if (state === 'after-element') {
        if (c === COMMA) state = 'before-element';
        else if (c === CLOSE_BRACKET) state = 'done';
        else throw new JsonProblem('it is not valid JSON (unexpected text between array elements).');
      } else {
        throw new JsonProblem('it is not valid JSON (text after the end of the array).');
      }
    }
    if (state === 'in-element') {
      const rest = chunk.subarray(start < 0 ? 0 : start);
      pending.push(rest);
      pendingBytes += rest.length;
      if (pendingBytes > maxElementBytes) {
        throw new JsonProblem(`one element is larger than ${Math.round(maxElementBytes / (1024 * 1024))} MB; it is not read.`);
      }
    }
  }
  if (state !== 'done') throw new JsonProblem('it was cut short (the JSON array never closes).');

  function take(tail: Uint8Array): Uint8Array {
    if (pendingBytes + tail.length > maxElementBytes) {
      throw new JsonProblem(`one element is larger than ${Math.round(maxElementBytes / (1024 * 1024))} MB; it is not read.`);
    }
    if (pending.length === 0) return tail;
    const out = new Uint8Array(pendingBytes + tail.length);
    let offset = 0;
    for (const part of pending) {
      out.set(part, offset);
      offset += part.length;
    }
    out.set(tail, offset);
    pending = [];
    pendingBytes = 0;
    return out;
  }
}

function indexOrEnd(bytes: Uint8Array, byte: number, from: number): number {
  const at = bytes.indexOf(byte, from);
  return at < 0 ? bytes.length : at;
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
