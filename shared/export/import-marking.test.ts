import { describe, expect, it } from 'vitest';
import { marking } from '../marking/marking.js';
import { csvMarkings, markCsv } from './file-marking.js';
import { declaredMarkingCheck } from './import-marking.js';

describe('the marking declared for an import, against the file’s own', () => {
  const file = markCsv('Benchmark,Value\r\ncybench,0.4', marking('SECRET', { dissemination: ['NOFORN'] }));

  it('refuses a declared marking below what the file says, naming where it says it and what would do', () => {
    expect(declaredMarkingCheck('summary.csv', marking('CUI'), csvMarkings(file)).problem).toBe(
      'summary.csv is marked SECRET//NOFORN in its first line; imported as CUI it would be held under less than it says: (S//NF) is above CUI. (S//NF) is NOFORN, which CUI does not say. Mark the import at least SECRET//NOFORN. Nothing was imported.',
    );
    expect(declaredMarkingCheck('summary.csv', marking('SECRET'), csvMarkings(file)).problem).toContain('(S//NF) is NOFORN, which SECRET does not say.');
  });

  it('accepts the same marking or a higher one, and a file that says nothing', () => {
    expect(declaredMarkingCheck('summary.csv', marking('SECRET', { dissemination: ['NOFORN'] }), csvMarkings(file))).toEqual({ problem: undefined, notes: [] });
    expect(declaredMarkingCheck('summary.csv', marking('TOP SECRET', { dissemination: ['NOFORN', 'ORCON'] }), csvMarkings(file)).problem).toBeUndefined();
    expect(declaredMarkingCheck('plain.csv', marking('UNCLASSIFIED'), csvMarkings('a,b\r\n1,2'))).toEqual({ problem: undefined, notes: [] });
  });

  it('lists what the file’s marking says that this workstation does not model', () => {
    const relido = csvMarkings('SECRET//RELIDO\r\na,b\r\n1,2\r\nSECRET//RELIDO\r\n');
    expect(declaredMarkingCheck('partner.csv', marking('SECRET'), relido).notes).toEqual([
      "partner.csv's marking also says RELIDO, which this workstation does not model: it is not carried by the marking given here. Handle the records as the file's own marking requires.",
    ]);
  });
});
