import { describe, expect, it } from 'vitest';
import { EMPTY_FRONTIER, sealEvent, type SealedEvent } from './history.js';
import type { AuditEventInput, JsonValue } from './audit-event.js';
import { NO_HISTORY_FILTERS, describeFilters, eventChanges, filterHistory, historyRows, markingOfEvents, packetNames } from './history-view.js';
import { ORIGIN, signer } from '../../test/fixtures/sealed-history.js';
import { bannerText, marking } from '../marking/marking.js';

/** Records as the data layer stores them, which the history keeps as JSON. */
const json = (record: object) => JSON.parse(JSON.stringify(record)) as JsonValue;
const packet = json({ id: 'p1', developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', revision: 1, updatedAt: '2026-11-30T10:00:00.000Z', marking: marking('UNCLASSIFIED') });
const inputs: AuditEventInput[] = [
  { at: '2026-11-30T11:00:00.000Z', actor: 'Dana Lead', role: 'team-lead', action: 'create', entityType: 'packet', entityId: 'p1', before: null, after: packet },
  { at: '2026-11-30T11:30:00.000Z', actor: 'Riley Reviewer', role: 'reviewer', action: 'create', entityType: 'finding', entityId: 'f1', before: null, after: json({ id: 'f1', packetId: 'p1', title: 'Exploit chaining', marking: marking('CUI', { cuiCategories: ['PRVCY'] }) }) },
  { at: '2026-12-01T11:00:00.000Z', actor: 'Riley Reviewer', role: 'reviewer', action: 'update', entityType: 'finding', entityId: 'f1', before: { id: 'f1', packetId: 'p1', title: 'Exploit chaining', revision: 1 }, after: { id: 'f1', packetId: 'p1', title: 'Exploit chaining (confirmed)', revision: 2 }, reason: 'Reproduced twice.' },
  { at: '2026-12-01T11:30:00.000Z', actor: 'jdoe', action: 'update', entityType: 'workstation-settings', entityId: 'settings', before: { idle: 10 }, after: { idle: 15 } },
];
const events: SealedEvent[] = (() => {
  let frontier = EMPTY_FRONTIER;
  return inputs.map((input, i) => {
    const sealed = sealEvent(input, frontier, ORIGIN, signer);
    frontier = sealed.frontier;
    return { ...input, seq: i + 1, ...sealed.seal };
  });
})();
const rows = historyRows(events);
const seqs = (filters: Partial<typeof NO_HISTORY_FILTERS>) => filterHistory(rows, { ...NO_HISTORY_FILTERS, ...filters }).map((r) => r.event.seq);

describe("the auditor's timeline", () => {
  it('ties each event to its packet and names its record, a deleted packet by its last name', () => {
    expect(rows.map((r) => [r.packetId, r.record])).toEqual([['p1', 'Example AI Atlas atlas-1'], ['p1', 'Exploit chaining'], ['p1', 'Exploit chaining (confirmed)'], [null, 'settings']]);
    expect(packetNames(rows)).toEqual(new Map([['p1', 'Example AI Atlas atlas-1']]));
  });

  it('shows the fields an edit changed, without the bookkeeping that changes with every edit', () => {
    expect(eventChanges(events[2]!)).toEqual([{ field: 'title', before: 'Exploit chaining', after: 'Exploit chaining (confirmed)' }]);
    expect(rows[0]?.fields).toEqual(['developer', 'id', 'marking', 'modelName', 'modelVersion']);
  });

  it('filters by packet, record, entity, actor, role, action, dates and words', () => {
    expect(seqs({})).toEqual([1, 2, 3, 4]);
    expect(seqs({ packetId: 'p1' })).toEqual([1, 2, 3]);
    expect(seqs({ record: { entityType: 'finding', entityId: 'f1' } })).toEqual([2, 3]);
    expect(seqs({ entityType: 'workstation-settings' })).toEqual([4]);
    expect(seqs({ actor: 'Riley Reviewer', action: 'update' })).toEqual([3]);
    expect(seqs({ role: 'none' })).toEqual([4]);
    expect(seqs({ role: 'team-lead' })).toEqual([1]);
    // At 11:00 and 11:30 UTC: the same date in local time from UTC−11 to UTC+12.
    expect(seqs({ from: '2026-12-01' })).toEqual([3, 4]);
    expect(seqs({ to: '2026-11-30' })).toEqual([1, 2]);
    expect(seqs({ from: '2026-11-01', to: '2026-11-02' })).toEqual([]);
    expect(seqs({ text: 'REPRODUCED' })).toEqual([3]);
    expect(seqs({ text: 'confirmed' })).toEqual([3]);
  });

  it('describes a selection in words, and marks it at the highest marking of the records it holds', () => {
    expect(describeFilters(NO_HISTORY_FILTERS, new Map())).toBe('every event');
    expect(describeFilters({ ...NO_HISTORY_FILTERS, packetId: 'p1', actor: 'Riley Reviewer', text: ' chaining ' }, packetNames(rows))).toBe('events: packet Example AI Atlas atlas-1, by Riley Reviewer, matching "chaining"');
    expect(bannerText(markingOfEvents(rows))).toBe(bannerText(marking('CUI', { cuiCategories: ['PRVCY'] })));
    expect(bannerText(markingOfEvents(rows.slice(0, 1)))).toBe('UNCLASSIFIED');
  });
});
