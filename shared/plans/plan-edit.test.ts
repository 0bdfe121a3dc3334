import { describe, expect, it } from 'vitest';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import { readPoam } from '../oscal/poam-read.js';
import { finishEdit, newMilestone, newPlanItem, onDate, syncAddedItems, withoutItem, type EditClock } from './plan-edit.js';

const read = await readPoam('plan.json', providedBytes(NIST_POAM_EXAMPLE));
if (!read.ok) throw new Error(read.message);
const plan = read.plan;

function clock(): EditClock {
  let n = 0;
  return { now: new Date('2026-11-30T10:15:42.123Z'), newUuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
}

describe('plan editing', () => {
  it('moves a date-time to another day, keeping its time and offset; a new date falls due at the end of the day where the reviewer is', () => {
    expect(onDate('2023-06-23T17:00:00-04:00', '2026-12-05', 60)).toBe('2026-12-05T17:00:00-04:00');
    expect(onDate(null, '2026-12-05', 0)).toBe('2026-12-05T23:59:59Z');
    expect(onDate(null, '2026-12-05', 60)).toBe('2026-12-05T23:59:59+01:00');
    expect(onDate(null, '2026-12-05', -300)).toBe('2026-12-05T23:59:59-05:00');
    expect(onDate(null, '2026-12-05', 330)).toBe('2026-12-05T23:59:59+05:30');
  });

  it('names a new item\'s risk and remediation after the item as finally written, and drops the risks only a removed item answered', () => {
    const c = clock();
    const { item, risk } = newPlanItem('New item', 'Describe what will be done.', c);
    const added = { ...plan, items: [...plan.items, { ...item, title: 'Rotate root credentials', description: 'Rotate and vault them.' }], risks: [...plan.risks, risk] };
    const synced = syncAddedItems(plan, added);
    expect(synced.risks.at(-1)).toMatchObject({ title: 'Rotate root credentials', statement: 'Rotate and vault them.', remediations: [{ title: 'Remediation: Rotate root credentials' }] });
    expect(synced.risks.slice(0, -1)).toEqual(plan.risks);
    // Item 2 alone answers RISK-2: removing it removes the risk; a risk another item shares stays.
    const second = plan.items[1]!;
    expect(withoutItem(plan, second.uuid).risks.map((r) => r.uuid)).toEqual(plan.risks.filter((r) => !second.relatedRisks.includes(r.uuid)).map((r) => r.uuid));
    const shared = { ...plan, items: [...plan.items, { ...second, uuid: '6f1d0c1e-3a7b-4c55-8d2e-9b0a1c2d3e4f' }] };
    expect(withoutItem(shared, second.uuid).risks).toEqual(plan.risks);
  });

  it('adds an item with its own open risk and a planned remediation, and milestones due on a date', () => {
    const c = clock();
    const { item, risk } = newPlanItem('Rate-limit exploit tooling', 'Throttle tool calls that scan hosts.', c);
    expect(item.relatedRisks).toEqual([risk.uuid]);
    expect(risk).toMatchObject({ status: 'open', remediations: [{ lifecycle: 'planned', milestones: [] }] });
    expect(newMilestone('Classifier retrained', '2026-12-08', 'Safety team', 0, c)).toMatchObject({ type: 'milestone', end: '2026-12-08T23:59:59Z', owner: 'Safety team' });
  });

  it('logs each status change with its reason, and dates and labels the revision', () => {
    const edited = { ...plan, risks: plan.risks.map((r, i) => (i === 1 ? { ...r, status: 'deviation-requested' } : r)) };
    expect(finishEdit(plan, edited, '  ', clock())).toEqual({
      ok: false,
      message: 'Say why the status of "IFA-GOODREAD-RISK-2: GoodRead System Engineers Have Over-Privileged Access to Cloud Infrastructure Account" changed; the reason goes in the risk log.',
    });
    const finished = finishEdit(plan, edited, 'The fix needs a new\nidentity provider.', clock());
    if (!finished.ok) throw new Error(finished.message);
    expect(finished.content.risks[1]?.riskLog.at(-1)).toEqual({
      uuid: '00000000-0000-4000-8000-000000000001',
      title: 'Deviation requested',
      description: 'The fix needs a new identity provider.',
      start: '2026-11-30T10:15:42Z',
      end: null,
      statusChange: 'deviation-requested',
    });
    expect(finished.content.risks[0]).toBe(plan.risks[0]);
    expect(finished.content).toMatchObject({ version: '1.1, edited 2026-11-30', lastModified: '2026-11-30T10:15:42Z' });
    // Edited again, the label says so once.
    const again = finishEdit(finished.content, finished.content, '', clock());
    expect(again.ok && again.content.version).toBe('1.1, edited 2026-11-30');
  });
});
