/**
 * JSON as Inspect writes it. Python's `json` module emits bare `NaN`, `Infinity` and `-Infinity`
 * for unscored samples and undefined metrics; standard `JSON.parse` rejects them. Inspect's own
 * viewer falls back to JSON5 for such text; this does the same job faster by turning the bare
 * tokens (never those inside strings) into placeholders, parsing, and restoring them in one walk
 * over the result (`parseQuickly`); text that way cannot read is read with a reviver, which says
 * what is wrong with it.
 *
 * Keys that could reach an object's prototype (`__proto__`, `constructor`, `prototype`) are refused:
 * nothing in an evaluation log needs them, and parsed records are spread into application objects.
 */

export class JsonProblem extends Error {}

const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
// Strings are matched first so tokens inside them are left alone.
const TOKENS = /"(?:[^"\\]|\\.)*"|(-?Infinity|NaN)/g;

export function parseLenientJson(text: string): unknown {
  const risky = mayHoldForbiddenKey(text);
  try {
    const value: unknown = JSON.parse(text, risky ? refuseForbiddenKeys : undefined);
    return value;
  } catch (e) {
    if (e instanceof JsonProblem) throw e;
    if (!/NaN|Infinity/.test(text)) throw new JsonProblem(`it is not valid JSON (${jsonMessage(e)}).`);
    const quick = parseMarkingBareTokens(text);
    if (quick) return quick.value;
    // A placeholder no text can contain by chance: a fresh random tag, checked against the text.
    let tag: string;
    do tag = `nonfinite:${Math.random().toString(36).slice(2)}:`;
    while (text.includes(tag));
    const restore: Readonly<Record<string, number>> = {
      [`${tag}NaN`]: Number.NaN,
      [`${tag}Infinity`]: Number.POSITIVE_INFINITY,
      [`${tag}-Infinity`]: Number.NEGATIVE_INFINITY,
    };
    const marked = text.replace(TOKENS, (match, token: string | undefined) => (token ? `"${tag}${token}"` : match));
    try {
      return JSON.parse(marked, (key, value: unknown) => {
        if (risky) refuseForbiddenKeys(key, value);
        return typeof value === 'string' && value.startsWith(tag) && value in restore ? restore[value] : value;
      }) as unknown;
    } catch (inner) {
      if (inner instanceof JsonProblem) throw inner;
      throw new JsonProblem(`it is not valid JSON (${jsonMessage(e)}).`);
    }
  }
}

/** Cheap pre-check so the reviver (which slows parsing) runs only when a forbidden key could be present, escaped or not. */
function mayHoldForbiddenKey(text: string): boolean {
  return text.includes('__proto__') || text.includes('constructor') || text.includes('prototype') || text.includes('\\u');
}

export function refuseForbiddenKeys(key: string, value: unknown): unknown {
  if (FORBIDDEN_KEYS.has(key)) throw new JsonProblem(`it contains the key "${key}", which no evaluation log uses and which is refused for safety.`);
  return value;
}

function jsonMessage(e: unknown): string {
  return e instanceof Error ? e.message.replace(/\s+/g, ' ').slice(0, 200) : String(e);
}

/**
 * JSON as Inspect writes it, read the quick way: one JSON.parse (of the text with its bare NaN and
 * Infinity marked, when it has them) and one walk over the result that restores them and looks
 * for forbidden keys. Undefined where it cannot tell (the text is not valid JSON, holds a
 * forbidden key, or nests too deep to walk): `parseLenientJson` then reads it and says what is wrong.
 */
export function parseQuickly(text: string): { readonly value: unknown } | undefined {
  const mayHoldTokens = /NaN|Infinity/.test(text);
  const marked = mayHoldTokens ? parseMarked(text, tokensByPlace(text)) : undefined;
  if (marked) return marked;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return mayHoldTokens ? parseMarked(text, tokensOutsideStrings(text)) : undefined;
  }
  return restoreWalk(value, undefined) ? { value } : undefined;
}

const CANDIDATES = /-?Infinity|NaN/g;

/**
 * The text parsed with its bare NaN and Infinity marked. Most are found by where they stand: a
 * token is taken for bare when a value may begin just before it and end just after it. One inside
 * a string can stand so too, but its marker cannot pass for a value there (the marker's opening
 * quote ends the string, and the letter after that quote is not JSON), so the marked text then
 * fails to parse, and a scan that follows the strings finds the bare tokens exactly. When the
 * marked text parses, every marker stood for a bare token, and every bare token was marked: one
 * left bare fails the parse.
 */
function parseMarkingBareTokens(text: string): { readonly value: unknown } | undefined {
  return parseMarked(text, tokensByPlace(text)) ?? parseMarked(text, tokensOutsideStrings(text));
}

/** Start and end of each token, flattened: [start0, end0, start1, end1, …]. */
type TokenBounds = number[];

function tokensByPlace(text: string): TokenBounds {
  const bounds: TokenBounds = [];
  CANDIDATES.lastIndex = 0;
  for (let found = CANDIDATES.exec(text); found; found = CANDIDATES.exec(text)) {
    const end = found.index + found[0].length;
    if (valueMayBeginBefore(text, found.index) && valueMayEndAfter(text, end)) bounds.push(found.index, end);
  }
  return bounds;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function tokensOutsideStrings(text: string): TokenBounds {
  const bounds: TokenBounds = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      // To the quote that ends the string: one after an even number of backslashes.
      let close = text.indexOf('"', i + 1);
      while (close >= 0) {
        let escapes = 0;
        while (text.charCodeAt(close - 1 - escapes) === BACKSLASH) escapes++;
        if (escapes % 2 === 0) break;
        close = text.indexOf('"', close + 1);
      }
      if (close < 0) break;
      i = close + 1;
      continue;
    }
    const token = code === 0x4e ? 'NaN' : code === 0x49 ? 'Infinity' : code === 0x2d && text.startsWith('-Infinity', i) ? '-Infinity' : '';
    if (token && text.startsWith(token, i)) {
      bounds.push(i, i + token.length);
      i += token.length;
    } else i++;
  }
  return bounds;
}

function parseMarked(text: string, tokens: TokenBounds): { readonly value: unknown } | undefined {
  if (tokens.length === 0) return undefined;
  // A marker: a control character, which JSON text can hold only escaped, and a random part no
  // file can know in advance.
  const random = Math.random().toString(36).slice(2);
  const tag = `\u0001${random}:`;
  const parts: string[] = [];
  let from = 0;
  for (let t = 0; t < tokens.length; t += 2) {
    const start = tokens[t] ?? 0;
    const end = tokens[t + 1] ?? 0;
    parts.push(text.slice(from, start), `"\\u0001${random}:${text.slice(start, end)}"`);
    from = end;
  }
  parts.push(text.slice(from));
  let value: unknown;
  try {
    value = JSON.parse(parts.join(''));
  } catch {
    return undefined;
  }
  return restoreWalk(value, tag) ? { value: typeof value === 'string' ? restored(value, tag) : value } : undefined;
}

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** After `:`, `,` or `[` (spaces aside), or at the start. */
function valueMayBeginBefore(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && isJsonSpace(text.charCodeAt(i))) i--;
  if (i < 0) return true;
  const code = text.charCodeAt(i);
  return code === 0x3a || code === 0x2c || code === 0x5b;
}

/** Before `,`, `}` or `]` (spaces aside), or at the end. */
function valueMayEndAfter(text: string, at: number): boolean {
  let i = at;
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  if (i === text.length) return true;
  const code = text.charCodeAt(i);
  return code === 0x2c || code === 0x7d || code === 0x5d;
}

function restored(value: string, tag: string): unknown {
  if (!value.startsWith(tag)) return value;
  const token = value.slice(tag.length);
  return token === 'NaN' ? Number.NaN : token === 'Infinity' ? Number.POSITIVE_INFINITY : token === '-Infinity' ? Number.NEGATIVE_INFINITY : value;
}

/**
 * Restores the markers of `tag` (if any) in place and checks that no object has a forbidden key.
 * False when one has, or when the value nests too deep for the walk.
 */
function restoreWalk(value: unknown, tag: string | undefined): boolean {
  try {
    return walk(value, tag);
  } catch (e) {
    if (e instanceof RangeError) return false;
    throw e;
  }
}

function walk(value: unknown, tag: string | undefined): boolean {
  if (typeof value !== 'object' || value === null) return true;
  if (Array.isArray(value)) {
    const list = value as unknown[];
    for (let i = 0; i < list.length; i++) {
      const item = list[i];
      if (typeof item === 'object') {
        if (!walk(item, tag)) return false;
      } else if (tag !== undefined && typeof item === 'string') list[i] = restored(item, tag);
    }
    return true;
  }
  const fields = value as Record<string, unknown>;
  for (const key in fields) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') return false;
    const item = fields[key];
    if (typeof item === 'object') {
      if (!walk(item, tag)) return false;
    } else if (tag !== undefined && typeof item === 'string') fields[key] = restored(item, tag);
  }
  return true;
}
