import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBuildOptions } from '../../build/scripts/build-electron.mjs';
import { CYBER_BENCHMARKS, generateInspectLog } from '../../test/fixtures/inspect/generate-inspect-log.js';
import { providedPath } from '../../test/fixtures/provided.js';
import { FileSource } from './file-source.js';
import { formatReport, inspectFile, reportJson, runCommandLine, runInspectCommand, type InspectReport } from './inspect-command.js';

const fixtures = providedPath('inspect');
const fixture = (name: string) => path.join(fixtures, name);
const STREAMING = fixture('log_streaming.eval');
const FORMATS = fixture('log_formats.eval');
const POPULARITY = fixture('2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval');
const CANCELLED = fixture('2025-05-12T20-28-13-04-00_popularity.json');
const ERRORED = fixture('2024-08-29T15-11-18+00-00_popularity_5EAmX6wjMFqea6WY7XHzZp.json');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-cli-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], entry: typeof runCommandLine = runCommandLine): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await entry(args, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
  });
  return { code, stdout, stderr };
}

async function inspectJson(file: string): Promise<InspectReport> {
  const { code, stdout, stderr } = await run(['inspect', file, '--json']);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as InspectReport;
}

async function sha256OfFile(file: string): Promise<string> {
  return createHash('sha256').update(await readFile(file)).digest('hex');
}

describe('frontier-review inspect, text report', () => {
  it('prints the metric with its stderr and interval, the counts and the score values of a 2×2 log', async () => {
    const { code, stdout, stderr } = await run(['inspect', STREAMING]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('match/accuracy  0.75 ± 0.25 (95% CI 0.26–1.24)');
    expect(stdout).toMatch(/^Epochs +2$/m);
    expect(stdout).toMatch(/^Samples +4 total, 4 completed, 4 read, 4 scored, 0 unscored, 0 errored, 0 limited$/m);
    expect(stdout).toMatch(/^ {2}match +C: 3, I: 1$/m);
    expect(stdout).toMatch(/^Format +\.eval$/m);
    expect(stdout).toMatch(/^Status +Complete \(success\)$/m);
    expect(stdout).toMatch(/^Model +azureai\/Meta-Llama-3-1-405B-Instruct-jqf$/m);
    expect(stdout).toMatch(/^Size +8\.6 KB \(8,854 bytes\)$/m);
    expect(stdout).toContain(`SHA-256      ${await sha256OfFile(STREAMING)}`);
  });

  it('reads a 10-sample log: accuracy 0.8, ten samples read', async () => {
    const { code, stdout } = await run(['inspect', POPULARITY]);
    expect(code).toBe(0);
    expect(stdout).toContain('match/accuracy  0.8 ± 0.1333');
    expect(stdout).toContain('10 total, 10 completed, 10 read, 10 scored');
    expect(stdout).toMatch(/^ {2}match +C: 8, I: 2$/m);
    expect(stdout).toMatch(/^ {2}openai\/gpt-4o-mini +input 620, output 20, total 640$/m);
  });

  it('shows a cancelled run as cancelled, and still exits 0: the file was read', async () => {
    const { code, stdout } = await run(['inspect', CANCELLED]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Status +Cancelled$/m);
    expect(stdout).toMatch(/^Format +\.json$/m);
    expect(stdout).toContain('match/accuracy  0.6667 ± 0.3333');
  });

  it('shows a run that ended in error, with its error', async () => {
    const { code, stdout } = await run(['inspect', ERRORED]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Status +Error$/m);
    expect(stdout).toMatch(/^Error +The run ended in error; the log gives no message\.$/m);
  });

  it('reads a zstd-compressed .eval with chunked samples, and shows NaN scores as NaN', async () => {
    const file = path.join(dir, 'cybench-zstd.eval');
    const made = await generateInspectLog(file, { samples: 30, epochs: 2, compression: 'zstd', layout: 'chunked', nanRate: 0.1, errorRate: 0.1, seed: 11 });
    const { code, stdout, stderr } = await run(['inspect', file]);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(made.unscored).toBeGreaterThan(0);
    expect(stdout).toMatch(/^Log version +3$/m);
    expect(stdout).toContain(
      `${made.sampleEpochs} read, ${made.scored} scored, ${made.unscored} unscored, ${made.errored} errored`,
    );
    expect(stdout).toContain(`includes/accuracy (mean)  ${String(Number(made.metricValue.toPrecision(4)))} ± ${String(Number(made.stderr.toPrecision(4)))}`);
    expect(stdout).toMatch(/^ {2}includes +.*NaN: \d+/m);
    expect(stdout).toContain(`SHA-256      ${await sha256OfFile(file)}`);
  });

  it('prints NaN metrics as NaN, with no interval, and non-finite values as null in JSON', async () => {
    const read = await inspectFile(STREAMING);
    const report: InspectReport = {
      ...read,
      run: {
        ...read.run,
        metrics: [
          { scorer: 'includes', reducer: 'mean', name: 'accuracy', value: Number.NaN, stderr: Number.NaN, n: 0 },
          { scorer: 'includes', reducer: null, name: 'mean', value: 0.5, stderr: Number.POSITIVE_INFINITY, n: null },
        ],
      },
    };
    const text = formatReport(report);
    expect(text).toMatch(/^ {2}includes\/accuracy \(mean\) +NaN ± NaN +n=0$/m);
    expect(text).toMatch(/^ {2}includes\/mean +0\.5 ± Infinity$/m);
    expect(text).not.toContain('95% CI');

    const json = reportJson(report);
    expect(json).not.toMatch(/NaN|Infinity/);
    expect((JSON.parse(json) as InspectReport).run.metrics).toEqual([
      { scorer: 'includes', reducer: 'mean', name: 'accuracy', value: null, stderr: null, n: 0 },
      { scorer: 'includes', reducer: null, name: 'mean', value: 0.5, stderr: null, n: null },
    ]);
  });

  it('reads a log whose metrics are NaN (nothing scored)', async () => {
    const file = path.join(dir, 'all-nan.json');
    await generateInspectLog(file, { samples: 3, format: 'json', nanRate: 1 });
    const { code, stdout } = await run(['inspect', file]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ {2}includes\/accuracy \(mean\) +NaN ± NaN +n=0$/m);
    const report = await inspectJson(file);
    expect(report.run.metrics[0]).toMatchObject({ name: 'accuracy', value: null, stderr: null });
    expect(report.run.samples).toMatchObject({ read: 3, scored: 0, unscored: 3 });
  });
});

describe('frontier-review inspect --json', () => {
  it('prints one JSON object with the file, the parsed run and the score tally', async () => {
    const report = await inspectJson(FORMATS);
    expect(report.file).toEqual({ name: 'log_formats.eval', path: FORMATS, size: 4095, sha256: await sha256OfFile(FORMATS) });
    expect(report.run.metrics).toEqual([{ scorer: 'match', reducer: null, name: 'accuracy', value: 0, stderr: 0, n: null }]);
    expect(report.run).toMatchObject({ sourceKind: 'inspect-eval', status: 'success', model: 'ollama/llama3.1', task: 'popularity' });
    expect(report.scoreTally).toEqual({ match: { I: 1 } });
  });

  it('gives the 2×2 streaming log its metric, counts and tally', async () => {
    const report = await inspectJson(STREAMING);
    expect(report.run.metrics[0]).toMatchObject({ name: 'accuracy', value: 0.75, stderr: 0.25 });
    expect(report.run.epochs).toBe(2);
    expect(report.run.samples).toMatchObject({ total: 4, read: 4, scored: 4 });
    expect(report.scoreTally).toEqual({ match: { C: 3, I: 1 } });
  });

  it('keeps the tally small when every sample has a different score', async () => {
    const file = path.join(dir, 'continuous.json');
    const made = await generateInspectLog(file, { benchmark: CYBER_BENCHMARKS.promptInjection, samples: 300, format: 'json', nanRate: 0 });
    const report = await inspectJson(file);
    const values = report.scoreTally.model_graded_fact ?? {};
    expect(Object.keys(values).length).toBeLessThanOrEqual(21);
    expect(values['(other values)']).toBeGreaterThan(0);
    expect(Object.values(values).reduce((a, b) => a + b, 0)).toBe(made.sampleEpochs);
  });
});

describe('frontier-review: usage and problems', () => {
  it('prints usage for --help, at the top and for inspect, and exits 0', async () => {
    for (const args of [['--help'], ['-h'], ['inspect', '--help'], ['inspect', STREAMING, '-h']]) {
      const { code, stdout, stderr } = await run(args);
      expect(code).toBe(0);
      expect(stdout).toContain('Usage: frontier-review inspect <file> [--json]');
      expect(stderr).toBe('');
    }
  });

  it('exits 2 with usage for a wrong command line', async () => {
    const cases: [string[], string][] = [
      [[], 'Usage:'],
      [['validate', STREAMING], 'unknown command "validate"'],
      [['inspect'], 'inspect needs the log file to read'],
      [['inspect', STREAMING, FORMATS], 'one file at a time'],
      [['inspect', '--yaml', STREAMING], 'unknown option "--yaml"'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await run(args);
      expect(code, args.join(' ')).toBe(2);
      expect(stdout).toBe('');
      expect(stderr).toContain(message);
      expect(stderr).toContain('Usage: frontier-review inspect');
    }
  });

  it('runInspectCommand takes the arguments after "inspect"', async () => {
    const { code, stdout } = await run([STREAMING, '--json'], runInspectCommand);
    expect(code).toBe(0);
    expect((JSON.parse(stdout) as InspectReport).run.metrics).toHaveLength(1);
  });

  it('exits 1 naming the file when it is not an Inspect log', async () => {
    const file = path.join(dir, 'notes.txt');
    await writeFile(file, 'These are my review notes, not an evaluation log.\n');
    const { code, stdout, stderr } = await run(['inspect', file]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`frontier-review: ${file}: this is neither an Inspect .eval log (a ZIP archive) nor an Inspect .json log.\n`);
  });

  it('exits 1 for a truncated .eval, a missing file and a folder', async () => {
    const truncated = path.join(dir, 'truncated.eval');
    const bytes = await readFile(STREAMING);
    await writeFile(truncated, bytes.subarray(0, bytes.length - 200));
    const folder = path.join(dir, 'a-folder.eval');
    await mkdir(folder, { recursive: true });
    const cases: [string, RegExp][] = [
      [truncated, /^frontier-review: .*truncated\.eval: .+/],
      [path.join(dir, 'missing.eval'), /^frontier-review: .*missing\.eval: no such file\.\n$/],
      [folder, /^frontier-review: .*a-folder\.eval: is a folder, not a file\.\n$/],
    ];
    for (const [file, message] of cases) {
      const { code, stdout, stderr } = await run(['inspect', file, '--json']);
      expect(code, file).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(message);
    }
  });
});

describe('FileSource', () => {
  it('reads exactly the slice asked for, fewer bytes only at the end', async () => {
    const file = path.join(dir, 'bytes.bin');
    await writeFile(file, 'abcdefghij');
    const source = await FileSource.open(file, 'bytes.bin');
    try {
      expect(source).toMatchObject({ name: 'bytes.bin', size: 10 });
      const text = async (offset: number, length: number) => new TextDecoder().decode(await source.read(offset, length));
      expect(await text(0, 4)).toBe('abcd');
      expect(await text(8, 4)).toBe('ij');
      expect(await text(10, 4)).toBe('');
      expect(await text(20, 4)).toBe('');
      await expect(source.read(-1, 4)).rejects.toThrow(RangeError);
    } finally {
      await source.close();
    }
  });
});

describe('the built frontier-review bin', () => {
  const run = (args: string[]) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, args, { encoding: 'utf8' }, (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
      });
    });

  it('builds with the build script options and runs under plain Node end to end', async () => {
    const outfile = path.join(dir, 'bin', 'frontier-review.cjs');
    await build({ ...cliBuildOptions, outfile, sourcemap: false, logLevel: 'silent' });
    expect((await readFile(outfile, 'utf8')).split('\n', 1)[0]).toBe('#!/usr/bin/env node');

    const ok = await run([outfile, 'inspect', STREAMING, '--json']);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    const report = JSON.parse(ok.stdout) as InspectReport;
    expect(report.file.sha256).toBe(await sha256OfFile(STREAMING));
    expect(report.run.metrics[0]).toMatchObject({ scorer: 'match', name: 'accuracy', value: 0.75, stderr: 0.25 });

    const missing = await run([outfile, 'inspect', path.join(dir, 'missing.eval')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('missing.eval: no such file.');

    const wrong = await run([outfile, 'frobnicate']);
    expect(wrong.code).toBe(2);
  }, 60_000);

  it('refuses to bundle anything that imports Electron, which plain Node does not have', async () => {
    const entry = path.join(dir, 'uses-electron.ts');
    await writeFile(entry, "import { app } from 'electron';\nconsole.log(app.name);\n");
    await expect(build({ ...cliBuildOptions, entryPoints: [entry], outfile: path.join(dir, 'bin', 'uses-electron.cjs'), logLevel: 'silent' })).rejects.toThrow(
      'the command line runs under plain Node, without Electron',
    );
  });
});
