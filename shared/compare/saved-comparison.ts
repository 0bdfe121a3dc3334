import { z } from 'zod';
import type { Marking } from '../marking/marking.js';
import { MAX_COMPARED_RUNS, MIN_COMPARED_RUNS } from './comparison.js';

/** A comparison the reviewer saved to reopen: a name and the runs, in the order picked (A first). */
export interface SavedComparisonFields {
  readonly name: string;
  readonly runIds: readonly string[];
}

export interface SavedComparison extends SavedComparisonFields {
  readonly id: string;
  /** The roll-up of its runs' markings when saved: its name may speak of them. */
  readonly marking: Marking;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revision: number;
}

export const savedComparisonSchema = z.object({
  name: z.string().trim().min(1, 'Name the comparison.').max(120, 'A comparison name is at most 120 characters.'),
  runIds: z
    .array(z.string().min(1))
    .min(MIN_COMPARED_RUNS, `Pick at least ${MIN_COMPARED_RUNS} runs to compare.`)
    .max(MAX_COMPARED_RUNS, `A comparison holds at most ${MAX_COMPARED_RUNS} runs.`)
    .refine((ids) => new Set(ids).size === ids.length, 'A run appears twice in the comparison.'),
});
