/**
 * JSON as Inspect writes it. Python's `json` module emits bare `NaN`, `Infinity` and `-Infinity`
 * for unscored samples and undefined metrics; standard `JSON.parse` rejects them. Inspect's own
 * viewer falls back to JSON5 for such text; this does the same job faster by turning the bare
 * tokens (never those inside strings) into placeholders and restoring them while parsing.
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
