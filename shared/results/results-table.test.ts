import { describe, expect, it } from 'vitest';
import { FileProblem } from '../errors/file-problem.js';
import {
  TABLE_FIELDS,
  guessMapping,
  mappingProblems,
  runsFromTable,
  tableFromJson,
  tableSignature,
  type ColumnMapping,
  type ResultsTable,
  type TableRow,
} from './results-table.js';

const COLUMNS = ['Task', 'Task Version', 'Model', 'Scorer', 'Metric', 'Score', 'Std Err', 'Samples'];
const MAPPING: ColumnMapping = {
  benchmark: null,
  task: 'Task',
  taskVersion: 'Task Version',
  model: 'Model',
  scorer: 'Scorer',
  metric: 'Metric',
  value: 'Score',
  stderr: 'Std Err',
  n: 'Samples',
};

function row(cells: Partial<Record<(typeof COLUMNS)[number], string>>): TableRow {
  return {
    Task: 'inspect_evals/cybench',
    'Task Version': '1',
    Model: 'lab/model-under-review',
    Scorer: 'includes',
    Metric: 'accuracy',
    Score: '0.4',
    'Std Err': '0.05',
    Samples: '40',
    ...cells,
  };
}

function table(rows: readonly TableRow[], columns: readonly string[] = COLUMNS): ResultsTable {
  return { columns, rows };
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(FileProblem);
    return (e as FileProblem).message;
  }
  throw new Error('expected the table to be refused');
}

describe('guessMapping', () => {
  it('finds the columns results tables commonly use, whatever their case and spacing', () => {
    expect(guessMapping(COLUMNS)).toEqual(MAPPING);
  });

  it('recognises other common names', () => {
    const mapping = guessMapping(['benchmark_name', 'task_name', 'version', 'model_id', 'metric_name', 'value', 'standard-error', 'num_samples', 'notes']);
    expect(mapping).toEqual({
      benchmark: 'benchmark_name',
      task: 'task_name',
      taskVersion: 'version',
      model: 'model_id',
      scorer: null,
      metric: 'metric_name',
      value: 'value',
      stderr: 'standard-error',
      n: 'num_samples',
    });
  });

  it('maps nothing it does not recognise, with every field present', () => {
    const mapping = guessMapping(['a', 'b']);
    expect(Object.keys(mapping).sort()).toEqual([...TABLE_FIELDS].sort());
    expect(Object.values(mapping).every((c) => c === null)).toBe(true);
  });
});

describe('mappingProblems', () => {
  it('finds none in a complete mapping', () => {
    expect(mappingProblems(MAPPING, COLUMNS)).toEqual([]);
    // A benchmark instead of a task is enough.
    expect(mappingProblems({ ...MAPPING, task: null, benchmark: 'Task' }, COLUMNS)).toEqual([]);
  });

  it('names each missing required field', () => {
    expect(mappingProblems({ ...MAPPING, model: null, value: null }, COLUMNS)).toEqual([
      'Choose the column that holds the model.',
      'Choose the column that holds the value.',
    ]);
    expect(mappingProblems({ ...MAPPING, metric: null }, COLUMNS)).toEqual(['Choose the column that holds the metric.']);
    expect(mappingProblems({ ...MAPPING, task: null }, COLUMNS)).toEqual(['Choose the column that holds the task or the benchmark.']);
  });

  it('names columns that are not in the file', () => {
    expect(mappingProblems({ ...MAPPING, stderr: 'SE' }, COLUMNS)).toEqual(['There is no column "SE" in this file.']);
  });
});

describe('runsFromTable', () => {
  it('groups rows into one run per task, version and model, each with its metrics', () => {
    const rows = [
      row({}),
      row({ Metric: 'pass_at_3', Score: '0.55' }),
      row({ Model: 'other-lab/reference', Score: '0.3' }),
      row({ 'Task Version': '2', Score: '0.45' }),
      row({ Task: 'inspect_evals/gdm_intercode_ctf', Score: '0.7', Scorer: '' }),
    ];
    const runs = runsFromTable('results.csv', table(rows), MAPPING);
    expect(runs.map((r) => [r.task, r.taskVersion, r.model, r.metrics.length])).toEqual([
      ['inspect_evals/cybench', '1', 'lab/model-under-review', 2],
      ['inspect_evals/cybench', '1', 'other-lab/reference', 1],
      ['inspect_evals/cybench', '2', 'lab/model-under-review', 1],
      ['inspect_evals/gdm_intercode_ctf', '1', 'lab/model-under-review', 1],
    ]);
    expect(runs[0]).toMatchObject({
      sourceKind: 'results-table',
      logVersion: null,
      benchmark: 'cybench',
      status: 'success',
      scorers: ['includes'],
      samples: { read: 0 },
      metrics: [
        { scorer: 'includes', reducer: null, name: 'accuracy', value: 0.4, stderr: 0.05, n: 40 },
        { scorer: 'includes', reducer: null, name: 'pass_at_3', value: 0.55, stderr: 0.05, n: 40 },
      ],
    });
    expect(runs[3]!.scorers).toEqual([]);
    expect(runs[3]!.benchmark).toBe('gdm_intercode_ctf');
  });

  it('takes the task from the benchmark when only a benchmark is mapped', () => {
    const runs = runsFromTable('r.csv', table([row({})]), { ...MAPPING, task: null, benchmark: 'Task' });
    expect(runs[0]).toMatchObject({ task: 'inspect_evals/cybench', benchmark: 'inspect_evals/cybench' });
  });

  it('leaves unmapped optional fields empty', () => {
    const runs = runsFromTable('r.csv', table([row({})]), { ...MAPPING, stderr: null, n: null, taskVersion: null, scorer: null });
    expect(runs[0]!.taskVersion).toBeNull();
    expect(runs[0]!.metrics).toEqual([{ scorer: '', reducer: null, name: 'accuracy', value: 0.4, stderr: null, n: null }]);
  });

  it('reads percentages, NaN and the usual ways of writing numbers', () => {
    const values = ['45%', 'NaN', 'nan', '.5', '1e-3', '+0.25', '-2', '12.5%'];
    const runs = runsFromTable('r.csv', table(values.map((Score, i) => row({ Metric: `m${i}`, Score, 'Std Err': '' }))), MAPPING);
    const got = runs[0]!.metrics.map((m) => m.value);
    expect(got[0]).toBeCloseTo(0.45, 12);
    expect(got[1]).toBeNaN();
    expect(got[2]).toBeNaN();
    expect(got.slice(3, 7)).toEqual([0.5, 0.001, 0.25, -2]);
    expect(got[7]).toBeCloseTo(0.125, 12);
    expect(runs[0]!.metrics.every((m) => m.stderr === null)).toBe(true);
  });

  it('refuses a value that is not a number, naming the row as a spreadsheet numbers it', () => {
    // The header is row 1, so the third data row is row 4.
    const rows = [row({}), row({ Metric: 'b' }), row({ Metric: 'c', Score: 'high' })];
    expect(problemOf(() => runsFromTable('results.csv', table(rows), MAPPING))).toBe('results.csv: row 4: the value "high" is not a number.');
    expect(problemOf(() => runsFromTable('results.csv', table([row({ Score: '' })]), MAPPING))).toBe('results.csv: row 2: the value "" is not a number.');
    expect(problemOf(() => runsFromTable('results.csv', table([row({ Score: '0.4.1' })]), MAPPING))).toMatch(/^results\.csv: row 2: the value "0\.4\.1"/);
  });

  it('refuses a negative standard error', () => {
    expect(problemOf(() => runsFromTable('r.csv', table([row({ 'Std Err': '-0.01' })]), MAPPING))).toBe(
      'r.csv: row 2: the standard error "-0.01" is not a non-negative number.',
    );
    expect(problemOf(() => runsFromTable('r.csv', table([row({ 'Std Err': 'n/a' })]), MAPPING))).toMatch(/^r\.csv: row 2: the standard error "n\/a"/);
  });

  it('refuses a sample count that is not a whole number', () => {
    expect(problemOf(() => runsFromTable('r.csv', table([row({ Samples: '40.5' })]), MAPPING))).toBe('r.csv: row 2: the sample count "40.5" is not a whole number.');
    expect(problemOf(() => runsFromTable('r.csv', table([row({ Samples: '-3' })]), MAPPING))).toBe('r.csv: row 2: the sample count "-3" is not a whole number.');
    expect(problemOf(() => runsFromTable('r.csv', table([row({ Samples: 'forty' })]), MAPPING))).toMatch(/sample count "forty"/);
  });

  it('refuses the same metric twice for one model and task', () => {
    const rows = [row({}), row({ Model: 'other' }), row({ Score: '0.41' })];
    expect(problemOf(() => runsFromTable('r.csv', table(rows), MAPPING))).toBe(
      'r.csv: row 4: lab/model-under-review already has includes/accuracy for inspect_evals/cybench; each metric appears once per model and task.',
    );
    const noScorer = { ...MAPPING, scorer: null };
    expect(problemOf(() => runsFromTable('r.csv', table([row({}), row({})]), noScorer))).toBe(
      'r.csv: row 3: lab/model-under-review already has accuracy for inspect_evals/cybench; each metric appears once per model and task.',
    );
    // The same metric from another scorer is a different metric.
    expect(runsFromTable('r.csv', table([row({}), row({ Scorer: 'check_flag' })]), MAPPING)[0]!.metrics).toHaveLength(2);
  });

  it('refuses rows without a task, model or metric', () => {
    expect(problemOf(() => runsFromTable('r.csv', table([row({ Task: '' })]), MAPPING))).toBe('r.csv: row 2: the task and benchmark are both empty.');
    expect(problemOf(() => runsFromTable('r.csv', table([row({ Model: ' ' })]), MAPPING))).toBe('r.csv: row 2: the model is empty.');
    expect(problemOf(() => runsFromTable('r.csv', table([row({ Metric: '' })]), MAPPING))).toBe('r.csv: row 2: the metric is empty.');
  });

  it('refuses an empty table and a mapping with problems', () => {
    expect(problemOf(() => runsFromTable('empty.csv', table([]), MAPPING))).toBe('empty.csv: the table has no rows.');
    expect(problemOf(() => runsFromTable('r.csv', table([row({})]), { ...MAPPING, model: null }))).toBe('r.csv: Choose the column that holds the model.');
  });
});

describe('tableSignature', () => {
  it('is the same whatever the order or case of the columns', () => {
    expect(tableSignature(['Model', 'Task', 'Value'])).toBe(tableSignature(['value', ' TASK ', 'model']));
    expect(tableSignature(['Model', 'Task', 'Value'])).toBe('model|task|value');
  });

  it('differs when the columns differ', () => {
    expect(tableSignature(['Model', 'Task', 'Value'])).not.toBe(tableSignature(['Model', 'Task', 'Score']));
    expect(tableSignature(['Model', 'Task'])).not.toBe(tableSignature(['Model', 'Task', 'Value']));
  });
});

describe('tableFromJson', () => {
  const records = [
    { task: 'inspect_evals/cybench', model: 'm', metric: 'accuracy', value: 0.4, n: 40, ok: true, note: null, nested: { a: 1 } },
    { task: 'inspect_evals/threecb', model: 'm', metric: 'accuracy', value: '45%' },
  ];

  it('reads an array of records, turning scalars into cell text and skipping nested values', () => {
    const parsed = tableFromJson('r.json', records);
    expect(parsed.columns).toEqual(['task', 'model', 'metric', 'value', 'n', 'ok', 'note']);
    expect(parsed.rows[0]).toEqual({ task: 'inspect_evals/cybench', model: 'm', metric: 'accuracy', value: '0.4', n: '40', ok: 'true', note: '' });
    expect(parsed.rows[1]).toEqual({ task: 'inspect_evals/threecb', model: 'm', metric: 'accuracy', value: '45%' });
  });

  it('reads records held under "results"', () => {
    expect(tableFromJson('r.json', { results: records })).toEqual(tableFromJson('r.json', records));
  });

  it('feeds runsFromTable', () => {
    const parsed = tableFromJson('r.json', { results: records });
    const runs = runsFromTable('r.json', parsed, guessMapping(parsed.columns));
    expect(runs.map((r) => [r.task, r.metrics[0]!.value])).toEqual([
      ['inspect_evals/cybench', 0.4],
      ['inspect_evals/threecb', 0.45],
    ]);
  });

  it.each([
    ['a string', 'results'],
    ['a number', 42],
    ['null', null],
    ['an object without results', { accuracy: 0.4 }],
    ['results that are not a list', { results: { a: 1 } }],
  ])('refuses %s', (_label, value) => {
    expect(problemOf(() => tableFromJson('r.json', value))).toBe(
      'r.json: this JSON is not a list of results (expected an array of records, or one under "results").',
    );
  });

  it('refuses a record that is not an object, numbering records from 1', () => {
    expect(problemOf(() => tableFromJson('r.json', [{ a: 1 }, [1, 2]]))).toBe('r.json: record 2 is not an object.');
    expect(problemOf(() => tableFromJson('r.json', { results: ['x'] }))).toBe('r.json: record 1 is not an object.');
  });
});
