import { duplicateKeys } from '../json/duplicate-keys.js';

/**
 * What an import could not carry into the workstation, said rather than dropped in silence: where in
 * the file (a JSON pointer, RFC 6901, into the file as given) and why. Every importer returns its
 * list; the app shows it after the import, and `frontier-review check --json` prints it as `dropped`.
 */
export interface Dropped {
  /** A JSON pointer into the file: `/vulnerabilities/0/remediations/1`, or `` for the whole file. */
  readonly path: string;
  readonly why: string;
}

/** A JSON pointer from its segments, escaping `~` and `/` as RFC 6901 says. */
export function jsonPointer(segments: readonly (string | number)[]): string {
  return segments.map((s) => `/${String(s).replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/**
 * Each key a JSON text gives more than once in the same object, as left out: JSON.parse keeps the
 * last value and drops the others without a word. `text` must be JSON that parsed.
 */
export function droppedDuplicateKeys(text: string): Dropped[] {
  return duplicateKeys(text).map((d) => ({
    path: jsonPointer(d.path),
    why: `"${String(d.path.at(-1))}" is given ${d.times === 2 ? 'twice' : `${d.times} times`} in the same object; JSON keeps the last value, so ${d.times === 2 ? 'the first is' : 'the others are'} left out.`,
  }));
}
