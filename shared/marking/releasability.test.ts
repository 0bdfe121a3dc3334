import { describe, expect, it } from 'vitest';
import isoCountries from './countries/iso-3166-1-alpha-3.json' with { type: 'json' };
import registerTrigraphs from './countries/ic-register-trigraphs.json' with { type: 'json' };
import tetragraphFile from './countries/tetragraphs.json' with { type: 'json' };
import { notCoveredBy } from './coverage.js';
import { markingSchema } from './marking-schema.js';
import { bannerText, exceedsCeiling, marking, markingProblems, bannerOf } from './marking.js';
import { REL_TO_CODES, countryCodeProblem, intersectRelTo, notReleasableTo, tetragraphMembers } from './releasability.js';

const NATO_WITHOUT_USA = ['ALB', 'BEL', 'BGR', 'CAN', 'CZE', 'DEU', 'DNK', 'ESP', 'EST', 'FIN', 'FRA', 'GBR', 'GRC', 'HRV', 'HUN', 'ISL', 'ITA', 'LTU', 'LUX', 'LVA', 'MKD', 'MNE', 'NLD', 'NOR', 'POL', 'PRT', 'ROU', 'SVK', 'SVN', 'SWE', 'TUR'];

describe('the country codes REL TO accepts', () => {
  it.each(['GBR', 'JPN', 'ALA', 'XKS', 'FVEY', 'ACGU', 'NATO', 'TEYE'])('accepts %s', (code) => {
    expect(countryCodeProblem(code)).toBeUndefined();
  });

  it.each(['XYZ', 'G8R', 'ABCD', 'UK', 'EU', 'XWB'])('refuses %s with a sentence naming it', (code) => {
    expect(countryCodeProblem(code)).toBe(`"${code}" is not an ISO 3166-1 country code or a coalition tetragraph this workstation knows (such as GBR or FVEY).`);
  });

  it('refuses a marking with a made-up code, in the form and wherever a marking is read', () => {
    const madeUp = marking('SECRET', { relTo: ['GBR', 'XYZ'] });
    expect(markingProblems(madeUp)).toEqual([
      { field: 'relTo', message: '"XYZ" is not an ISO 3166-1 country code or a coalition tetragraph this workstation knows (such as GBR or FVEY).' },
    ]);
    expect(markingSchema.safeParse(madeUp).success).toBe(false);
    expect(markingSchema.safeParse(marking('SECRET', { relTo: ['XKS', 'FVEY', 'TEYE'] })).success).toBe(true);
  });

  it('offers every code but USA, tetragraphs with their members or saying theirs is not published', () => {
    const offered = new Map(REL_TO_CODES.map((c) => [c.code, c.name]));
    expect(offered.has('USA')).toBe(false);
    expect(offered.get('GBR')).toBe('United Kingdom');
    expect(offered.get('XKS')).toBe('Kosovo');
    expect(offered.get('FVEY')).toBe('Five Eyes: AUS, CAN, GBR, NZL, USA');
    expect(offered.get('TEYE')).toBe('Three Eyes (membership not published)');
    expect(REL_TO_CODES.findIndex((c) => c.code === 'ZWE')).toBeLessThan(REL_TO_CODES.findIndex((c) => c.code === 'ACGU'));
  });
});

describe('the country data files', () => {
  it('hold every ISO 3166-1 alpha-3 code of iso-codes 4.15.0, with its name and licence', () => {
    expect(isoCountries.version).toBe('iso-codes 4.15.0');
    expect(isoCountries.licence).toMatch(/^LGPL-2\.1-or-later/);
    const codes = Object.keys(isoCountries.codes);
    expect(codes).toHaveLength(249);
    expect(codes.every((c) => /^[A-Z]{3}$/.test(c))).toBe(true);
    expect(codes).toEqual([...codes].sort());
    expect(isoCountries.codes.NZL).toBe('New Zealand');
  });

  it('list NATO’s 32 members for reference, but mark it as released to as an organization', () => {
    expect(tetragraphFile.tetragraphs.NATO.members.filter((c) => c !== 'USA')).toEqual(NATO_WITHOUT_USA);
    expect(tetragraphFile.tetragraphs.NATO.decomposable).toBe(false);
    expect([tetragraphFile.tetragraphs.FVEY.decomposable, tetragraphFile.tetragraphs.ACGU.decomposable]).toEqual([true, true]);
  });

  it('keep the IC Register trigraph for Kosovo apart from ISO, which has none', () => {
    expect(registerTrigraphs.codes).toEqual({ XKS: 'Kosovo' });
    expect('XKS' in isoCountries.codes).toBe(false);
  });

  it('give a published membership only with its source, and every member is a known country', () => {
    const known = new Set(Object.keys(isoCountries.codes));
    for (const [code, t] of Object.entries(tetragraphFile.tetragraphs)) {
      expect(code).toMatch(/^[A-Z]{4}$/);
      if (t.members === null) {
        expect(t.membershipSource, code).toBeNull();
        continue;
      }
      expect(t.membershipSource, code).toMatch(/^\S.{40,}$/);
      expect(t.members.filter((m) => !known.has(m)), code).toEqual([]);
      expect(t.members, code).toContain('USA');
    }
  });

  it.each([
    ['FVEY', ['AUS', 'CAN', 'GBR', 'NZL']],
    ['ACGU', ['AUS', 'CAN', 'GBR']],
    // Release to NATO is release to the organization, not to each member nation: never expanded.
    ['NATO', undefined],
    ['TEYE', undefined],
    ['GBR', undefined],
  ])('%s stands for %j besides USA', (code, members) => {
    expect(tetragraphMembers(code)).toEqual(members);
  });
});

describe('intersecting REL TO lists by member country', () => {
  it.each([
    ['a tetragraph whose members all remain is written as the tetragraph', [['FVEY'], ['AUS', 'CAN', 'GBR', 'NZL', 'FVEY']], ['FVEY']],
    ['members a tetragraph shares with countries are kept', [['FVEY'], ['AUS', 'GBR']], ['AUS', 'GBR']],
    ['an organization shares no member with a coalition', [['NATO'], ['FVEY']], []],
    ['an organization survives where every list names it', [['NATO', 'GBR'], ['NATO', 'FVEY']], ['GBR', 'NATO']],
    ['a smaller coalition inside a larger one stays whole', [['FVEY'], ['ACGU']], ['ACGU']],
    ['the larger coalition is written rather than a smaller one plus a country', [['FVEY'], ['ACGU', 'NZL']], ['FVEY']],
    ['a country already in a named coalition is not listed again', [['GBR', 'FVEY']], ['FVEY']],
    ['two coalitions that both remain are both written', [['NATO', 'FVEY'], ['FVEY', 'NATO']], ['FVEY', 'NATO']],
    ['countries intersect as before (IC Register example)', [['JPN', 'NZL'], ['NZL']], ['NZL']],
    ['USA is implied and never listed', [['USA', 'GBR'], ['GBR', 'FVEY']], ['GBR']],
    ['the non-ISO trigraph for Kosovo is a country like any other', [['XKS', 'GBR'], ['XKS', 'FRA']], ['XKS']],
    ['an opaque tetragraph survives where every list names it', [['TEYE'], ['TEYE', 'GBR']], ['TEYE']],
    ['an opaque tetragraph is never expanded', [['TEYE'], ['AUS', 'GBR']], []],
    ['an opaque tetragraph does not match a known coalition', [['TEYE', 'GBR'], ['FVEY']], ['GBR']],
    ['lists with no partner in common leave nothing', [['JPN'], ['GBR']], []],
    ['no lists leave nothing', [], []],
  ])('%s', (_case, lists, expected) => {
    expect(intersectRelTo(lists)).toEqual(expected);
  });

  it('rolls up (S//REL TO USA, FVEY) and (S//REL TO USA, AUS, GBR) to REL TO USA, AUS, GBR, not NOFORN', () => {
    const banner = bannerOf([marking('SECRET', { relTo: ['FVEY'] }), marking('SECRET', { relTo: ['AUS', 'GBR'] })]);
    expect(bannerText(banner)).toBe('SECRET//REL TO USA, AUS, GBR');
    expect(bannerText(bannerOf([marking('SECRET', { relTo: ['NATO'] }), marking('TOP SECRET', { relTo: ['FVEY'] })]))).toBe('TOP SECRET//NOFORN');
    expect(bannerText(bannerOf([marking('SECRET', { relTo: ['TEYE'] }), marking('SECRET', { relTo: ['AUS', 'GBR'] })]))).toBe('SECRET//NOFORN');
  });
});

describe('what a portion must be releasable to under a ceiling', () => {
  it.each([
    ['every member of a tetragraph ceiling', ['AUS', 'CAN', 'GBR', 'NZL'], ['FVEY'], []],
    ['the members it does not reach', ['AUS', 'GBR'], ['FVEY'], ['CAN', 'NZL']],
    ['the whole tetragraph when it reaches none of it', [], ['FVEY'], ['FVEY']],
    ['a country of the ceiling inside a coalition the portion names', ['FVEY'], ['GBR', 'AUS'], []],
    ['an organization, which no coalition reaches', ['FVEY'], ['NATO'], ['NATO']],
    ['nothing, when the portion names the organization too', ['NATO', 'GBR'], ['NATO'], []],
    ['an opaque tetragraph of the ceiling, which only itself reaches', ['AUS', 'GBR'], ['TEYE'], ['TEYE']],
    ['nothing, when the portion names the same opaque tetragraph', ['TEYE'], ['TEYE'], []],
    ['the ceiling countries an opaque tetragraph of the portion does not stand for', ['TEYE'], ['GBR'], ['GBR']],
  ])('%s', (_case, portion, ceiling, expected) => {
    expect(notReleasableTo(portion, ceiling)).toEqual(expected);
  });

  const accredited = marking('SECRET', { relTo: ['FVEY'] });

  it('lets a workstation accredited SECRET//REL TO USA, FVEY hold S//REL TO USA, AUS, CAN, GBR, NZL', () => {
    expect(exceedsCeiling(marking('SECRET', { relTo: ['AUS', 'CAN', 'GBR', 'NZL'] }), accredited)).toEqual([]);
    expect(exceedsCeiling(marking('SECRET', { relTo: ['NZL', 'ACGU'] }), accredited)).toEqual([]);
  });

  it('says which partners of the accreditation a portion is not releasable to', () => {
    expect(exceedsCeiling(marking('SECRET', { relTo: ['AUS', 'GBR'] }), accredited)).toEqual([
      'It must be releasable to CAN, NZL to be held under SECRET//REL TO USA, FVEY.',
    ]);
    expect(exceedsCeiling(marking('SECRET'), accredited)).toEqual(['It must be releasable to FVEY to be held under SECRET//REL TO USA, FVEY.']);
    expect(exceedsCeiling(marking('SECRET', { relTo: ['TEYE'] }), accredited)).toEqual([
      'It must be releasable to FVEY to be held under SECRET//REL TO USA, FVEY.',
    ]);
  });

  it('covers, under a tetragraph banner, a portion releasable to each of its members', () => {
    expect(notCoveredBy(accredited, marking('SECRET', { relTo: ['AUS', 'CAN', 'GBR', 'NZL'] }))).toEqual([]);
    expect(notCoveredBy(accredited, marking('SECRET', { relTo: ['AUS', 'CAN', 'GBR'] }))).toEqual([
      'SECRET//REL TO USA, FVEY releases to NZL, to which (S//REL TO USA, AUS, CAN, GBR) is not releasable.',
    ]);
  });
});
