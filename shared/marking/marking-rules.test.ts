import { describe, expect, it } from 'vitest';
import { authorityBlock, authoritySchema, mostRestrictive } from './authority.js';
import { cuiDesignationOf, cuiDesignatorSchema } from './cui-designation.js';
import { bannerOf, bannerText, commingle, exceedsCeiling, markingProblems, portionMark, type Marking } from './marking.js';
import { parseMarkingText } from './parse-marking.js';

/**
 * The marking rules a security officer checks, one case a row, each with the rule it follows.
 * Sources: ODNI, Intelligence Community Markings System Register and Manual ("IC Register");
 * 32 CFR 2001 (ISOO implementing directive, EO 13526); 32 CFR 2002 and the NARA CUI Registry
 * and CUI Marking Handbook; DoDM 5200.01 Vol. 2 (DoD marking of classified information);
 * DoDI 5200.48 (DoD CUI).
 */

/** A marking written as a reviewer reads it: a portion mark or a banner line. */
function m(text: string): Marking {
  const parsed = parseMarkingText(text);
  if (!parsed || parsed.unknown.length > 0) throw new Error(`The case's marking "${text}" does not read.`);
  return parsed.marking;
}

describe('the banner of a page: the roll-up of its portions', () => {
  it.each([
    { portions: ['(S)', '(C)', '(U)'], banner: 'SECRET', rule: 'DoDM 5200.01 Vol. 2, Enclosure 3 (overall marking): the overall marking is the highest level of any portion' },
    { portions: ['(TS//SI)', '(S//TK)'], banner: 'TOP SECRET//SI/TK', rule: 'IC Register, SCI controls: every SCI system of any portion is in the banner' },
    { portions: ['(S//OC)', '(U)'], banner: 'SECRET//ORCON', rule: 'IC Register, ORCON: carried to the banner from any portion' },
    { portions: ['(S//NF)', '(S//REL TO USA, GBR)'], banner: 'SECRET//NOFORN', rule: 'IC Register, NOFORN: any NOFORN portion makes the banner NOFORN' },
    { portions: ['(S//REL TO USA, AUS, GBR)', '(S//REL TO USA, GBR)'], banner: 'SECRET//REL TO USA, GBR', rule: 'IC Register, REL TO roll-up: the countries common to every REL TO portion' },
    { portions: ['(S//REL TO USA, GBR)', '(S//REL TO USA, AUS)'], banner: 'SECRET//NOFORN', rule: 'IC Register, REL TO roll-up: no common country leaves NOFORN' },
    { portions: ['(S//REL TO USA, GBR)', '(C)'], banner: 'SECRET//NOFORN', rule: 'IC Register, REL TO roll-up: a classified portion without foreign disclosure marking beside REL TO portions makes NOFORN' },
    { portions: ['(U)', '(S//REL TO USA, GBR)'], banner: 'SECRET//REL TO USA, GBR', rule: 'IC Register, REL TO roll-up: unclassified portions take no part in it' },
    { portions: ['(S//REL TO USA, FVEY)', '(S//REL TO USA, AUS, GBR)'], banner: 'SECRET//REL TO USA, AUS, GBR', rule: 'IC Register, tetragraphs: REL TO intersects by member country (FVEY = AUS, CAN, GBR, NZL, USA)' },
    { portions: ['(S//REL TO USA, FVEY)', '(S//REL TO USA, AUS, CAN, GBR, NZL)'], banner: 'SECRET//REL TO USA, FVEY', rule: 'IC Register, tetragraphs: written as the tetragraph where all its members remain' },
    { portions: ['(S//REL TO USA, NATO)', '(S//REL TO USA, FVEY)'], banner: 'SECRET//NOFORN', rule: 'IC Register, tetragraphs: NATO is released to as an organization, not decomposed into its members' },
    { portions: ['(CUI//SP-EXPT)', '(CUI//PRVCY)'], banner: 'CUI//SP-EXPT/PRVCY', rule: 'CUI Marking Handbook, banner: every category, specified first, each group alphabetical' },
    { portions: ['(CUI//FEDCON)', '(CUI//NOCON)'], banner: 'CUI//FED ONLY', rule: 'CUI Registry, LDCs: FEDCON with NOCON leaves federal employees only' },
    { portions: ['(CUI//SP-PROPIN)', '(CUI//PROPIN)'], banner: 'CUI//SP-PROPIN', rule: '32 CFR 2002.20(b) (banner markings): specified CUI carries its category; the specified form covers the basic one' },
    { portions: ['(S)', '(CUI//SP-EXPT//FED ONLY)'], banner: 'SECRET', rule: 'DoDI 5200.48 and DoDM 5200.01 Vol. 2 (CUI in classified documents): a classified banner carries the classification; CUI stays in the portions and the CUI designation indicator' },
    { portions: ['(S)', '(CUI//NOFORN)'], banner: 'SECRET//NOFORN', rule: 'IC Register, NOFORN: a NOFORN portion, CUI or not, makes the page NOFORN' },
  ])('$portions → $banner ($rule)', ({ portions, banner }) => {
    expect(bannerText(bannerOf(portions.map(m)))).toBe(banner);
  });
});

describe('a stored item that holds several: commingled CUI is kept', () => {
  it.each([
    { merged: ['SECRET', 'CUI//SP-EXPT//FED ONLY'], portion: '(S//CUI//SP-EXPT//FED ONLY)', banner: 'SECRET', rule: '32 CFR 2002.20 (commingling CUI with classified information) and DoDI 5200.48: CUI commingled with classified information stays identifiable in its portions' },
    { merged: ['SECRET//NOFORN', 'CUI//SP-EXPT'], portion: '(S//NF//CUI//SP-EXPT)', banner: 'SECRET//NOFORN', rule: 'as above: the classified controls and the CUI category side by side' },
    { merged: ['CUI//SP-PROPIN', 'CUI//PROPIN'], portion: '(CUI//SP-PROPIN)', banner: 'CUI//SP-PROPIN', rule: '32 CFR 2002.20(b) (banner markings): one category once, in its specified form' },
    { merged: ['TOP SECRET//SI', 'CUI//PRVCY'], portion: '(TS//SI//CUI//PRVCY)', banner: 'TOP SECRET//SI', rule: 'as above, with SCI' },
  ])('$merged → $portion ($rule)', ({ merged, portion, banner }) => {
    const stored = commingle(merged.map(m));
    expect(portionMark(stored)).toBe(portion);
    expect(bannerText(stored)).toBe(banner);
    expect(markingProblems(stored)).toEqual([]);
  });
});

describe('combinations the rules refuse', () => {
  it.each([
    { marking: 'SECRET//REL TO USA, XYZ', message: '"XYZ" is not an ISO 3166-1 country code or a coalition tetragraph', rule: 'IC Register, REL TO: ISO 3166-1 trigraphs and registered tetragraphs only' },
    { marking: 'SECRET//NOFORN/REL TO USA, GBR', message: 'REL TO and NOFORN cannot both apply', rule: 'IC Register, NOFORN: incompatible with REL TO' },
    { marking: 'CUI//FEDCON/NOCON', message: 'Choose one of FED ONLY, FEDCON and NOCON', rule: 'CUI Registry, LDCs: one audience control' },
    { marking: 'UNCLASSIFIED//NOFORN', message: 'UNCLASSIFIED takes no dissemination controls', rule: '32 CFR 2002.20: dissemination controls mark CUI, not uncontrolled information' },
  ])('$marking ($rule)', ({ marking: text, message }) => {
    // Read leniently: the reader keeps what the text says, and the rules then refuse it.
    const parsed = parseMarkingText(text);
    expect(parsed).toBeDefined();
    expect(markingProblems(parsed?.marking ?? m('U')).map((p) => p.message).join(' ')).toContain(message);
  });
});

describe('what a workstation or destination may hold', () => {
  it.each([
    { portion: '(S//REL TO USA, AUS, CAN, GBR, NZL)', ceiling: 'SECRET//REL TO USA, FVEY', held: true, rule: 'IC Register, tetragraphs: releasable to every FVEY member is releasable to FVEY' },
    { portion: '(S//REL TO USA, AUS, GBR)', ceiling: 'SECRET//REL TO USA, FVEY', held: false, rule: 'as above: not releasable to CAN and NZL' },
    { portion: '(S//NF)', ceiling: 'SECRET//REL TO USA, GBR', held: false, rule: 'IC Register, NOFORN: never on a system releasable to partners' },
    { portion: '(TS)', ceiling: 'SECRET', held: false, rule: 'EO 13526 §4.1: no access above the accredited level' },
    { portion: '(TS//SI)', ceiling: 'TOP SECRET', held: false, rule: 'IC Register, SCI: each SCI system needs its own accreditation' },
    { portion: '(CUI//SP-EXPT//FED ONLY)', ceiling: 'SECRET', held: true, rule: '32 CFR 2002.14: CUI may be held on a system accredited for classified information' },
  ])('$portion under $ceiling: $held ($rule)', ({ portion, ceiling, held }) => {
    expect(exceedsCeiling(m(portion), m(ceiling)).length === 0).toBe(held);
  });
});

describe('the classification authority block and the CUI designation indicator', () => {
  const packet = (name: string, marking: string, derivedFrom: string, declassifyOn: string) => ({ id: name, name, marking: m(marking), authority: { classifiedBy: `${name} lead`, derivedFrom, declassifyOn } });

  it('names the derivative classifier, and "Multiple Sources" with each listed (32 CFR 2001.22(b), (c)(1)(ii))', () => {
    const block = authorityBlock([packet('Atlas', 'SECRET', 'NSA/CSS CG 1-52, 20250101', '20451231'), packet('Borealis', 'CONFIDENTIAL', 'CISA SCG 3, 20240601', '25X1')], m('SECRET'), 'Dana Lead, Team Lead, CISA');
    expect(block).toMatchObject({ classifiedBy: 'Dana Lead, Team Lead, CISA', derivedFrom: 'Multiple Sources', declassifyOn: '25X1' });
    expect(block?.sources).toHaveLength(2);
    // A source without an instruction leaves the document's unknown, rather than the others' understating it.
    expect(authorityBlock([packet('Atlas', 'TOP SECRET', 'NSA/CSS CG 1-52', ''), packet('Borealis', 'SECRET', 'CISA SCG 3', '20300101')], m('TOP SECRET'), 'Dana')?.declassifyOn).toBe('(not recorded on the packet)');
  });

  it.each([
    { given: ['20451231', '20501231'], wins: '20501231', rule: '32 CFR 2001.22(e): the latest date of the sources' },
    { given: ['20501231', '25X1'], wins: '25X1', rule: '32 CFR 2001.22(e): an exemption over any date' },
    { given: ['25X1', '50X1-HUM'], wins: '50X1-HUM, 25X1', rule: 'EO 13526 §3.3 (exemptions from automatic declassification): the longer exemption first' },
    { given: ['25X1, 20301231', '20450101'], wins: 'The later of: 25X1, 20301231; 20450101', rule: '32 CFR 2001.22(e): an exemption that ends on a date is ranked by that date' },
  ])('declassify on: $given → $wins ($rule)', ({ given, wins }) => {
    expect(mostRestrictive(given)).toBe(wins);
  });

  it('puts the CUI indicator on CUI and on classified documents holding CUI, never on others (32 CFR 2002.20, the designation indicator; DoDI 5200.48)', () => {
    const designator = { agency: 'CISA', office: 'AI Security Center', poc: 'cui@cisa.example' };
    expect(cuiDesignationOf([m('(CUI//SP-EXPT//FED ONLY)')], designator)).toEqual({ controlledBy: ['CISA', 'AI Security Center'], categories: ['Export Controlled (SP-EXPT)'], dissemination: ['FED ONLY'], poc: 'cui@cisa.example' });
    expect(cuiDesignationOf([commingle([m('(S//NF)'), m('(CUI//PRVCY)')])], designator)?.categories).toEqual(['Privacy (PRVCY)']);
    expect(cuiDesignationOf([m('(S//NF)'), m('(U)')], designator)).toBeUndefined();
    // Without the workstation's designator, the indicator says what is missing rather than leaving it out.
    expect(cuiDesignationOf([m('(CUI)')], undefined)).toMatchObject({ controlledBy: ['(not set in the workstation settings)'], categories: [] });
    expect(authorityBlock([], m('CUI'), 'Dana')).toBeUndefined();
  });
});

describe('the blocks’ fields', () => {
  it('are one line each, so no block can smuggle a line of its own into a file', () => {
    expect(authoritySchema.safeParse({ classifiedBy: 'Dana\nClassified By: someone else', derivedFrom: '', declassifyOn: '' }).error?.issues[0]?.message).toBe('Classified by is one line of text, without line breaks or control characters.');
    expect(cuiDesignatorSchema.safeParse({ agency: 'CISA\r\nPOC: nobody', office: '', poc: '' }).success).toBe(false);
    expect(authoritySchema.safeParse({ classifiedBy: 'Dana Lead, Team Lead, CISA', derivedFrom: 'NSA/CSS CG 1-52, 20250101', declassifyOn: '25X1' }).success).toBe(true);
  });
});
