import { describe, expect, it } from 'vitest';
import { marking } from '../../../../shared/marking/marking.js';
import { blankForm, mergeForms, type PacketForm } from './packet-form.js';

const base: PacketForm = { ...blankForm('2026-11-22'), developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', notes: 'start', agencies: ['NSA'] };

describe('merging an edit onto a newer revision', () => {
  it('keeps their changes to fields I did not touch, and mine to fields I did', () => {
    const mine = { ...base, notes: 'my notes' };
    const theirs = { ...base, modelVersion: 'v2' };
    expect(mergeForms(base, mine, theirs)).toEqual({ merged: { ...base, notes: 'my notes', modelVersion: 'v2' }, clashes: [] });
    // Spaces I typed around an unchanged value are not a change.
    expect(mergeForms(base, { ...mine, modelVersion: 'v1 ' }, theirs).merged.modelVersion).toBe('v2');
  });

  it('names the fields we both changed differently; mine win there', () => {
    const mine = { ...base, notes: 'mine', marking: marking('CUI'), relToText: '' };
    const theirs = { ...base, notes: 'theirs', marking: marking('CUI') };
    const { merged, clashes } = mergeForms(base, mine, theirs);
    expect(merged.notes).toBe('mine');
    // Both set the same marking: not a clash.
    expect(clashes).toEqual(['notes']);
  });

  it('never lowers the marking below either side: their content may need it', () => {
    const secret = { ...base, marking: marking('SECRET') };
    const mine = { ...secret, marking: marking('CUI'), relToText: '' };
    const theirs = { ...secret, notes: 'their SECRET finding' };
    const { merged, clashes } = mergeForms(secret, mine, theirs);
    expect(merged).toMatchObject({ notes: 'their SECRET finding', marking: marking('SECRET') });
    expect(clashes).toEqual(['marking']);

    const raised = { ...base, marking: marking('SECRET', { dissemination: ['NOFORN'] }) };
    expect(mergeForms(base, raised, { ...base, notes: 'theirs' })).toMatchObject({ merged: { marking: raised.marking }, clashes: [] });
  });

  it('keeps the CUI one side holds when the other raises the marking to a classification', () => {
    const exportControlled = marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] });
    const mine = { ...base, marking: marking('SECRET'), relToText: '' };
    const theirs = { ...base, marking: exportControlled };
    const { merged, clashes } = mergeForms(base, mine, theirs);
    expect(merged.marking).toEqual(marking('SECRET', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] }));
    expect(clashes).toContain('marking');
    // Both forms of a category join as the specified one, a marking the packet can be saved with.
    const basic = mergeForms(base, { ...base, marking: marking('CUI', { cuiCategories: ['PROPIN'] }) }, { ...base, marking: marking('CUI', { cuiCategories: ['SP-PROPIN'] }) });
    expect(basic.merged.marking).toEqual(marking('CUI', { cuiCategories: ['SP-PROPIN'] }));
  });

  it("keeps my status only where the workflow allows it from theirs, and drops a reason that no longer applies", () => {
    const mine = { ...base, status: 'in-review' as const, statusReason: 'Benchmarks started' };
    const theirs = { ...base, status: 'closed' as const };
    const { merged, clashes } = mergeForms(base, mine, theirs);
    expect(merged).toMatchObject({ status: 'in-review', statusReason: 'Benchmarks started' });
    expect(clashes).toEqual(['status']);

    const far = mergeForms({ ...base, status: 'received' }, mine, { ...base, status: 'remediation-under-review' });
    expect(far.merged).toMatchObject({ status: 'remediation-under-review', statusReason: '' });
    expect(far.clashes).toEqual(['status']);
  });

  it('takes their marking text with their marking', () => {
    const theirs = { ...base, marking: marking('SECRET', { relTo: ['GBR'] }), relToText: 'GBR' };
    expect(mergeForms(base, { ...base, notes: 'x' }, theirs).merged).toMatchObject({ marking: theirs.marking, relToText: 'GBR' });
  });
});
