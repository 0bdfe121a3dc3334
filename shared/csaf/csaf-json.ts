import type { z } from 'zod';
import { jsonPointer, type Dropped } from '../import/dropped.js';

/** Helpers the CSAF reader shares: plain objects, JSON pointers, and a list of what it left out. */

export type Segment = string | number;
export type JsonObject = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** What the reader left out, with where and why; and the notes it makes on what it did read. */
export class Leftovers {
  readonly dropped: Dropped[] = [];

  drop(at: readonly Segment[], why: string): void {
    this.dropped.push({ path: jsonPointer(at), why });
  }

  /** Each key of `value` the reader does not know, left out with its pointer. */
  unknownKeys(value: JsonObject, known: readonly string[], at: readonly Segment[], what: string): void {
    for (const key of Object.keys(value)) if (!known.includes(key)) this.drop([...at, key], `${what} has no "${key}" in CSAF 2.0, so it is not kept.`);
  }

  /**
   * Each item of a list checked against its schema: the ones that pass, and each one that does
   * not left out with CSAF's complaint about it.
   */
  items<T>(value: unknown, schema: z.ZodType<T>, at: readonly Segment[], what: string): T[] {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      this.drop(at, `${what} is not a list, so it is not kept.`);
      return [];
    }
    return value.flatMap((item: unknown, i) => {
      const parsed = this.one(item, schema, [...at, i], what);
      return parsed === undefined ? [] : [parsed];
    });
  }

  /** One value checked against its schema, or left out with the first complaint. */
  one<T>(value: unknown, schema: z.ZodType<T>, at: readonly Segment[], what: string): T | undefined {
    const parsed = schema.safeParse(value);
    if (parsed.success) return parsed.data;
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` (${issue.path.map(String).join('.')})` : '';
    // The item is left out whole, so the pointer is to it; the complaint names the part at fault.
    const given = issue?.path.reduce<unknown>((part, key) => (isObject(part) ? part[String(key)] : undefined), value);
    const complaint = issue?.code === 'invalid_type' && given === undefined ? 'it is missing' : (issue?.message.replace(/^Invalid input: /, '') ?? 'not valid');
    this.drop(at, `${what} is not valid CSAF 2.0${where}: ${complaint}; it is not kept.`);
    return undefined;
  }
}

export function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined;
}
