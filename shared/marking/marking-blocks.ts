import type { AuthorityBlock } from './authority.js';
import type { CuiDesignation } from './cui-designation.js';

/**
 * The blocks a marked document carries beside its banner: the classification authority block of a
 * classified document, and the CUI designation indicator of one that holds CUI. Every format writes
 * them as the same lines, in its own place, so one check reads them back from any of them.
 */
export interface MarkingBlocks {
  readonly authority?: AuthorityBlock | undefined;
  readonly cui?: CuiDesignation | undefined;
}

export const NO_BLOCKS: MarkingBlocks = {};

/** The lines a document prints, in the order the rules show them: the authority block, then the CUI indicator. */
export function markingBlockLines(blocks: MarkingBlocks): string[] {
  const { authority, cui } = blocks;
  return [
    ...(authority
      ? [
          `Classified By: ${authority.classifiedBy}`,
          `Derived From: ${authority.derivedFrom}`,
          `Declassify On: ${authority.declassifyOn}`,
          // 32 CFR 2001.22(c)(1)(ii): a "Multiple Sources" document lists them with it, a line each.
          ...authority.sources.map((s) => `Source: ${s}`),
        ]
      : []),
    ...(cui
      ? [
          ...cui.controlledBy.map((c) => `Controlled by: ${c}`),
          `CUI Category: ${cui.categories.length > 0 ? cui.categories.join(', ') : '(no category named on the records)'}`,
          ...(cui.dissemination.length > 0 ? [`Limited Dissemination Control: ${cui.dissemination.join(', ')}`] : []),
          `POC: ${cui.poc}`,
        ]
      : []),
  ];
}

/** Whether a line is one of the blocks' (a re-export replaces the lines an earlier one wrote). */
export function isMarkingBlockLine(line: string): boolean {
  return /^(Classified By|Derived From|Declassify On|Source|Controlled by|CUI Category|Limited Dissemination Control|POC): /.test(line.trim());
}

/** The blocks' lines `expected` that `carried` lacks: what a written file would leave out. */
export function missingBlockLines(expected: readonly string[], carried: readonly string[]): string[] {
  const have = new Set(carried.map((l) => l.trim()));
  return expected.filter((l) => !have.has(l.trim()));
}
