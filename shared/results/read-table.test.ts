import { describe, expect, it } from 'vitest';
import { markCsv } from '../export/file-marking.js';
import { marking } from '../marking/marking.js';
import { readResultsTable } from './read-table.js';

describe('a results table this app exported', () => {
  it('reads back the table alone: not its banners, nor the authority block and CUI indicator under it', () => {
    const body = 'Marking,task,accuracy\r\n(S//NF),cybench,0.3\r\n(S//NF),intercode,0.5';
    const text = markCsv(body, marking('SECRET', { dissemination: ['NOFORN'] }), ['Classified By: Dana Lead, Team Lead, CISA', 'Derived From: NSA/CSS CG 1-52, 20250101', 'Declassify On: 25X1']);
    const read = readResultsTable('summary.csv', new TextEncoder().encode(text));
    expect(read.table.columns).toEqual(['Marking', 'task', 'accuracy']);
    expect(read.table.rows).toEqual([
      { Marking: '(S//NF)', task: 'cybench', accuracy: '0.3' },
      { Marking: '(S//NF)', task: 'intercode', accuracy: '0.5' },
    ]);
  });
});
