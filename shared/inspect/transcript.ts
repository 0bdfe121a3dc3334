import { z } from 'zod';
import { parseLenientJson } from '../json/lenient-json.js';
import { FileProblem } from '../errors/file-problem.js';
import type { ByteSource } from '../zip/byte-source.js';
import { ZipArchive, concat } from '../zip/zip-reader.js';
import { LOG_LIMITS, detectLogFormat } from './inspect-log.js';

/**
 * A sample's conversation, read on demand from the log the reviewer keeps: transcripts are
 * never copied into the database. `locator` is what the import recorded for the sample.
 */
export interface TranscriptMessage {
  readonly role: string;
  readonly text: string;
  /** Tool calls an assistant message made, as `function(arguments)`. */
  readonly toolCalls: readonly string[];
}

const contentSchema = z.union([
  z.string(),
  z.array(z.object({ type: z.string(), text: z.string().nullish(), reasoning: z.string().nullish() }).loose()),
]);
const messageSchema = z
  .object({
    role: z.string(),
    content: contentSchema.nullish(),
    tool_calls: z.array(z.object({ function: z.string(), arguments: z.unknown() }).loose()).nullish(),
  })
  .loose();
const messagesSchema = z.array(messageSchema);

export async function readTranscript(source: ByteSource, locator: string): Promise<TranscriptMessage[]> {
  const format = await detectLogFormat(source);
  if (format === 'inspect-json') {
    const index = Number(/^samples\/(\d+)$/.exec(locator)?.[1] ?? Number.NaN);
    if (!Number.isInteger(index)) throw new FileProblem(source.name, `this file does not hold the sample "${locator}".`);
    const log = parseLenientJson(new TextDecoder().decode(await source.read(0, Math.min(source.size, LOG_LIMITS.jsonLogBytes)))) as { samples?: unknown[] };
    return messagesOf(source.name, (log.samples?.[index] as { messages?: unknown } | undefined)?.messages);
  }
  const zip = await ZipArchive.open(source);
  const json = async (name: string) => {
    const entry = zip.entry(name);
    if (!entry) throw new FileProblem(source.name, `this file does not hold "${name}"; is it the file the run was imported from?`);
    return parseLenientJson(new TextDecoder().decode(await zip.bytes(entry, LOG_LIMITS.sampleBytes)));
  };
  if (locator.endsWith('.json')) return messagesOf(source.name, (await json(locator) as { messages?: unknown }).messages);

  // Chunked sample: the message pool is split across messages/{start}.json, and the sample's
  // `message_refs` pick its conversation out of the pool as [start, end) ranges.
  const shell = (await json(`${locator}sample.json`)) as { message_refs?: unknown };
  const pages = zip.entries
    .map((e) => ({ e, start: Number(new RegExp(`^${escapeRegExp(locator)}messages/(\\d+)\\.json$`).exec(e.name)?.[1] ?? Number.NaN) }))
    .filter(({ start }) => Number.isInteger(start))
    .sort((a, b) => a.start - b.start);
  const pool: unknown[] = [];
  for (const { e } of pages) {
    const page = parseLenientJson(new TextDecoder().decode(concat([await zip.bytes(e, LOG_LIMITS.sampleBytes)])));
    if (Array.isArray(page)) pool.push(...(page as unknown[]));
  }
  const refs = z.array(z.tuple([z.number().int(), z.number().int()])).safeParse(shell.message_refs);
  const messages = refs.success ? refs.data.flatMap(([start, end]) => pool.slice(start, end)) : pool;
  return messagesOf(source.name, messages);
}

function messagesOf(fileName: string, value: unknown): TranscriptMessage[] {
  const parsed = messagesSchema.safeParse(value ?? []);
  if (!parsed.success) throw new FileProblem(fileName, 'the sample\'s messages are not in the form Inspect writes.');
  return parsed.data.map((m) => ({
    role: m.role,
    text:
      typeof m.content === 'string'
        ? m.content
        : (m.content ?? [])
            .map((part) => part.text ?? (part.reasoning ? `(reasoning) ${part.reasoning}` : `[${part.type}]`))
            .join('\n'),
    toolCalls: (m.tool_calls ?? []).map((call) => `${call.function}(${JSON.stringify(call.arguments)})`),
  }));
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
