import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markingArbitrary } from '../../test/fixtures/marking-arbitrary.js';
import { bannerOf, bannerText, commingledCuiText, marking, portionMark } from './marking.js';
import { bannersIn, parseBanner, parseMarkingText, parsePortion, portionMarksIn } from './parse-marking.js';

describe('reading markings back from text', () => {
  it('reads every banner and portion mark it writes back to the same marking', () => {
    fc.assert(
      fc.property(markingArbitrary, (m) => {
        // A classified banner leaves the CUI it holds to the portions; the portion mark keeps it, and so does the banner followed by it.
        // (A banner may write a REL TO list more briefly, FVEY for its members: the same countries.)
        const banner = parseBanner(bannerText(m));
        expect(banner?.unknown).toEqual([]);
        expect(bannerOf([banner?.marking ?? m])).toEqual(bannerOf([m]));
        expect(parsePortion(portionMark(m))).toEqual({ marking: m, unknown: [] });
        const cui = commingledCuiText(m);
        if (cui !== undefined) expect(parseBanner(`${bannerText(m)}//${cui}`)).toEqual({ marking: m, unknown: [] });
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
    ['(S//NF//CUI//SP-EXPT//FED ONLY)', marking('SECRET', { cuiCategories: ['SP-EXPT'], dissemination: ['NOFORN', 'FED ONLY'] })],
    ['TOP SECRET//SI//CUI//PRVCY', marking('TOP SECRET', { sci: ['SI'], cuiCategories: ['PRVCY'] })],
  ])('reads %s', (text, expected) => {
    expect(parseMarkingText(text)?.marking).toEqual(expected);
  });

  it('keeps what it does not model, rather than reading past it', () => {
    expect(parseBanner('SECRET//RELIDO')).toEqual({ marking: marking('SECRET'), unknown: ['RELIDO'] });
    // A CUI category on a classified marking is read only after the CUI it belongs to.
    expect(parsePortion('(S//SP-EXPT)')).toEqual({ marking: marking('SECRET'), unknown: ['SP-EXPT'] });
    expect(parseBanner('TOP SECRET//XYZ//NOFORN')?.unknown).toEqual(['XYZ']);
    // An SCI compartment is read as its system for the banner, and kept as what this workstation does not model.
    expect(parseBanner('TOP SECRET//SI-G ABCD/TK//NOFORN')?.unknown).toEqual(['SI-G ABCD']);
    // CUI beside a classification that names nothing this model can keep is listed, not read past.
    expect(parsePortion('(S//CUI)')?.unknown).toEqual(['CUI']);
    expect(parsePortion('(S//CUI//NF)')?.unknown).toEqual(['CUI']);
    expect(parsePortion('(S//CUI//FED ONLY)')?.unknown).toEqual([]);
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
    const found = portionMarksIn('(S//NF) Atlas v1 beside (U) notes (see below), (CUI//SP-PRVCY), (S//CUI//SP-EXPT) and (TS//SI//NF).');
    expect(found.map((f) => f.text)).toEqual(['(S//NF)', '(U)', '(CUI//SP-PRVCY)', '(S//CUI//SP-EXPT)', '(TS//SI//NF)']);
    expect(found[3]?.parsed.marking).toEqual(marking('SECRET', { cuiCategories: ['SP-EXPT'] }));
    expect(found[4]?.parsed.marking).toEqual(marking('TOP SECRET', { sci: ['SI'], dissemination: ['NOFORN'] }));
  });
});
