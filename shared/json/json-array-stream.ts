import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, isJsonSpace, joinBytes } from './json-bytes.js';
import { JsonProblem, parseLenientJson, refuseForbiddenKeys } from './lenient-json.js';

/**
 * Reads a JSON array arriving in byte chunks, so an array of a hundred thousand sample summaries
 * is never held whole. A byte scanner finds where each element starts and ends (tracking only
 * strings and nesting); the elements are then parsed.
 *
 * Parsing is batched for speed: consecutive elements of one chunk that are plain JSON (no bare
 * `NaN`/`Infinity`, no `\u` escapes that could spell a forbidden key) are decoded and parsed in
 * one `JSON.parse` call. The others, and any element that straddles two chunks, go one by one
 * through the lenient parser.
 */

/** Consecutive complete elements of the array, as bytes, with the commas and spaces between them. */
export interface ElementRun {
  readonly bytes: Uint8Array;
  /** Start and end of each element within `bytes`, flattened: [start0, end0, start1, end1, …]. */
  readonly bounds: readonly number[];
  /** Every element is plain JSON and can be parsed with the others in one call. */
  readonly plain: boolean;
}

const LETTER_U = 0x75;
// Outside strings, JSON's only letters are those of true, false, null and exponents; a capital
// N or I can only begin Python's NaN or (-)Infinity.
const LETTER_N = 0x4e;
const LETTER_I = 0x49;

// The scanner's states, as small integers for its hot loop.
const State = { BeforeArray: 0, BeforeElement: 1, InElement: 2, AfterElement: 3, Done: 4 } as const;
type State = (typeof State)[keyof typeof State];

/** The array's elements in runs, one batch of runs per chunk that completes any element. */
export async function* jsonArrayRuns(chunks: AsyncIterable<Uint8Array>, maxElementBytes: number): AsyncGenerator<ElementRun[]> {
  const scanner = new ArrayScanner(maxElementBytes);
  for await (const chunk of chunks) {
    const runs = scanner.scan(chunk);
    if (runs.length > 0) yield runs;
  }
  if (scanner.state !== State.Done) throw new JsonProblem('it was cut short (the JSON array never closes).');
}

/**
 * The byte scanner. Its loop keeps its state in local variables (fields are copied in and out
 * around it), which makes it several times faster than state shared with closures.
 */
class ArrayScanner {
  state: State = State.BeforeArray;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private plain = true;
  // Bytes of an element begun in an earlier chunk.
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  // The run being gathered in the current chunk: its first element's start, its last one's end.
  private chunk: Uint8Array = new Uint8Array(0);
  private runs: ElementRun[] = [];
  private runStart = -1;
  private runEnd = -1;
  private bounds: number[] = [];

  constructor(private readonly maxElementBytes: number) {}

  scan(chunk: Uint8Array): ElementRun[] {
    this.chunk = chunk;
    this.runs = [];
    let state: State = this.state;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let plain = this.plain;
    let start = -1;
    const n = chunk.length;
    for (let i = 0; i < n; i++) {
      const c = chunk[i] ?? 0;
      if (state === State.InElement) {
        if (inString) {
          if (escaped) {
            escaped = false;
            if (c === LETTER_U) plain = false;
            continue;
          }
          // Most bytes are inside strings: run to the next quote or backslash in a tight loop.
          let j = i;
          let d = c;
          while (d !== QUOTE && d !== BACKSLASH && ++j < n) d = chunk[j] ?? 0;
          i = j;
          if (j === n) break;
          if (d === QUOTE) inString = false;
          else escaped = true;
          continue;
        }
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth++;
        else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
          if (depth === 0) {
            // The array closes right after a scalar element.
            this.finish(start, i, plain);
            state = State.Done;
            continue;
          }
          depth--;
          if (depth === 0) {
            this.finish(start, i + 1, plain);
            state = State.AfterElement;
          }
        } else if (c === COMMA && depth === 0) {
          this.finish(start, i, plain);
          state = State.BeforeElement;
        } else if (c === LETTER_N || c === LETTER_I) plain = false;
        continue;
      }
      if (isJsonSpace(c)) continue;
      if (state === State.BeforeArray) {
        if (c !== OPEN_BRACKET) throw new JsonProblem('it should be a JSON array (a list of samples) but is not.');
        state = State.BeforeElement;
      } else if (state === State.BeforeElement) {
        if (c === CLOSE_BRACKET) {
          state = State.Done;
          continue;
        }
        state = State.InElement;
        start = i;
        depth = 0;
        plain = true;
        if (c === QUOTE) inString = true;
        else if (c === OPEN_BRACE || c === OPEN_BRACKET) depth = 1;
        else if (c === LETTER_N || c === LETTER_I) plain = false;
      } else if (state === State.AfterElement) {
        if (c === COMMA) state = State.BeforeElement;
        else if (c === CLOSE_BRACKET) state = State.Done;
        else throw new JsonProblem('it is not valid JSON (unexpected text between array elements).');
      } else {
        throw new JsonProblem('it is not valid JSON (text after the end of the array).');
      }
    }
    this.closeRun();
    if (state === State.InElement) {
      const rest = chunk.subarray(Math.max(start, 0));
      this.pending.push(rest);
      this.pendingBytes += rest.length;
      if (this.pendingBytes > this.maxElementBytes) throw this.tooLarge();
    }
    this.state = state;
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.plain = plain;
    return this.runs;
  }

  /** An element ends at `end` (it began at `start`, or in an earlier chunk when `start` is -1). */
  private finish(start: number, end: number, plain: boolean): void {
    if (start < 0 || end - start > this.maxElementBytes || !plain) {
      this.closeRun();
      const bytes = this.take(this.chunk.subarray(Math.max(start, 0), end));
      this.runs.push({ bytes, bounds: [0, bytes.length], plain });
      return;
    }
    if (this.runStart < 0) this.runStart = start;
    this.bounds.push(start - this.runStart, end - this.runStart);
    this.runEnd = end;
  }

  private closeRun(): void {
    if (this.runStart < 0) return;
    this.runs.push({ bytes: this.chunk.subarray(this.runStart, this.runEnd), bounds: this.bounds, plain: true });
    this.runStart = -1;
    this.bounds = [];
  }

  private take(tail: Uint8Array): Uint8Array {
    if (this.pendingBytes + tail.length > this.maxElementBytes) throw this.tooLarge();
    if (this.pending.length === 0) return tail;
    const out = joinBytes(this.pending, tail);
    this.pending = [];
    this.pendingBytes = 0;
    return out;
  }

  private tooLarge(): JsonProblem {
    return new JsonProblem(`one element is larger than ${Math.round(this.maxElementBytes / (1024 * 1024))} MB; it is not read.`);
  }
}

/** Each element's bytes, one at a time. */
export async function* jsonArrayElements(chunks: AsyncIterable<Uint8Array>, maxElementBytes: number): AsyncGenerator<Uint8Array> {
  for await (const runs of jsonArrayRuns(chunks, maxElementBytes)) {
    for (const run of runs) {
      for (let b = 0; b < run.bounds.length; b += 2) yield run.bytes.subarray(run.bounds[b], run.bounds[b + 1]);
    }
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function decode(bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new JsonProblem('it is not UTF-8 text; the file is damaged or not an evaluation log.');
  }
}

/** The array's elements parsed, a batch per chunk; `NaN` and `Infinity` read as numbers. */
export async function* jsonArrayValues(chunks: AsyncIterable<Uint8Array>, maxElementBytes: number): AsyncGenerator<unknown[]> {
  for await (const runs of jsonArrayRuns(chunks, maxElementBytes)) {
    const values: unknown[] = [];
    for (const run of runs) {
      if (run.plain && run.bounds.length > 2) {
        const text = decode(run.bytes);
        const risky = text.includes('__proto__') || text.includes('constructor') || text.includes('prototype');
        let parsed: unknown;
        try {
          parsed = JSON.parse(`[${text}]`, risky ? refuseForbiddenKeys : undefined);
        } catch (e) {
          if (e instanceof JsonProblem) throw e;
          // Name the element at fault: parse them one by one.
          parsed = undefined;
        }
        if (Array.isArray(parsed)) {
          for (const value of parsed) values.push(value);
          continue;
        }
      }
      for (let b = 0; b < run.bounds.length; b += 2) values.push(parseLenientJson(decode(run.bytes.subarray(run.bounds[b], run.bounds[b + 1]))));
    }
    yield values;
  }
}
