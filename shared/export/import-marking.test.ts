import { describe, expect, it } from 'vitest';
import { marking } from '../marking/marking.js';
import { csafMarkings, csvMarkings, markCsv } from './file-marking.js';
import { declaredMarkingProblem, importedMarking } from './import-marking.js';

describe('the marking declared for an import, against the file’s own', () => {
  const file = markCsv('Benchmark,Value\r\ncybench,0.4', marking('SECRET', { dissemination: ['NOFORN'] }));

  it('refuses a declared marking below what the file says, naming where it says it and what would do', () => {
    expect(declaredMarkingProblem('summary.csv', marking('CUI'), csvMarkings(file))).toBe(
      'summary.csv is marked SECRET//NOFORN in its first line; imported as CUI it would be held under less than it says: (S//NF) is above CUI. (S//NF) is NOFORN, which CUI does not say. Mark the import at least SECRET//NOFORN. Nothing was imported.',
    );
    expect(declaredMarkingProblem('summary.csv', marking('SECRET'), csvMarkings(file))).toContain('(S//NF) is NOFORN, which SECRET does not say.');
  });

  it('accepts the same marking or a higher one, and a file that says nothing', () => {
    expect(declaredMarkingProblem('summary.csv', marking('SECRET', { dissemination: ['NOFORN'] }), csvMarkings(file))).toBeUndefined();
    expect(declaredMarkingProblem('summary.csv', marking('TOP SECRET', { dissemination: ['NOFORN', 'ORCON'] }), csvMarkings(file))).toBeUndefined();
    expect(declaredMarkingProblem('plain.csv', marking('UNCLASSIFIED'), csvMarkings('a,b\r\n1,2'))).toBeUndefined();
  });

  it('refuses a file whose marking says what this workstation does not model, rather than drop it', () => {
    const relido = csvMarkings('SECRET//RELIDO\r\na,b\r\n1,2\r\nSECRET//RELIDO\r\n');
    expect(declaredMarkingProblem('partner.csv', marking('TOP SECRET'), relido)).toBe(
      'partner.csv is marked SECRET//RELIDO in its first line, which says RELIDO: this workstation does not model it, so no marking given here would carry what the file says. Nothing was imported; ask your security officer how it is to be held.',
    );
  });
});

describe('the marking imported records are stored under', () => {
  const advisory = { document: { title: '(CUI//SP-EXPT//FED ONLY) Converter flaw', distribution: { text: 'TLP:AMBER. SECRET//REL TO USA, GBR' } } };

  it('keeps the CUI the file says it holds beside the classification declared, and adds nothing else', () => {
    const declared = marking('SECRET', { relTo: ['GBR'] });
    expect(declaredMarkingProblem('advisory.json', declared, csafMarkings(advisory))).toBeUndefined();
    expect(importedMarking(declared, csafMarkings(advisory))).toEqual(marking('SECRET', { relTo: ['GBR'], cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] }));
  });

  it('is the declared marking when the file holds no CUI, or when the declared marking is CUI itself', () => {
    const secret = marking('SECRET', { dissemination: ['NOFORN'] });
    expect(importedMarking(secret, csvMarkings(markCsv('a,b\r\n1,2', marking('CONFIDENTIAL'))))).toEqual(secret);
    const cui = marking('CUI', { cuiCategories: ['SP-EXPT', 'PRVCY'], dissemination: ['FED ONLY'] });
    expect(importedMarking(cui, csvMarkings(markCsv('a,b\r\n1,2', marking('CUI', { cuiCategories: ['SP-EXPT'] }))))).toEqual(cui);
  });
});
