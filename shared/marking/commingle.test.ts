import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markingArbitrary } from '../../test/fixtures/marking-arbitrary.js';
import { covers } from './coverage.js';
import { relToPartners } from './releasability.js';
import { commingle, exceedsCeiling, levelRank, markingProblems, type DisseminationControl, type Marking } from './marking.js';

const AUDIENCE: readonly DisseminationControl[] = ['FED ONLY', 'FEDCON', 'NOCON'];

/** What a stored item lost of one marking merged into it: each category and control it no longer carries. */
function lost(stored: Marking, merged: Marking): string[] {
  const missing: string[] = [];
  for (const category of merged.cuiCategories) {
    // The specified form of a basic category keeps it, with the stricter handling.
    const kept = stored.cuiCategories.includes(category) || (!category.startsWith('SP-') && (stored.cuiCategories as readonly string[]).includes(`SP-${category}`));
    if (!kept) missing.push(`category ${category}`);
  }
  for (const control of merged.dissemination) {
    // FEDCON, NOCON and FED ONLY together leave federal employees only.
    const kept = stored.dissemination.includes(control) || (AUDIENCE.includes(control) && stored.dissemination.includes('FED ONLY'));
    if (!kept) missing.push(`control ${control}`);
  }
  if (merged.relTo.length > 0 && !stored.dissemination.includes('NOFORN')) {
    // REL TO lists intersect by member country, or foreign release ends at NOFORN.
    const theirs = relToPartners(merged.relTo);
    const beyond = [...relToPartners(stored.relTo)].filter((c) => !theirs.has(c));
    if (beyond.length > 0) missing.push(`REL TO without ${beyond.join(', ')}`);
  }
  return missing;
}

describe('the marking of a stored item that holds several', () => {
  it('never loses a CUI category or a dissemination control, is at least as high as each, and is valid', () => {
    fc.assert(
      fc.property(fc.array(markingArbitrary, { minLength: 1, maxLength: 6 }), (markings) => {
        const stored = commingle(markings);
        expect(markingProblems(stored)).toEqual([]);
        for (const m of markings) {
          expect(lost(stored, m)).toEqual([]);
          expect(levelRank(stored.level)).toBeGreaterThanOrEqual(levelRank(m.level));
          expect(covers(stored, m)).toBe(true);
          expect(exceedsCeiling(m, stored)).toEqual([]);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is the same whatever order the markings are merged in', () => {
    fc.assert(
      fc.property(fc.array(markingArbitrary, { minLength: 1, maxLength: 6 }).chain((ms) => fc.tuple(fc.constant(ms), fc.shuffledSubarray(ms, { minLength: ms.length, maxLength: ms.length }))), ([markings, shuffled]) => {
        expect(commingle(shuffled)).toEqual(commingle(markings));
      }),
      { numRuns: 500 },
    );
  });
});
