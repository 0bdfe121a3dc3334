import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankFindingFields } from '../../../shared/findings/finding.js';
import { UNCLASSIFIED } from '../../../shared/marking/marking.js';
import { resultsTableRun } from '../../../shared/results/results-table.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../../test/fixtures/provided.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import type { DataLayer } from './data-layer.js';
import { openWorkstationWith } from './test-profiles.js';
import type { TestWorkstation } from './test-workstation.js';

let ws: TestWorkstation;
let data: DataLayer;
let actAs: (principal: string) => void;

beforeEach(async () => {
  ({ ws, data, actAs } = await openWorkstationWith([
    { name: 'Dana Lead', role: 'team-lead', principal: 'dana@cisa' },
    { name: 'Riley Reviewer', role: 'reviewer', principal: 'riley@cisa' },
  ]));
});
afterEach(async () => {
  await ws.close();
});

const table = (packetId: string) =>
  data.results.commitTableImport(
    { packetId, provenance: 'developer-reported', marking: UNCLASSIFIED },
    'example/atlas',
    { kind: 'results-table', fileName: 'results.csv', size: 10, sha256: 'c'.repeat(64) },
    [resultsTableRun({ task: 'inspect_evals/cybench', benchmark: 'cybench', taskVersion: null, model: 'example/atlas', metrics: [{ scorer: 'includes', reducer: null, name: 'accuracy', value: 0.4, stderr: null, n: 40 }] })],
    { signature: 'sig', mapping: {} as never },
  );

describe('reviewers change only the packets they are assigned to', () => {
  it('refuses every change an unassigned reviewer tries, and allows them once a team lead assigns the reviewer', async () => {
    const packet = await data.store.createPacket(SAMPLE_PACKET_FIELDS);
    if (!packet.ok) throw new Error(packet.error.message);
    expect(packet.value.assignees).toEqual([]);
    const finding = await data.findings.create(packet.value.id, { ...blankFindingFields(), title: 'Exploit chaining', description: 'Seen in cybench.' });
    const runs = await table(packet.value.id);
    if (!finding.ok || !runs.ok) throw new Error('setup failed');
    const run = runs.value[0];
    const id = packet.value.id;

    actAs('riley@cisa');
    const events = await ws.db.auditEvents.count();
    const attempts = {
      updatePacket: () => data.store.updatePacket(id, 1, { ...SAMPLE_PACKET_FIELDS, notes: 'mine now' }),
      deletePacket: () => data.store.deletePacket(id, 1),
      createFinding: () => data.findings.create(id, { ...blankFindingFields(), title: 'Another', description: 'x' }),
      updateFinding: () => data.findings.update(finding.value.finding.id, 1, { ...finding.value.finding, title: 'Renamed' }),
      deleteFinding: () => data.findings.delete(finding.value.finding.id),
      importPlan: () => data.plans.importVersion(id, 'poam.json', providedBytes(NIST_POAM_EXAMPLE), UNCLASSIFIED),
      importTable: () => table(id),
      reattributeRun: () => data.results.reattributeRun(run?.id ?? '', { provenance: 'developer-reported', role: 'reference' }, 'The table row is of a reference model.'),
      deleteRun: () => data.results.deleteRun(run?.id ?? ''),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      expect(await attempt(), name).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Reviewers change only the packets they are assigned to') as unknown } });
    }
    expect(await ws.db.auditEvents.count()).toBe(events);
    expect(await data.store.assignReviewers(id, 1, ['riley@cisa'])).toMatchObject({ ok: false, error: { message: 'Only a team lead assigns reviewers to packets.' } });

    actAs('dana@cisa');
    const assigned = await data.store.assignReviewers(id, 1, ['riley@cisa', 'riley@cisa'], 'Riley takes the cyber evaluations.');
    expect(assigned).toMatchObject({ ok: true, value: { assignees: ['riley@cisa'], revision: 2 } });
    expect((await data.store.historyOf('packet', id)).at(-1)).toMatchObject({ action: 'update', actor: 'Dana Lead', reason: 'Riley takes the cyber evaluations.', before: { assignees: [] }, after: { assignees: ['riley@cisa'] } });

    actAs('riley@cisa');
    expect(await data.store.updatePacket(id, 2, { ...SAMPLE_PACKET_FIELDS, notes: 'Reviewed.' })).toMatchObject({ ok: true, value: { notes: 'Reviewed.', assignees: ['riley@cisa'] } });
    expect((await attempts.reattributeRun()).ok).toBe(true);
    expect((await attempts.updateFinding()).ok).toBe(true);
  });

  it('assigns a reviewer the packets the reviewer creates, and lets a team lead change any packet', async () => {
    actAs('riley@cisa');
    const own = await data.store.createPacket(SAMPLE_PACKET_FIELDS);
    expect(own).toMatchObject({ ok: true, value: { assignees: ['riley@cisa'] } });
    if (!own.ok) return;
    actAs('dana@cisa');
    expect((await data.store.updatePacket(own.value.id, 1, { ...SAMPLE_PACKET_FIELDS, notes: 'Lead edit.' })).ok).toBe(true);
    expect(await data.store.assignReviewers(own.value.id, 1, [])).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await data.store.assignReviewers(own.value.id, 2, [''])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });
});
