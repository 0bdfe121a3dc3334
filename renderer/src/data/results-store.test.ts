import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../../shared/hash/sha256.js';
import { readInspectLog } from '../../../shared/inspect/inspect-log.js';
import { UNCLASSIFIED, marking, portionMark, type Marking } from '../../../shared/marking/marking.js';
import type { ParsedRun, RunSource, SampleRow } from '../../../shared/results/benchmark-run.js';
import { guessMapping, runsFromTable, tableSignature, type ResultsTable } from '../../../shared/results/results-table.js';
import { ScoreKind, SampleIndexBuilder, chunkOf, sampleIndexOf } from '../../../shared/results/sample-index.js';
import { bytesSource } from '../../../shared/zip/byte-source.js';
import { generateInspectLog } from '../../../test/fixtures/inspect/generate-inspect-log.js';
import { SAMPLE_PACKET_FIELDS, cybenchThreshold } from '../../../test/fixtures/review-data.js';
import type { StoreContext } from './audited-store.js';
import { ReviewDatabase } from './database.js';
import { ImportStaging } from './import-staging.js';
import { ABANDONED_IMPORT_MS, ResultsStore, type RunFiling } from './results-store.js';
import { openWorkstationWith } from './test-profiles.js';
import { ReviewStore } from './review-store.js';
import { ThresholdStore } from './threshold-store.js';

const packetFields = SAMPLE_PACKET_FIELDS;

let db: ReviewDatabase;
let results: ResultsStore;
let thresholds: ThresholdStore;
let systemHigh: Marking;
let clock: Date;
let packetId: string;
let filing: RunFiling;
let dir = '';

beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'results-store-test-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  db = new ReviewDatabase(`test-${crypto.randomUUID()}`);
  await db.open();
  systemHigh = marking('SECRET', { dissemination: ['NOFORN'] });
  clock = new Date('2026-11-22T15:00:00Z');
  const context: StoreContext = { actor: () => 'jdoe', acting: () => ({ kind: 'workstation-user' }), systemHigh: () => systemHigh, now: () => clock };
  const packet = await new ReviewStore(db, context).createPacket(packetFields);
  if (!packet.ok) throw new Error(packet.error.message);
  packetId = packet.value.id;
  filing = { packetId, provenance: 'government-reproduced', marking: marking('CUI', { cuiCategories: ['SP-PROPIN'] }) };
  results = new ResultsStore(db, context);
  thresholds = new ThresholdStore(db, context);
});

afterEach(async () => {
  db.close();
  await db.delete();
});

/** Every table the results and thresholds touch, in key order: two dumps are equal only if nothing changed. */
async function dump() {
  return {
    packets: await db.packets.toArray(),
    models: await db.models.toArray(),
    benchmarkRuns: await db.benchmarkRuns.toArray(),
    sampleChunks: await db.sampleChunks.toArray(),
    sampleIndexes: await db.sampleIndexes.toArray(),
    pendingImports: await db.pendingImports.toArray(),
    thresholds: await db.thresholds.toArray(),
    columnMappings: await db.columnMappings.toArray(),
    auditEvents: await db.auditEvents.orderBy('seq').toArray(),
  };
}

function rowsFrom(start: number, count: number): SampleRow[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `s${start + i}`,
    epoch: 1,
    scores: { includes: { value: (start + i) % 3 === 0 ? 'C' : 'I', answer: `flag{${start + i}}` } },
    error: null,
    limit: null,
    transcript: `samples/s${start + i}_epoch_1.json`,
  }));
}

function parsedRun(fields: Partial<ParsedRun> = {}): ParsedRun {
  return {
    sourceKind: 'inspect-eval',
    logVersion: 2,
    benchmark: 'cybench',
    task: 'inspect_evals/cybench',
    taskVersion: '1',
    model: 'frontier-lab/model-under-review',
    modelArgs: {},
    dataset: { name: 'cybench', location: null, samples: 40 },
    epochs: 1,
    scorers: ['includes'],
    metrics: [{ scorer: 'includes', reducer: 'mean', name: 'accuracy', value: 0.35, stderr: 0.07, n: 40 }],
    samples: { total: 2500, completed: 2500, read: 2500, scored: 2500, unscored: 0, errored: 0, limited: 0 },
    tokenUsage: [],
    startedAt: '2026-11-02T14:05:11+00:00',
    completedAt: '2026-11-02T18:41:57+00:00',
    status: 'success',
    error: null,
    evalId: 'eval-1',
    runId: 'run-1',
    notes: [],
    ...fields,
  };
}

function source(fileName = 'cybench.eval', sha256 = 'a'.repeat(64)): RunSource {
  return { kind: 'inspect-eval', fileName, size: 123_456, sha256 };
}

/** The columns of the 2,500 rows stageThree stages. */
const INDEX_2500 = sampleIndexOf(rowsFrom(0, 2500));

/** Stages chunks of 1,000, 1,000 and 500 rows under a new import, returning its id. */
async function stageThree(fileName = 'cybench.eval'): Promise<string> {
  const importId = await results.beginImport(fileName);
  await results.stageSampleChunk(importId, 0, rowsFrom(0, 1000));
  await results.stageSampleChunk(importId, 1, rowsFrom(1000, 1000));
  await results.stageSampleChunk(importId, 2, rowsFrom(2000, 500));
  return importId;
}

async function importedRun(fileName = 'cybench.eval', sha256 = 'a'.repeat(64)) {
  const importId = await stageThree(fileName);
  const result = await results.commitLogImport(importId, filing, 'subject', source(fileName, sha256), parsedRun(), 3, INDEX_2500);
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}

describe('ResultsStore: staged imports of evaluation logs', () => {
  it('files the run with its rows in order, writing one audit event', async () => {
    const before = await dump();
    const importId = await stageThree();
    // Until the commit nothing is visible.
    expect(await results.listRuns(packetId)).toEqual([]);
    expect(await db.pendingImports.count()).toBe(1);

    clock = new Date('2026-11-22T15:05:00Z');
    const result = await results.commitLogImport(importId, filing, 'subject', source(), parsedRun(), 3, INDEX_2500);
    if (!result.ok) throw new Error(result.error.message);
    const run = result.value;
    expect(run).toMatchObject({
      id: importId,
      packetId,
      provenance: 'government-reproduced',
      role: 'subject',
      sampleChunks: 3,
      importedAt: '2026-11-22T15:05:00.000Z',
      source: { fileName: 'cybench.eval' },
      task: 'inspect_evals/cybench',
    });
    expect(await results.listRuns(packetId)).toEqual([run]);
    expect(await results.getRun(importId)).toEqual(run);

    const rows = await results.sampleRows(importId);
    expect(rows).toHaveLength(2500);
    expect(rows.map((r) => r.id)).toEqual(Array.from({ length: 2500 }, (_, i) => `s${i}`));
    expect(rows).toEqual(rowsFrom(0, 2500));

    // The scores in columns, position by position as the chunks hold them.
    const index = await results.sampleIndex(importId);
    expect(index?.ids).toHaveLength(2500);
    expect(index?.scorers).toEqual(['includes']);
    expect(Array.from(index?.scores[0]?.subarray(0, 4) ?? [])).toEqual([1, 0, 0, 1]);
    expect(Array.from(index?.kinds[0]?.subarray(0, 2) ?? [])).toEqual([ScoreKind.C, ScoreKind.I]);
    const { chunk, offset } = chunkOf(1234);
    expect((await results.sampleChunk(importId, chunk))[offset]?.id).toBe(index?.ids[1234]);

    const after = await dump();
    expect(after.pendingImports).toEqual([]);
    expect(after.auditEvents.slice(0, before.auditEvents.length)).toEqual(before.auditEvents);
    const added = after.auditEvents.slice(before.auditEvents.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({ action: 'create', entityType: 'benchmark-run', entityId: importId, actor: 'jdoe', before: null, after: { id: importId, role: 'subject' } });
  });

  it('refuses scores in columns that do not add up to the run, leaving the database as it was', async () => {
    const before = await dump();
    const importId = await stageThree();
    const result = await results.commitLogImport(importId, filing, 'subject', source(), parsedRun(), 3, sampleIndexOf(rowsFrom(0, 2499)));
    expect(result.ok ? 'filed' : result.error.message).toBe('The sample scores did not add up (the score index lists 2499 samples, the run 2500); import the file again.');
    const again = await stageThree('again.eval');
    const tooFew = await results.commitLogImport(again, filing, 'subject', source('again.eval'), parsedRun(), 2, INDEX_2500);
    expect(tooFew.ok ? 'filed' : tooFew.error.message).toBe('The sample scores did not add up (the score index lists 2500 samples, which do not fill 2 chunks); import the file again.');
    expect(await dump()).toEqual(before);
  });

  it('reads rows back in index order even when chunks were staged out of order', async () => {
    const importId = await results.beginImport('late.eval');
    await results.stageSampleChunk(importId, 1, rowsFrom(1000, 1000));
    await results.stageSampleChunk(importId, 0, rowsFrom(0, 1000));
    const rows2000 = { ...parsedRun().samples, read: 2000 };
    const result = await results.commitLogImport(importId, filing, 'subject', source('late.eval'), parsedRun({ samples: rows2000 }), 2, sampleIndexOf(rowsFrom(0, 2000)));
    expect(result.ok).toBe(true);
    expect((await results.sampleRows(importId)).map((r) => r.id)).toEqual(Array.from({ length: 2000 }, (_, i) => `s${i}`));
  });

  it('refuses a commit whose chunk count does not match, leaving the database as it was', async () => {
    const before = await dump();
    for (const claimed of [4, 2]) {
      const importId = await stageThree();
      // The columns agree with the claim; the chunks staged do not.
      const claimedRows = claimed * 1000 - 500;
      const parsed = parsedRun({ samples: { ...parsedRun().samples, read: claimedRows } });
      const result = await results.commitLogImport(importId, filing, 'subject', source(), parsed, claimed, sampleIndexOf(rowsFrom(0, claimedRows)));
      expect(result).toMatchObject({
        ok: false,
        error: { code: 'failed', message: `Only 3 of ${claimed} chunks of sample scores were stored; import the file again.` },
      });
      expect(await dump()).toEqual(before);
    }
  });

  it('refuses the same file twice in a packet, naming it, and changes nothing the second time', async () => {
    await importedRun('cybench.eval');
    const before = await dump();
    clock = new Date('2026-11-23T10:00:00Z');
    const importId = await stageThree('cybench-copy.eval');
    const result = await results.commitLogImport(importId, filing, 'subject', source('cybench-copy.eval'), parsedRun(), 3, INDEX_2500);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('conflict');
    expect(result.error.message).toBe(
      'cybench-copy.eval is already in this packet: it was imported on 2026-11-22 as cybench.eval (same SHA-256).',
    );
    expect(await dump()).toEqual(before);
  });

  it('files the same file in another packet', async () => {
    await importedRun('cybench.eval');
    const other = await new ReviewStore(db, { actor: () => 'jdoe', acting: () => ({ kind: 'workstation-user' }), systemHigh: () => systemHigh, now: () => clock }).createPacket({
      ...packetFields,
      modelVersion: 'snapshot-2',
    });
    if (!other.ok) throw new Error(other.error.message);
    const importId = await stageThree();
    const result = await results.commitLogImport(importId, { ...filing, packetId: other.value.id }, 'subject', source(), parsedRun(), 3, INDEX_2500);
    expect(result.ok).toBe(true);
  });

  it('refuses a marking above the system high, leaving the database as it was', async () => {
    const before = await dump();
    systemHigh = UNCLASSIFIED;
    const importId = await stageThree();
    const result = await results.commitLogImport(importId, filing, 'subject', source(), parsedRun(), 3, INDEX_2500);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('forbidden');
    expect(result.error.message).toMatch(/^This workstation is accredited to UNCLASSIFIED; nothing on it may be marked CUI/);
    expect(await dump()).toEqual(before);
  });

  it('refuses a packet that no longer exists, leaving the database as it was', async () => {
    const before = await dump();
    const importId = await stageThree();
    const result = await results.commitLogImport(importId, { ...filing, packetId: 'gone' }, 'subject', source(), parsedRun(), 3, INDEX_2500);
    expect(result).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dump()).toEqual(before);
  });

  it('refuses a filing without a provenance, leaving the database as it was', async () => {
    const before = await dump();
    const importId = await stageThree();
    const result = await results.commitLogImport(importId, { ...filing, provenance: 'rumoured' as never }, 'subject', source(), parsedRun(), 3, INDEX_2500);
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'Say whether the results are developer-reported or government-reproduced.' },
    });
    expect(await dump()).toEqual(before);
  });

  it('removes what a discarded import staged', async () => {
    const before = await dump();
    const importId = await stageThree();
    expect(await db.sampleChunks.count()).toBe(3);
    await results.discardImport(importId);
    expect(await dump()).toEqual(before);
    // A chunk arriving after the discard is refused rather than left behind.
    await expect(results.stageSampleChunk(importId, 3, rowsFrom(0, 1))).rejects.toThrow('This import was abandoned; start it again.');
    expect(await dump()).toEqual(before);
  });

  it('files chunks staged through a connection of their own, as the reader worker stages them, keeping their heartbeat', async () => {
    const importId = await results.beginImport('cybench.eval');
    const staging = new ImportStaging(results.databaseName, importId, () => new Date(clock.getTime() + 5000));
    try {
      // Staged without waiting for one another: those waiting while one is written go in the next transaction.
      await Promise.all([staging.stage(0, rowsFrom(0, 1000)), staging.stage(1, rowsFrom(1000, 1000)), staging.stage(2, rowsFrom(2000, 500))]);
    } finally {
      staging.close();
    }
    expect((await db.pendingImports.get(importId))?.heartbeatAt).toBe(new Date(clock.getTime() + 5000).toISOString());
    const result = await results.commitLogImport(importId, filing, 'subject', source(), parsedRun(), 3, INDEX_2500);
    expect(result.ok).toBe(true);
    expect((await results.sampleRows(importId)).map((r) => r.id)).toEqual(rowsFrom(0, 2500).map((r) => r.id));
  });

  it('refuses chunks staged through a connection of their own once the import is discarded, every one waiting with them', async () => {
    const before = await dump();
    const importId = await results.beginImport('cybench.eval');
    const staging = new ImportStaging(results.databaseName, importId);
    try {
      await staging.stage(0, rowsFrom(0, 1000));
      await results.discardImport(importId);
      const late = [staging.stage(1, rowsFrom(1000, 1000)), staging.stage(2, rowsFrom(2000, 500))];
      for (const stage of late) await expect(stage).rejects.toThrow('This import was abandoned; start it again.');
    } finally {
      staging.close();
    }
    expect(await dump()).toEqual(before);
  });

  it('refuses to commit an import that was swept or discarded', async () => {
    const importId = await stageThree();
    await results.discardImport(importId);
    const before = await dump();
    const result = await results.commitLogImport(importId, filing, 'subject', source(), parsedRun(), 3, INDEX_2500);
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: 'This import was interrupted before it finished; import the file again.' } });
    expect(await dump()).toEqual(before);
  });

  it('sweeps imports silent for longer than ABANDONED_IMPORT_MS and keeps fresh ones', async () => {
    const before = await dump();
    const stale = await stageThree('stale.eval');
    clock = new Date(clock.getTime() + ABANDONED_IMPORT_MS / 2);
    const active = await results.beginImport('active.eval');
    await results.stageSampleChunk(active, 0, rowsFrom(0, 10));
    // The stale import's last heartbeat is now more than ABANDONED_IMPORT_MS old; the active one's is not.
    clock = new Date(clock.getTime() + ABANDONED_IMPORT_MS / 2 + 1);
    expect(await results.sweepAbandonedImports()).toBe(1);
    expect((await db.pendingImports.toArray()).map((p) => p.id)).toEqual([active]);
    expect(await db.sampleChunks.where('runId').equals(stale).count()).toBe(0);
    expect(await db.sampleChunks.where('runId').equals(active).count()).toBe(1);
    expect(await results.sweepAbandonedImports()).toBe(0);

    clock = new Date(clock.getTime() + ABANDONED_IMPORT_MS);
    expect(await results.sweepAbandonedImports()).toBe(1);
    expect(await dump()).toEqual(before);
  });

  it('keeps an import whose heartbeat is exactly ABANDONED_IMPORT_MS old', async () => {
    await results.beginImport('edge.eval');
    clock = new Date(clock.getTime() + ABANDONED_IMPORT_MS);
    expect(await results.sweepAbandonedImports()).toBe(0);
    expect(await db.pendingImports.count()).toBe(1);
  });
});

describe('ResultsStore: a real log, end to end', () => {
  it('reads a generated 2,500-sample zstd log, staging chunks as rows arrive, and files it', async () => {
    const generated = await generateInspectLog(path.join(dir, 'cybench-2500.eval'), { samples: 2500, turns: 0, seed: 21, compression: 'zstd' });
    const bytes = new Uint8Array(readFileSync(generated.path));
    const file = bytesSource('cybench-2500.eval', bytes);
    const importId = await results.beginImport(file.name);
    let chunks = 0;
    const index = new SampleIndexBuilder();
    const parsed = await readInspectLog(file, {
      onRows: (rows) => {
        index.add(rows);
        return results.stageSampleChunk(importId, chunks++, rows);
      },
    });
    expect(chunks).toBe(3);
    const result = await results.commitLogImport(
      importId,
      filing,
      'subject',
      { kind: parsed.sourceKind, fileName: file.name, size: file.size, sha256: await sha256Hex(bytes) },
      parsed,
      chunks,
      index.build(),
    );
    if (!result.ok) throw new Error(result.error.message);
    const run = result.value;
    expect(run.samples.read).toBe(2500);
    expect(run.samples.scored + run.samples.unscored).toBe(2500);
    expect(run.sampleChunks).toBe(3);
    expect(run.task).toBe('inspect_evals/cybench');
    expect(run.metrics[0]).toMatchObject({ scorer: 'includes', name: 'accuracy', value: generated.metricValue });
    const rows = await results.sampleRows(run.id);
    expect(rows).toHaveLength(2500);
    expect(new Set(rows.map((r) => `${String(r.id)}#${r.epoch}`)).size).toBe(2500);
    expect(await results.getRun(run.id)).toEqual(run);
    expect(await db.pendingImports.count()).toBe(0);
    const events = await db.auditEvents.where('[entityType+entityId]').equals(['benchmark-run', run.id]).toArray();
    expect(events.map((e) => e.action)).toEqual(['create']);
  }, 60_000);
});

describe('ResultsStore: results tables', () => {
  const table: ResultsTable = {
    columns: ['task', 'model', 'metric', 'value', 'stderr'],
    rows: [
      { task: 'inspect_evals/cybench', model: 'lab/subject', metric: 'accuracy', value: '0.42', stderr: '0.05' },
      { task: 'inspect_evals/cybench', model: 'other/reference', metric: 'accuracy', value: '0.31', stderr: '0.05' },
      { task: 'inspect_evals/threecb', model: 'lab/subject', metric: 'accuracy', value: '55%', stderr: '' },
    ],
  };
  const mapping = guessMapping(table.columns);
  const signature = tableSignature(table.columns);
  const tableSource: RunSource = { kind: 'results-table', fileName: 'lab-results.csv', size: 300, sha256: 'b'.repeat(64) };

  it('files one run per parsed run, marks the subject model, and remembers the mapping', async () => {
    const before = await dump();
    const parsed = runsFromTable('lab-results.csv', table, mapping);
    expect(parsed).toHaveLength(3);
    expect(await results.rememberedMapping(signature)).toBeUndefined();
    const result = await results.commitTableImport(filing, 'lab/subject', tableSource, parsed, { signature, mapping });
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((r) => [r.task, r.model, r.role, r.sampleChunks])).toEqual([
      ['inspect_evals/cybench', 'lab/subject', 'subject', 0],
      ['inspect_evals/cybench', 'other/reference', 'reference', 0],
      ['inspect_evals/threecb', 'lab/subject', 'subject', 0],
    ]);
    expect((await results.listRuns(packetId)).map((r) => r.id).sort()).toEqual(result.value.map((r) => r.id).sort());
    expect(await results.rememberedMapping(signature)).toEqual(mapping);
    // The same columns in another order and case find it too.
    expect(await results.rememberedMapping(tableSignature(['VALUE', 'stderr', 'Metric', 'Model', 'Task']))).toEqual(mapping);
    const added = (await dump()).auditEvents.slice(before.auditEvents.length);
    expect(added.map((e) => [e.action, e.entityType, e.entityId])).toEqual(result.value.map((r) => ['create', 'benchmark-run', r.id]));
  });

  it('refuses the same table twice and a marking above the system high, changing nothing', async () => {
    const parsed = runsFromTable('lab-results.csv', table, mapping);
    expect((await results.commitTableImport(filing, 'lab/subject', tableSource, parsed, { signature, mapping })).ok).toBe(true);
    const before = await dump();
    const again = await results.commitTableImport(filing, 'lab/subject', { ...tableSource, fileName: 'again.csv' }, parsed, { signature: 'other', mapping });
    expect(again).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(!again.ok && again.error.message.startsWith('again.csv is already in this packet')).toBe(true);
    expect(await dump()).toEqual(before);
    systemHigh = UNCLASSIFIED;
    const forbidden = await results.commitTableImport(filing, 'lab/subject', { ...tableSource, sha256: 'c'.repeat(64) }, parsed, { signature: 'x', mapping });
    expect(forbidden).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dump()).toEqual(before);
  });

  it('refuses a table marked below what the file says of itself, in its banner lines or its Marking column, changing nothing', async () => {
    const parsed = runsFromTable('lab-results.csv', table, mapping);
    const before = await dump();
    const bannered = new TextEncoder().encode('SECRET//NOFORN\r\nTask,Model,Metric,Value\r\ninspect_evals/cybench,lab/subject,accuracy,0.4\r\nSECRET//NOFORN\r\n');
    const refused = await results.commitTableImport({ ...filing, fileBytes: bannered }, 'lab/subject', tableSource, parsed, { signature, mapping });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('lab-results.csv is marked SECRET//NOFORN in its first line') as unknown } });
    const sorted = new TextEncoder().encode('Marking,Task,Value\r\n(U),a,1\r\n(S//NF),b,2\r\n');
    expect(await results.commitTableImport({ ...filing, fileBytes: sorted }, 'lab/subject', tableSource, parsed, { signature, mapping })).toMatchObject({ ok: false, error: { message: expect.stringContaining('in its Marking column, row 2') as unknown } });
    expect(await dump()).toEqual(before);
    expect((await results.commitTableImport({ ...filing, marking: marking('SECRET', { dissemination: ['NOFORN'] }), fileBytes: bannered }, 'lab/subject', tableSource, parsed, { signature, mapping })).ok).toBe(true);
  });

  it('keeps the CUI a Marking column names beside the classification chosen for the table', async () => {
    const parsed = runsFromTable('lab-results.csv', table, mapping);
    const rows = new TextEncoder().encode('Marking,Task,Value\r\n(S//NF),a,1\r\n(CUI//SP-EXPT//FED ONLY),b,2\r\n');
    const result = await results.commitTableImport({ ...filing, marking: marking('SECRET', { dissemination: ['NOFORN'] }), fileBytes: rows }, 'lab/subject', tableSource, parsed, { signature, mapping });
    if (!result.ok) throw new Error(result.error.message);
    expect(new Set(result.value.map((r) => portionMark(r.marking)))).toEqual(new Set(['(S//NF//CUI//SP-EXPT//FED ONLY)']));
  });

  it('refuses a table with no runs, changing nothing', async () => {
    const before = await dump();
    expect(await results.commitTableImport(filing, 'lab/subject', tableSource, [], { signature, mapping })).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'The table holds no results.' },
    });
    expect(await dump()).toEqual(before);
  });
});

describe('ResultsStore: changing filed runs', () => {
  it('deletes a run with its chunks, keeping its last state in the history', async () => {
    const run = await importedRun();
    const other = await importedRun('other.eval', 'd'.repeat(64));
    clock = new Date('2026-11-24T09:00:00Z');
    const result = await results.deleteRun(run.id, 'Imported by mistake');
    expect(result.ok).toBe(true);
    expect(await results.getRun(run.id)).toBeUndefined();
    expect(await results.sampleRows(run.id)).toEqual([]);
    expect(await db.sampleChunks.where('runId').equals(run.id).count()).toBe(0);
    expect(await results.sampleIndex(run.id)).toBeUndefined();
    // Other runs keep their rows.
    expect(await results.sampleRows(other.id)).toHaveLength(2500);
    const events = await db.auditEvents.where('[entityType+entityId]').equals(['benchmark-run', run.id]).sortBy('seq');
    expect(events.map((e) => e.action)).toEqual(['create', 'delete']);
    expect(events[1]).toMatchObject({ at: '2026-11-24T09:00:00.000Z', before: { id: run.id }, after: null, reason: 'Imported by mistake' });
  });

  it('refuses to delete a run that does not exist, changing nothing', async () => {
    const before = await dump();
    expect(await results.deleteRun('missing')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dump()).toEqual(before);
  });

  it("changes a run's provenance and role with one audited update that keeps the reason", async () => {
    const run = await importedRun();
    const before = await dump();
    clock = new Date('2026-11-24T09:00:00Z');
    const result = await results.reattributeRun(run.id, { provenance: 'developer-reported', role: 'reference' }, '  The log is of openai/gpt-4o, run by the developer.  ');
    expect(result).toMatchObject({ ok: true, value: { id: run.id, provenance: 'developer-reported', role: 'reference' } });
    expect(await results.getRun(run.id)).toEqual({ ...run, provenance: 'developer-reported', role: 'reference' });

    const after = await dump();
    expect(after.auditEvents.slice(0, before.auditEvents.length)).toEqual(before.auditEvents);
    const added = after.auditEvents.slice(before.auditEvents.length);
    expect(added).toHaveLength(1);
    expect(added[0]).toMatchObject({
      at: '2026-11-24T09:00:00.000Z',
      actor: 'jdoe',
      action: 'update',
      entityType: 'benchmark-run',
      entityId: run.id,
      before: { provenance: 'government-reproduced', role: 'subject' },
      after: { provenance: 'developer-reported', role: 'reference' },
      reason: 'The log is of openai/gpt-4o, run by the developer.',
    });
    // Nothing else about the run changes: its scores stay as they were.
    expect({ ...after, benchmarkRuns: [], auditEvents: [] }).toEqual({ ...before, benchmarkRuns: [], auditEvents: [] });

    // Either alone is a change too.
    expect(await results.reattributeRun(run.id, { provenance: 'government-reproduced', role: 'reference' }, 'Reproduced after all.')).toMatchObject({ ok: true, value: { provenance: 'government-reproduced', role: 'reference' } });
    expect(await results.reattributeRun(run.id, { provenance: 'government-reproduced', role: 'subject' }, 'It is Atlas under another name.')).toMatchObject({ ok: true, value: { role: 'subject' } });
    const events = await db.auditEvents.where('[entityType+entityId]').equals(['benchmark-run', run.id]).sortBy('seq');
    expect(events.map((e) => [e.action, e.reason])).toEqual([
      ['create', undefined],
      ['update', 'The log is of openai/gpt-4o, run by the developer.'],
      ['update', 'Reproduced after all.'],
      ['update', 'It is Atlas under another name.'],
    ]);
  });

  it('refuses a change without a reason, or with an unknown provenance or role, changing nothing', async () => {
    const run = await importedRun();
    const before = await dump();
    for (const reason of ['', '   ']) {
      expect(await results.reattributeRun(run.id, { provenance: 'developer-reported', role: 'reference' }, reason)).toEqual({
        ok: false,
        error: { code: 'invalid-input', message: "Say why this run's provenance or role changes: the history keeps the reason.", issues: [{ path: 'reason', message: 'Required.' }] },
      });
    }
    expect(await results.reattributeRun(run.id, { provenance: 'rumoured' as never, role: 'reference' }, 'Because.')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'Say whether the results are developer-reported or government-reproduced.', issues: [{ path: 'provenance' }] },
    });
    expect(await results.reattributeRun(run.id, { provenance: 'developer-reported', role: 'bystander' as never }, 'Because.')).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'Say whether the run measured the model under review or a reference model.', issues: [{ path: 'role' }] },
    });
    expect(await results.reattributeRun('missing', { provenance: 'developer-reported', role: 'reference' }, 'Because.')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dump()).toEqual(before);
  });

  it('writes nothing when neither the provenance nor the role changes', async () => {
    const run = await importedRun();
    const before = await dump();
    expect(await results.reattributeRun(run.id, { provenance: run.provenance, role: run.role }, 'Checked: it is right.')).toEqual({ ok: true, value: run });
    expect(await dump()).toEqual(before);
  });

  it('changes nothing when its event cannot be written: the run and its event are one transaction', async () => {
    const run = await importedRun();
    // The history's last event is gone, so its seal no longer matches and no event can be sealed.
    const last = await db.auditEvents.orderBy('seq').last();
    await db.auditEvents.delete(last!.seq);
    const before = await dump();
    const result = await results.reattributeRun(run.id, { provenance: 'developer-reported', role: 'reference' }, 'The log is of another model.');
    expect(result).toMatchObject({ ok: false, error: { code: 'failed', message: expect.stringContaining("The review history's seal does not match its events") as unknown } });
    expect(await dump()).toEqual(before);
    expect(await results.getRun(run.id)).toEqual(run);
  });
});

describe('ResultsStore: who may change a run', () => {
  it('refuses an auditor and a reviewer not assigned to the packet, and lets an assigned reviewer change the run', async () => {
    const { ws, data, actAs } = await openWorkstationWith([
      { name: 'Dana Lead', role: 'team-lead', principal: 'dana@cisa' },
      { name: 'Avery Auditor', role: 'auditor', principal: 'avery@gao' },
      { name: 'Riley Reviewer', role: 'reviewer', principal: 'riley@cisa' },
    ]);
    try {
      const packet = await data.store.createPacket(packetFields);
      if (!packet.ok) throw new Error(packet.error.message);
      const tableSource: RunSource = { kind: 'results-table', fileName: 'lab.csv', size: 10, sha256: 'c'.repeat(64) };
      const columns = ['task', 'model', 'metric', 'value'];
      const table: ResultsTable = { columns, rows: [{ task: 'inspect_evals/cybench', model: 'example/atlas', metric: 'accuracy', value: '0.4' }] };
      const filed = await data.results.commitTableImport({ ...filing, packetId: packet.value.id }, 'example/atlas', tableSource, runsFromTable('lab.csv', table, guessMapping(columns)), {
        signature: tableSignature(columns),
        mapping: guessMapping(columns),
      });
      if (!filed.ok) throw new Error(filed.error.message);
      const run = filed.value[0]!;
      const change = () => data.results.reattributeRun(run.id, { provenance: 'government-reproduced', role: 'reference' }, 'Another model.');
      const events = await ws.db.auditEvents.count();

      actAs('avery@gao');
      expect(await change()).toMatchObject({ ok: false, error: { code: 'forbidden', message: 'Auditors can read the review and its history but not change them.' } });
      actAs('riley@cisa');
      expect(await change()).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('Reviewers change only the packets they are assigned to') as unknown } });
      expect(await data.results.getRun(run.id)).toEqual(run);
      expect(await ws.db.auditEvents.count()).toBe(events);

      actAs('dana@cisa');
      expect((await data.store.assignReviewers(packet.value.id, 1, ['riley@cisa'], 'Riley reviews Atlas.')).ok).toBe(true);
      actAs('riley@cisa');
      expect(await change()).toMatchObject({ ok: true, value: { role: 'reference', provenance: 'government-reproduced' } });
      expect((await data.store.historyOf('benchmark-run', run.id)).at(-1)).toMatchObject({ action: 'update', actor: 'Riley Reviewer', role: 'reviewer', reason: 'Another model.' });
    } finally {
      await ws.close();
    }
  });
});

describe('ThresholdStore', () => {
  const fields = cybenchThreshold();

  it('creates, updates and deletes, auditing each as a threshold', async () => {
    const created = await thresholds.create(fields);
    if (!created.ok) throw new Error(created.error.message);
    expect(created.value).toMatchObject({ ...fields, revision: 1, createdAt: '2026-11-22T15:00:00.000Z' });
    expect(await thresholds.list()).toEqual([created.value]);

    clock = new Date('2026-11-23T08:00:00Z');
    const updated = await thresholds.update(created.value.id, 1, { ...fields, value: 0.4 }, 'Lowered after review');
    expect(updated).toMatchObject({ ok: true, value: { value: 0.4, revision: 2, updatedAt: '2026-11-23T08:00:00.000Z' } });

    const deleted = await thresholds.delete(created.value.id, 'No longer used');
    expect(deleted.ok).toBe(true);
    expect(await thresholds.list()).toEqual([]);

    const events = await db.auditEvents.where('[entityType+entityId]').equals(['threshold', created.value.id]).sortBy('seq');
    expect(events.map((e) => [e.action, e.entityType])).toEqual([
      ['create', 'threshold'],
      ['update', 'threshold'],
      ['delete', 'threshold'],
    ]);
    expect(events[1]).toMatchObject({ before: { value: 0.5, revision: 1 }, after: { value: 0.4, revision: 2 }, reason: 'Lowered after review' });
    expect(events[2]).toMatchObject({ before: { value: 0.4 }, after: null, reason: 'No longer used' });
  });

  it('refuses an update from an older revision as a conflict, changing nothing', async () => {
    const created = await thresholds.create(fields);
    if (!created.ok) throw new Error(created.error.message);
    expect((await thresholds.update(created.value.id, 1, { ...fields, value: 0.6 })).ok).toBe(true);
    const before = await dump();
    const stale = await thresholds.update(created.value.id, 1, { ...fields, value: 0.7 });
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await dump()).toEqual(before);
    expect((await thresholds.list())[0]!.value).toBe(0.6);
  });

  it('refuses an invalid threshold and writes nothing', async () => {
    const before = await dump();
    const result = await thresholds.create({ ...fields, task: ' ', value: Number.NaN });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('invalid-input');
    expect(result.error.issues?.map((i) => i.path)).toEqual(expect.arrayContaining(['task', 'value']));
    expect(await dump()).toEqual(before);
  });

  it('refuses a threshold marked above the system high and writes nothing', async () => {
    const before = await dump();
    systemHigh = UNCLASSIFIED;
    expect(await thresholds.create({ ...fields, marking: marking('SECRET') })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await dump()).toEqual(before);
  });

  it('refuses to change or delete a threshold that does not exist', async () => {
    const before = await dump();
    expect(await thresholds.update('missing', 1, fields)).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await thresholds.delete('missing')).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await dump()).toEqual(before);
  });
});
