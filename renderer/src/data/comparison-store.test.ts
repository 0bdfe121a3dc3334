import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { marking } from '../../../shared/marking/marking.js';
import { benchmarkRun } from '../../../test/fixtures/benchmark-runs.js';
import { ComparisonStore } from './comparison-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

let workstation: TestWorkstation;
let comparisons: ComparisonStore;

beforeEach(async () => {
  workstation = await openTestWorkstation();
  comparisons = new ComparisonStore(workstation.db, workstation.context);
  await workstation.db.benchmarkRuns.bulkAdd([benchmarkRun({ id: 'a' }), benchmarkRun({ id: 'b', marking: marking('SECRET', { dissemination: ['NOFORN'] }) }), benchmarkRun({ id: 'c' })]);
});

afterEach(() => workstation.close());

describe('saved comparisons', () => {
  it('saves the runs in the order picked and lists the newest first', async () => {
    const first = await comparisons.create({ name: '  Reproduction check ', runIds: ['b', 'a'] });
    workstation.clock = new Date('2026-11-23T00:00:00Z');
    const second = await comparisons.create({ name: 'Snapshots', runIds: ['a', 'b', 'c'] });
    // Its name may speak of the runs, so it carries the highest of their markings.
    expect(first.ok && first.value).toMatchObject({ name: 'Reproduction check', runIds: ['b', 'a'], marking: { level: 'SECRET', dissemination: ['NOFORN'] } });
    expect((await comparisons.list()).map((c) => c.name)).toEqual(['Snapshots', 'Reproduction check']);
    expect(second.ok).toBe(true);
  });

  it('keeps the CUI a run holds beside the classification of another', async () => {
    await workstation.db.benchmarkRuns.add(benchmarkRun({ id: 'd', marking: marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] }) }));
    const saved = await comparisons.create({ name: 'Export-controlled reproduction', runIds: ['b', 'd'] });
    expect(saved.ok && saved.value.marking).toEqual(marking('SECRET', { cuiCategories: ['SP-EXPT'], dissemination: ['NOFORN', 'FED ONLY'] }));
  });

  it('refuses a comparison of one run, of nine, of a run twice, or of a run that is gone, and saves nothing', async () => {
    const refusals = await Promise.all([
      comparisons.create({ name: 'One', runIds: ['a'] }),
      comparisons.create({ name: 'Nine', runIds: Array.from({ length: 9 }, (_, i) => `r${i}`) }),
      comparisons.create({ name: 'Twice', runIds: ['a', 'a'] }),
      comparisons.create({ name: 'Gone', runIds: ['a', 'deleted'] }),
      comparisons.create({ name: ' ', runIds: ['a', 'b'] }),
    ]);
    expect(refusals.map((r) => (r.ok ? 'saved' : r.error.message))).toEqual([
      'Pick at least 2 runs to compare.',
      'A comparison holds at most 8 runs.',
      'A run appears twice in the comparison.',
      'A run picked for the comparison no longer exists; pick the runs again.',
      'Name the comparison.',
    ]);
    expect(await comparisons.list()).toEqual([]);
    expect(await workstation.db.auditEvents.count()).toBe(0);
  });
});
