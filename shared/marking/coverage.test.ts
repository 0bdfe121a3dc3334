import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { covers, notCoveredBy } from './coverage.js';
import { markingArbitrary } from '../../test/fixtures/marking-arbitrary.js';
import { exceedsCeiling, marking, bannerOf, systemHighBanner } from './marking.js';

describe('whether a banner covers the portions under it', () => {
  it('the roll-up of any mix of portions covers every one of them', () => {
    fc.assert(
      fc.property(fc.array(markingArbitrary, { minLength: 1, maxLength: 8 }), (portions) => {
        const banner = bannerOf(portions);
        for (const p of portions) expect(notCoveredBy(banner, p)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it('a system-high banner covers every portion the workstation may hold', () => {
    fc.assert(
      fc.property(markingArbitrary, fc.array(markingArbitrary, { maxLength: 6 }), (systemHigh, portions) => {
        const held = portions.filter((p) => exceedsCeiling(p, systemHigh).length === 0);
        const banner = systemHighBanner(systemHigh, bannerOf(held));
        for (const p of held) expect(notCoveredBy(banner, p)).toEqual([]);
      }),
      { numRuns: 1000 },
    );
  });

  it.each([
    [marking('CUI'), marking('SECRET'), 'is above CUI'],
    [marking('SECRET'), marking('SECRET', { dissemination: ['NOFORN'] }), 'is NOFORN'],
    [marking('TOP SECRET'), marking('TOP SECRET', { sci: ['SI'] }), 'needs SCI SI'],
    [marking('SECRET', { relTo: ['GBR', 'AUS'] }), marking('SECRET', { relTo: ['GBR'] }), 'releases to AUS'],
    [marking('SECRET', { relTo: ['GBR'] }), marking('CONFIDENTIAL'), 'releases to GBR'],
    [marking('CUI'), marking('CUI', { cuiCategories: ['SP-EXPT'] }), 'holds CUI SP-EXPT'],
    [marking('CUI', { dissemination: ['FEDCON'] }), marking('CUI', { dissemination: ['DL ONLY'] }), 'is DL ONLY'],
  ])('%# refuses a banner that understates a portion', (banner, portion, reason) => {
    expect(notCoveredBy(banner, portion).join(' ')).toContain(reason);
  });

  it('lets a classified banner leave CUI designations with their portions, and FED ONLY stand for FEDCON', () => {
    expect(covers(marking('SECRET'), marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] }))).toBe(true);
    expect(covers(marking('CUI', { dissemination: ['FED ONLY'] }), marking('CUI', { dissemination: ['FEDCON'] }))).toBe(true);
    expect(covers(marking('SECRET', { relTo: ['GBR'] }), marking('UNCLASSIFIED'))).toBe(true);
  });

  it('leaves commingled CUI with its record under a classified banner, and lets a specified category cover its basic form', () => {
    const stored = marking('SECRET', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] });
    expect(covers(marking('SECRET'), stored)).toBe(true);
    expect(covers(stored, marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FEDCON'] }))).toBe(true);
    expect(notCoveredBy(marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] }), stored)).toEqual(['(S//CUI//SP-EXPT//FED ONLY) is above CUI//SP-EXPT//FED ONLY.']);
    expect(covers(marking('CUI', { cuiCategories: ['SP-PROPIN'] }), marking('CUI', { cuiCategories: ['PROPIN'] }))).toBe(true);
    expect(covers(marking('CUI', { cuiCategories: ['PROPIN'] }), marking('CUI', { cuiCategories: ['SP-PROPIN'] }))).toBe(false);
  });
});
