import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../shared/audit/signed-note.js';
import { SAMPLE_PACKET_FIELDS, cybenchThreshold } from '../../../test/fixtures/review-data.js';
import type { HistorySealRecord } from './database.js';
import { HistoryLog, storedVerifier } from './history-log.js';
import { HISTORY_FRONTIER_ID, HISTORY_KEY_ID } from './schema.js';
import { PAGE_EVENTS } from '../../../shared/audit/history-check.js';
import { exportAuditLog, verifyAuditExport } from '../../../shared/audit/log-export.js';
import { marking } from '../../../shared/marking/marking.js';
import { ReviewStore } from './review-store.js';
import { ThresholdStore } from './threshold-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

let workstation: TestWorkstation;

/** The bytes event `seq` is kept as. */
async function storedBytes(seq: number): Promise<Uint8Array> {
  const bytes = (await workstation.db.auditEvents.get(seq))?.canonical;
  if (!bytes) throw new Error(`event #${seq} keeps no bytes`);
  return bytes;
}

/** Stored bytes with `from` replaced by `to`, as someone editing the database would. */
function edited(bytes: Uint8Array, from: string, to: string): Uint8Array {
  const text = new TextDecoder().decode(bytes);
  if (!text.includes(from)) throw new Error(`${from} is not in the event`);
  return new TextEncoder().encode(text.replace(from, to));
}
let history: HistoryLog;

/** A file in pieces, as text. */
function textOf(pieces: readonly Uint8Array[]): string {
  const decoder = new TextDecoder();
  return pieces.map((p) => decoder.decode(p, { stream: true })).join('') + decoder.decode();
}

beforeEach(async () => {
  workstation = await openTestWorkstation();
  history = new HistoryLog(workstation.db);
  const store = new ReviewStore(workstation.db, workstation.context);
  const packet = await store.createPacket(SAMPLE_PACKET_FIELDS);
  if (!packet.ok) throw new Error(packet.error.message);
  await store.updatePacket(packet.value.id, 1, { ...SAMPLE_PACKET_FIELDS, notes: 'First look done.' });
  const thresholds = new ThresholdStore(workstation.db, workstation.context);
  await thresholds.create(cybenchThreshold());
});

afterEach(() => workstation.close());

describe('HistoryLog', () => {
  it('verifies the history the stores wrote, each event sealed as it was recorded', async () => {
    // The packet, its model, the edit and the threshold.
    expect(await history.verify()).toMatchObject({ ok: true, size: 4 });
    const key = await history.verifierKey();
    expect(parseVerifierKey(key ?? '').name).toMatch(/^frontier-review\/workstation-[0-9a-f]{8}$/);
  });

  it('names the event changed directly in the database, and one deleted', async () => {
    const kept = await storedBytes(2);
    await workstation.db.auditEvents.update(2, { canonical: edited(kept, '"actor":"jdoe"', '"actor":"mallory"') });
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'Event #2 was changed after it was recorded: its content no longer matches its hash.' });
    // What the history shows is what it verified: the bytes, not a copy of the fields beside them.
    expect((await history.events())[1]).toMatchObject({ seq: 2, actor: 'mallory' });
    await workstation.db.auditEvents.update(2, { canonical: kept, actor: 'someone else' });
    expect(await history.verify()).toMatchObject({ ok: true });
    expect((await history.events())[1]).toMatchObject({ seq: 2, actor: 'jdoe' });
    await workstation.db.auditEvents.delete(4);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'Events #4 to #4 are missing: the history was cut short.' });
    await workstation.db.auditEvents.delete(2);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'Event #2 is missing: the history jumps from #1 to #3.' });
  });

  it('checks only the events recorded since the tree verified last, and everything again when asked', async () => {
    const first = await history.verify({ now: () => new Date('2026-12-09T09:00:00Z') });
    expect(first).toMatchObject({ ok: true, size: 4, checkedFrom: 1, fullAt: '2026-12-09T09:00:00.000Z' });
    const thresholds = new ThresholdStore(workstation.db, workstation.context);
    await thresholds.create(cybenchThreshold({ task: 'inspect_evals/intercode' }));
    expect(await history.verify()).toMatchObject({ ok: true, size: 5, checkedFrom: 5, fullAt: '2026-12-09T09:00:00.000Z' });
    // An event before that tree changed since: routine checks do not read it; verifying everything again does, and names it.
    const kept = await storedBytes(3);
    await workstation.db.auditEvents.update(3, { canonical: edited(kept, 'First look done.', 'Nothing to see.') });
    expect(await history.verify()).toMatchObject({ ok: true, size: 5, checkedFrom: 6 });
    expect(await history.verify({ full: true })).toMatchObject({ ok: false, firstBadSeq: 3 });
    // Once found, the tree verified before is forgotten: later checks read everything until it is put right.
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 3 });
    await workstation.db.auditEvents.update(3, { canonical: kept });
    expect(await history.verify()).toMatchObject({ ok: true, size: 5, checkedFrom: 1 });
  });

  it('checks the few events since the tree verified last right away, and leaves anything more, or wrong, to a full check', async () => {
    expect(await history.verifyRecent()).toBeUndefined();
    await history.verify();
    const thresholds = new ThresholdStore(workstation.db, workstation.context);
    await thresholds.create(cybenchThreshold({ task: 'inspect_evals/intercode' }));
    await thresholds.create(cybenchThreshold({ task: 'inspect_evals/gdm_ctf' }));
    expect(await history.verifyRecent(2)).toMatchObject({ ok: true, size: 6, checkedFrom: 5 });
    await thresholds.create(cybenchThreshold({ task: 'inspect_evals/threecb' }));
    await thresholds.create(cybenchThreshold({ task: 'inspect_evals/cyse2' }));
    await thresholds.create(cybenchThreshold({ task: 'inspect_evals/cyse3' }));
    expect(await history.verifyRecent(2)).toBeUndefined();
    // An event since that was changed is not vouched for here: the full check names it.
    await workstation.db.auditEvents.update(8, { canonical: edited(await storedBytes(8), 'cyse2', 'cyse9') });
    expect(await history.verifyRecent()).toBeUndefined();
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 8 });
  });

  it('checks the whole history again when the tree verified last is no longer part of it', async () => {
    await history.verify();
    // The history replaced below the tree verified: its last event no longer carries that root.
    await workstation.db.auditEvents.update(4, { root: '00'.repeat(32) });
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 4, reason: expect.stringContaining('rewritten at event #4') as unknown });
  });

  it('keeps every 1,024 events in a page as they are sealed, verifies from the pages, and names an event changed in one', { timeout: 120_000 }, async () => {
    const thresholds = new ThresholdStore(workstation.db, workstation.context);
    for (let i = 0; i < PAGE_EVENTS + 2; i++) await thresholds.create(cybenchThreshold({ task: `inspect_evals/task-${i}` }));
    const pages = await workstation.db.historyPages.toArray();
    expect(pages.map((p) => [p.index, p.ends.length])).toEqual([[0, PAGE_EVENTS]]);
    expect(await history.verify({ full: true })).toMatchObject({ ok: true, size: PAGE_EVENTS + 6, checkedFrom: 1 });
    // Exported in pieces as the pages are read: every event, and a selection across the page's edge, each proved,
    // and written as the exporter of events in memory writes them.
    const size = PAGE_EVENTS + 6;
    const at = new Date('2026-12-09T09:00:00Z');
    const whole = await history.exportLog(new Set(Array.from({ length: size }, (_, i) => i + 1)), 'every event', marking('UNCLASSIFIED'), at);
    expect(verifyAuditExport(textOf(whole.pieces))).toMatchObject({ ok: true, events: size, complete: true });
    const picked = [2, PAGE_EVENTS, PAGE_EVENTS + 1, size];
    const some = await history.exportLog(new Set(picked), 'events: four', marking('UNCLASSIFIED'), at);
    expect(verifyAuditExport(textOf(some.pieces))).toMatchObject({ ok: true, events: 4, complete: false, missing: size - 4 });
    const verifier = storedVerifier(await workstation.db.historySeal.get(HISTORY_KEY_ID));
    const head = await workstation.db.auditEvents.get(size);
    const events = await history.events();
    if (!verifier || !head) throw new Error('the history has no key or no head');
    expect(textOf(some.pieces)).toBe(exportAuditLog({ events, head }, events.filter((e) => picked.includes(e.seq)), verifier, 'events: four', at));
    expect(some.size).toBe(some.pieces.reduce((sum, p) => sum + p.length, 0));
    // The page is the history: what it holds is what is shown, and verified.
    const page = pages[0]!;
    const from = page.ends[98] ?? 0;
    const event = edited(page.bytes.subarray(from, page.ends[99]), 'inspect_evals/task-95', 'inspect_evals/task-XX');
    const bytes = new Uint8Array(page.bytes.length);
    bytes.set(page.bytes.subarray(0, from));
    bytes.set(event, from);
    bytes.set(page.bytes.subarray(from + event.length), from + event.length);
    await workstation.db.historyPages.put({ ...page, bytes });
    expect((await history.events())[99]).toMatchObject({ seq: 100, after: { task: 'inspect_evals/task-XX' } });
    expect(await history.verify({ full: true })).toMatchObject({ ok: false, firstBadSeq: 100, reason: 'Event #100 was changed after it was recorded: its content no longer matches its hash.' });
  });

  it('exports each event as the bytes it is stored as, so an export of a history changed since names the event', async () => {
    const every = new Set([1, 2, 3, 4]);
    const whole = await history.exportLog(every, 'every event', marking('UNCLASSIFIED'), new Date('2026-12-09T09:00:00Z'));
    expect(verifyAuditExport(textOf(whole.pieces))).toMatchObject({ ok: true, events: 4, complete: true });
    await workstation.db.auditEvents.update(3, { canonical: edited(await storedBytes(3), 'First look done.', 'Nothing to see.') });
    const changed = await history.exportLog(every, 'every event', marking('UNCLASSIFIED'), new Date('2026-12-09T09:00:00Z'));
    expect(textOf(changed.pieces)).toContain('Nothing to see.');
    expect(verifyAuditExport(textOf(changed.pieces))).toMatchObject({ ok: false, seq: 3, reason: 'Event #3 was changed: its content no longer matches the hash recorded with it.' });
    // A selection's proofs are only as good as the tree they come from: one with an event gone is refused, not written.
    await workstation.db.auditEvents.delete(2);
    await expect(history.exportLog(new Set([1]), 'events: one', marking('UNCLASSIFIED'), new Date('2026-12-09T09:00:00Z'))).rejects.toThrow('the stored history no longer matches its latest signed head');
    const cut = await history.exportLog(every, 'every event', marking('UNCLASSIFIED'), new Date('2026-12-09T09:00:00Z'));
    expect(cut.events).toBe(3);
  });

  it('refuses to seal new events over a history whose seal no longer matches, or whose key is gone, and saves nothing', async () => {
    const thresholds = new ThresholdStore(workstation.db, workstation.context);
    await workstation.db.auditEvents.delete(4);
    const before = await workstation.db.thresholds.count();
    expect(await thresholds.create(cybenchThreshold({ task: 'inspect_evals/intercode' }))).toMatchObject({
      ok: false,
      error: { message: "The review history's seal does not match its events (the last event is #3, the seal covers 4); nothing was saved. Open History integrity to see what changed." },
    });
    expect(await workstation.db.thresholds.count()).toBe(before);

    await workstation.db.historySeal.delete('key');
    const frontier: HistorySealRecord = { id: HISTORY_FRONTIER_ID, size: 3, nodes: [] };
    await workstation.db.historySeal.put(frontier);
    expect(await thresholds.create(cybenchThreshold({ task: 'inspect_evals/intercode' }))).toMatchObject({
      ok: false,
      error: { message: 'The key that signs the review history is missing, so new events could not be sealed; nothing was saved.' },
    });
    expect(await workstation.db.thresholds.count()).toBe(before);
  });
});
