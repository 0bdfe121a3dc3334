import type { SampleChunk, SampleRow } from '../../../shared/results/benchmark-run.js';
import { ReviewDatabase, type PendingImport } from './database.js';

/** One chunk of an import's rows, by its place in the file. */
export interface StagedChunk {
  readonly index: number;
  readonly rows: readonly SampleRow[];
}

/**
 * Stages chunks of an import's sample rows in one transaction, refused once the import is
 * discarded or swept. Staged chunks are not review data: nothing shows them until the import
 * commits (with its audit event) through the results store, and an import that never commits is
 * removed. This runs many times a second during an import, so it goes to IndexedDB directly:
 * Dexie's change tracking, there for live queries, would cost more than the write, and nothing
 * watches an import's staging.
 */
export async function stageSampleChunks(db: ReviewDatabase, importId: string, chunks: readonly StagedChunk[], heartbeatAt: string): Promise<void> {
  if (!db.isOpen()) await db.open();
  await new Promise<void>((resolve, reject) => {
    const tx = db.backendDB().transaction([db.pendingImports.name, db.sampleChunks.name], 'readwrite', { durability: 'strict' });
    const pending = tx.objectStore(db.pendingImports.name);
    let failure: string | undefined;
    const request = pending.get(importId);
    request.onsuccess = () => {
      const record = request.result as PendingImport | undefined;
      try {
        if (!record) throw new Error('This import was abandoned; start it again.');
        const store = tx.objectStore(db.sampleChunks.name);
        for (const { index, rows } of chunks) store.add({ runId: importId, index, rows } satisfies SampleChunk);
        pending.put({ ...record, heartbeatAt });
      } catch (e) {
        failure = e instanceof Error ? e.message : String(e);
        tx.abort();
      }
    };
    tx.oncomplete = () => resolve();
    // An abort can come with an error whose message is empty.
    tx.onabort = () => reject(new Error(failure ?? (tx.error?.message === undefined || tx.error.message === '' ? 'The chunk could not be stored.' : tx.error.message)));
  });
}

interface Waiting extends StagedChunk {
  readonly stored: () => void;
  readonly failed: (e: unknown) => void;
}

/**
 * One import's staging, opened by the database's name in the worker that reads the log: its rows
 * go from the reader to IndexedDB without crossing to the page. Chunks that arrive while a
 * transaction is being written go together in the next one, so a slow disk means fewer, larger
 * writes rather than a queue of small ones. The import itself is begun, committed or discarded
 * by the results store.
 */
export class ImportStaging {
  private readonly db: ReviewDatabase;
  private waiting: Waiting[] = [];
  private writing = false;

  constructor(
    databaseName: string,
    private readonly importId: string,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.db = new ReviewDatabase(databaseName);
  }

  /** Settles once the chunk is stored, or could not be. */
  stage(index: number, rows: readonly SampleRow[]): Promise<void> {
    return new Promise<void>((stored, failed) => {
      this.waiting.push({ index, rows, stored, failed });
      if (!this.writing) void this.writeWaiting();
    });
  }

  close(): void {
    this.db.close();
  }

  private async writeWaiting(): Promise<void> {
    this.writing = true;
    while (this.waiting.length > 0) {
      const batch = this.waiting;
      this.waiting = [];
      try {
        await stageSampleChunks(this.db, this.importId, batch, this.now().toISOString());
        for (const chunk of batch) chunk.stored();
      } catch (e) {
        for (const chunk of batch) chunk.failed(e);
      }
    }
    this.writing = false;
  }
}
