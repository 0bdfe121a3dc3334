import { z } from 'zod';
import { markingSchema } from '../../../shared/marking/marking-schema.js';
import type { Marking } from '../../../shared/marking/marking.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import {
  PROVENANCES,
  RUN_ROLES,
  SAMPLE_CHUNK_ROWS,
  type BenchmarkRun,
  type ParsedRun,
  type Provenance,
  type RunRole,
  type RunSource,
  type SampleRow,
} from '../../../shared/results/benchmark-run.js';
import type { ColumnMapping } from '../../../shared/results/results-table.js';
import { fromStoredIndex, sampleIndexProblem, toStoredIndex, type SampleIndex, type SampleIndexData } from '../../../shared/results/sample-index.js';
import { AuditedStore, zodIssues } from './audited-store.js';
import { stageSampleChunks } from './import-staging.js';
import { declaredMarkingProblem, importedMarking } from '../../../shared/export/import-marking.js';
import { tableMarkings } from '../../../shared/export/file-marking.js';

/** Where an import files its runs, and what the reviewer said about them. */
export interface RunFiling {
  readonly packetId: string;
  readonly provenance: Provenance;
  readonly marking: Marking;
  /** The results table's bytes, for the markings it carries itself (its banner lines, a Marking column): the marking given must not be below them. */
  readonly fileBytes?: Uint8Array;
}

const provenanceSchema = z.enum(PROVENANCES, 'Say whether the results are developer-reported or government-reproduced.');

const filingSchema = z.object({
  packetId: z.string().min(1),
  provenance: provenanceSchema,
  marking: markingSchema,
});

/** Who produced a run's results, and which model they measured. */
export interface RunAttribution {
  readonly provenance: Provenance;
  readonly role: RunRole;
}

const attributionSchema = z.object({
  provenance: provenanceSchema,
  role: z.enum(RUN_ROLES, 'Say whether the run measured the model under review or a reference model.'),
});

/** An import silent this long was abandoned: its staged chunks are swept. */
export const ABANDONED_IMPORT_MS = 10 * 60 * 1000;

/**
 * Evaluation results: runs, their per-sample scores, and the mappings of results tables.
 *
 * A large log cannot be read inside one IndexedDB transaction (a transaction commits as soon as
 * it waits on anything but the database), so an import stages its sample chunks first, under a
 * pending-import record, and then commits: one transaction checks every staged chunk is there and
 * writes the run and its audit event. Until that commit nothing is visible, and a failed or
 * cancelled import removes what it staged, leaving the database exactly as it was.
 */
export class ResultsStore extends AuditedStore {
  listRuns(packetId: string): Promise<BenchmarkRun[]> {
    return this.db.benchmarkRuns.where('packetId').equals(packetId).sortBy('importedAt');
  }

  /** Every run on the workstation, of every packet, newest first: what a comparison picks from. */
  async listAllRuns(): Promise<BenchmarkRun[]> {
    return (await this.db.benchmarkRuns.toArray()).sort((a, b) => b.importedAt.localeCompare(a.importedAt));
  }

  getRun(runId: string): Promise<BenchmarkRun | undefined> {
    return this.db.benchmarkRuns.get(runId);
  }

  /** The run's per-sample scores, in file order. */
  async sampleRows(runId: string): Promise<SampleRow[]> {
    const chunks = await this.db.sampleChunks.where('[runId+index]').between([runId, 0], [runId, Number.MAX_SAFE_INTEGER]).toArray();
    return chunks.flatMap((chunk) => chunk.rows);
  }

  /** The run's scores in columns (see shared/results/sample-index); none for a results table. */
  async sampleIndex(runId: string): Promise<SampleIndex | undefined> {
    const stored = await this.db.sampleIndexes.get(runId);
    return stored && fromStoredIndex(stored);
  }

  /** One chunk of the run's sample rows: what a view of a few samples fetches, rather than them all. */
  async sampleChunk(runId: string, chunk: number): Promise<readonly SampleRow[]> {
    return (await this.db.sampleChunks.get([runId, chunk]))?.rows ?? [];
  }

  /** The run's original log, when this workstation keeps it (received in a review bundle). */
  async keptOriginal(run: BenchmarkRun): Promise<File | undefined> {
    const kept = await this.db.attachments.get(run.source.sha256);
    return kept && new File([kept.data], kept.fileName);
  }

  // ----- Staged imports of evaluation logs --------------------------------------------------------

  async beginImport(fileName: string): Promise<string> {
    const id = crypto.randomUUID();
    const at = this.context.now().toISOString();
    await this.db.pendingImports.add({ id, fileName, startedAt: at, heartbeatAt: at });
    return id;
  }

  /** The database's name, for the worker that reads a log and stages its chunks off the page's thread. */
  get databaseName(): string {
    return this.db.name;
  }

  /** Stages one chunk, refused once the import is discarded or swept (see import-staging). */
  stageSampleChunk(importId: string, index: number, rows: readonly SampleRow[]): Promise<void> {
    return stageSampleChunks(this.db, importId, [{ index, rows }], this.context.now().toISOString());
  }

  /** Removes what a failed or cancelled import staged. */
  async discardImport(importId: string): Promise<void> {
    await this.db.transaction('rw', this.db.pendingImports, this.db.sampleChunks, async () => {
      await this.db.sampleChunks.where('runId').equals(importId).delete();
      await this.db.pendingImports.delete(importId);
    });
  }

  /** Sweeps imports abandoned by a crash or a closed window. Returns how many were removed. */
  async sweepAbandonedImports(): Promise<number> {
    const cutoff = new Date(this.context.now().getTime() - ABANDONED_IMPORT_MS).toISOString();
    const abandoned = await this.db.pendingImports.where('heartbeatAt').below(cutoff).primaryKeys();
    for (const id of abandoned) await this.discardImport(id);
    return abandoned.length;
  }

  /**
   * Files a run read from an evaluation log, with the chunks staged under `importId`. Refused (and
   * the staged chunks removed) if the packet is gone, the marking is above the system high, the
   * same file is already filed in the packet, or a chunk is missing.
   */
  async commitLogImport(
    importId: string,
    filing: RunFiling,
    role: RunRole,
    source: RunSource,
    parsed: ParsedRun,
    chunkCount: number,
    index: SampleIndexData,
  ): Promise<Result<BenchmarkRun>> {
    const checked = this.checkFiling(filing);
    const indexProblem = sampleIndexProblem(index, parsed.samples.read) ?? (Math.ceil(index.ids.length / SAMPLE_CHUNK_ROWS) === chunkCount ? null : `the score index lists ${index.ids.length} samples, which do not fill ${chunkCount} chunks`);
    if (checked.ok && indexProblem !== null) {
      await this.discardImport(importId);
      return err('failed', `The sample scores did not add up (${indexProblem}); import the file again.`);
    }
    if (!checked.ok) {
      await this.discardImport(importId);
      return checked;
    }
    const result = await this.transact([this.db.benchmarkRuns, this.db.packets, this.db.sampleChunks, this.db.sampleIndexes, this.db.pendingImports], async () => {
      if (!(await this.db.pendingImports.get(importId))) return err('failed', 'This import was interrupted before it finished; import the file again.');
      await this.requireAssigned(checked.value.packetId);
      const filed = await this.checkPacketAndDuplicate(checked.value.packetId, source);
      if (!filed.ok) return filed;
      const staged = await this.db.sampleChunks.where('runId').equals(importId).count();
      if (staged !== chunkCount) return err('failed', `Only ${staged} of ${chunkCount} chunks of sample scores were stored; import the file again.`);
      const run = this.newRun(importId, checked.value, role, source, parsed, chunkCount);
      await this.db.benchmarkRuns.add(run);
      await this.db.sampleIndexes.put(toStoredIndex(run.id, index));
      await this.db.pendingImports.delete(importId);
      await this.audit(run.importedAt, 'create', 'benchmark-run', run.id, null, run);
      return ok(run);
    });
    if (!result.ok) await this.discardImport(importId);
    return result;
  }

  /**
   * Files the runs of a results table in one transaction, and remembers the column mapping for
   * the next file with the same columns. `subjectModel` names the model under review in the table;
   * other models' rows are filed as reference runs.
   */
  async commitTableImport(
    filing: RunFiling,
    subjectModel: string,
    source: RunSource,
    runs: readonly ParsedRun[],
    mapping: { readonly signature: string; readonly mapping: ColumnMapping },
  ): Promise<Result<BenchmarkRun[]>> {
    const checked = this.checkFiling(filing);
    if (!checked.ok) return checked;
    if (runs.length === 0) return err('invalid-input', 'The table holds no results.');
    const carried = filing.fileBytes ? tableMarkings(filing.fileBytes) : [];
    const underMarked = declaredMarkingProblem(source.fileName, checked.value.marking, carried);
    if (underMarked) return err('invalid-input', underMarked, [{ path: 'marking', message: underMarked }]);
    const marked = { ...checked.value, marking: importedMarking(checked.value.marking, carried) };
    return this.transact([this.db.benchmarkRuns, this.db.packets, this.db.columnMappings], async () => {
      await this.requireAssigned(checked.value.packetId);
      const filed = await this.checkPacketAndDuplicate(checked.value.packetId, source);
      if (!filed.ok) return filed;
      const stored: BenchmarkRun[] = [];
      for (const parsed of runs) {
        const run = this.newRun(crypto.randomUUID(), marked, parsed.model === subjectModel ? 'subject' : 'reference', source, parsed, 0);
        await this.db.benchmarkRuns.add(run);
        await this.audit(run.importedAt, 'create', 'benchmark-run', run.id, null, run);
        stored.push(run);
      }
      await this.db.columnMappings.put({ ...mapping, savedAt: this.context.now().toISOString() });
      return ok(stored);
    });
  }

  async deleteRun(runId: string, reason?: string): Promise<Result<void>> {
    return this.transact([this.db.benchmarkRuns, this.db.packets, this.db.sampleChunks, this.db.sampleIndexes], async () => {
      const run = await this.db.benchmarkRuns.get(runId);
      if (!run) return err('not-found', 'This run no longer exists.');
      await this.requireAssigned(run.packetId);
      await this.db.sampleChunks.where('runId').equals(runId).delete();
      await this.db.sampleIndexes.delete(runId);
      await this.db.benchmarkRuns.delete(runId);
      await this.audit(this.context.now().toISOString(), 'delete', 'benchmark-run', runId, run, null, reason);
      return ok(undefined);
    });
  }

  /**
   * Changes who produced a run's results (the developer or the government) and which model it
   * measured (the model under review, whose runs the determination takes, or a reference model),
   * with the reason the history keeps. Nothing is written when neither changes.
   */
  async reattributeRun(runId: string, attribution: RunAttribution, reason: string): Promise<Result<BenchmarkRun>> {
    const unexplained = this.missingReason(reason, "this run's provenance or role changes");
    if (unexplained) return unexplained;
    const checked = attributionSchema.safeParse(attribution);
    if (!checked.success) return err('invalid-input', checked.error.issues[0]?.message ?? 'Say who produced the results and which model they measured.', zodIssues(checked.error));
    const { provenance, role } = checked.data;
    return this.transact([this.db.benchmarkRuns, this.db.packets], async () => {
      const run = await this.db.benchmarkRuns.get(runId);
      if (!run) return err('not-found', 'This run no longer exists.');
      await this.requireAssigned(run.packetId);
      if (run.provenance === provenance && run.role === role) return ok(run);
      const updated: BenchmarkRun = { ...run, provenance, role };
      await this.db.benchmarkRuns.put(updated);
      await this.audit(this.context.now().toISOString(), 'update', 'benchmark-run', runId, run, updated, reason);
      return ok(updated);
    });
  }

  async rememberedMapping(signature: string): Promise<ColumnMapping | undefined> {
    return (await this.db.columnMappings.get(signature))?.mapping;
  }

  // ----- Internals -------------------------------------------------------------------------------

  private checkFiling(filing: RunFiling): Result<RunFiling> {
    const parsed = filingSchema.safeParse(filing);
    if (!parsed.success) return err('invalid-input', parsed.error.issues[0]?.message ?? 'The import is not valid.');
    return this.ceilingProblem(parsed.data.marking) ?? ok(parsed.data);
  }

  private async checkPacketAndDuplicate(packetId: string, source: RunSource): Promise<Result<void>> {
    if (!(await this.db.packets.get(packetId))) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
    const runs = await this.db.benchmarkRuns.where('packetId').equals(packetId).toArray();
    const same = runs.find((r) => r.source.sha256 === source.sha256);
    if (same) {
      return err('conflict', `${source.fileName} is already in this packet: it was imported on ${same.importedAt.slice(0, 10)} as ${same.source.fileName} (same SHA-256).`);
    }
    return ok(undefined);
  }

  private newRun(id: string, filing: RunFiling, role: RunRole, source: RunSource, parsed: ParsedRun, chunks: number): BenchmarkRun {
    return { ...parsed, id, packetId: filing.packetId, provenance: filing.provenance, role, marking: filing.marking, source, sampleChunks: chunks, importedAt: this.context.now().toISOString() };
  }
}
