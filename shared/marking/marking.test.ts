import { describe, expect, it } from 'vitest';
import { markingSchema } from './marking-schema.js';
import {
  UNCLASSIFIED,
  bannerColours,
  bannerText,
  exceedsCeiling,
  marking,
  markingProblems,
  portionMark,
  bannerOf,
  commingle,
  commingledCuiText,
  withLevel,
  disseminationControlsFor,
  systemHighBanner,
  markingAsClaimed,
} from './marking.js';

describe('banner and portion strings', () => {
  it.each([
    [UNCLASSIFIED, 'UNCLASSIFIED', '(U)'],
    [marking('CUI'), 'CUI', '(CUI)'],
    [marking('CUI', { cuiCategories: ['SP-PROPIN'], dissemination: ['FED ONLY'] }), 'CUI//SP-PROPIN//FED ONLY', '(CUI//SP-PROPIN//FED ONLY)'],
    [marking('CONFIDENTIAL'), 'CONFIDENTIAL', '(C)'],
    [marking('SECRET', { dissemination: ['NOFORN'] }), 'SECRET//NOFORN', '(S//NF)'],
    [marking('TOP SECRET', { dissemination: ['NOFORN', 'ORCON'] }), 'TOP SECRET//ORCON/NOFORN', '(TS//OC/NF)'],
    [marking('TOP SECRET', { sci: ['TK', 'SI'], dissemination: ['NOFORN'] }), 'TOP SECRET//SI/TK//NOFORN', '(TS//SI/TK//NF)'],
    [marking('SECRET', { relTo: ['nato', 'gbr', 'aus'] }), 'SECRET//REL TO USA, AUS, GBR, NATO', '(S//REL TO USA, AUS, GBR, NATO)'],
  ])('%# renders %s', (m, banner, portion) => {
    expect(bannerText(m)).toBe(banner);
    expect(portionMark(m)).toBe(portion);
  });

  it('lists specified CUI categories before basic ones, each group alphabetical', () => {
    const m = marking('CUI', { cuiCategories: ['PRVCY', 'ISVI', 'SP-PROPIN', 'SP-CTI'] });
    expect(bannerText(m)).toBe('CUI//SP-CTI/SP-PROPIN/ISVI/PRVCY');
  });
});

describe('banner colours', () => {
  it.each([
    [UNCLASSIFIED, '#007a33', '#ffffff'],
    [marking('CUI'), '#502b85', '#ffffff'],
    [marking('CONFIDENTIAL'), '#0033a0', '#ffffff'],
    [marking('SECRET'), '#c8102e', '#ffffff'],
    [marking('TOP SECRET'), '#ff8c00', '#000000'],
    [marking('TOP SECRET', { sci: ['SI'] }), '#fce83a', '#000000'],
  ])('%# uses the conventional colour', (m, background, text) => {
    expect(bannerColours(m)).toEqual({ background, text });
  });
});

describe('invalid combinations', () => {
  it.each([
    [marking('SECRET', { dissemination: ['NOFORN'], relTo: ['GBR'] }), 'REL TO and NOFORN'],
    [marking('CUI', { sci: ['SI'] }), 'SCI controls apply only'],
    [marking('UNCLASSIFIED', { cuiCategories: ['ISVI'] }), 'CUI categories apply only to CUI markings, and to classified ones that hold CUI'],
    [marking('CUI', { dissemination: ['ORCON'] }), 'ORCON is a classified dissemination control'],
    [marking('CUI', { dissemination: ['FED ONLY', 'FEDCON'] }), 'Choose one of FED ONLY'],
    [marking('UNCLASSIFIED', { dissemination: ['NOFORN'] }), 'UNCLASSIFIED takes no dissemination'],
    [marking('SECRET', { relTo: ['USA'] }), 'USA is always first'],
    [marking('SECRET', { relTo: ['G8R'] }), '"G8R" is not an ISO 3166-1 country code or a coalition tetragraph'],
  ])('%# is refused: %s', (m, message) => {
    expect(markingProblems(m).map((p) => p.message).join(' ')).toContain(message);
    expect(markingSchema.safeParse(m).success).toBe(false);
  });

  it('reads a category marked both specified and basic as specified, the stricter handling', () => {
    const both = { ...marking('CUI'), cuiCategories: ['PROPIN', 'SP-PROPIN'] } as const;
    expect(markingProblems(both).map((p) => p.message)).toEqual(['A CUI category is either specified (SP-) or basic, not both.']);
    expect(marking('CUI', { cuiCategories: ['PROPIN', 'SP-PROPIN', 'ISVI'] }).cuiCategories).toEqual(['SP-PROPIN', 'ISVI']);
    expect(markingSchema.parse(both).cuiCategories).toEqual(['SP-PROPIN']);
  });

  it('accepts and normalizes a valid marking', () => {
    const parsed = markingSchema.parse({
      level: 'SECRET',
      sci: [],
      cuiCategories: [],
      dissemination: [],
      relTo: ['gbr', 'AUS', 'GBR'],
    });
    expect(parsed.relTo).toEqual(['AUS', 'GBR']);
  });

  it('rejects unknown keys and levels', () => {
    expect(markingSchema.safeParse({ ...UNCLASSIFIED, extra: 1 }).success).toBe(false);
    expect(markingSchema.safeParse({ ...UNCLASSIFIED, level: 'COSMIC' }).success).toBe(false);
  });
});

describe('roll-up of portions into a banner', () => {
  it('is UNCLASSIFIED for an empty page', () => {
    expect(bannerText(bannerOf([]))).toBe('UNCLASSIFIED');
  });

  it('takes the highest level and every SCI system', () => {
    const banner = bannerOf([marking('SECRET', { sci: ['TK'] }), marking('TOP SECRET', { sci: ['SI'] }), UNCLASSIFIED]);
    expect(bannerText(banner)).toBe('TOP SECRET//SI/TK');
  });

  it('carries NOFORN from any portion', () => {
    expect(bannerText(bannerOf([marking('SECRET', { relTo: ['GBR'] }), marking('CONFIDENTIAL', { dissemination: ['NOFORN'] })]))).toBe(
      'SECRET//NOFORN',
    );
  });

  it('intersects REL TO lists (IC Register example)', () => {
    const banner = bannerOf([marking('SECRET', { relTo: ['JPN', 'NZL'] }), marking('SECRET', { relTo: ['NZL'] })]);
    expect(bannerText(banner)).toBe('SECRET//REL TO USA, NZL');
  });

  it('becomes NOFORN when REL TO lists share no country', () => {
    expect(bannerText(bannerOf([marking('SECRET', { relTo: ['JPN'] }), marking('SECRET', { relTo: ['GBR'] })]))).toBe(
      'SECRET//NOFORN',
    );
  });

  it('becomes NOFORN when an uncaveated classified portion sits beside REL TO (IC Register rule 16)', () => {
    expect(bannerText(bannerOf([marking('SECRET', { relTo: ['FVEY'] }), marking('CONFIDENTIAL')]))).toBe('SECRET//NOFORN');
  });

  it('ignores plain (U) portions in the foreign-disclosure roll-up', () => {
    expect(bannerText(bannerOf([marking('SECRET', { relTo: ['GBR'] }), UNCLASSIFIED]))).toBe('SECRET//REL TO USA, GBR');
  });

  it('unions CUI categories and narrows mixed audiences to FED ONLY', () => {
    const banner = bannerOf([
      marking('CUI', { cuiCategories: ['SP-PROPIN'], dissemination: ['FEDCON'] }),
      marking('CUI', { cuiCategories: ['ISVI'], dissemination: ['NOCON'] }),
    ]);
    expect(bannerText(banner)).toBe('CUI//SP-PROPIN/ISVI//FED ONLY');
  });

  it('keeps CUI categories in the portions on a classified page', () => {
    expect(bannerText(bannerOf([marking('CUI', { cuiCategories: ['ISVI'], dissemination: ['FED ONLY'] }), marking('SECRET')]))).toBe(
      'SECRET',
    );
  });
});

describe('workstation ceiling', () => {
  const ceiling = marking('SECRET', { dissemination: ['NOFORN'] });

  it('allows markings at or below the ceiling', () => {
    expect(exceedsCeiling(marking('SECRET', { relTo: ['GBR'] }), ceiling)).toEqual([]);
    expect(exceedsCeiling(marking('CUI', { cuiCategories: ['SP-PROPIN'] }), ceiling)).toEqual([]);
    expect(exceedsCeiling(UNCLASSIFIED, UNCLASSIFIED)).toEqual([]);
  });

  it('refuses a higher level, naming both', () => {
    expect(exceedsCeiling(marking('TOP SECRET'), ceiling)).toEqual(['TOP SECRET is above SECRET.']);
    expect(exceedsCeiling(marking('CUI'), UNCLASSIFIED)).toEqual(['CUI is above UNCLASSIFIED.']);
  });

  it('refuses SCI the ceiling does not cover', () => {
    expect(exceedsCeiling(marking('SECRET', { sci: ['SI'] }), ceiling)).toEqual([
      'SCI SI is not covered by SECRET//NOFORN.',
    ]);
  });

  it('on a coalition ceiling, refuses what is not releasable to every partner', () => {
    const coalition = marking('SECRET', { relTo: ['GBR', 'AUS'] });
    expect(exceedsCeiling(marking('SECRET', { relTo: ['GBR', 'AUS', 'CAN'] }), coalition)).toEqual([]);
    expect(exceedsCeiling(marking('SECRET', { relTo: ['GBR'] }), coalition)).toEqual([
      'It must be releasable to AUS to be held under SECRET//REL TO USA, AUS, GBR.',
    ]);
    expect(exceedsCeiling(marking('SECRET', { dissemination: ['NOFORN'] }), coalition)).toEqual([
      'NOFORN information cannot be held under SECRET//REL TO USA, AUS, GBR.',
    ]);
    // CUI is restricted only when it says so.
    expect(exceedsCeiling(marking('CUI', { cuiCategories: ['ISVI'] }), coalition)).toEqual([]);
    expect(exceedsCeiling(marking('CUI', { relTo: ['GBR'] }), coalition)).toEqual([
      'It must be releasable to AUS to be held under SECRET//REL TO USA, AUS, GBR.',
    ]);
  });
});

describe('changing the level of a marking', () => {
  it('keeps only the controls that still apply', () => {
    const cui = marking('CUI', { cuiCategories: ['ISVI'], dissemination: ['FED ONLY', 'NOFORN'] });
    expect(bannerText(withLevel(cui, 'SECRET'))).toBe('SECRET//NOFORN');
    // Raised to a classification, the CUI stays as the CUI the item holds.
    expect(portionMark(withLevel(cui, 'SECRET'))).toBe('(S//NF//CUI//ISVI//FED ONLY)');
    expect(bannerText(withLevel(marking('TOP SECRET', { sci: ['SI'], relTo: ['GBR'] }), 'UNCLASSIFIED'))).toBe('UNCLASSIFIED');
    expect(disseminationControlsFor('CONFIDENTIAL')).toEqual(['ORCON', 'NOFORN']);
  });
});

describe('the banner in system-high mode', () => {
  const secret = marking('SECRET');

  it('is the system high, raised by what content adds', () => {
    expect(bannerText(systemHighBanner(secret, UNCLASSIFIED))).toBe('SECRET');
    expect(bannerText(systemHighBanner(secret, marking('SECRET', { dissemination: ['NOFORN', 'ORCON'] })))).toBe('SECRET//ORCON/NOFORN');
    expect(bannerText(systemHighBanner(secret, marking('TOP SECRET', { sci: ['SI'] })))).toBe('TOP SECRET//SI');
  });

  it('does not turn content releasable to partners into NOFORN', () => {
    expect(bannerText(systemHighBanner(secret, marking('SECRET', { relTo: ['GBR'] })))).toBe('SECRET');
    const coalition = marking('SECRET', { relTo: ['GBR', 'AUS'] });
    expect(bannerText(systemHighBanner(coalition, marking('SECRET', { relTo: ['GBR', 'AUS', 'CAN'] })))).toBe('SECRET//REL TO USA, AUS, GBR');
  });
});

describe('a marking as a form claims it', () => {
  it('keeps level and NOFORN when the combination is not valid yet', () => {
    expect(bannerText(markingAsClaimed(marking('SECRET', { dissemination: ['NOFORN'], relTo: ['GBR'] })))).toBe('SECRET//NOFORN');
    expect(bannerText(markingAsClaimed({ ...marking('CUI'), sci: ['SI'], dissemination: ['ORCON', 'FED ONLY'] }))).toBe('CUI//FED ONLY');
  });
});

describe('CUI commingled with classified information', () => {
  const exportControlled = marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] });

  it('keeps the CUI of a stored item beside its classification, and leaves it off the banner', () => {
    const stored = commingle([marking('SECRET'), exportControlled]);
    expect(stored).toEqual(marking('SECRET', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] }));
    expect(markingProblems(stored)).toEqual([]);
    expect(bannerText(stored)).toBe('SECRET');
    expect(portionMark(stored)).toBe('(S//CUI//SP-EXPT//FED ONLY)');
    expect(commingledCuiText(stored)).toBe('CUI//SP-EXPT//FED ONLY');
    // The banner over the same two portions leaves the CUI to them.
    expect(bannerOf([marking('SECRET'), exportControlled])).toEqual(marking('SECRET'));
  });

  it('writes the classified blocks first, then CUI, its categories and its controls', () => {
    const stored = commingle([marking('TOP SECRET', { sci: ['SI'], dissemination: ['NOFORN'] }), exportControlled, marking('CUI', { cuiCategories: ['PRVCY'], dissemination: ['FEDCON'] })]);
    expect(portionMark(stored)).toBe('(TS//SI//NF//CUI//SP-EXPT/PRVCY//FED ONLY)');
    expect(bannerText(stored)).toBe('TOP SECRET//SI//NOFORN');
  });

  it('names no commingled CUI for a CUI marking or a classified one without CUI', () => {
    expect(commingledCuiText(exportControlled)).toBeUndefined();
    expect(commingledCuiText(marking('SECRET', { dissemination: ['NOFORN'] }))).toBeUndefined();
    expect(commingledCuiText(marking('SECRET', { dissemination: ['DL ONLY'] }))).toBe('CUI//DL ONLY');
  });

  it('joins a specified category and its basic form as the specified one, in the banner and in a stored item', () => {
    const specified = marking('CUI', { cuiCategories: ['SP-PROPIN'] });
    const basic = marking('CUI', { cuiCategories: ['PROPIN'] });
    for (const joined of [bannerOf([specified, basic]), commingle([basic, specified])]) {
      expect(bannerText(joined)).toBe('CUI//SP-PROPIN');
      expect(markingProblems(joined)).toEqual([]);
    }
    expect(portionMark(commingle([marking('SECRET', { cuiCategories: ['PROPIN'] }), specified]))).toBe('(S//CUI//SP-PROPIN)');
  });

  it('moves the CUI with the level: the CUI marking’s at CUI, kept when classified, gone at UNCLASSIFIED', () => {
    const stored = marking('SECRET', { sci: ['TK'], cuiCategories: ['SP-EXPT'], dissemination: ['NOFORN', 'FED ONLY'] });
    expect(bannerText(withLevel(stored, 'CUI'))).toBe('CUI//SP-EXPT//NOFORN/FED ONLY');
    expect(portionMark(withLevel(stored, 'TOP SECRET'))).toBe('(TS//TK//NF//CUI//SP-EXPT//FED ONLY)');
    expect(withLevel(stored, 'UNCLASSIFIED')).toEqual(UNCLASSIFIED);
  });

  it('is kept by a form’s claimed marking and does not change what a ceiling allows', () => {
    const stored = marking('SECRET', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] });
    expect(markingAsClaimed(stored)).toEqual(stored);
    expect(exceedsCeiling(stored, marking('SECRET', { dissemination: ['NOFORN'] }))).toEqual([]);
    expect(exceedsCeiling(stored, marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] }))).toEqual(['SECRET is above CUI.']);
  });
});
