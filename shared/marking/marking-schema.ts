import { z } from 'zod';
import {
  CLASSIFICATION_LEVELS,
  CUI_CATEGORIES,
  CUI_CATEGORY_CODES,
  DISSEMINATION_CONTROLS,
  SCI_CONTROLS,
  markingProblems,
  normalizeMarking,
  type Marking,
} from './marking.js';

/**
 * A marking's vocabulary without the rules for combining it: for a marking still being chosen in
 * a form, and for versions stored under older rules, which must still be read.
 */
export const markingVocabularyShape = {
  level: z.enum(CLASSIFICATION_LEVELS),
  sci: z.array(z.enum(SCI_CONTROLS)).max(SCI_CONTROLS.length),
  cuiCategories: z.array(z.enum(CUI_CATEGORY_CODES)).max(CUI_CATEGORIES.length),
  dissemination: z.array(z.enum(DISSEMINATION_CONTROLS)).max(DISSEMINATION_CONTROLS.length),
  relTo: z.array(z.string().max(100)).max(60),
};

export const markingVocabularySchema: z.ZodType<Marking, Marking> = z.strictObject(markingVocabularyShape);

/** Runtime check for markings read from storage, IPC or files; rejects combinations the conventions forbid. */
export const markingSchema: z.ZodType<Marking, Marking> = markingVocabularySchema
  .transform((m) => normalizeMarking(m))
  .superRefine((m, ctx) => {
    for (const problem of markingProblems(m)) {
      ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
    }
  });
