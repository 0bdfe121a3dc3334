import type { z } from 'zod';
import { JsonProblem, parseLenientJson } from '../json/lenient-json.js';
import { FileProblem } from '../errors/file-problem.js';
import { concat, type ZipArchive, type ZipEntry } from '../zip/zip-reader.js';
import { describeSchemaProblem } from './inspect-schema.js';

/**
 * What the readers of Inspect logs share: the entry a `.eval` describes itself in, and JSON read
 * and checked with its problems named after the file and the place in it.
 */

/**
 * Where a `.eval` says what run it holds: `header.json`, or, for a run still in progress (or
 * interrupted), the journal's `_journal/start.json`. A ZIP with neither is refused.
 */
export function evalHeaderEntry(zip: ZipArchive): { readonly entry: ZipEntry; readonly journal: boolean } {
  const header = zip.entry('header.json');
  if (header) return { entry: header, journal: false };
  const start = zip.entry('_journal/start.json');
  if (start) return { entry: start, journal: true };
  const legacy = zip.entry('start.json') ?? zip.entry('results.json');
  throw new FileProblem(
    zip.name,
    legacy
      ? 'this .eval uses the layout of Inspect releases before 2025, which is not read; convert it with `inspect log convert`.'
      : 'this ZIP is not an Inspect .eval log: it has neither header.json nor _journal/start.json.',
  );
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeText(fileName: string, where: string, bytes: Uint8Array): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new FileProblem(fileName, `${where} is not UTF-8 text; the file is damaged or not an Inspect log.`);
  }
}

/** JSON as Inspect writes it (bare NaN and Infinity included), its problems named with `where`. */
export function parseElement(fileName: string, where: string, bytes: Uint8Array): unknown {
  try {
    return parseLenientJson(decodeText(fileName, where, bytes));
  } catch (e) {
    if (e instanceof JsonProblem) throw new FileProblem(fileName, `${where}: ${e.message}`);
    throw e;
  }
}

/** One entry of an archive, decompressed whole (it may not exceed `maxBytes`) and parsed. */
export async function readJsonEntry(zip: ZipArchive, entry: ZipEntry, maxBytes: number, signal?: AbortSignal): Promise<unknown> {
  const parts: Uint8Array[] = [];
  for await (const chunk of zip.chunks(entry, maxBytes, signal)) parts.push(chunk);
  return parseElement(zip.name, entry.name, concat(parts));
}

export function parseWith<S extends z.ZodType>(fileName: string, where: string, schema: S, value: unknown): z.infer<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw new FileProblem(fileName, `${where}: ${describeSchemaProblem(parsed.error)}`);
  return parsed.data;
}
