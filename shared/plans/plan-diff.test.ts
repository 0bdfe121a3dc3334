import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readPoam } from '../oscal/poam-read.js';
import { comparePlans } from './plan-diff.js';
import type { RemediationPlanContent } from './remediation-plan.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../../test/fixtures/provided.js';

const NIST_EXAMPLE = providedPath(NIST_POAM_EXAMPLE);

async function plan(edit: (poam: Record<string, never>) => void = () => undefined): Promise<RemediationPlanContent> {
  const document = JSON.parse(readFileSync(NIST_EXAMPLE, 'utf8')) as { 'plan-of-action-and-milestones': Record<string, never> };
  edit(document['plan-of-action-and-milestones']);
  const read = await readPoam('plan.json', new TextEncoder().encode(JSON.stringify(document)));
  if (!read.ok) throw new Error(read.message);
  return read.plan;
}

type Poam = {
  risks: { status: string; deadline: string; remediations: { lifecycle: string; tasks: { timing: { 'within-date-range': { end: string } } }[] }[] }[];
  'poam-items': { uuid: string; title: string; description: string }[];
};

describe('comparePlans', () => {
  it('finds nothing between a plan and itself', async () => {
    expect(comparePlans(await plan(), await plan())).toEqual([]);
  });

  it('reports a revision: a risk closed with its deadline moved, a milestone slipped, an item reworded, one dropped and one added', async () => {
    const revised = await plan((raw) => {
      const poam = raw as unknown as Poam;
      const risk = poam.risks[0]!;
      risk.status = 'closed';
      risk.deadline = '2024-01-31T05:00:00-04:00';
      risk.remediations[0]!.lifecycle = 'completed';
      risk.remediations[0]!.tasks[0]!.timing['within-date-range'].end = '2024-01-11T05:00:00-04:00';
      poam['poam-items'][1]!.title = 'Fix the IAM roles of the GoodRead engineers';
      poam['poam-items'].splice(0, 1);
      poam['poam-items'].push({ uuid: 'b3a2c6a1-2f2c-4a8e-9d1b-6f0a1c2d3e4f', title: 'Rotate the admin credentials', description: 'After the roles are fixed.' });
    });
    const changes = comparePlans(await plan(), revised);
    expect(changes.map((c) => [c.kind, c.entity, c.title.slice(0, 40)])).toEqual([
      ['removed', 'item', 'Update Django Framework Configuration to'],
      ['changed', 'item', 'Fix the IAM roles of the GoodRead engine'],
      ['added', 'item', 'Rotate the admin credentials'],
      ['changed', 'risk', 'IFA-GOODREAD-RISK-1: PAO Staff Have Over'],
      ['changed', 'remediation', 'IFA-GOODREAD-RISK1-RESPONSE: IFA GoodRea'],
      ['changed', 'milestone', 'End of Year Project Management Report of'],
    ]);
    const risk = changes.find((c) => c.entity === 'risk');
    expect(risk?.statusChange).toEqual({ before: 'deviation-approved', after: 'closed' });
    expect(risk?.slippedDays).toBe(30);
    expect(risk?.fields.map((f) => f.field)).toEqual(['status', 'deadline']);
    expect(changes.find((c) => c.entity === 'milestone')).toMatchObject({ slippedDays: 10, fields: [{ field: 'end', before: '2024-01-01T05:00:00-04:00', after: '2024-01-11T05:00:00-04:00' }] });
    expect(changes.find((c) => c.entity === 'remediation')?.fields).toEqual([{ field: 'lifecycle', before: 'planned', after: 'completed' }]);
  });

  it('does not call a deadline brought forward a slip', async () => {
    const earlier = await plan((raw) => {
      (raw as unknown as Poam).risks[0]!.deadline = '2023-12-01T05:00:00-04:00';
    });
    const risk = comparePlans(await plan(), earlier).find((c) => c.entity === 'risk');
    expect(risk).toMatchObject({ kind: 'changed', slippedDays: null, statusChange: null });
  });
});
