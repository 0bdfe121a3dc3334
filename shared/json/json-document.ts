import { formatBytes } from '../result/file-problem.js';
import { JsonProblem, parseLenientJson } from './lenient-json.js';

/**
 * A document file read as JSON, whole: refused when larger than `maxBytes`, when it is not UTF-8,
 * when it is not JSON, or when it holds keys that could reach an object's prototype. The message
 * says what is wrong in words, for the caller to put after the file's name.
 */
export function readJsonDocument(bytes: Uint8Array, maxBytes: number, what: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } {
  if (bytes.length > maxBytes) return { ok: false, message: `this file is ${formatBytes(bytes.length)}; ${what} up to ${formatBytes(maxBytes)} are read.` };
  try {
    return { ok: true, value: parseLenientJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch (e) {
    if (e instanceof JsonProblem) return { ok: false, message: e.message };
    return { ok: false, message: 'it is not UTF-8 text, so not JSON.' };
  }
}
