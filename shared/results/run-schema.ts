import { z } from 'zod';
import { markingSchema } from '../marking/marking-schema.js';
import { PROVENANCES, RUN_ROLES, RUN_STATUSES, SAMPLE_CHUNK_ROWS, type BenchmarkRun, type SampleRow } from './benchmark-run.js';

/**
 * Runtime checks for runs and sample rows that arrive from elsewhere than this workstation's own
 * readers (a review bundle): the same shapes the readers produce, with bounds, so nothing odd
 * reaches the database or the screen.
 */

const text = z.string().max(10_000);
const name = z.string().max(1_000);
const count = z.number().int().nonnegative();
const instant = z.iso.datetime({ offset: true });

export const sampleRowSchema: z.ZodType<SampleRow> = z.strictObject({
  id: z.union([name, z.number()]),
  epoch: count,
  scores: z.record(name, z.strictObject({ value: z.json(), answer: text.nullable() })),
  error: text.nullable(),
  limit: name.nullable(),
  transcript: name.nullable(),
});

export const benchmarkRunSchema: z.ZodType<BenchmarkRun> = z.strictObject({
  id: z.string().min(1).max(200),
  packetId: z.string().min(1).max(200),
  provenance: z.enum(PROVENANCES),
  role: z.enum(RUN_ROLES),
  marking: markingSchema,
  source: z.strictObject({ kind: z.enum(['inspect-eval', 'inspect-json', 'results-table']), fileName: name.min(1), size: count, sha256: z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits') }),
  sampleChunks: count,
  importedAt: instant,
  sourceKind: z.enum(['inspect-eval', 'inspect-json', 'results-table']),
  logVersion: z.number().int().nullable(),
  benchmark: name,
  task: name,
  taskVersion: name.nullable(),
  model: name,
  modelArgs: z.json(),
  dataset: z.strictObject({ name: name.nullable(), location: text.nullable(), samples: count.nullable() }).nullable(),
  epochs: count.nullable(),
  scorers: z.array(name).max(1_000),
  metrics: z
    .array(
      z.strictObject({
        scorer: name,
        reducer: name.nullable(),
        name,
        // JSON writes NaN (nothing scored) as null.
        value: z
          .number()
          .nullable()
          .transform((v) => v ?? Number.NaN),
        stderr: z.number().nullable(),
        n: count.nullable(),
      }),
    )
    .max(10_000),
  samples: z.strictObject({ total: count.nullable(), completed: count.nullable(), read: count, scored: count, unscored: count, errored: count, limited: count }),
  tokenUsage: z.array(z.strictObject({ model: name, inputTokens: count, outputTokens: count, totalTokens: count })).max(1_000),
  startedAt: name.nullable(),
  completedAt: name.nullable(),
  status: z.enum(RUN_STATUSES),
  error: text.nullable(),
  evalId: name.nullable(),
  runId: name.nullable(),
  notes: z.array(text).max(1_000),
});

/** Why a run's rows do not belong to it: they must fill exactly the chunks it says it has. */
export function runRowsProblem(run: BenchmarkRun, rows: readonly SampleRow[]): string | null {
  if (run.sourceKind === 'results-table') return rows.length === 0 ? null : `run ${run.id} comes from a results table, which has no per-sample scores, but ${rows.length} rows came with it`;
  if (Math.ceil(rows.length / SAMPLE_CHUNK_ROWS) !== run.sampleChunks) return `run ${run.id} says it has ${run.sampleChunks} chunks of sample scores, but ${rows.length} rows came with it`;
  if (rows.length !== run.samples.read) return `run ${run.id} says it read ${run.samples.read} samples, but ${rows.length} rows came with it`;
  return null;
}
