import { FileProblem } from '../errors/file-problem.js';
import { benchmarkOfTask, type ParsedRun, type RunMetric } from './benchmark-run.js';

/**
 * Results that arrive as a table (CSV, or JSON records) rather than as Inspect logs: one row per
 * metric, mapped to our fields by the reviewer. The mapping is remembered per source, keyed by the
 * table's columns, so the next file from the same source imports without asking again.
 */

export const TABLE_FIELDS = ['benchmark', 'task', 'taskVersion', 'model', 'scorer', 'metric', 'value', 'stderr', 'n'] as const;
export type TableField = (typeof TABLE_FIELDS)[number];
export const TABLE_FIELD_LABELS: Readonly<Record<TableField, string>> = {
  benchmark: 'Benchmark',
  task: 'Task',
  taskVersion: 'Task version',
  model: 'Model',
  scorer: 'Scorer',
  metric: 'Metric',
  value: 'Value',
  stderr: 'Standard error',
  n: 'Samples (n)',
};
/** A row needs a model, a metric and a value, and a task or a benchmark to say what was measured. */
export const REQUIRED_TABLE_FIELDS: readonly TableField[] = ['model', 'metric', 'value'];

/** For each of our fields, the column that holds it, or null. */
export type ColumnMapping = Readonly<Record<TableField, string | null>>;

export type TableRow = Readonly<Record<string, string>>;

export interface ResultsTable {
  readonly columns: readonly string[];
  readonly rows: readonly TableRow[];
}

/** Identifies a source by its columns, whatever their order or case. */
export function tableSignature(columns: readonly string[]): string {
  return [...new Set(columns.map((c) => c.trim().toLowerCase()))].sort().join('|');
}

const GUESSES: Readonly<Record<TableField, readonly string[]>> = {
  benchmark: ['benchmark', 'benchmark_name', 'eval', 'evaluation', 'suite'],
  task: ['task', 'task_name', 'inspect_task'],
  taskVersion: ['task_version', 'taskversion', 'version'],
  model: ['model', 'model_name', 'model_id'],
  scorer: ['scorer', 'scorer_name'],
  metric: ['metric', 'metric_name', 'measure'],
  value: ['value', 'score', 'result', 'metric_value'],
  stderr: ['stderr', 'std_err', 'standard_error', 'se'],
  n: ['n', 'samples', 'sample_count', 'num_samples', 'count'],
};

/** A first mapping from column names a results table commonly uses. */
export function guessMapping(columns: readonly string[]): ColumnMapping {
  const byName = new Map(columns.map((c) => [c.trim().toLowerCase().replace(/[\s-]+/g, '_'), c]));
  const mapping = {} as Record<TableField, string | null>;
  for (const field of TABLE_FIELDS) mapping[field] = GUESSES[field].map((g) => byName.get(g)).find((c) => c !== undefined) ?? null;
  return mapping;
}

/** Problems with a mapping before any row is read: missing required fields, columns that do not exist. */
export function mappingProblems(mapping: ColumnMapping, columns: readonly string[]): string[] {
  const problems: string[] = [];
  for (const field of REQUIRED_TABLE_FIELDS) {
    if (mapping[field] === null) problems.push(`Choose the column that holds the ${TABLE_FIELD_LABELS[field].toLowerCase()}.`);
  }
  if (mapping.task === null && mapping.benchmark === null) problems.push('Choose the column that holds the task or the benchmark.');
  for (const field of TABLE_FIELDS) {
    const column = mapping[field];
    if (column !== null && !columns.includes(column)) problems.push(`There is no column "${column}" in this file.`);
  }
  return problems;
}

/** One run per task, task version and model, with a metric per row. All-or-nothing: any bad row fails the table. */
export function runsFromTable(fileName: string, table: ResultsTable, mapping: ColumnMapping): ParsedRun[] {
  const problems = mappingProblems(mapping, table.columns);
  if (problems.length > 0) throw new FileProblem(fileName, problems.join(' '));
  if (table.rows.length === 0) throw new FileProblem(fileName, 'the table has no rows.');
  const cell = (row: TableRow, field: TableField) => {
    const column = mapping[field];
    return column === null ? '' : (row[column] ?? '').trim();
  };
  const runs = new Map<string, { task: string; benchmark: string; taskVersion: string | null; model: string; metrics: RunMetric[]; keys: Set<string> }>();
  table.rows.forEach((row, index) => {
    const line = `row ${index + 2}`; // the header is row 1, as a spreadsheet numbers them
    const fail = (text: string) => new FileProblem(fileName, `${line}: ${text}`);
    const benchmark = cell(row, 'benchmark');
    const task = cell(row, 'task') || benchmark;
    const model = cell(row, 'model');
    const metric = cell(row, 'metric');
    if (task === '') throw fail('the task and benchmark are both empty.');
    if (model === '') throw fail('the model is empty.');
    if (metric === '') throw fail('the metric is empty.');
    const value = number(cell(row, 'value'));
    if (value === undefined) throw fail(`the value "${cell(row, 'value')}" is not a number.`);
    const stderrText = cell(row, 'stderr');
    const stderr = stderrText === '' ? null : number(stderrText);
    if (stderr === undefined || (stderr !== null && stderr < 0)) throw fail(`the standard error "${stderrText}" is not a non-negative number.`);
    const nText = cell(row, 'n');
    const n = nText === '' ? null : Number(nText);
    if (n !== null && !(Number.isInteger(n) && n >= 0)) throw fail(`the sample count "${nText}" is not a whole number.`);
    const taskVersion = cell(row, 'taskVersion') || null;
    const scorer = cell(row, 'scorer');
    const key = JSON.stringify([task, taskVersion, model]);
    const run = runs.get(key) ?? { task, benchmark: benchmark || benchmarkOfTask(task), taskVersion, model, metrics: [], keys: new Set<string>() };
    const metricKey = `${scorer}/${metric}`;
    if (run.keys.has(metricKey)) throw fail(`${model} already has ${metricKey === `/${metric}` ? metric : metricKey} for ${task}; each metric appears once per model and task.`);
    run.keys.add(metricKey);
    run.metrics.push({ scorer, reducer: null, name: metric, value, stderr, n });
    runs.set(key, run);
  });
  return [...runs.values()].map(resultsTableRun);
}

/** What a results table says of one model's run of one task: its metrics, and nothing per sample. */
export function resultsTableRun(run: Pick<ParsedRun, 'task' | 'benchmark' | 'taskVersion' | 'model' | 'metrics'>): ParsedRun {
  return {
    sourceKind: 'results-table',
    logVersion: null,
    benchmark: run.benchmark,
    task: run.task,
    taskVersion: run.taskVersion,
    model: run.model,
    modelArgs: {},
    dataset: null,
    epochs: null,
    scorers: [...new Set(run.metrics.map((m) => m.scorer).filter((s) => s !== ''))],
    metrics: run.metrics,
    samples: { total: null, completed: null, read: 0, scored: 0, unscored: 0, errored: 0, limited: 0 },
    tokenUsage: [],
    startedAt: null,
    completedAt: null,
    status: 'success',
    error: null,
    evalId: null,
    runId: null,
    notes: [],
  };
}

/** Numbers as tables write them, including NaN for "not scored"; undefined if not a number. */
function number(text: string): number | undefined {
  if (/^nan$/i.test(text)) return Number.NaN;
  if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?%?$/i.test(text)) return undefined;
  const percent = text.endsWith('%');
  const value = Number(percent ? text.slice(0, -1) : text);
  return percent ? value / 100 : value;
}

/** JSON results: an array of flat records, or an object holding one under `results`, `rows` or `data`. */
export function tableFromJson(fileName: string, value: unknown): ResultsTable {
  const records = Array.isArray(value)
    ? value
    : typeof value === 'object' && value !== null
      ? (['results', 'rows', 'data'].map((k) => (value as Record<string, unknown>)[k]).find(Array.isArray) as unknown[] | undefined)
      : undefined;
  if (!records) throw new FileProblem(fileName, 'this JSON is not a list of results (expected an array of records, or one under "results").');
  const columns = new Set<string>();
  const rows = (records as unknown[]).map((record, index) => {
    if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new FileProblem(fileName, `record ${index + 1} is not an object.`);
    const row: Record<string, string> = {};
    for (const [key, cell] of Object.entries(record as Record<string, unknown>)) {
      // Nested values are not table cells; scalars become the text a CSV would hold.
      if (typeof cell === 'string' || typeof cell === 'number' || typeof cell === 'boolean') row[key] = String(cell);
      else if (cell === null) row[key] = '';
      else continue;
      columns.add(key);
    }
    return row;
  });
  return { columns: [...columns], rows };
}
