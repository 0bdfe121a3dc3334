import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GeneratedLog, type GenerateOptions, generateInspectLog } from '../../test/fixtures/inspect/generate-inspect-log.js';
import { type ZipEntryInput, ZipFileWriter } from '../../test/fixtures/inspect/zip-writer.js';
import { FileProblem, ReadCancelled } from '../errors/file-problem.js';
import type { ParsedRun, SampleRow } from '../results/benchmark-run.js';
import { type ByteSource, bytesSource } from '../zip/byte-source.js';
import { jsonArrayValues } from '../json/json-array-stream.js';
import { LOG_LIMITS, readInspectLog } from './inspect-log.js';
import { providedPath } from '../../test/fixtures/provided.js';

// Real Inspect logs, kept in the repository with their provenance (test/fixtures/public).
const FIXTURES = providedPath('inspect');
const encoder = new TextEncoder();
let dir = '';
let fileCount = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'inspect-log-test-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

interface Read {
  readonly run: ParsedRun;
  readonly rows: SampleRow[];
  readonly batches: number;
}

async function read(source: ByteSource, signal?: AbortSignal): Promise<Read> {
  const rows: SampleRow[] = [];
  let batches = 0;
  const run = await readInspectLog(source, {
    ...(signal ? { signal } : {}),
    onRows: (batch) => {
      batches++;
      rows.push(...batch);
      return Promise.resolve();
    },
  });
  return { run, rows, batches };
}

async function problemOf(source: ByteSource): Promise<string> {
  try {
    await read(source);
  } catch (e) {
    expect(e).toBeInstanceOf(FileProblem);
    expect((e as FileProblem).fileName).toBe(source.name);
    return (e as FileProblem).message;
  }
  throw new Error(`expected ${source.name} to be refused`);
}

function fixture(name: string): ByteSource {
  return bytesSource(name, new Uint8Array(readFileSync(path.join(FIXTURES, name))));
}

function fileSource(file: string): ByteSource {
  return bytesSource(path.basename(file), new Uint8Array(readFileSync(file)));
}

type Entry = Omit<ZipEntryInput, 'data'> & ({ readonly json: unknown } | { readonly text: string } | { readonly data: Uint8Array });

/** An .eval made of the given entries (deflate unless said otherwise). */
function evalLog(name: string, entries: readonly Entry[]): ByteSource {
  const file = path.join(dir, `${++fileCount}-${name}`);
  const writer = new ZipFileWriter(file);
  for (const entry of entries) {
    const data = 'json' in entry ? encoder.encode(JSON.stringify(entry.json)) : 'text' in entry ? encoder.encode(entry.text) : entry.data;
    writer.add({ ...entry, data });
  }
  writer.close();
  return bytesSource(name, new Uint8Array(readFileSync(file)));
}

function jsonLog(name: string, text: string): ByteSource {
  return bytesSource(name, encoder.encode(text));
}

const EVAL_SPEC = { task: 'inspect_evals/cybench', model: 'frontier-lab/model-under-review', config: { epochs: 1 } };
const HEADER = { version: 2, status: 'success', eval: EVAL_SPEC };

function summary(id: string | number, epoch: number, value: unknown, answer = 'flag{x}'): Record<string, unknown> {
  return { id, epoch, input: 'Find the flag.', target: 'flag{x}', scores: { includes: { value, answer } } };
}

/** What a row says, without where its transcript lives (which differs between formats by design). */
function withoutTranscript(rows: readonly SampleRow[]): Omit<SampleRow, 'transcript'>[] {
  return rows.map(({ transcript: _transcript, ...rest }) => rest);
}

function key(row: SampleRow): string {
  return `${String(row.id)}#${row.epoch}`;
}

describe('readInspectLog: real Inspect logs', () => {
  it('reads log_formats.eval and log_formats.json as the same run', async () => {
    const fromEval = await read(fixture('log_formats.eval'));
    const fromJson = await read(fixture('log_formats.json'));
    expect(fromEval.run.sourceKind).toBe('inspect-eval');
    expect(fromJson.run.sourceKind).toBe('inspect-json');
    expect({ ...fromEval.run, sourceKind: null }).toEqual({ ...fromJson.run, sourceKind: null });
    expect(fromEval.run).toMatchObject({
      task: 'popularity',
      benchmark: 'popularity',
      model: 'ollama/llama3.1',
      status: 'success',
      runId: 'BpiPFmbVcMCRUAXv8ovCTx',
      metrics: [{ scorer: 'match', name: 'accuracy', value: 0, stderr: 0 }],
      samples: { total: 1, completed: 1, read: 1, scored: 1, unscored: 0, errored: 0 },
      tokenUsage: [{ model: 'ollama/llama3.1', inputTokens: 66, outputTokens: 2, totalTokens: 68 }],
    });
    expect(withoutTranscript(fromEval.rows)).toEqual(withoutTranscript(fromJson.rows));
    expect(fromEval.rows).toEqual([{ id: 1, epoch: 1, scores: { match: { value: 'I', answer: 'No' } }, error: null, limit: null, transcript: 'samples/1_epoch_1.json' }]);
  });

  it('reads log_streaming.eval: 2 samples × 2 epochs, accuracy 0.75 ± 0.25', async () => {
    const { run, rows } = await read(fixture('log_streaming.eval'));
    expect(run.epochs).toBe(2);
    expect(run.metrics).toEqual([{ scorer: 'match', reducer: null, name: 'accuracy', value: 0.75, stderr: 0.25, n: null }]);
    expect(rows).toHaveLength(4);
    expect(rows.map(key).sort()).toEqual(['1#1', '1#2', '2#1', '2#2']);
    expect(rows.filter((r) => r.scores.match?.value === 'C')).toHaveLength(3);
    expect(run.samples).toMatchObject({ total: 4, completed: 4, read: 4, scored: 4, unscored: 0 });
    expect(run.notes).toEqual([]);
  });

  it('reads the February 2025 popularity .eval: 10 samples, accuracy 0.8, 640 tokens', async () => {
    const { run, rows } = await read(fixture('2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval'));
    expect(run.model).toBe('openai/gpt-4o-mini');
    expect(run.status).toBe('success');
    expect(run.metrics).toHaveLength(1);
    expect(run.metrics[0]).toMatchObject({ scorer: 'match', name: 'accuracy', value: 0.8, stderr: 0.13333333333333333 });
    expect(run.tokenUsage).toEqual([{ model: 'openai/gpt-4o-mini', inputTokens: 620, outputTokens: 20, totalTokens: 640 }]);
    expect(rows).toHaveLength(10);
    expect(rows.map((r) => r.id).sort((a, b) => Number(a) - Number(b))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(rows.filter((r) => r.scores.match?.value === 'C')).toHaveLength(8);
    expect(rows.every((r) => r.transcript === `samples/${String(r.id)}_epoch_1.json`)).toBe(true);
    expect(run.startedAt).toBe('2025-02-11T15:18:04-05:00');
    expect(run.completedAt).toBe('2025-02-11T15:18:08-05:00');
  });

  it('reads the cancelled May 2025 .json log with its 3 samples', async () => {
    const { run, rows } = await read(fixture('2025-05-12T20-28-13-04-00_popularity.json'));
    expect(run.status).toBe('cancelled');
    expect(run.sourceKind).toBe('inspect-json');
    expect(run.error).toBeNull();
    expect(rows.map((r) => [r.id, r.epoch, r.scores.match?.value])).toEqual([
      [1, 1, 'C'],
      [2, 1, 'C'],
      [3, 1, 'I'],
    ]);
    expect(run.samples).toMatchObject({ read: 3, scored: 3 });
  });

  it('reads the August 2024 .json log that ended in error, with no samples', async () => {
    const { run, rows, batches } = await read(fixture('2024-08-29T15-11-18+00-00_popularity_5EAmX6wjMFqea6WY7XHzZp.json'));
    expect(run.status).toBe('error');
    expect(run.error).toBe('The run ended in error; the log gives no message.');
    expect(run.model).toBe('mockllm/model');
    expect(rows).toEqual([]);
    expect(batches).toBe(0);
    expect(run.samples.read).toBe(0);
    expect(run.tokenUsage).toEqual([]);
  });
});

describe('readInspectLog: generated logs', () => {
  const options: GenerateOptions = { samples: 60, epochs: 2, nanRate: 0.15, errorRate: 0.05, limitRate: 0.08, turns: 1, seed: 42 };
  const variants = {
    zstd: { format: 'eval', compression: 'zstd', layout: 'monolith' },
    deflate: { format: 'eval', compression: 'deflate', layout: 'monolith' },
    chunked: { format: 'eval', compression: 'zstd', layout: 'chunked' },
    json: { format: 'json' },
  } as const satisfies Record<string, GenerateOptions>;
  const made = new Map<string, { generated: GeneratedLog; read: Read }>();

  beforeAll(async () => {
    for (const [name, variant] of Object.entries(variants)) {
      const generated = await generateInspectLog(path.join(dir, `generated-${name}.${variant.format}`), { ...options, ...variant });
      made.set(name, { generated, read: await read(fileSource(generated.path)) });
    }
  });

  it('gives identical rows and metrics from zstd, deflate, chunked and .json logs of the same seed', () => {
    const zstd = made.get('zstd')!;
    // A limit reads the same ("message") from a summary and from a whole sample, so rows compare as they are.
    const comparable = (rows: readonly SampleRow[]) => withoutTranscript(rows);
    for (const name of ['deflate', 'chunked', 'json']) {
      const other = made.get(name)!;
      expect(other.read.rows.length, name).toBe(zstd.read.rows.length);
      expect(comparable(other.read.rows), name).toEqual(comparable(zstd.read.rows));
      expect(other.read.run.metrics, name).toEqual(zstd.read.run.metrics);
      expect(other.read.run.samples, name).toEqual(zstd.read.run.samples);
      expect(other.read.run.tokenUsage, name).toEqual(zstd.read.run.tokenUsage);
      expect({ ...other.read.run, sourceKind: null, logVersion: null }, name).toEqual({ ...zstd.read.run, sourceKind: null, logVersion: null });
    }
    expect(made.get('chunked')!.read.run.logVersion).toBe(3);
    expect(made.get('chunked')!.read.rows[0]!.transcript).toMatch(/^samples\/.+_epoch_1\/$/);
  });

  it('reports the metric and the counts the generator wrote', () => {
    for (const [name, { generated, read: r }] of made) {
      expect(r.rows, name).toHaveLength(generated.sampleEpochs);
      expect(r.run.samples, name).toMatchObject({ read: 120, scored: generated.scored, unscored: generated.unscored, errored: generated.errored });
      expect(r.run.metrics, name).toEqual([
        { scorer: 'includes', reducer: 'mean', name: 'accuracy', value: generated.metricValue, stderr: generated.stderr, n: expect.any(Number) as number },
      ]);
      expect(r.run.benchmark).toBe('cybench');
      expect(r.run.epochs).toBe(2);
    }
    // The rates asked for produced some of everything, so the counts above were tested.
    const { generated } = made.get('zstd')!;
    expect(generated.unscored).toBeGreaterThan(5);
    expect(generated.errored).toBeGreaterThan(0);
    expect(made.get('zstd')!.read.run.samples.limited).toBeGreaterThan(0);
  });

  it('counts NaN scores as unscored and keeps them as NaN', () => {
    for (const [name, { generated, read: r }] of made) {
      const nan = r.rows.filter((row) => Object.values(row.scores).some((s) => typeof s.value === 'number' && Number.isNaN(s.value)));
      const noScore = r.rows.filter((row) => Object.keys(row.scores).length === 0);
      expect(nan.length, name).toBeGreaterThan(0);
      expect(nan.length + noScore.length, name).toBe(generated.unscored);
      expect(r.run.samples.unscored, name).toBe(generated.unscored);
      expect(r.run.samples.scored + r.run.samples.unscored, name).toBe(r.run.samples.read);
    }
  });

  it('reads a run in progress from its journal, saying so, with no metrics', async () => {
    const generated = await generateInspectLog(path.join(dir, 'running.eval'), { samples: 25, epochs: 2, seed: 5, flushEvery: 7, turns: 0 });
    const running = await generateInspectLog(path.join(dir, 'running-started.eval'), { samples: 25, epochs: 2, seed: 5, flushEvery: 7, turns: 0, status: 'started' });
    const finished = await read(fileSource(generated.path));
    const { run, rows } = await read(fileSource(running.path));
    expect(run.status).toBe('started');
    expect(run.metrics).toEqual([]);
    expect(run.samples.total).toBeNull();
    expect(run.notes).toEqual([expect.stringContaining('still in progress') as string]);
    expect(run.notes[0]).toMatch(/no header\.json/);
    expect(run.task).toBe('inspect_evals/cybench');
    // Every sample written so far, across the 8 journal pages, and the same scores the finished run holds.
    expect(rows).toHaveLength(50);
    expect(withoutTranscript(rows)).toEqual(withoutTranscript(finished.rows));
  });
});

describe('readInspectLog: crafted .eval logs', () => {
  it('keeps the last of a sample repeated across journal pages, ordering pages by number', async () => {
    // Ten pages: read as text, "10" would sort before "2".
    const pages: Entry[] = [];
    for (let n = 1; n <= 10; n++) {
      const page = [summary(`s${n}`, 1, 'I')];
      if (n === 2) page.push(summary('retried', 1, 'I', 'first try'));
      if (n === 10) page.push(summary('retried', 1, 'C', 'second try'));
      pages.push({ name: `_journal/summaries/${n}.json`, json: page });
    }
    const source = evalLog('journal.eval', [{ name: '_journal/start.json', json: { version: 2, eval: EVAL_SPEC } }, ...pages]);
    const { run, rows } = await read(source);
    expect(run.status).toBe('started');
    expect(rows).toHaveLength(11);
    const retried = rows.filter((r) => r.id === 'retried');
    expect(retried).toEqual([{ id: 'retried', epoch: 1, scores: { includes: { value: 'C', answer: 'second try' } }, error: null, limit: null, transcript: null }]);
    expect(run.samples).toMatchObject({ read: 11, scored: 11 });
    expect(run.notes).toContain('11 sample summaries have no transcript in the file.');
  });

  it('reads samples no summary covers from their own entries, the last entry of a name winning', async () => {
    const source = evalLog('rewritten.eval', [
      { name: 'header.json', json: HEADER },
      { name: 'samples/1_epoch_1.json', json: { ...summary(1, 1, 'I', 'first try'), messages: [] } },
      { name: 'samples/2_epoch_1.json', json: { ...summary(2, 1, 'C'), messages: [] } },
      { name: 'samples/1_epoch_1.json', json: { ...summary(1, 1, 'C', 'second try'), messages: [] } },
    ]);
    const { rows } = await read(source);
    expect(rows.map((r) => [r.id, r.scores.includes?.answer, r.transcript]).sort()).toEqual([
      [1, 'second try', 'samples/1_epoch_1.json'],
      [2, 'flag{x}', 'samples/2_epoch_1.json'],
    ]);
  });

  it('takes answers and errors from the samples’ own entries where the summaries leave the answers out', async () => {
    const thin = (id: number, value: string) => ({ id, epoch: 1, input: 'Would you say it?', target: 'Yes', scores: { match: { value } } });
    const source = evalLog('thin.eval', [
      { name: 'header.json', json: HEADER },
      { name: 'summaries.json', json: [thin(1, 'C'), thin(2, 'I'), { ...summary(3, 1, 'C', 'Kept'), scores: { match: { value: 'C', answer: 'Kept' } } }] },
      { name: 'samples/1_epoch_1.json', json: { id: 1, epoch: 1, scores: { match: { value: 'C', answer: 'Yes' } }, messages: [] } },
      { name: 'samples/2_epoch_1.json', json: { id: 2, epoch: 1, scores: { match: { value: 'I', answer: 'No' } }, error: { message: 'The sandbox timed out.', traceback: '' }, messages: [] } },
      { name: 'samples/3_epoch_1.json', json: { id: 3, epoch: 1, scores: { match: { value: 'C', answer: 'Other' } }, messages: [] } },
    ]);
    const { run, rows } = await read(source);
    expect(rows.map((r) => [r.id, r.scores.match?.answer, r.error])).toEqual([
      [1, 'Yes', null],
      [2, 'No', 'The sandbox timed out.'],
      // A summary with its answer is taken as it is: its entry is not read.
      [3, 'Kept', null],
    ]);
    expect(run.samples).toMatchObject({ read: 3, errored: 1 });
    expect(run.notes).toContain("2 sample summaries left out answers or errors; they were read from the samples' own entries.");
  });

  it('takes the error of a sample with no scores from its own entry when its summary does not say whether it failed', async () => {
    const source = evalLog('failed.eval', [
      { name: 'header.json', json: HEADER },
      { name: 'summaries.json', json: [{ id: 1, epoch: 1, input: 'Q', target: 'A' }, { id: 2, epoch: 1, input: 'Q', target: 'A', error: null }] },
      { name: 'samples/1_epoch_1.json', json: { id: 1, epoch: 1, error: { message: 'The model refused to start.', traceback: '' }, messages: [] } },
      { name: 'samples/2_epoch_1.json', json: { id: 2, epoch: 1, error: { message: 'Not read: the summary says it did not fail.', traceback: '' }, messages: [] } },
    ]);
    const { run, rows } = await read(source);
    expect(rows.map((r) => [r.id, r.error])).toEqual([
      [1, 'The model refused to start.'],
      [2, null],
    ]);
    expect(run.samples).toMatchObject({ read: 2, errored: 1 });
    expect(run.notes).toContain("1 sample summary left out answers or errors; they were read from the samples' own entries.");
  });

  it('refuses a header.json that is not JSON', async () => {
    const source = evalLog('broken-header.eval', [{ name: 'header.json', text: '{"version": 2, "status": "success", "eval": {' }]);
    expect(await problemOf(source)).toMatch(/^broken-header\.eval: header\.json: it is not valid JSON \(.+\)\.$/);
  });

  it('refuses a header whose fields have the wrong type, naming the field', async () => {
    const source = evalLog('typed.eval', [{ name: 'header.json', json: { ...HEADER, eval: { ...EVAL_SPEC, task: 42 } } }]);
    expect(await problemOf(source)).toBe('typed.eval: header.json: the field "eval.task" is wrong: expected string, received number.');
    const epochs = evalLog('epochs.eval', [{ name: 'header.json', json: { ...HEADER, eval: { ...EVAL_SPEC, config: { epochs: 'two' } } } }]);
    expect(await problemOf(epochs)).toMatch(/^epochs\.eval: header\.json: the field "eval\.config\.epochs" is wrong: /);
  });

  it('refuses a log version newer than it knows', async () => {
    const source = evalLog('future.eval', [{ name: 'header.json', json: { ...HEADER, version: 9 } }]);
    expect(await problemOf(source)).toBe(
      "future.eval: this log uses Inspect's format version 9, newer than this release of Frontier Review reads (versions 2 and 3).",
    );
  });

  it('refuses version 1 logs, saying to convert them', async () => {
    const fromEval = await problemOf(evalLog('old.eval', [{ name: 'header.json', json: { ...HEADER, version: 1 } }]));
    expect(fromEval).toMatch(/^old\.eval: this log uses Inspect's format version 1, .*`inspect log convert`/);
    const fromJson = await problemOf(jsonLog('old.json', JSON.stringify({ ...HEADER, version: 1, samples: [] })));
    expect(fromJson).toMatch(/^old\.json: .*format version 1.*`inspect log convert`/);
  });

  it('refuses the pre-2025 .eval layout with advice, and a ZIP that is no log at all', async () => {
    const legacy = evalLog('legacy.eval', [{ name: 'start.json', json: HEADER }, { name: 'results.json', json: {} }]);
    expect(await problemOf(legacy)).toBe(
      'legacy.eval: this .eval uses the layout of Inspect releases before 2025, which is not read; convert it with `inspect log convert`.',
    );
    const other = evalLog('photos.eval', [{ name: 'holiday.jpg', data: new Uint8Array(100) }]);
    expect(await problemOf(other)).toBe('photos.eval: this ZIP is not an Inspect .eval log: it has neither header.json nor _journal/start.json.');
  });

  it('refuses a header holding a __proto__ key', async () => {
    const source = evalLog('proto.eval', [{ name: 'header.json', text: '{"version":2,"status":"success","eval":{"task":"t","model":"m","model_args":{"__proto__":{"polluted":true}}}}' }]);
    expect(await problemOf(source)).toBe(
      'proto.eval: header.json: it contains the key "__proto__", which no evaluation log uses and which is refused for safety.',
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a sample-epoch that appears twice in summaries.json', async () => {
    const source = evalLog('twice.eval', [
      { name: 'summaries.json', json: [summary(1, 1, 'C'), summary(2, 1, 'I'), summary(1, 1, 'I')] },
      { name: 'header.json', json: HEADER },
    ]);
    expect(await problemOf(source)).toBe('twice.eval: sample 1 epoch 1 appears twice (summaries.json); a log holds each sample-epoch once.');
  });

  it('matches summaries to their transcripts whatever their order, and refuses one summarised twice', async () => {
    const samples = [1, 2, 3].map((id) => ({ name: `samples/${id}_epoch_1.json`, json: { ...summary(id, 1, 'C'), messages: [] } }));
    const { rows, run } = await read(evalLog('order.eval', [{ name: 'header.json', json: HEADER }, ...samples, { name: 'summaries.json', json: [summary(3, 1, 'C'), summary(1, 1, 'I'), summary(2, 1, 'C')] }]));
    expect(rows.map((r) => [r.id, r.scores.includes?.value, r.transcript])).toEqual([
      [3, 'C', 'samples/3_epoch_1.json'],
      [1, 'I', 'samples/1_epoch_1.json'],
      [2, 'C', 'samples/2_epoch_1.json'],
    ]);
    expect(run.notes).toEqual([]);
    const twice = evalLog('twice-with-samples.eval', [{ name: 'header.json', json: HEADER }, ...samples, { name: 'summaries.json', json: [summary(1, 1, 'C'), summary(2, 1, 'C'), summary(3, 1, 'C'), summary('2', 1, 'I')] }]);
    expect(await problemOf(twice)).toBe('twice-with-samples.eval: sample "2" epoch 1 appears twice (summaries.json); a log holds each sample-epoch once.');
  });

  it('refuses a summary that is not a sample, naming the entry and field', async () => {
    const source = evalLog('epochless.eval', [
      { name: 'summaries.json', json: [{ id: 1, epoch: 0, scores: {} }] },
      { name: 'header.json', json: HEADER },
    ]);
    expect(await problemOf(source)).toMatch(/^epochless\.eval: summaries\.json: the field "epoch" is wrong: /);
  });

  it.each([
    { written: ['samples/1_epoch_1.json', 'samples/1_epoch_1/sample.json'], value: 'C', transcript: 'samples/1_epoch_1/' },
    { written: ['samples/1_epoch_1/sample.json', 'samples/1_epoch_1.json'], value: 'I', transcript: 'samples/1_epoch_1.json' },
  ])('reads the layout written last when a sample has both a single entry and a folder ($transcript)', async ({ written, value, transcript }) => {
    const values: Record<string, string> = { 'samples/1_epoch_1.json': 'I', 'samples/1_epoch_1/sample.json': 'C' };
    const { rows } = await read(evalLog('both.eval', [{ name: 'header.json', json: HEADER }, ...written.map((name) => ({ name, json: summary(1, 1, values[name]) }))]));
    expect(rows.map((r) => [r.scores.includes?.value, r.transcript])).toEqual([[value, transcript]]);
  });

  it('finds the transcripts of samples whose ids hold slashes (HumanEval/0), with or without summaries', async () => {
    const entries = [
      { name: 'header.json', json: HEADER },
      { name: 'samples/HumanEval/0_epoch_1.json', json: summary('HumanEval/0', 1, 'C') },
      { name: 'samples/HumanEval/1_epoch_1.json', json: summary('HumanEval/1', 1, 'I') },
    ];
    const withSummaries = await read(evalLog('humaneval.eval', [...entries, { name: 'summaries.json', json: [summary('HumanEval/0', 1, 'C'), summary('HumanEval/1', 1, 'I')] }]));
    expect(withSummaries.rows.map((r) => r.transcript)).toEqual(['samples/HumanEval/0_epoch_1.json', 'samples/HumanEval/1_epoch_1.json']);
    expect(withSummaries.run.notes).toEqual([]);
    const withoutSummaries = await read(evalLog('humaneval.eval', entries));
    expect(withoutSummaries.rows.map((r) => [r.id, r.scores.includes?.value, r.transcript])).toEqual([
      ['HumanEval/0', 'C', 'samples/HumanEval/0_epoch_1.json'],
      ['HumanEval/1', 'I', 'samples/HumanEval/1_epoch_1.json'],
    ]);
  });

  it('refuses a sample entry that holds a different sample than its name says', async () => {
    const source = evalLog('mislabelled.eval', [
      { name: 'header.json', json: HEADER },
      { name: 'samples/7_epoch_1.json', json: summary(8, 1, 'C') },
    ]);
    expect(await problemOf(source)).toBe('mislabelled.eval: entry "samples/7_epoch_1.json" holds sample 8 epoch 1, not the sample its name says.');
    // A name that spells the epoch differently is not silently skipped either.
    const padded = evalLog('padded.eval', [
      { name: 'header.json', json: HEADER },
      { name: 'samples/7_epoch_01.json', json: summary(7, 1, 'C') },
    ]);
    expect(await problemOf(padded)).toBe('padded.eval: entry "samples/7_epoch_01.json" holds sample 7 epoch 1, not the sample its name says.');
  });

  it('passes ZIP problems through with the file name', async () => {
    const source = evalLog('crc.eval', [{ name: 'header.json', json: HEADER, declaredCrc: 1 }]);
    expect(await problemOf(source)).toBe('crc.eval: entry "header.json" fails its CRC check; the file is damaged.');
  });

  it('refuses, before reading it, a header.json larger than the header cap', async () => {
    const declared = 100 * 1024 * 1024;
    expect(declared).toBeGreaterThan(LOG_LIMITS.headerBytes);
    // Stored bytes that stay under the ZIP-bomb ratio, declaring a size past the cap.
    const inner = evalLog('huge-header.eval', [{ name: 'header.json', data: encoder.encode(`{"s":"${'x'.repeat(80_000)}"}`), method: 0, declaredUncompressedSize: declared }]);
    const reads: [number, number][] = [];
    const source: ByteSource = {
      name: inner.name,
      size: inner.size,
      read: (offset, length) => {
        reads.push([offset, length]);
        return inner.read(offset, length);
      },
    };
    expect(await problemOf(source)).toBe('huge-header.eval: entry "header.json" is 100 MB uncompressed; at most 64 MB is read.');
    // The format check's first bytes, the archive's tail and its directory: the entry itself (its
    // local header at offset 0, its data after it) was never read.
    expect(reads).toHaveLength(3);
    expect(reads[0]).toEqual([0, 64]);
    expect(reads.filter(([offset, length]) => offset === 0 && length === 30)).toEqual([]);
  });
});

describe('readInspectLog: summaries pages the quick reader leaves to the exact one', () => {
  const many = Array.from({ length: 3000 }, (_, i) => summary(`s${i}`, 1, i % 10 === 0 ? '__NAN__' : 'C', `flag{${'x'.repeat(i % 50)}}`));
  const text = JSON.stringify(many).replaceAll('"__NAN__"', 'NaN');

  /** What the exact reader alone says of these summaries, as the import shows it. */
  async function exactProblem(name: string, page: string): Promise<string> {
    async function* bytes(): AsyncGenerator<Uint8Array> {
      await Promise.resolve();
      yield encoder.encode(page);
    }
    try {
      for await (const _ of jsonArrayValues(bytes(), LOG_LIMITS.summaryElementBytes)) continue;
    } catch (e) {
      return `${name}: summaries.json: ${(e as Error).message}`;
    }
    throw new Error('expected the exact reader to refuse the page');
  }

  it('reads every summary once, in order, when only the exact reader accepts the page (a trailing comma)', async () => {
    const { rows, run } = await read(evalLog('trailing.eval', [{ name: 'summaries.json', text: `${text.slice(0, -1)},]` }, { name: 'header.json', json: HEADER }]));
    expect(rows.map((r) => r.id)).toEqual(many.map((m) => m.id));
    expect(run.samples).toMatchObject({ read: 3000, scored: 2700, unscored: 300 });
  });

  it('refuses damaged summaries in the words of the exact reader, wherever the damage lies', async () => {
    const cases = [
      ['late.eval', text.slice(0, text.length - 200)],
      ['early.eval', text.replace('{"id":"s5",', '{"id":"s5",,')],
      ['proto.eval', text.replace('"input":"Find the flag."', '"__proto__":{"polluted":true}')],
      ['bom.eval', `\uFEFF${text}`],
      ['after.eval', `${text} []`],
    ] as const;
    for (const [name, page] of cases) {
      const message = await problemOf(evalLog(name, [{ name: 'summaries.json', text: page }, { name: 'header.json', json: HEADER }]));
      expect(message, name).toBe(await exactProblem(name, page));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names a summaries page that fails its CRC check as the damaged entry, or its broken JSON where that comes first', async () => {
    const source = evalLog('crc-summaries.eval', [{ name: 'summaries.json', text, declaredCrc: 1 }, { name: 'header.json', json: HEADER }]);
    expect(await problemOf(source)).toBe('crc-summaries.eval: entry "summaries.json" fails its CRC check; the file is damaged.');
    // Damage in the last summary is met before the end of the entry, where its CRC is checked.
    const at = text.lastIndexOf('"value":"C"');
    const broken = `${text.slice(0, at)}"value":C${text.slice(at + '"value":"C"'.length)}`;
    const both = evalLog('both.eval', [{ name: 'summaries.json', text: broken, declaredCrc: 1 }, { name: 'header.json', json: HEADER }]);
    expect(await problemOf(both)).toBe(await exactProblem('both.eval', broken));
    expect(await problemOf(both)).toMatch(/not valid JSON/);
  });

  it('keeps NaN written inside strings as text, and reads bare ones as unscored', async () => {
    const page = JSON.stringify([summary('a', 1, '__NAN__', 'value: NaN, Infinity]'), summary('b', 1, 'NaN', 'C'), summary('c', 1, '__NAN__')]).replaceAll('"__NAN__"', 'NaN');
    const { rows, run } = await read(evalLog('strings.eval', [{ name: 'summaries.json', text: page }, { name: 'header.json', json: HEADER }]));
    expect(rows.map((r) => [r.id, r.scores.includes?.value, r.scores.includes?.answer])).toEqual([
      ['a', Number.NaN, 'value: NaN, Infinity]'],
      ['b', 'NaN', 'C'],
      ['c', Number.NaN, 'flag{x}'],
    ]);
    expect(run.samples).toMatchObject({ read: 3, unscored: 2 });
  });
});

describe('readInspectLog: crafted .json logs and other files', () => {
  it('refuses a .json log with the same sample twice', async () => {
    const text = JSON.stringify({ ...HEADER, samples: [summary('a', 1, 'C'), summary('b', 1, 'C'), summary('a', 1, 'I')] });
    expect(await problemOf(jsonLog('dup.json', text))).toBe('dup.json: sample "a" epoch 1 appears twice (samples[2]); a log holds each sample-epoch once.');
  });

  it('reads a Python NaN score in a .json log as an unscored sample, kept as NaN', async () => {
    const text = `{"version":2,"status":"success","eval":{"task":"t","model":"m"},"results":{"scores":[{"name":"x","metrics":{"mean":{"name":"mean","value":1.0}}}]},"samples":[{"id":1,"epoch":1,"scores":{"x":{"value":NaN}}},{"id":2,"epoch":1,"scores":{"x":{"value":1}}}]}`;
    const { run, rows } = await read(jsonLog('nan.json', text));
    expect(run.metrics[0]!.value).toBe(1);
    expect(rows[0]!.scores.x!.value).toBeNaN();
    expect(run.samples).toMatchObject({ read: 2, scored: 1, unscored: 1 });
  });

  it('refuses a .json log whose samples are not a list', async () => {
    expect(await problemOf(jsonLog('shape.json', JSON.stringify({ ...HEADER, samples: { a: 1 } })))).toBe('shape.json: the field "samples" is wrong: expected a list.');
  });

  it('names a JSON file that is not a log as such, rather than a field it lacks', async () => {
    expect(await problemOf(jsonLog('results.json', JSON.stringify({ version: 'draft', rows: [] })))).toBe(
      'results.json: this JSON is not an Inspect evaluation log: it has no format "version" and "eval" section. A results table in JSON is imported as records (a list of objects).',
    );
  });

  it('refuses a text file that is neither format', async () => {
    const message = 'this is neither an Inspect .eval log (a ZIP archive) nor an Inspect .json log.';
    expect(await problemOf(jsonLog('results.csv', 'task,model,accuracy\ncybench,m,0.4\n'))).toBe(`results.csv: ${message}`);
    expect(await problemOf(jsonLog('list.json', '[{"id":1}]'))).toBe(`list.json: ${message}`);
    expect(await problemOf(jsonLog('empty.json', ''))).toBe(`empty.json: ${message}`);
  });

  it('refuses a .json log larger than the .json cap without reading it', async () => {
    const head = encoder.encode('{"version": 2, "status": "success", "eval": {"task": "t", "model": "m"}, "samples": [');
    const lengths: number[] = [];
    const source: ByteSource = {
      name: 'enormous.json',
      size: LOG_LIMITS.jsonLogBytes + 44 * 1024 * 1024,
      read: (offset, length) => {
        lengths.push(length);
        return Promise.resolve(head.slice(offset, offset + length));
      },
    };
    expect(await problemOf(source)).toBe(
      'enormous.json: this .json log is 300 MB; .json logs up to 256 MB are read. Convert larger ones to .eval with `inspect log convert --to eval`, which is read at any size.',
    );
    expect(Math.max(...lengths)).toBeLessThanOrEqual(64);
  });
});

describe('readInspectLog: cancelling', () => {
  const manySamples = (count: number) =>
    JSON.stringify({ ...HEADER, samples: Array.from({ length: count }, (_, i) => summary(`s${i}`, 1, i % 2 ? 'C' : 'I')) });

  it('stops a .json read mid-way with ReadCancelled, delivering no more rows', async () => {
    const controller = new AbortController();
    let batches = 0;
    const reading = readInspectLog(jsonLog('long.json', manySamples(3500)), {
      signal: controller.signal,
      onRows: () => {
        batches++;
        controller.abort();
        return Promise.resolve();
      },
    });
    await expect(reading).rejects.toBeInstanceOf(ReadCancelled);
    expect(batches).toBe(1);
  });

  it('stops an .eval read mid-way with ReadCancelled when the reviewer cancels during reading', async () => {
    const entries: Entry[] = [{ name: 'header.json', json: HEADER }];
    for (let i = 0; i < 40; i++) entries.push({ name: `samples/${i}_epoch_1.json`, json: { ...summary(i, 1, 'C'), messages: [] } });
    const inner = evalLog('long.eval', entries);
    const controller = new AbortController();
    let reads = 0;
    let readsAfterAbort = 0;
    const source: ByteSource = {
      name: inner.name,
      size: inner.size,
      read: (offset, length) => {
        if (controller.signal.aborted) readsAfterAbort++;
        // The tail, the directory, the header's two reads, then the samples (read through a
        // window that holds this small file whole): cancel as the samples are reached.
        if (++reads === 5) controller.abort();
        return inner.read(offset, length);
      },
    };
    let batches = 0;
    const reading = readInspectLog(source, {
      signal: controller.signal,
      onRows: () => {
        batches++;
        return Promise.resolve();
      },
    });
    await expect(reading).rejects.toBeInstanceOf(ReadCancelled);
    expect(batches).toBe(0);
    expect(readsAfterAbort).toBeLessThanOrEqual(2);
  });

  it('does not start reading an .eval when already cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(read(fixture('log_streaming.eval'), controller.signal)).rejects.toBeInstanceOf(ReadCancelled);
  });
});

describe('readInspectLog: regressions', () => {
  it('reads a .json log whose metric value is a bare NaN, keeping it as NaN', async () => {
    const text =
      '{"version":2,"status":"success","eval":{"task":"t","model":"m"},"results":{"scores":[{"name":"x","metrics":{"mean":{"name":"mean","value":NaN}}}]},"samples":[{"id":1,"epoch":1,"scores":{"x":{"value":NaN}}}]}';
    const { run, rows } = await read(jsonLog('nan-metric.json', text));
    expect(run.metrics).toHaveLength(1);
    expect(run.metrics[0]!.name).toBe('mean');
    expect(run.metrics[0]!.value).toBeNaN();
    expect(run.metrics[0]!.stderr).toBeNull();
    expect(rows).toHaveLength(1);
    expect(run.samples).toMatchObject({ read: 1, scored: 0, unscored: 1 });
  });

  it('reads a generated one-sample log, whose stderr is NaN, in both formats', async () => {
    for (const format of ['eval', 'json'] as const) {
      const generated = await generateInspectLog(path.join(dir, `one-sample.${format}`), { samples: 1, format, nanRate: 0, errorRate: 0, seed: 3 });
      expect(generated.stderr, format).toBeNaN();
      const { run, rows } = await read(fileSource(generated.path));
      expect(rows, format).toHaveLength(1);
      expect(run.samples.read, format).toBe(1);
      expect(run.metrics, format).toHaveLength(1);
      expect(run.metrics[0]!.value, format).toBe(generated.metricValue);
      expect(run.metrics[0]!.stderr, format).toBeNaN();
    }
  });

  it('reads a limit as "message" from a summary and from a whole sample', async () => {
    const limitedSample = { ...summary('s1', 1, 'I'), limit: { type: 'message', limit: 50 }, messages: [] };
    const fromJson = await read(jsonLog('limit.json', JSON.stringify({ ...HEADER, samples: [limitedSample] })));
    expect(fromJson.rows[0]!.limit).toBe('message');
    const fromSummary = await read(
      evalLog('limit-summary.eval', [
        { name: 'header.json', json: HEADER },
        { name: 'summaries.json', json: [{ ...summary('s1', 1, 'I'), limit: 'message' }] },
      ]),
    );
    expect(fromSummary.rows[0]!.limit).toBe('message');
    const fromSampleEntry = await read(evalLog('limit-sample.eval', [{ name: 'header.json', json: HEADER }, { name: 'samples/s1_epoch_1.json', json: limitedSample }]));
    expect(fromSampleEntry.rows[0]!.limit).toBe('message');
    expect(withoutTranscript(fromJson.rows)).toEqual(withoutTranscript(fromSummary.rows));
    expect(withoutTranscript(fromSampleEntry.rows)).toEqual(withoutTranscript(fromSummary.rows));
  });

  it('stops a generated 2,500-sample .eval with ReadCancelled when cancelled inside onRows, with no rows after', async () => {
    const generated = await generateInspectLog(path.join(dir, 'cancel-2500.eval'), { samples: 2500, turns: 0, seed: 11 });
    const controller = new AbortController();
    let calls = 0;
    let callsAfterAbort = 0;
    const reading = readInspectLog(fileSource(generated.path), {
      signal: controller.signal,
      onRows: (rows) => {
        if (controller.signal.aborted) callsAfterAbort++;
        calls++;
        expect(rows).toHaveLength(1000);
        controller.abort();
        return Promise.resolve();
      },
    });
    await expect(reading).rejects.toBeInstanceOf(ReadCancelled);
    expect(calls).toBe(1);
    expect(callsAfterAbort).toBe(0);
  }, 30_000);
});
