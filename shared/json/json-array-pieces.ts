import { BACKSLASH, CLOSE_BRACE, CLOSE_BRACKET, COMMA, OPEN_BRACE, OPEN_BRACKET, QUOTE, isJsonSpace, joinBytes } from './json-bytes.js';
import { parseQuickly } from './lenient-json.js';

/**
 * The quick reader of a JSON array of objects arriving in byte chunks: one `JSON.parse` per chunk,
 * with no scan of the bytes. Each chunk is cut before the last object in it that begins the way
 * every element does (`},{"id":…,"epoch":` for Inspect's summaries, say), and the text since the
 * previous cut is parsed as one list. A cut that falls inside a string or a nested value leaves
 * text that does not parse (a string left open, or brackets left unbalanced), so every piece that
 * parses was cut between the array's elements; a piece that does not is kept whole for the next
 * chunk, a few times in a row at most.
 *
 * It reads only what is well formed. Anything else (text that is not JSON or not UTF-8, a
 * forbidden key, a piece larger than an element may be) makes it give up, and the caller reads
 * the array with the exact reader (`jsonArrayValues`), which says what is wrong.
 */
export class QuickArrayReader {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private opened = false;
  private misses = 0;
  private readonly keys: readonly Uint8Array[];

  /**
   * `firstKeys`: the keys every element begins with, in order, each but the last holding a
   * scalar. No piece may exceed `maxPieceBytes`, so no element read here exceeds it either.
   */
  constructor(
    private readonly maxPieceBytes: number,
    firstKeys: readonly string[],
  ) {
    this.keys = firstKeys.map((key, i) => encoder.encode(`${i === 0 ? '' : ','}${JSON.stringify(key)}:`));
  }

  /** The elements this chunk completes; null to give up. */
  push(chunk: Uint8Array): unknown[] | null {
    const cut = lastCut(chunk, this.keys);
    if (cut >= 0 && this.pendingBytes + cut <= this.maxPieceBytes) {
      const values = parsedList(this.piece(chunk.subarray(0, cut), false));
      if (values) {
        this.opened = true;
        this.misses = 0;
        this.pending = [];
        this.pendingBytes = 0;
        this.keep(chunk.subarray(cut + 1));
        return values;
      }
      // Cut inside an element (or the text is not JSON): read on, and try again a little further.
      if (++this.misses > MAX_MISSES) return null;
    }
    this.keep(chunk);
    return this.pendingBytes > this.maxPieceBytes ? null : [];
  }

  /** The elements left once every chunk has been pushed; null to give up. */
  end(): unknown[] | null {
    if (this.pendingBytes > this.maxPieceBytes) return null;
    return parsedList(this.piece(new Uint8Array(0), true));
  }

  private keep(bytes: Uint8Array): void {
    if (bytes.length === 0) return;
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /**
   * The kept bytes followed by `tail`, made a list of their own: the array's own opening bracket
   * stays on the first piece, its closing one on the last, and every other piece gets brackets.
   */
  private piece(tail: Uint8Array, last: boolean): Uint8Array {
    return joinBytes(this.pending, tail, this.opened ? OPEN_BRACKET : undefined, last ? undefined : CLOSE_BRACKET);
  }
}

/** Pieces in a row that may fail to parse before the array is left to the exact reader. */
const MAX_MISSES = 3;

const encoder = new TextEncoder();
// The byte order mark is kept, so that text starting with one is not taken for JSON.
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * The piece's elements, or null. A piece parses as a list only if it is one: the first must
 * begin with the array's bracket (spaces aside), the last end with it, and every piece balance.
 */
function parsedList(bytes: Uint8Array): unknown[] | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return null;
  }
  const parsed = parseQuickly(text);
  return parsed && Array.isArray(parsed.value) ? (parsed.value as unknown[]) : null;
}

/** Where the comma is of the chunk's last `},` followed by an element's beginning, or -1. */
function lastCut(chunk: Uint8Array, keys: readonly Uint8Array[]): number {
  for (let brace = chunk.lastIndexOf(OPEN_BRACE); brace > 0; brace = chunk.lastIndexOf(OPEN_BRACE, brace - 1)) {
    let i = brace - 1;
    while (i >= 0 && isJsonSpace(chunk[i])) i--;
    if (chunk[i] !== COMMA) continue;
    const comma = i;
    i--;
    while (i >= 0 && isJsonSpace(chunk[i])) i--;
    if (chunk[i] === CLOSE_BRACE && beginsElement(chunk, brace + 1, keys)) return comma;
  }
  return -1;
}

/** Whether the object opened just before `at` begins with `keys`, each but the last holding a scalar. */
function beginsElement(chunk: Uint8Array, at: number, keys: readonly Uint8Array[]): boolean {
  let i = at;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k] ?? new Uint8Array(0);
    if (i + key.length > chunk.length) return false;
    for (let j = 0; j < key.length; j++) if (chunk[i + j] !== key[j]) return false;
    i += key.length;
    if (k === keys.length - 1) break;
    // The scalar: a string without escapes, or a number, true, false or null.
    if (chunk[i] === QUOTE) {
      i++;
      while (i < chunk.length && chunk[i] !== QUOTE) if (chunk[i++] === BACKSLASH) return false;
      if (i === chunk.length) return false;
      i++;
    } else {
      const start = i;
      while (i < chunk.length && isScalarByte(chunk[i] ?? 0)) i++;
      if (i === start) return false;
    }
  }
  return true;
}

// Digits, sign, point and exponent; and the letters of true, false and null.
function isScalarByte(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || byte === 0x2d || byte === 0x2b || byte === 0x2e || byte === 0x65 || byte === 0x45 || (byte >= 0x61 && byte <= 0x7a);
}
