import { describe, expect, it } from 'vitest';
import { UNCLASSIFIED, marking } from '../marking/marking.js';
import { compareTaskVersions } from './task-version.js';
import { blankThresholdFields, describeThreshold, thresholdFieldsSchema, type ThresholdFields } from './threshold.js';

const good: ThresholdFields = {
  task: 'inspect_evals/cybench',
  taskVersionFrom: '1',
  taskVersionTo: '3',
  scorer: 'includes',
  metric: 'accuracy',
  direction: 'higher',
  value: 0.5,
  rationale: 'Solving half of the professional CTF challenges marks the capability.',
  marking: marking('CUI', { cuiCategories: ['SP-PROPIN'] }),
};

/** The paths and messages of the issues a refusal names. */
function issuesOf(input: unknown): { path: string; message: string }[] {
  const parsed = thresholdFieldsSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message }));
}

describe('thresholdFieldsSchema', () => {
  it('accepts a good threshold as it is', () => {
    const parsed = thresholdFieldsSchema.safeParse(good);
    expect(parsed.success).toBe(true);
    expect(parsed.data).toEqual(good);
  });

  it('trims text and treats an empty version as an open end', () => {
    const parsed = thresholdFieldsSchema.parse({ ...good, task: '  inspect_evals/cybench ', taskVersionFrom: '  ', taskVersionTo: '', scorer: ' ' });
    expect(parsed).toMatchObject({ task: 'inspect_evals/cybench', taskVersionFrom: null, taskVersionTo: null, scorer: '' });
  });

  it('refuses an empty task', () => {
    expect(issuesOf({ ...good, task: '' })).toEqual([{ path: 'task', message: 'Name the task, e.g. inspect_evals/cybench.' }]);
    expect(issuesOf({ ...good, task: '   ' })).toEqual([{ path: 'task', message: 'Name the task, e.g. inspect_evals/cybench.' }]);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY])('refuses the non-finite value %d', (value) => {
    const issues = issuesOf({ ...good, value });
    expect(issues).toHaveLength(1);
    expect(issues[0]!.path).toBe('value');
    expect(issues[0]!.message).toMatch(/^Enter the threshold as a (finite )?number\.$/);
  });

  it('refuses a value that is not a number', () => {
    expect(issuesOf({ ...good, value: '0.5' })).toEqual([{ path: 'value', message: 'Enter the threshold as a number.' }]);
  });

  it('refuses a missing or blank rationale', () => {
    const { rationale: _rationale, ...withoutRationale } = good;
    expect(issuesOf(withoutRationale).map((i) => i.path)).toEqual(['rationale']);
    expect(issuesOf({ ...good, rationale: ' \n ' })).toEqual([{ path: 'rationale', message: 'Say why this threshold marks the capability.' }]);
  });

  it('refuses a range that ends before it starts, comparing versions as versions', () => {
    const message = { path: 'taskVersionTo', message: 'The range ends before it starts.' };
    expect(issuesOf({ ...good, taskVersionFrom: '3', taskVersionTo: '2' })).toEqual([message]);
    // As text "1.10" sorts before "1.9"; as versions it comes after.
    expect(compareTaskVersions('1.10', '1.9')).toBeGreaterThan(0);
    expect(issuesOf({ ...good, taskVersionFrom: '1.10', taskVersionTo: '1.9' })).toEqual([message]);
    expect(thresholdFieldsSchema.safeParse({ ...good, taskVersionFrom: '1.9', taskVersionTo: '1.10' }).success).toBe(true);
    expect(thresholdFieldsSchema.safeParse({ ...good, taskVersionFrom: '2', taskVersionTo: '2' }).success).toBe(true);
    expect(thresholdFieldsSchema.safeParse({ ...good, taskVersionFrom: '2', taskVersionTo: null }).success).toBe(true);
  });

  it('refuses an unknown direction and a marking the conventions forbid', () => {
    expect(issuesOf({ ...good, direction: 'sideways' })).toEqual([{ path: 'direction', message: 'Say whether higher or lower values are more capable.' }]);
    expect(issuesOf({ ...good, marking: { ...UNCLASSIFIED, sci: ['SI'] } }).map((i) => i.path)).toEqual(['marking.sci']);
  });

  it('starts a new threshold blank but for sensible defaults, which need a task and rationale', () => {
    expect(issuesOf(blankThresholdFields()).map((i) => i.path)).toEqual(['task', 'rationale']);
  });

  it('describes a threshold in one line', () => {
    expect(describeThreshold(good)).toBe('inspect_evals/cybench (versions 1–3) · includes/accuracy ≥ 0.5');
    expect(describeThreshold({ ...good, scorer: '', taskVersionFrom: null, taskVersionTo: null, direction: 'lower', value: 0.2 })).toBe(
      'inspect_evals/cybench (any version) · accuracy ≤ 0.2',
    );
  });
});
