import { describe, expect, it } from 'vitest';
import { marking } from '../../../../shared/marking/marking.js';
import { blankForm, mergeForms, type PacketForm } from './packet-form.js';

const base: PacketForm = { ...blankForm('2026-11-22'), developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', notes: 'start', agencies: ['NSA'] };

describe('merging an edit onto a newer revision', () => {
  it('keeps their changes to fields I did not touch, and mine to fields I did', () => {
    const mine = { ...base, notes: 'my notes' };
    const theirs = { ...base, modelVersion: 'v2' };
    expect(mergeForms(base, mine, theirs)).toEqual({ merged: { ...base, notes: 'my notes', modelVersion: 'v2' }, bothChanged: [] });
  });

  it('names the fields we both changed differently; mine win there', () => {
    const mine = { ...base, notes: 'mine', marking: marking('CUI'), relToText: '' };
    const theirs = { ...base, notes: 'theirs', marking: marking('CUI') };
    const { merged, bothChanged } = mergeForms(base, mine, theirs);
    expect(merged.notes).toBe('mine');
    // Both set the same marking: not a clash.
    expect(bothChanged).toEqual(['notes']);
  });

  it('takes their marking text with their marking', () => {
    const theirs = { ...base, marking: marking('SECRET', { relTo: ['GBR'] }), relToText: 'GBR' };
    expect(mergeForms(base, { ...base, notes: 'x' }, theirs).merged).toMatchObject({ marking: theirs.marking, relToText: 'GBR' });
  });
});
