import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateInspectLog, type GenerateOptions } from '../../test/fixtures/inspect/generate-inspect-log.js';
import { ZipFileWriter } from '../../test/fixtures/inspect/zip-writer.js';
import { providedPath } from '../../test/fixtures/provided.js';
import { FileProblem, ReadCancelled } from '../errors/file-problem.js';
import { bytesSource, type ByteSource } from '../zip/byte-source.js';
import { readInspectLog } from './inspect-log.js';
import { readLogHeadline } from './log-headline.js';

const encoder = new TextEncoder();
let dir = '';
let fileCount = 0;

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'log-headline-test-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** A source that counts the bytes read from it, to show a headline leaves the samples unread. */
function counting(source: ByteSource): ByteSource & { readonly bytesRead: () => number } {
  let read = 0;
  return {
    name: source.name,
    size: source.size,
    read: async (offset, length) => {
      const bytes = await source.read(offset, length);
      read += bytes.length;
      return bytes;
    },
    bytesRead: () => read,
  };
}

function fileSource(file: string, name = path.basename(file)): ByteSource {
  return bytesSource(name, new Uint8Array(readFileSync(file)));
}

function evalLog(name: string, entries: readonly { readonly name: string; readonly json: unknown }[]): ByteSource {
  const file = path.join(dir, `${++fileCount}-${name}`);
  const writer = new ZipFileWriter(file);
  for (const entry of entries) writer.add({ name: entry.name, data: encoder.encode(JSON.stringify(entry.json)), method: 8 });
  writer.close();
  return fileSource(file, name);
}

async function problemOf(source: ByteSource): Promise<string> {
  try {
    await readLogHeadline(source);
  } catch (e) {
    expect(e).toBeInstanceOf(FileProblem);
    return (e as FileProblem).problem;
  }
  throw new Error(`expected ${source.name} to be refused`);
}

describe('readLogHeadline: real Inspect logs', () => {
  it.each([
    ['log_formats.eval', 'inspect-eval', 'ollama/llama3.1', 'popularity'],
    ['log_formats.json', 'inspect-json', 'ollama/llama3.1', 'popularity'],
    ['log_streaming.eval', 'inspect-eval', undefined, 'popularity'],
    ['2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval', 'inspect-eval', 'openai/gpt-4o-mini', 'popularity'],
    ['2025-05-12T20-28-13-04-00_popularity.json', 'inspect-json', undefined, 'popularity'],
    ['2024-08-29T15-11-18+00-00_popularity_5EAmX6wjMFqea6WY7XHzZp.json', 'inspect-json', 'mockllm/model', 'popularity'],
  ])('reads %s: the same model and task as the whole read', async (name, format, model, task) => {
    const source = fileSource(providedPath(`inspect/${name}`));
    const headline = await readLogHeadline(source);
    const run = await readInspectLog(source, { onRows: () => Promise.resolve() });
    expect(headline).toEqual({ format, model: run.model, task: run.task });
    expect(headline.task).toBe(task);
    if (model !== undefined) expect(headline.model).toBe(model);
  });
});

describe('readLogHeadline: generated logs', () => {
  const variants: Record<string, GenerateOptions> = {
    zstd: { format: 'eval', compression: 'zstd', layout: 'monolith' },
    deflate: { format: 'eval', compression: 'deflate', layout: 'monolith' },
    chunked: { format: 'eval', compression: 'zstd', layout: 'chunked' },
    'in progress': { format: 'eval', compression: 'zstd', status: 'started' },
    json: { format: 'json' },
  };

  it.each(Object.entries(variants))('reads the model of a %s log without reading its samples', async (name, variant) => {
    const generated = await generateInspectLog(path.join(dir, `${name.replace(' ', '-')}.${variant.format ?? 'eval'}`), {
      samples: 400,
      epochs: 2,
      turns: 2,
      seed: 7,
      model: 'openai/gpt-4o',
      ...variant,
    });
    const source = counting(fileSource(generated.path));
    const headline = await readLogHeadline(source);
    expect(headline).toEqual({ format: variant.format === 'json' ? 'inspect-json' : 'inspect-eval', model: 'openai/gpt-4o', task: 'inspect_evals/cybench' });
    // The description of the run, not its 800 samples: a small part of the file.
    expect(source.bytesRead()).toBeLessThan(source.size / 4);
  });
});

describe('readLogHeadline: .json logs read from their start', () => {
  const spec = { task: 'inspect_evals/cybench', model: 'openai/gpt-4o' };

  it('finds the eval section after other members, past a byte-order mark, with NaN and nesting around it', async () => {
    const text = `\uFEFF  {"version": 2, "status": "success", "plan": {"steps": [{"solver": "x}{\\"]"}]}, "note": NaN,\n "eval": ${JSON.stringify(spec)}, "samples": [}`;
    // The samples are never reached, so their damage goes unseen here (the import refuses it).
    expect(await readLogHeadline(bytesSource('ordered.json', encoder.encode(text)))).toEqual({ format: 'inspect-json', ...spec });
  });

  it('finds the eval section across the slices it is read in', async () => {
    const padding = 'x'.repeat(200 * 1024);
    const text = JSON.stringify({ version: 2, status: 'success', padding, eval: { ...spec, metadata: { padding } } }, null, 2);
    expect(await readLogHeadline(bytesSource('long.json', encoder.encode(text)))).toMatchObject(spec);
    expect(await readLogHeadline(bytesSource('long-bom.json', encoder.encode(`\uFEFF${text}\n`)))).toMatchObject(spec);
  });

  it('refuses a log with no eval section, or whose model has the wrong type, naming the file', async () => {
    expect(await problemOf(bytesSource('none.json', encoder.encode('{"version": 2, "status": "success", "samples": []}')))).toBe(
      'this .json log does not say which model it measured: it has no "eval" section.',
    );
    expect(await problemOf(bytesSource('scalar-last.json', encoder.encode('{"version": 2, "status": "success"}')))).toBe(
      'this .json log does not say which model it measured: it has no "eval" section.',
    );
    expect(await problemOf(bytesSource('typed.json', encoder.encode('{"version": 2, "eval": {"task": "t", "model": 42}}')))).toBe(
      'the log: the field "eval.model" is wrong: expected string, received number.',
    );
    expect(await problemOf(bytesSource('cut.json', encoder.encode('{"version": 2, "eval": {"task": "t", "mod')))).toMatch(/^the model it measured could not be read from the start of the log \(it was cut short/);
    expect(await problemOf(bytesSource('proto.json', encoder.encode('{"eval": {"task": "t", "model": "m", "__proto__": {}}}')))).toMatch(/"__proto__", which no evaluation log uses/);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(readLogHeadline(bytesSource('log.json', encoder.encode(JSON.stringify({ eval: spec }))), controller.signal)).rejects.toBeInstanceOf(ReadCancelled);
  });
});

describe('readLogHeadline: .eval logs', () => {
  const spec = { task: 'inspect_evals/cybench', model: 'anthropic/claude-3-5-sonnet-20241022' };

  it('prefers header.json to the journal, as the import does', async () => {
    const source = evalLog('both.eval', [
      { name: '_journal/start.json', json: { version: 2, eval: { ...spec, model: 'openai/gpt-4o' } } },
      { name: 'header.json', json: { version: 2, status: 'success', eval: spec } },
    ]);
    expect(await readLogHeadline(source)).toEqual({ format: 'inspect-eval', ...spec });
  });

  it('refuses the pre-2025 layout, a ZIP that is no log, and a header whose model is missing', async () => {
    expect(await problemOf(evalLog('legacy.eval', [{ name: 'start.json', json: { version: 2, eval: spec } }]))).toBe(
      'this .eval uses the layout of Inspect releases before 2025, which is not read; convert it with `inspect log convert`.',
    );
    expect(await problemOf(evalLog('photos.eval', [{ name: 'holiday.json', json: {} }]))).toBe('this ZIP is not an Inspect .eval log: it has neither header.json nor _journal/start.json.');
    expect(await problemOf(evalLog('anonymous.eval', [{ name: 'header.json', json: { version: 2, status: 'success', eval: { task: 't' } } }]))).toMatch(/^header\.json: the field "eval\.model" is wrong/);
  });

  it('refuses a file that is neither kind of log', async () => {
    expect(await problemOf(bytesSource('notes.txt', encoder.encode('results: good')))).toBe('this is neither an Inspect .eval log (a ZIP archive) nor an Inspect .json log.');
  });
});
