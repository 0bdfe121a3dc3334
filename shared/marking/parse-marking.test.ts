import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markingArbitrary } from '../../test/fixtures/marking-arbitrary.js';
import { bannerText, marking, portionMark } from './marking.js';
import { bannersIn, parseBanner, parseMarkingText, parsePortion, portionMarksIn } from './parse-marking.js';

describe('reading markings back from text', () => {
  it('reads every banner and portion mark it writes back to the same marking', () => {
    fc.assert(
      fc.property(markingArbitrary, (m) => {
        expect(parseBanner(bannerText(m))).toEqual({ marking: m, unknown: [] });
        expect(parsePortion(portionMark(m))).toEqual({ marking: m, unknown: [] });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['TOP SECRET//SI-G ABCD/TK//ORCON/NOFORN', marking('TOP SECRET', { sci: ['SI', 'TK'], dissemination: ['ORCON', 'NOFORN'] })],
    ['secret//rel to usa, gbr, fvey', marking('SECRET', { relTo: ['GBR', 'FVEY'] })],
    ['CONTROLLED//SP-EXPT//FED ONLY', marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] })],
    ['(S//NF)', marking('SECRET', { dissemination: ['NOFORN'] })],
    ['(SECRET//NOFORN)', marking('SECRET', { dissemination: ['NOFORN'] })],
    ['  UNCLASSIFIED  ', marking('UNCLASSIFIED')],
  ])('reads %s', (text, expected) => {
    expect(parseMarkingText(text)?.marking).toEqual(expected);
  });

  it('keeps what it does not model, rather than reading past it', () => {
    expect(parseBanner('SECRET//RELIDO')).toEqual({ marking: marking('SECRET'), unknown: ['RELIDO'] });
    expect(parseBanner('TOP SECRET//XYZ//NOFORN')?.unknown).toEqual(['XYZ']);
  });

  it('reads past an empty block rather than reading no marking at all', () => {
    expect(parseBanner('SECRET//NOFORN//')?.marking).toEqual(marking('SECRET', { dissemination: ['NOFORN'] }));
    expect(parseBanner('SECRET////NOFORN')?.marking).toEqual(marking('SECRET', { dissemination: ['NOFORN'] }));
  });

  it('finds the banners in a distribution statement, and not in prose', () => {
    expect(bannersIn('TLP:AMBER. SECRET//NOFORN; handle as the marking requires.').map((b) => b.text)).toEqual(['SECRET//NOFORN']);
    expect(bannersIn('Distribution: TOP SECRET//SI//NOFORN.')[0]?.parsed.marking).toEqual(marking('TOP SECRET', { sci: ['SI'], dissemination: ['NOFORN'] }));
    expect(bannersIn('A secret handshake, kept confidential.')).toEqual([]);
  });

  it.each(['Secret agent', '(see below)', '', '//NOFORN', 'TOP  SECRET'])('refuses %j as a marking', (text) => {
    expect(parseMarkingText(text)).toBeUndefined();
  });

  it('finds the portion marks in running text and nothing else', () => {
    const found = portionMarksIn('(S//NF) Atlas v1 beside (U) notes (see below), (CUI//SP-PRVCY) and (TS//SI//NF).');
    expect(found.map((f) => f.text)).toEqual(['(S//NF)', '(U)', '(CUI//SP-PRVCY)', '(TS//SI//NF)']);
    expect(found[3]?.parsed.marking).toEqual(marking('TOP SECRET', { sci: ['SI'], dissemination: ['NOFORN'] }));
  });
});
