import { formatBytes } from '../errors/file-problem.js';
import { JsonProblem, parseLenientJson } from './lenient-json.js';

/**
 * A document file read as JSON, whole: refused when larger than `maxBytes`, when it is not UTF-8,
 * when it is not JSON, or when it holds keys that could reach an object's prototype. The message
 * says what is wrong in words, for the caller to put after the file's name.
 */
export function readJsonDocument(bytes: Uint8Array, maxBytes: number, what: string): { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string } {
  if (bytes.length > maxBytes) return { ok: false, message: tooLargeMessage(bytes.length, maxBytes, what) };
  try {
    return { ok: true, value: parseLenientJson(new TextDecoder('utf-8', { fatal: true }).decode(bytes)) };
  } catch (e) {
    if (e instanceof JsonProblem) return { ok: false, message: e.message };
    return { ok: false, message: 'it is not UTF-8 text, so not JSON.' };
  }
}

/** Why a file of `size` bytes is not read: said before reading it, so a huge file is never loaded. */
export function tooLargeMessage(size: number, maxBytes: number, what: string): string {
  return `this file is ${formatBytes(size)}; ${what} up to ${formatBytes(maxBytes)} are read.`;
}
