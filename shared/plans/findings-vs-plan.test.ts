import { describe, expect, it } from 'vitest';
import { storedFinding } from '../../test/fixtures/findings.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import type { FindingFields } from '../findings/finding.js';
import { readPoam } from '../oscal/poam-read.js';
import { compareFindingsWithPlan } from './findings-vs-plan.js';

// NIST's example: its first item's only risk link is broken (so it answers no risk); its second
// answers an open risk due 2023-06-23 whose planned remediation has a milestone ending 2024-06-23.
const read = await readPoam('plan.json', providedBytes(NIST_POAM_EXAMPLE));
if (!read.ok) throw new Error(read.message);
const plan = read.plan;
const ADMIN_PANEL_ITEM = 'e174dfb9-0ae3-4a8f-8e7c-081527b84337';
const OVER_PRIVILEGED_ITEM = '48c8368d-43ff-4736-9b28-64b1b1284c03';
const OVER_PRIVILEGED_RISK = '1c65d2d3-7735-47fa-8f68-a236744beab7';

const finding = (title: string, fields: Partial<FindingFields> = {}, id?: string) => storedFinding({ type: 'safeguard-gap', title, ...fields }, id);

describe('compareFindingsWithPlan', () => {
  it('names open findings the plan leaves unanswered, and why', () => {
    const answered = finding('Engineers over-privileged', { planItemUuids: [OVER_PRIVILEGED_ITEM] });
    const unlinked = finding('Classifier misses role-play');
    const itemOnly = finding('Admin panel exposed', { planItemUuids: [ADMIN_PANEL_ITEM] });
    const closed = finding('Fixed before review', { status: 'closed' });
    const accepted = finding('Accepted risk', { status: 'deviation-approved' });
    const result = compareFindingsWithPlan([answered, unlinked, itemOnly, closed, accepted], plan, '2024-01-15', '2024-03-01');
    expect(result.findingsWithoutRemediation.map((f) => [f.finding.title, f.reason])).toEqual([
      ['Classifier misses role-play', 'No plan item answers it.'],
      ['Admin panel exposed', 'Its plan item has no remediation.'],
    ]);
    expect(result.remediationsWithoutFinding).toEqual([]);
  });

  it('links a finding to the item whose risk carries its id, as a plan built from exported risks does', () => {
    const exported = finding('Engineers over-privileged', {}, OVER_PRIVILEGED_RISK);
    const result = compareFindingsWithPlan([exported], plan, '2024-01-15', '2024-03-01');
    expect(result.findingsWithoutRemediation).toEqual([]);
    expect(result.remediationsWithoutFinding).toEqual([]);
  });

  it('lists remediations no finding asked for', () => {
    const result = compareFindingsWithPlan([], plan, '2024-01-15', '2024-03-01');
    expect(result.remediationsWithoutFinding.map((r) => [r.item.uuid, r.remediation.lifecycle])).toEqual([[OVER_PRIVILEGED_ITEM, 'planned']]);
  });

  it('finds dates after the planned release and dates already past', () => {
    const result = compareFindingsWithPlan([], plan, '2024-01-15', '2024-03-01');
    expect(result.datesAfterRelease.map((d) => [d.kind, d.date])).toEqual([['milestone', '2024-06-23']]);
    expect(result.overdue.map((d) => [d.kind, d.title, d.date])).toEqual([['deadline', 'Risk deadline', '2023-06-23']]);
    // Once the risk is closed, its dates no longer count.
    const closedPlan = { ...plan, risks: plan.risks.map((r) => (r.uuid === OVER_PRIVILEGED_RISK ? { ...r, status: 'closed' } : r)) };
    const settled = compareFindingsWithPlan([], closedPlan, '2024-01-15', '2024-03-01');
    expect([settled.datesAfterRelease, settled.overdue]).toEqual([[], []]);
    // A risk two items share counts once; a completed remediation is owed no finding.
    const shared = { ...plan, items: [...plan.items, { ...plan.items[1]!, uuid: '6f1d0c1e-3a7b-4c55-8d2e-9b0a1c2d3e4f', title: 'Same risk again' }] };
    const once = compareFindingsWithPlan([], shared, '2024-01-15', '2024-03-01');
    expect([once.remediationsWithoutFinding.length, once.datesAfterRelease.length, once.overdue.length]).toEqual([1, 1, 1]);
    const completed = { ...plan, risks: plan.risks.map((r) => ({ ...r, remediations: r.remediations.map((m) => ({ ...m, lifecycle: 'completed' })) })) };
    const done = compareFindingsWithPlan([], completed, '2024-01-15', '2024-03-01');
    expect([done.remediationsWithoutFinding, done.datesAfterRelease]).toEqual([[], []]);
    expect(done.overdue.map((d) => d.kind)).toEqual(['deadline']);
    // A release after every date and a day before them all: nothing late, nothing past.
    const early = compareFindingsWithPlan([], plan, '2024-12-31', '2023-01-01');
    expect([early.datesAfterRelease, early.overdue]).toEqual([[], []]);
  });
});
