import path from 'node:path';
import { sha256OfSource } from '../../shared/hash/sha256.js';
import { readInspectLog } from '../../shared/inspect/inspect-log.js';
import { FileProblem, ReadCancelled, formatBytes } from '../../shared/errors/file-problem.js';
import { RUN_STATUS_LABELS, type ParsedRun, type RunMetric, type SampleRow, type ScoreValue } from '../../shared/results/benchmark-run.js';
import { FileSource, NotAFile } from './file-source.js';
import { runVerifyBundleCommand } from './verify-bundle-command.js';
import { runAuditCommand } from './audit-verify-command.js';
import { runCheckCommand } from './check-command.js';
import { askSecret } from './terminal-secret.js';

/**
 * `frontier-review inspect <file> [--json]`: reads an Inspect evaluation log with the same parser
 * the app uses and prints what the app would import, so a file can be checked without the app.
 * Plain Node only (no Electron): the command runs from `dist/cli/frontier-review.cjs` and from
 * the packaged app's main process alike.
 */

/** A secret asked for on the terminal: what was typed, or why nothing was. */
export type AskedSecret = { readonly kind: 'typed'; readonly secret: string } | { readonly kind: 'cancelled' } | { readonly kind: 'no-terminal' };

export interface CommandIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Asks for a secret on the terminal, unechoed; where there is no terminal, says so. */
  askSecret?(prompt: string): Promise<AskedSecret>;
}

/** This process's own stdout and stderr, and its terminal if it has one. */
export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  askSecret: async (prompt) => {
    if (!process.stdin.isTTY || !process.stderr.isTTY) return { kind: 'no-terminal' };
    const secret = await askSecret(process.stdin, process.stderr, prompt);
    return secret === null ? { kind: 'cancelled' } : { kind: 'typed', secret };
  },
};

/** Resolves once what was written to stdout and stderr has gone out, so exiting at once loses nothing. */
export function drainStdio(): Promise<void> {
  const drained = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
  return Promise.all([drained(process.stdout), drained(process.stderr)]).then(() => undefined);
}

/** Exit codes, for scripts: a log that records a failed run still reads fine, so it exits 0. */
export const EXIT = { ok: 0, unreadable: 1, usage: 2 } as const;

const PROGRAM = 'frontier-review';

export const USAGE = `Usage: ${PROGRAM} inspect <file> [--json]
       ${PROGRAM} check <file> [--json] [--write-back <out>]
       ${PROGRAM} check <report.json> [<report.pdf> <report.html>] [--json] [--allowed-signers <file>]
       ${PROGRAM} verify-bundle <bundle> --allowed-signers <file> [--revoked <file>]
                     [--identity <file> | --passphrase-file <file> | --passphrase]
       ${PROGRAM} audit verify <export.jsonl> [--key <verifier key>] [--checkpoint <report.json>]

check says what Frontier Review would make of a file it imports (an Inspect log, a results table,
an OSCAL plan, a CSAF advisory, a review bundle, a history export), or of a review report it wrote;
\`${PROGRAM} check --help\` says more.

inspect reads an Inspect evaluation log (.eval or .json) the way Frontier Review imports it and prints
its summary: status, task, model, metrics, sample counts, score values, token usage and the
file's SHA-256. Nothing is written anywhere.

verify-bundle checks a review bundle's signatures, signer and contents without importing it;
\`${PROGRAM} verify-bundle --help\` says more.

audit verify checks a review history exported from Frontier Review, offline, and whether a review
report was drawn from it; \`${PROGRAM} audit --help\` says more.

Options of inspect:
  --json      Print one JSON object instead of the text report.
              Non-finite numbers (NaN, Infinity) are written as null.
  -h, --help  Print this help.

Exit codes:
  0  the log was read (whatever the status of the run it records)
  1  the file could not be read, or is not a readable Inspect log
  2  the command line was wrong
`;

/** The commands, which the desktop app's executable also takes when started from a terminal. */
export const COMMANDS: readonly string[] = ['inspect', 'check', 'verify-bundle', 'audit'];

/** Top-level dispatch, shared by the `frontier-review` bin and the app's main process. */
export async function runCommandLine(args: readonly string[], io: CommandIo): Promise<number> {
  const [command, ...rest] = args;
  if (command === undefined) {
    io.stderr(USAGE);
    return EXIT.usage;
  }
  if (command === '--help' || command === '-h' || command === 'help') {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (command === 'check') return runCheckCommand(rest, io);
  if (command === 'inspect') return runInspectCommand(rest, io);
  if (command === 'verify-bundle') return runVerifyBundleCommand(rest, io);
  if (command === 'audit') return runAuditCommand(rest, io);
  io.stderr(`${PROGRAM}: unknown command ${JSON.stringify(command)}.\n\n${USAGE}`);
  return EXIT.usage;
}

export async function runInspectCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed.kind === 'help') {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  if (parsed.kind === 'wrong') {
    io.stderr(`${PROGRAM}: ${parsed.message}\n\n${USAGE}`);
    return EXIT.usage;
  }

  let report: InspectReport;
  try {
    report = await inspectFile(parsed.file);
  } catch (e) {
    io.stderr(`${PROGRAM}: ${problemMessage(parsed.file, e)}\n`);
    return EXIT.unreadable;
  }
  io.stdout(parsed.json ? reportJson(report) : formatReport(report));
  return EXIT.ok;
}

// ----- Arguments ----------------------------------------------------------------------------------

type ParsedArgs = { kind: 'help' } | { kind: 'wrong'; message: string } | { kind: 'run'; file: string; json: boolean };

function parseArgs(args: readonly string[]): ParsedArgs {
  const files: string[] = [];
  let json = false;
  let optionsEnded = false;
  for (const arg of args) {
    if (optionsEnded || arg === '-' || !arg.startsWith('-')) files.push(arg);
    else if (arg === '--') optionsEnded = true;
    else if (arg === '--help' || arg === '-h') return { kind: 'help' };
    else if (arg === '--json') json = true;
    else return { kind: 'wrong', message: `unknown option ${JSON.stringify(arg)}.` };
  }
  const [file, ...extra] = files;
  if (file === undefined) return { kind: 'wrong', message: 'inspect needs the log file to read.' };
  if (extra.length > 0) return { kind: 'wrong', message: 'inspect reads one file at a time.' };
  return { kind: 'run', file, json };
}

// ----- Reading ------------------------------------------------------------------------------------

/** What `--json` prints. */
export interface InspectReport {
  readonly file: { readonly name: string; readonly path: string; readonly size: number; readonly sha256: string };
  readonly run: ParsedRun;
  /** Per scorer, how many sample-epochs got each score value (`"NaN"` for NaN). */
  readonly scoreTally: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

export async function inspectFile(filePath: string): Promise<InspectReport> {
  // Messages name the file as the user typed it, which is what they can find again.
  const source = await FileSource.open(filePath);
  try {
    const tally = new ScoreTally();
    // Hash and parse together; if either fails, stop the other rather than read on for nothing.
    const abort = new AbortController();
    const failFast = <T>(task: Promise<T>): Promise<T> =>
      task.catch((e: unknown) => {
        abort.abort();
        throw e;
      });
    const onRows = (rows: SampleRow[]): Promise<void> => {
      tally.add(rows);
      return Promise.resolve();
    };
    const [run, sha256] = await settleBoth(
      failFast(readInspectLog(source, { signal: abort.signal, onRows })),
      failFast(sha256OfSource(source, { signal: abort.signal })),
    );
    return { file: { name: path.basename(filePath), path: filePath, size: source.size, sha256 }, run, scoreTally: tally.toJSON() };
  } finally {
    await source.close();
  }
}

/**
 * Like Promise.all, but waits for both to stop before the file is closed, and reports the error
 * that caused the failure rather than the cancellation it caused in the other task.
 */
async function settleBoth<A, B>(a: Promise<A>, b: Promise<B>): Promise<[A, B]> {
  const [ra, rb] = await Promise.allSettled([a, b]);
  if (ra.status === 'fulfilled' && rb.status === 'fulfilled') return [ra.value, rb.value];
  const reasons = [ra, rb].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  throw reasons.find((r) => !(r instanceof ReadCancelled)) ?? reasons[0];
}

function problemMessage(filePath: string, error: unknown): string {
  if (error instanceof FileProblem) return error.message;
  if (error instanceof NotAFile) return `${filePath}: ${error.reason}.`;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return `${filePath}: no such file.`;
    case 'EACCES':
    case 'EPERM':
      return `${filePath}: permission denied.`;
    case 'EISDIR':
      return `${filePath}: is a folder, not a file.`;
    default:
      return `${filePath}: could not be read: ${error instanceof Error ? error.message : String(error)}`;
  }
}

/** JSON.stringify writes NaN and ±Infinity as null, which is what `--json` promises for them. */
export function reportJson(report: InspectReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

// ----- Score values -------------------------------------------------------------------------------

/** Caps so the tally stays small whatever the file holds (continuous scores, many scorers). */
const TALLY_VALUES_PER_SCORER = 20;
const TALLY_SCORERS = 50;
const OTHER_VALUES = '(other values)';
const OTHER_SCORERS = '(other scorers)';

/** Counts score values as rows stream past; rows themselves are not kept. */
class ScoreTally {
  private readonly counts = new Map<string, Map<string, number>>();

  add(rows: readonly SampleRow[]): void {
    for (const row of rows) {
      for (const [scorer, score] of Object.entries(row.scores)) {
        const key = this.counts.has(scorer) || this.counts.size < TALLY_SCORERS ? scorer : OTHER_SCORERS;
        let values = this.counts.get(key);
        if (!values) this.counts.set(key, (values = new Map<string, number>()));
        const value = valueKey(score.value);
        const bucket = values.has(value) || values.size < TALLY_VALUES_PER_SCORER ? value : OTHER_VALUES;
        values.set(bucket, (values.get(bucket) ?? 0) + 1);
      }
    }
  }

  toJSON(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.counts].map(([scorer, values]) => [scorer, Object.fromEntries(sortedCounts(values))]));
  }
}

/** Most frequent first, so the usual grades lead; ties by value, for stable output. */
function sortedCounts(values: ReadonlyMap<string, number>): [string, number][] {
  return [...values].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : ka > kb ? 1 : 0));
}

function valueKey(value: ScoreValue): string {
  if (typeof value === 'number') return Number.isNaN(value) ? 'NaN' : String(value);
  if (typeof value === 'string') return clipText(value, 40);
  if (typeof value === 'boolean' || value === null) return String(value);
  return clipText(JSON.stringify(value), 40);
}

function clipText(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit)}…`;
}

// ----- The text report ----------------------------------------------------------------------------

/** A run's error can run to pages (tracebacks); the report shows its start, --json has it all. */
const ERROR_SHOWN = 400;

export function formatReport({ file, run, scoreTally }: InspectReport): string {
  const fields: [string, string | null][] = [
    ['File', file.path],
    ['Size', `${formatBytes(file.size)} (${count(file.size)} bytes)`],
    ['SHA-256', file.sha256],
    ['Format', run.sourceKind === 'inspect-eval' ? '.eval' : '.json'],
    ['Log version', run.logVersion === null ? null : String(run.logVersion)],
    ['Status', statusText(run)],
    ['Error', run.error === null ? null : clipText(oneLine(run.error), ERROR_SHOWN)],
    ['Task', run.taskVersion === null ? run.task : `${run.task} (version ${run.taskVersion})`],
    ['Benchmark', run.benchmark],
    ['Model', run.model],
    ['Dataset', datasetText(run.dataset)],
    ['Epochs', run.epochs === null ? null : String(run.epochs)],
    ['Eval id', run.evalId],
    ['Run id', run.runId],
    ['Started', run.startedAt],
    ['Completed', run.completedAt],
    ['Samples', samplesText(run)],
  ];
  const lines = aligned(fields.flatMap(([label, value]) => (value === null ? [] : [[label, value] as [string, string]])));

  lines.push('', 'Metrics');
  if (run.metrics.length === 0) lines.push('  none recorded');
  else lines.push(...indent(aligned(run.metrics.map((m) => [metricLabel(m), metricText(m)]))));

  const tallies = Object.entries(scoreTally);
  if (tallies.length > 0) {
    lines.push('', 'Score values');
    lines.push(...indent(aligned(tallies.map(([scorer, values]) => [scorer, Object.entries(values).map(([v, n]) => `${v}: ${count(n)}`).join(', ')]))));
  }

  if (run.tokenUsage.length > 0) {
    lines.push('', 'Token usage');
    lines.push(
      ...indent(aligned(run.tokenUsage.map((u) => [u.model, `input ${count(u.inputTokens)}, output ${count(u.outputTokens)}, total ${count(u.totalTokens)}`]))),
    );
  }

  if (run.notes.length > 0) {
    lines.push('', 'Notes');
    lines.push(...run.notes.map((note) => `  - ${oneLine(note)}`));
  }
  return `${lines.join('\n')}\n`;
}

function statusText(run: ParsedRun): string {
  const label = RUN_STATUS_LABELS[run.status];
  // Show Inspect's own word too when the label differs, since that is what Inspect prints.
  return label.toLowerCase() === run.status ? label : `${label} (${run.status})`;
}

function datasetText(dataset: ParsedRun['dataset']): string | null {
  if (dataset === null) return null;
  const where = dataset.location !== null && dataset.location !== dataset.name ? ` (${dataset.location})` : '';
  const size = dataset.samples === null ? '' : `, ${count(dataset.samples)} samples`;
  const text = `${dataset.name ?? 'unnamed'}${where}${size}`;
  return text === 'unnamed' ? null : text;
}

function samplesText({ samples }: ParsedRun): string {
  const parts: [number | null, string][] = [
    [samples.total, 'total'],
    [samples.completed, 'completed'],
    [samples.read, 'read'],
    [samples.scored, 'scored'],
    [samples.unscored, 'unscored'],
    [samples.errored, 'errored'],
    [samples.limited, 'limited'],
  ];
  return parts.flatMap(([n, label]) => (n === null ? [] : [`${count(n)} ${label}`])).join(', ');
}

function metricLabel(m: RunMetric): string {
  return `${m.scorer}/${m.name}${m.reducer === null ? '' : ` (${m.reducer})`}`;
}

function metricText(m: RunMetric): string {
  let text = formatNumber(m.value);
  if (m.stderr !== null) {
    text += ` ± ${formatNumber(m.stderr)}`;
    if (Number.isFinite(m.value) && Number.isFinite(m.stderr)) {
      text += ` (95% CI ${formatNumber(m.value - 1.96 * m.stderr)}–${formatNumber(m.value + 1.96 * m.stderr)})`;
    }
  }
  if (m.n !== null) text += `  n=${count(m.n)}`;
  return text;
}

/** Four significant digits: enough to compare with Inspect's own display, short enough to read. */
export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (Number.isInteger(value)) return String(value);
  if (Math.abs(value) >= 1000) return value.toFixed(1);
  return String(Number(value.toPrecision(4)));
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

function aligned(rows: readonly [string, string][]): string[] {
  const width = Math.max(0, ...rows.map(([label]) => label.length));
  return rows.map(([label, value]) => `${label.padEnd(width)}  ${value}`);
}

function indent(lines: readonly string[]): string[] {
  return lines.map((line) => `  ${line}`);
}
