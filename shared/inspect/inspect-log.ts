import type { JsonValue } from '../audit/audit-event.js';
import { QuickArrayReader } from '../json/json-array-pieces.js';
import { jsonArrayValues } from '../json/json-array-stream.js';
import { JsonProblem } from '../json/lenient-json.js';
import { FileProblem, ReadCancelled, formatBytes } from '../errors/file-problem.js';
import {
  benchmarkOfTask,
  type ParsedRun,
  type RunMetric,
  type RunSourceKind,
  type SampleRow,
  type TokenUsage,
} from '../results/benchmark-run.js';
import { windowedSource, type ByteSource } from '../zip/byte-source.js';
import { ZipArchive, type ZipEntry } from '../zip/zip-reader.js';
import {
  KNOWN_LOG_VERSIONS,
  evalLogHeaderSchema,
  logStartSchema,
  type SampleScoresInput,
  type EvalLogHeader,
  type EvalSpec,
} from './inspect-schema.js';
import { evalHeaderEntry, parseElement, parseWith, readJsonEntry } from './log-entries.js';
import { checkedSampleScores, sampleScoresOrUndefined } from './sample-shape.js';
import { SampleTranscripts } from './sample-transcripts.js';
import { ERROR_LIMIT, SampleRowSink, clip, sampleKey, toSampleRow } from './sample-rows.js';

/**
 * Reads an Inspect evaluation log, `.eval` or `.json`, into a run summary and its per-sample
 * scores. One reader serves the app and the command line.
 *
 * A `.eval` is read the way Inspect's own viewer reads it: the central directory, `header.json`
 * (or the journal, for a run still in progress), then the sample summaries one at a time; a
 * sample's own entry is decompressed only when no summary covers it. Transcripts are never parsed
 * here; `readTranscript` opens one on demand.
 */

export interface ReadProgress {
  /** Uncompressed bytes read so far of those the reader plans to read. */
  readonly done: number;
  readonly total: number;
}

export interface ReadLogOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Receives rows in chunks of up to SAMPLE_CHUNK_ROWS, in file order; awaited. */
  readonly onRows: (rows: SampleRow[]) => Promise<void>;
}

/** Size caps: past these a file is refused with a message rather than exhausting memory. */
export const LOG_LIMITS = {
  headerBytes: 64 * 1024 * 1024,
  summaryElementBytes: 16 * 1024 * 1024,
  summariesBytes: 8 * 1024 * 1024 * 1024,
  sampleBytes: 512 * 1024 * 1024,
  jsonLogBytes: 256 * 1024 * 1024,
} as const;

// Inspect writes every summary beginning with these keys, which is where the quick reader cuts a page.
const SUMMARY_FIRST_KEYS = ['id', 'epoch'];

const JOURNAL_SUMMARY = /^_journal\/summaries\/(\d+)\.json$/;

export type LogFormat = 'inspect-eval' | 'inspect-json';

/** Tells the two formats apart by their first bytes, not by the file name. */
export async function detectLogFormat(source: ByteSource): Promise<LogFormat> {
  const head = await source.read(0, Math.min(source.size, 64));
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) {
    return 'inspect-eval';
  }
  const text = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('{')) return 'inspect-json';
  throw new FileProblem(source.name, 'this is neither an Inspect .eval log (a ZIP archive) nor an Inspect .json log.');
}

export async function readInspectLog(source: ByteSource, options: ReadLogOptions): Promise<ParsedRun> {
  const format = await detectLogFormat(source);
  return format === 'inspect-eval' ? readEvalArchive(source, options) : readJsonLog(source, options);
}

// ----- .eval --------------------------------------------------------------------------------------

async function readEvalArchive(source: ByteSource, options: ReadLogOptions): Promise<ParsedRun> {
  const { signal } = options;
  const zip = await ZipArchive.open(source);
  const notes: string[] = [];
  const { entry: headerEntry, journal: inProgress } = evalHeaderEntry(zip);
  let header: EvalLogHeader;
  if (!inProgress) {
    header = parseWith(source.name, headerEntry.name, evalLogHeaderSchema, await readJsonEntry(zip, headerEntry, LOG_LIMITS.headerBytes, signal));
  } else {
    const start = parseWith(source.name, headerEntry.name, logStartSchema, await readJsonEntry(zip, headerEntry, LOG_LIMITS.headerBytes, signal));
    header = { version: start.version, status: 'started', eval: start.eval };
    notes.push('This run has no header.json: it was still in progress or was interrupted. Its details and samples come from the journal, and it has no metrics yet.');
  }
  checkVersion(source.name, header.version);

  const transcripts = SampleTranscripts.of(zip);
  const summaries = zip.entry('summaries.json');
  const journal = zip.entries
    .filter((entry) => entry.name.startsWith('_journal/summaries/') && zip.entry(entry.name) === entry)
    .map((entry) => ({ entry, n: Number(JOURNAL_SUMMARY.exec(entry.name)?.[1] ?? Number.NaN) }))
    .filter(({ n }) => Number.isInteger(n))
    .sort((a, b) => a.n - b.n)
    .map(({ entry }) => entry);
  const summaryPages = summaries ? [summaries] : journal;

  let done = 0;
  const total = summaryPages.reduce((n, e) => n + e.uncompressedSize, 0) + (inProgress ? 0 : headerEntry.uncompressedSize);
  const progress = (bytes: number) => {
    done += bytes;
    options.onProgress?.({ done, total: Math.max(total, done) });
  };
  const sink = new SampleRowSink(source.name, options.onRows);

  // Journal pages may repeat a sample that was retried; like Inspect, the last one counts.
  const lastInJournal = summaries ? null : await lastOccurrences(zip, journal, signal);
  // Sample entries are read in file order through a window, so each does not cost its own reads.
  const inOrder = zip.withSource(windowedSource(source));
  let position = 0;
  let missingTranscripts = 0;
  let fromEntries = 0;
  for (const page of summaryPages) {
    for await (const values of summaryValues(zip, page, signal, progress)) {
      if (signal?.aborted) throw new ReadCancelled();
      for (const value of values) {
        const index = position++;
        const summary = checkedSampleScores(source.name, page.name, value);
        if (lastInJournal && lastInJournal.get(sampleKey(summary.id, summary.epoch)) !== index) continue;
        const found = transcripts.find(summary.id, summary.epoch);
        if (found < 0) missingTranscripts++;
        // A summary that leaves out a score's answer (Inspect may keep summaries small) takes it, and
        // the sample's error, from the sample's own entry, where the whole sample is.
        const whole = found >= 0 && lacksAnswers(summary) ? await sampleEntry(inOrder, transcripts.entry(found), signal) : undefined;
        const completed = whole ? withAnswersOf(summary, whole) : summary;
        if (completed !== summary && gainedFromEntry(summary, completed)) fromEntries++;
        const row = toSampleRow(completed, found < 0 ? null : transcripts.path(found));
        if (found < 0) sink.add(row, page.name);
        else if (transcripts.claim(found)) sink.addNew(row);
        else throw sink.repeated(row, page.name);
      }
      await sink.drain();
    }
  }
  if (missingTranscripts > 0) {
    notes.push(`${missingTranscripts.toLocaleString('en-US')} sample summaries have no transcript in the file.`);
  }
  if (fromEntries > 0) {
    notes.push(`${fromEntries.toLocaleString('en-US')} sample ${fromEntries === 1 ? 'summary' : 'summaries'} left out answers or errors; they were read from the samples' own entries.`);
  }

  // Samples no summary covers (older logs, or a run interrupted between writing a sample and its summary).
  let readSamples = 0;
  // The key is the one the entry's name spells: an entry whose name and content disagree is refused.
  for (const { entry, key, path: transcript } of transcripts.unclaimed()) {
    if (signal?.aborted) throw new ReadCancelled();
    const sample = checkedSampleScores(source.name, entry.name, await readJsonEntry(inOrder, entry, LOG_LIMITS.sampleBytes, signal));
    if (sampleKey(sample.id, sample.epoch) !== key) {
      throw new FileProblem(source.name, `entry "${entry.name}" holds sample ${JSON.stringify(sample.id)} epoch ${sample.epoch}, not the sample its name says.`);
    }
    sink.addNew(toSampleRow(sample, transcript));
    await sink.drain();
    readSamples++;
  }
  if (readSamples > 0 && summaryPages.length > 0) {
    notes.push(`${readSamples.toLocaleString('en-US')} samples had no summary and were read from their own entries.`);
  }
  await sink.flush();
  if (signal?.aborted) throw new ReadCancelled();
  return runFromHeader(header, 'inspect-eval', sink, notes);
}

/**
 * Whether a summary leaves out what the whole sample says: the answer of any of its scores (the
 * key absent, not an answer of null), or, for a sample with no scores (as one that failed has),
 * whether it failed at all.
 */
function lacksAnswers(summary: SampleScoresInput): boolean {
  const scores = summary.scores;
  let any = false;
  for (const scorer in scores) {
    if (!Object.hasOwn(scores, scorer)) continue;
    if (!('answer' in (scores[scorer] ?? {}))) return true;
    any = true;
  }
  return !any && !('error' in summary);
}

/** The whole sample in `entry` (its single entry, or its folder's sample.json), if it is one. */
async function sampleEntry(inOrder: ZipArchive, entry: ZipEntry, signal?: AbortSignal): Promise<SampleScoresInput | undefined> {
  return sampleScoresOrUndefined(await readJsonEntry(inOrder, entry, LOG_LIMITS.sampleBytes, signal));
}

/** The summary, its missing answers and error taken from the whole sample. */
function withAnswersOf(summary: SampleScoresInput, whole: SampleScoresInput): SampleScoresInput {
  const scores = Object.fromEntries(Object.entries(summary.scores ?? {}).map(([scorer, score]) => [scorer, { ...score, answer: score.answer ?? whole.scores?.[scorer]?.answer ?? null }]));
  return { ...summary, scores, error: summary.error ?? whole.error ?? null };
}

/** Whether the whole sample told more than its summary: an answer, or an error. */
function gainedFromEntry(summary: SampleScoresInput, completed: SampleScoresInput): boolean {
  if ((summary.error ?? null) !== (completed.error ?? null)) return true;
  return Object.entries(completed.scores ?? {}).some(([scorer, score]) => (summary.scores?.[scorer]?.answer ?? null) !== (score.answer ?? null));
}

/** For each sample-epoch in the journal, the position of its last summary. */
async function lastOccurrences(zip: ZipArchive, pages: readonly ZipEntry[], signal?: AbortSignal): Promise<Map<string, number>> {
  const last = new Map<string, number>();
  let position = 0;
  for (const page of pages) {
    for await (const values of summaryValues(zip, page, signal)) {
      if (signal?.aborted) throw new ReadCancelled();
      for (const value of values) {
        const summary = checkedSampleScores(zip.name, page.name, value);
        last.set(sampleKey(summary.id, summary.epoch), position++);
      }
    }
  }
  return last;
}

/**
 * The summaries of one page, a batch per chunk, each batch parsed in one call by the quick reader.
 * Where that reader gives up, or the entry proves damaged, the page is read again by the exact
 * reader, which names the first problem as it always has; the summaries already handed on are
 * skipped. JSON problems are named with the page.
 */
async function* summaryValues(zip: ZipArchive, page: ZipEntry, signal?: AbortSignal, progress?: (bytes: number) => void): AsyncGenerator<unknown[]> {
  // Bytes reported to `progress`: a second reading reports only what the first did not reach.
  let reported = 0;
  async function* reading(): AsyncGenerator<Uint8Array> {
    let at = 0;
    for await (const chunk of zip.chunks(page, LOG_LIMITS.summariesBytes, signal)) {
      at += chunk.length;
      if (at > reported) {
        progress?.(at - reported);
        reported = at;
      }
      yield chunk;
    }
  }

  let handedOn = 0;
  const quick = new QuickArrayReader(LOG_LIMITS.summaryElementBytes, SUMMARY_FIRST_KEYS);
  try {
    let gaveUp = false;
    for await (const chunk of reading()) {
      // Each batch is let go once handed on, so it is not kept alive while the next is parsed.
      const values = quick.push(chunk);
      if (!values) {
        gaveUp = true;
        break;
      }
      handedOn += values.length;
      if (values.length > 0) yield values;
    }
    const rest = gaveUp ? null : quick.end();
    if (rest) {
      if (rest.length > 0) yield rest;
      return;
    }
  } catch (e) {
    if (!(e instanceof FileProblem)) throw e;
  }

  let skip = handedOn;
  try {
    for await (const values of jsonArrayValues(reading(), LOG_LIMITS.summaryElementBytes)) {
      if (skip >= values.length) {
        skip -= values.length;
        continue;
      }
      yield skip > 0 ? values.slice(skip) : values;
      skip = 0;
    }
  } catch (e) {
    if (e instanceof JsonProblem) throw new FileProblem(zip.name, `${page.name}: ${e.message}`);
    throw e;
  }
}

// ----- .json --------------------------------------------------------------------------------------

async function readJsonLog(source: ByteSource, options: ReadLogOptions): Promise<ParsedRun> {
  if (source.size > LOG_LIMITS.jsonLogBytes) {
    throw new FileProblem(
      source.name,
      `this .json log is ${formatBytes(source.size)}; .json logs up to ${formatBytes(LOG_LIMITS.jsonLogBytes)} are read. Convert larger ones to .eval with \`inspect log convert --to eval\`, which is read at any size.`,
    );
  }
  const bytes = await source.read(0, source.size);
  options.onProgress?.({ done: bytes.length, total: source.size });
  const log = parseElement(source.name, 'the log', bytes);
  if (typeof log !== 'object' || log === null || Array.isArray(log)) throw new FileProblem(source.name, 'this JSON is not an Inspect log (it is not an object).');
  // Inspect logs say which format version they are and what was evaluated: JSON without both is something else.
  const shape = log as { readonly version?: unknown; readonly eval?: unknown };
  if (typeof shape.version !== 'number' || typeof shape.eval !== 'object' || shape.eval === null) {
    throw new FileProblem(source.name, 'this JSON is not an Inspect evaluation log: it has no format "version" and "eval" section. A results table in JSON is imported as records (a list of objects).');
  }
  const header = parseWith(source.name, 'the log', evalLogHeaderSchema, log);
  checkVersion(source.name, header.version);
  const samples = (log as { samples?: unknown }).samples ?? [];
  if (!Array.isArray(samples)) throw new FileProblem(source.name, 'the field "samples" is wrong: expected a list.');
  const sink = new SampleRowSink(source.name, options.onRows);
  for (let i = 0; i < samples.length; i++) {
    if (options.signal?.aborted) throw new ReadCancelled();
    const sample = checkedSampleScores(source.name, `samples[${i}]`, samples[i]);
    sink.add(toSampleRow(sample, `samples/${i}`), `samples[${i}]`);
    await sink.drain();
  }
  await sink.flush();
  return runFromHeader(header, 'inspect-json', sink, []);
}

// ----- The run ------------------------------------------------------------------------------------

function checkVersion(fileName: string, version: number): void {
  if (!(KNOWN_LOG_VERSIONS as readonly number[]).includes(version)) {
    throw new FileProblem(
      fileName,
      version < 2
        ? `this log uses Inspect's format version ${version}, from before 2024; re-save it with \`inspect log convert\` to read it.`
        : `this log uses Inspect's format version ${version}, newer than this release of Frontier Review reads (versions ${KNOWN_LOG_VERSIONS.join(' and ')}).`,
    );
  }
}

function runFromHeader(header: EvalLogHeader, sourceKind: RunSourceKind, sink: SampleRowSink, notes: string[]): ParsedRun {
  const spec: EvalSpec = header.eval;
  const metrics: RunMetric[] = [];
  for (const score of header.results?.scores ?? []) {
    const stderr = score.metrics.stderr?.value ?? null;
    const scorer = score.name;
    for (const [name, metric] of Object.entries(score.metrics)) {
      if (name === 'stderr' && Object.keys(score.metrics).length > 1) continue;
      metrics.push({
        scorer,
        reducer: score.reducer ?? null,
        name,
        value: metric.value ?? Number.NaN,
        stderr: name === 'stderr' ? null : stderr,
        n: score.scored_samples ?? null,
      });
    }
  }
  const tokenUsage: TokenUsage[] = Object.entries(header.stats?.model_usage ?? {}).map(([model, usage]) => ({
    model,
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    totalTokens: usage.total_tokens ?? (usage.input_tokens ?? 0) + (usage.output_tokens ?? 0),
  }));
  const error =
    header.error?.message ?? (header.status === 'error' ? 'The run ended in error; the log gives no message.' : null);
  return {
    sourceKind,
    logVersion: header.version,
    benchmark: benchmarkOfTask(spec.task),
    task: spec.task,
    taskVersion: spec.task_version == null ? null : String(spec.task_version),
    model: spec.model,
    modelArgs: (spec.model_args ?? {}) as JsonValue,
    dataset: spec.dataset ? { name: spec.dataset.name ?? null, location: spec.dataset.location ?? null, samples: spec.dataset.samples ?? null } : null,
    epochs: spec.config?.epochs ?? null,
    scorers: spec.scorers?.map((s) => s.name) ?? [...new Set(metrics.map((m) => m.scorer))],
    metrics,
    samples: {
      total: header.results?.total_samples ?? null,
      completed: header.results?.completed_samples ?? null,
      ...sink.tally,
    },
    tokenUsage,
    startedAt: nonEmpty(header.stats?.started_at),
    completedAt: nonEmpty(header.stats?.completed_at),
    status: header.status,
    error: clip(error, ERROR_LIMIT),
    evalId: spec.eval_id ?? null,
    runId: spec.run_id ?? null,
    notes,
  };
}

function nonEmpty(text: string | null | undefined): string | null {
  return text == null || text === '' ? null : text;
}
