import { z } from 'zod';
import { jsonArrayElements } from '../json/json-array-stream.js';
import { JsonProblem } from '../json/lenient-json.js';
import { FileProblem, ReadCancelled } from '../errors/file-problem.js';
import type { ByteSource } from '../zip/byte-source.js';
import { ZipArchive } from '../zip/zip-reader.js';
import { LOG_LIMITS, detectLogFormat, type LogFormat } from './inspect-log.js';
import { evalSpecSchema } from './inspect-schema.js';
import { decodeText, evalHeaderEntry, parseElement, parseWith, readJsonEntry } from './log-entries.js';

/**
 * What a log says it is, read the moment a file is chosen and before anything is imported: the
 * model the run measured and its task. Only the log's description of itself is read, never its
 * samples: a `.eval`'s table of contents and `header.json` (or the journal's start, for a run
 * still in progress); a `.json` log from its start up to the end of its `eval` section, which
 * Inspect writes before the samples.
 */
export interface LogHeadline {
  readonly format: LogFormat;
  readonly model: string;
  readonly task: string;
}

const describedSchema = z.object({ eval: evalSpecSchema });

/** Slices of a `.json` log read while looking for its `eval` section. */
const JSON_SLICE = 64 * 1024;

export async function readLogHeadline(source: ByteSource, signal?: AbortSignal): Promise<LogHeadline> {
  const format = await detectLogFormat(source);
  if (format === 'inspect-eval') {
    const zip = await ZipArchive.open(source);
    const { entry } = evalHeaderEntry(zip);
    const described = parseWith(source.name, entry.name, describedSchema, await readJsonEntry(zip, entry, LOG_LIMITS.headerBytes, signal));
    return { format, model: described.eval.model, task: described.eval.task };
  }
  const described = parseWith(source.name, 'the log', describedSchema, await jsonLogEval(source, signal));
  return { format, model: described.eval.model, task: described.eval.task };
}

/**
 * The `eval` section of a `.json` log (as `{ "eval": … }`), found by reading the log's top-level
 * members in turn. The scanner that finds the elements of a JSON array finds them too, given the
 * object with its braces read as brackets: each element is then one `"name": value` member.
 */
async function jsonLogEval(source: ByteSource, signal?: AbortSignal): Promise<unknown> {
  try {
    for await (const member of jsonArrayElements(membersOf(source, signal), LOG_LIMITS.headerBytes)) {
      const text = decodeText(source.name, 'the log', member);
      const name = /^"((?:[^"\\]|\\.)*)"\s*:/.exec(text);
      if (name?.[1] !== 'eval') continue;
      // The member alone, as an object of its own: { "eval": { … } }.
      const object = new Uint8Array(member.length + 2);
      object.set(member, 1);
      object[0] = 0x7b;
      object[member.length + 1] = 0x7d;
      return parseElement(source.name, 'the log', object);
    }
  } catch (e) {
    if (e instanceof JsonProblem) throw new FileProblem(source.name, `the model it measured could not be read from the start of the log (${e.message.replace(/\.$/, '')}).`);
    throw e;
  }
  throw new FileProblem(source.name, 'this .json log does not say which model it measured: it has no "eval" section.');
}

const isSpace = (byte: number) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * The log's bytes a slice at a time, its byte-order mark left out, its first brace read as an
 * opening bracket and its last (the file's last byte but spaces) as a closing one.
 */
async function* membersOf(source: ByteSource, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const end = Math.min(source.size, LOG_LIMITS.jsonLogBytes);
  for (let offset = 0; offset < end; ) {
    if (signal?.aborted) throw new ReadCancelled();
    let slice = await source.read(offset, Math.min(JSON_SLICE, end - offset));
    if (slice.length === 0) break;
    const last = offset + slice.length >= source.size;
    const start = offset;
    offset += slice.length;
    if (start === 0 || last) slice = slice.slice();
    if (start === 0) {
      const bom = slice[0] === 0xef && slice[1] === 0xbb && slice[2] === 0xbf ? 3 : 0;
      slice = slice.subarray(bom);
      const brace = slice.findIndex((byte) => !isSpace(byte));
      if (slice[brace] !== 0x7b) throw new FileProblem(source.name, 'this JSON is not an Inspect log (it is not an object).');
      slice[brace] = 0x5b;
    }
    if (last) {
      const close = slice.findLastIndex((byte) => !isSpace(byte));
      if (slice[close] === 0x7d) slice[close] = 0x5d;
    }
    yield slice;
  }
}
