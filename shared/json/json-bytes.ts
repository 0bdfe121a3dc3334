/** The bytes JSON's structure is made of, for the readers that scan it without decoding it. */
export const OPEN_BRACE = 0x7b;
export const CLOSE_BRACE = 0x7d;
export const OPEN_BRACKET = 0x5b;
export const CLOSE_BRACKET = 0x5d;
export const QUOTE = 0x22;
export const BACKSLASH = 0x5c;
export const COMMA = 0x2c;

/** JSON's whitespace: space, line feed, carriage return, tab. */
export function isJsonSpace(byte: number | undefined): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

/**
 * Parts kept from earlier chunks and `tail`, in one array, with a byte `before` and `after` them
 * where given (a reader's own brackets around a piece of an array).
 */
export function joinBytes(parts: readonly Uint8Array[], tail: Uint8Array, before?: number, after?: number): Uint8Array {
  const total = parts.reduce((sum, p) => sum + p.length, 0) + tail.length;
  const out = new Uint8Array((before === undefined ? 0 : 1) + total + (after === undefined ? 0 : 1));
  let offset = 0;
  if (before !== undefined) out[offset++] = before;
  for (const part of [...parts, tail]) {
    out.set(part, offset);
    offset += part.length;
  }
  if (after !== undefined) out[offset] = after;
  return out;
}
