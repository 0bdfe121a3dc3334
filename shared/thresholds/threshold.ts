import { z } from 'zod';
import { markingSchema } from '../marking/marking-schema.js';
import { UNCLASSIFIED, type Marking } from '../marking/marking.js';
import { compareTaskVersions, describeVersionRange } from './task-version.js';

/**
 * A capability threshold for one benchmark: crossing it is evidence the model has the advanced
 * cyber capability that makes it a covered frontier model. Thresholds can themselves be
 * classified, so each carries a marking.
 */
export const THRESHOLD_DIRECTIONS = ['higher', 'lower'] as const;
export type ThresholdDirection = (typeof THRESHOLD_DIRECTIONS)[number];
export const THRESHOLD_DIRECTION_LABELS: Readonly<Record<ThresholdDirection, string>> = {
  higher: 'Higher is more capable (crossed at or above)',
  lower: 'Lower is more capable (crossed at or below)',
};

export interface ThresholdFields {
  /** The Inspect task, e.g. `inspect_evals/cybench`; a log's task matches it exactly or by its short name. */
  readonly task: string;
  readonly taskVersionFrom: string | null;
  readonly taskVersionTo: string | null;
  /** Empty means any scorer. */
  readonly scorer: string;
  readonly metric: string;
  readonly direction: ThresholdDirection;
  readonly value: number;
  readonly rationale: string;
  readonly marking: Marking;
}

export interface Threshold extends ThresholdFields {
  readonly id: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revision: number;
}

const optionalVersion = z
  .string()
  .trim()
  .max(50, 'A task version is at most 50 characters.')
  .transform((v) => (v === '' ? null : v))
  .nullable();

export const thresholdFieldsSchema = z
  .object({
    task: z.string().trim().min(1, 'Name the task, e.g. inspect_evals/cybench.').max(200),
    taskVersionFrom: optionalVersion,
    taskVersionTo: optionalVersion,
    scorer: z.string().trim().max(100),
    metric: z.string().trim().min(1, 'Name the metric, e.g. accuracy.').max(100),
    direction: z.enum(THRESHOLD_DIRECTIONS, 'Say whether higher or lower values are more capable.'),
    value: z.number('Enter the threshold as a number.').refine(Number.isFinite, 'Enter the threshold as a finite number.'),
    rationale: z.string().trim().min(1, 'Say why this threshold marks the capability.').max(5000),
    marking: markingSchema,
  })
  .superRefine((t, ctx) => {
    if (t.taskVersionFrom !== null && t.taskVersionTo !== null && compareTaskVersions(t.taskVersionFrom, t.taskVersionTo) > 0) {
      ctx.addIssue({ code: 'custom', path: ['taskVersionTo'], message: 'The range ends before it starts.' });
    }
  });

export function blankThresholdFields(): ThresholdFields {
  return {
    task: '',
    taskVersionFrom: null,
    taskVersionTo: null,
    scorer: '',
    metric: 'accuracy',
    direction: 'higher',
    value: 0.5,
    rationale: '',
    marking: UNCLASSIFIED,
  };
}

/** "inspect_evals/cybench (any version) · includes/accuracy ≥ 0.5" */
export function describeThreshold(t: ThresholdFields): string {
  const metric = t.scorer === '' ? t.metric : `${t.scorer}/${t.metric}`;
  return `${t.task} (${describeVersionRange(t.taskVersionFrom, t.taskVersionTo)}) · ${metric} ${t.direction === 'higher' ? '≥' : '≤'} ${t.value}`;
}
