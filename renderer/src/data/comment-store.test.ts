import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { blankFindingFields } from '../../../shared/findings/finding.js';
import { UNCLASSIFIED } from '../../../shared/marking/marking.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import type { DataLayer } from './data-layer.js';
import { openWorkstationWith } from './test-profiles.js';
import type { TestWorkstation } from './test-workstation.js';

let ws: TestWorkstation;
let data: DataLayer;
let actAs: (principal: string, name?: string) => void;

beforeEach(async () => {
  ({ ws, data, actAs } = await openWorkstationWith([
    { name: 'Dana Lead', role: 'team-lead', principal: 'dana@cisa' },
    { name: 'Riley Reviewer', role: 'reviewer', principal: 'riley@cisa' },
    { name: 'Sam Reviewer', role: 'reviewer', principal: 'sam@nsa' },
    { name: 'Avery Auditor', role: 'auditor', principal: 'avery@gao' },
  ]));
});
afterEach(async () => {
  await ws.close();
});

/** A packet assigned to both reviewers, with one finding, made by the team lead. */
async function assignedPacketWithFinding() {
  const packet = await data.store.createPacket(SAMPLE_PACKET_FIELDS);
  if (!packet.ok) throw new Error(packet.error.message);
  const id = packet.value.id;
  expect((await data.store.assignReviewers(id, 1, ['riley@cisa', 'sam@nsa'], 'Both on the cyber evals.')).ok).toBe(true);
  const made = await data.findings.create(id, { ...blankFindingFields(), title: 'Exploit chaining', description: 'Seen in cybench.' });
  if (!made.ok) throw new Error(made.error.message);
  return { id, finding: made.value.finding };
}

describe('comments on a packet and its findings', () => {
  it('keep the thread in order with who wrote each and in which role; only the author or a team lead deletes one, and the history keeps its words', async () => {
    const { id, finding } = await assignedPacketWithFinding();

    actAs('riley@cisa');
    const first = await data.comments.add(id, { body: '  Reproduced on our range.  ', findingId: finding.id, marking: UNCLASSIFIED });
    // The same millisecond: still after it.
    actAs('sam@nsa');
    const second = await data.comments.add(id, { body: 'Agreed; the flag leaks in the prompt.', findingId: null, marking: UNCLASSIFIED });
    if (!first.ok || !second.ok) throw new Error('comments were not added');
    expect(second.value.createdAt > first.value.createdAt).toBe(true);
    expect((await data.comments.list(id)).map((c) => [c.author, c.authorRole, c.body, c.findingId])).toEqual([
      ['Riley Reviewer', 'reviewer', 'Reproduced on our range.', finding.id],
      ['Sam Reviewer', 'reviewer', 'Agreed; the flag leaks in the prompt.', null],
    ]);

    // Refused, and nothing written: an empty comment, a finding of another packet, another's comment.
    const events = await ws.db.auditEvents.count();
    expect(await data.comments.add(id, { body: '   ', findingId: null, marking: UNCLASSIFIED })).toMatchObject({ ok: false, error: { message: 'Write the comment first.' } });
    expect(await data.comments.add(id, { body: 'About that.', findingId: 'not-here', marking: UNCLASSIFIED })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await data.comments.delete(first.value.id)).toEqual({ ok: false, error: { code: 'forbidden', message: 'Only Riley Reviewer, who wrote this comment, or a team lead may delete it or bring it back.' } });
    actAs('avery@gao');
    expect(await data.comments.add(id, { body: 'Noted.', findingId: null, marking: UNCLASSIFIED })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await ws.db.auditEvents.count()).toBe(events);

    actAs('riley@cisa');
    expect(await data.comments.delete(first.value.id, 'Posted on the wrong finding.')).toEqual({ ok: true, value: undefined });
    actAs('dana@cisa');
    expect(await data.comments.delete(second.value.id)).toEqual({ ok: true, value: undefined });
    expect(await data.comments.list(id)).toEqual([]);
    const deleted = (await ws.db.auditEvents.orderBy('seq').toArray()).filter((e) => e.entityType === 'comment' && e.action === 'delete');
    expect(deleted.map((e) => [e.actor, (e.before as { body: string }).body, e.reason])).toEqual([
      ['Riley Reviewer', 'Reproduced on our range.', 'Posted on the wrong finding.'],
      ['Dana Lead', 'Agreed; the flag leaks in the prompt.', undefined],
    ]);
    expect(await data.history.verify()).toMatchObject({ ok: true });
  });

  it('tell authors apart by principal, not by name, and keep comments when their finding is deleted', async () => {
    const { id, finding } = await assignedPacketWithFinding();
    actAs('riley@cisa', 'Riley');
    const said = await data.comments.add(id, { body: 'Seen twice.', findingId: finding.id, marking: UNCLASSIFIED });
    if (!said.ok) throw new Error(said.error.message);
    expect(said.value.authorPrincipal).toBe('riley@cisa');
    // Another profile under the same display name is someone else.
    actAs('sam@nsa', 'Riley');
    expect(await data.comments.delete(said.value.id)).toMatchObject({ ok: false, error: { code: 'forbidden' } });

    actAs('dana@cisa');
    expect((await data.findings.delete(finding.id)).ok).toBe(true);
    const [kept] = await data.comments.list(id);
    expect(kept).toMatchObject({ id: said.value.id, body: 'Seen twice.', findingId: null });
    expect(await ws.db.auditEvents.orderBy('seq').last()).toMatchObject({ action: 'update', entityType: 'comment', reason: 'The finding it was about, "Exploit chaining", was deleted.' });
    expect(await data.history.verify()).toMatchObject({ ok: true });
  });
});
