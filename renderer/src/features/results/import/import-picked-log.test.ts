import 'fake-indexeddb/auto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort as NodePort } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { err, ok, type Result } from '../../../../../shared/errors/result.js';
import { sha256Hex } from '../../../../../shared/hash/sha256.js';
import { INTAKE_CHUNKS_IN_FLIGHT, type FromIntake, type IntakeError, type ToIntake } from '../../../../../shared/intake/intake-protocol.js';
import { readInspectLog } from '../../../../../shared/inspect/inspect-log.js';
import { marking } from '../../../../../shared/marking/marking.js';
import type { SampleRow } from '../../../../../shared/results/benchmark-run.js';
import { sampleIndexOf } from '../../../../../shared/results/sample-index.js';
import { bytesSource } from '../../../../../shared/zip/byte-source.js';
import { generateInspectLog } from '../../../../../test/fixtures/inspect/generate-inspect-log.js';
import { SAMPLE_PACKET_FIELDS } from '../../../../../test/fixtures/review-data.js';
import { ResultsStore, type RunFiling } from '../../../data/results-store.js';
import { ReviewStore } from '../../../data/review-store.js';
import { openTestWorkstation, type TestWorkstation } from '../../../data/test-workstation.js';
import type { LogIntake, PickedFile } from '../../../host/host.js';
import { importPickedLog, type IntakeStager } from './import-picked-log.js';
import { stageIntakeInto } from './intake-staging.js';
import type { ImportProgress } from './import-log.js';

/**
 * The desktop's import of a picked log, driven through a message port as the intake process drives
 * it, staged by the same code the staging worker runs (here on the test's thread), into a data
 * layer over fake-indexeddb.
 */

const dir = mkdtempSync(path.join(tmpdir(), 'import-picked-log-'));
let logPath = '';
let workstation: TestWorkstation;
let results: ResultsStore;
let filing: RunFiling;

beforeAll(async () => {
  // 2,500 samples: three chunks of rows.
  logPath = (await generateInspectLog(path.join(dir, 'cybench.eval'), { samples: 1250, epochs: 2, turns: 0, seed: 4 })).path;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeEach(async () => {
  workstation = await openTestWorkstation();
  const packet = await new ReviewStore(workstation.db, workstation.context).createPacket(SAMPLE_PACKET_FIELDS);
  if (!packet.ok) throw new Error(packet.error.message);
  filing = { packetId: packet.value.id, provenance: 'government-reproduced', marking: marking('CUI', { cuiCategories: ['SP-PROPIN'] }) };
  results = new ResultsStore(workstation.db, workstation.context);
});
afterEach(() => workstation.close());

const picked: PickedFile = { name: 'cybench.eval', size: 0, read: () => Promise.reject(new Error('The page never reads a picked log itself.')), release: () => Promise.resolve() };

/** How the fake intake process ends an intake: as it should, or failing after `after` chunks. */
type Ending = { readonly kind: 'done' } | { readonly kind: 'fail'; readonly after: number; readonly error: IntakeError };

/**
 * An intake process on the other end of a port: it reads the log with the shared reader, sends
 * its rows no more than INTAKE_CHUNKS_IN_FLIGHT ahead of the acknowledgements, and answers a cancel.
 */
function fakeIntakeProcess(port: NodePort, ending: Ending, onChunkSent: (chunk: number) => void = () => undefined) {
  const acks: number[] = [];
  let wake: () => void = () => undefined;
  let cancelled = false;
  port.on('message', (m: ToIntake) => {
    if (m.type === 'ack') acks.push(m.chunk);
    if (m.type === 'cancel') cancelled = true;
    wake();
    if (m.type === 'intake') void serve(m.id);
  });
  const send = (m: FromIntake) => port.postMessage(m);
  async function serve(id: string) {
    const bytes = new Uint8Array(readFileSync(logPath));
    const rows: SampleRow[] = [];
    let chunk = 0;
    try {
      const run = await readInspectLog(bytesSource('cybench.eval', bytes), {
        onRows: async (batch) => {
          if (ending.kind === 'fail' && chunk === ending.after) throw new Error('stop');
          rows.push(...batch);
          send({ type: 'rows', id, chunk, rows: batch, done: chunk, total: 3 });
          onChunkSent(chunk);
          while (chunk - (acks.at(-1) ?? -1) >= INTAKE_CHUNKS_IN_FLIGHT && !cancelled) await new Promise<void>((resolve) => (wake = resolve));
          chunk++;
          if (cancelled) throw new Error('cancelled');
        },
      });
      send({ type: 'done', id, run, sha256: await sha256Hex(bytes), size: bytes.length, chunks: chunk, index: sampleIndexOf(rows) });
    } catch {
      send({ type: 'failed', id, error: cancelled ? { code: 'cancelled', message: 'Import cancelled; nothing was saved.' } : ending.kind === 'fail' ? ending.error : { code: 'failed', message: 'unexpected' } });
    }
  }
  return { acks };
}

/** The host's intake, connecting the page to a fresh fake process per file. */
function intakeWith(ending: Ending, onChunkSent?: (chunk: number) => void) {
  const process: { acks: number[] } = { acks: [] };
  const intake: LogIntake = {
    connect: () => {
      const { port1, port2 } = new MessageChannel();
      Object.assign(process, fakeIntakeProcess(port1, ending, onChunkSent));
      // Node's MessagePort in place of the page's: the staging uses only what both have.
      return Promise.resolve(ok(port2 as unknown as MessagePort));
    },
  };
  return { intake, process };
}

/** The staging worker's own code, run on this thread. */
const stageHere: IntakeStager = (port, databaseName, importId, signal, onProgress) => stageIntakeInto(port, databaseName, importId, signal, onProgress);

async function leftOver() {
  const { db } = workstation;
  return { chunks: await db.sampleChunks.count(), pending: await db.pendingImports.count(), runs: await results.listRuns(filing.packetId), events: await db.auditEvents.count() };
}

describe('importing a log picked in the desktop file dialog', () => {
  it('stages the rows the intake process sends and files the run with one audit event, as the browser import does', async () => {
    const { intake, process } = intakeWith({ kind: 'done' });
    const events = await workstation.db.auditEvents.count();
    const progress: ImportProgress[] = [];
    const imported = await importPickedLog(picked, intake, { filing, role: 'subject', results, onProgress: (p) => progress.push(p), signal: new AbortController().signal }, stageHere);
    if (!imported.ok) throw new Error(imported.error.message);
    const run = imported.value;

    const bytes = new Uint8Array(readFileSync(logPath));
    const expectedRows: SampleRow[] = [];
    const expectedRun = await readInspectLog(bytesSource('cybench.eval', bytes), { onRows: (batch) => Promise.resolve(void expectedRows.push(...batch)) });
    expect(run).toMatchObject({ packetId: filing.packetId, role: 'subject', source: { kind: 'inspect-eval', fileName: 'cybench.eval', size: bytes.length, sha256: await sha256Hex(bytes) }, samples: expectedRun.samples });
    expect(await results.sampleRows(run.id)).toEqual(expectedRows);
    expect(expectedRows).toHaveLength(2500);
    expect(process.acks).toEqual([0, 1, 2]);
    expect(progress.map((p) => p.phase)).toContain('saving');
    expect(progress.filter((p) => p.phase === 'reading').at(-1)?.samples).toBe(2500);

    const after = await leftOver();
    expect(after).toMatchObject({ pending: 0, runs: [run], events: events + 1 });
    const [event] = await workstation.db.auditEvents.where('[entityType+entityId]').equals(['benchmark-run', run.id]).toArray();
    expect(event).toMatchObject({ entityType: 'benchmark-run', entityId: run.id });
  });

  it("refuses a bad file with the intake process's words, and leaves no staged rows and no run", async () => {
    const error: IntakeError = { code: 'invalid-input', message: 'cybench.eval: sample 1500 is not valid JSON.' };
    const { intake } = intakeWith({ kind: 'fail', after: 2, error });
    const before = await leftOver();
    const imported = await importPickedLog(picked, intake, { filing, role: 'subject', results, onProgress: () => undefined, signal: new AbortController().signal }, stageHere);
    expect(imported).toEqual(err(error.code, error.message));
    expect(await leftOver()).toEqual(before);
    expect(before).toMatchObject({ chunks: 0, pending: 0, runs: [] });
  });

  it('cancels: the intake process stops, and nothing staged is kept', async () => {
    const controller = new AbortController();
    const { intake } = intakeWith({ kind: 'done' }, (chunk) => {
      if (chunk === 1) controller.abort();
    });
    const before = await leftOver();
    const imported = await importPickedLog(picked, intake, { filing, role: 'subject', results, onProgress: () => undefined, signal: controller.signal }, stageHere);
    expect(imported).toEqual(err('cancelled', 'Import cancelled; nothing was saved.'));
    expect(await leftOver()).toEqual(before);
  });

  it('fails without a trace when the intake process goes before it answers, or the host cannot connect', async () => {
    const gone: LogIntake = {
      connect: () => {
        const { port1, port2 } = new MessageChannel();
        port1.on('message', (m: ToIntake) => {
          if (m.type === 'intake') port1.close();
        });
        return Promise.resolve(ok(port2 as unknown as MessagePort));
      },
    };
    const before = await leftOver();
    expect(await importPickedLog(picked, gone, { filing, role: 'subject', results, onProgress: () => undefined, signal: new AbortController().signal }, stageHere)).toEqual(
      err('failed', 'The intake process stopped before it finished reading the log.'),
    );
    const refused: LogIntake = { connect: (): Promise<Result<MessagePort>> => Promise.resolve(err('not-found', 'That file is not open to the app.')) };
    expect(await importPickedLog(picked, refused, { filing, role: 'subject', results, onProgress: () => undefined, signal: new AbortController().signal }, stageHere)).toEqual(err('not-found', 'That file is not open to the app.'));
    expect(await leftOver()).toEqual(before);
  });
});
