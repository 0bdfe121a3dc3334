import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseVerifierKey } from '../../../shared/audit/signed-note.js';
import { SAMPLE_PACKET_FIELDS, cybenchThreshold } from '../../../test/fixtures/review-data.js';
import type { HistorySealRecord } from './database.js';
import { HistoryLog } from './history-log.js';
import { HISTORY_FRONTIER_ID } from './schema.js';
import { ReviewStore } from './review-store.js';
import { ThresholdStore } from './threshold-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

let workstation: TestWorkstation;
let history: HistoryLog;

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
    await workstation.db.auditEvents.update(2, { actor: 'mallory' });
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'Event #2 was changed after it was recorded: its content no longer matches its hash.' });
    await workstation.db.auditEvents.update(2, { actor: 'jdoe' });
    expect(await history.verify()).toMatchObject({ ok: true });
    await workstation.db.auditEvents.delete(4);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 4, reason: 'Events #4 to #4 are missing: the history was cut short.' });
    await workstation.db.auditEvents.delete(2);
    expect(await history.verify()).toMatchObject({ ok: false, firstBadSeq: 2, reason: 'Event #2 is missing: the history jumps from #1 to #3.' });
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
