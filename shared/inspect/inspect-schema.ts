import { z } from 'zod';

/**
 * The parts of Inspect's log format (inspect_ai `log/_log.py`) that Frontier Review keeps.
 * Unknown fields are ignored, so logs from newer Inspect versions still read; a field we keep with
 * the wrong type is an error naming the field.
 */

/** Log format versions this reader knows: 2 (current) and 3 (chunked samples). */
export const KNOWN_LOG_VERSIONS = [2, 3] as const;

// NaN and ±Infinity arrive as numbers from the lenient parser; z.number() would refuse them.
const finiteOrNot = z.custom<number>((v) => typeof v === 'number', 'expected a number');
const optionalString = z.string().nullish();
const optionalInt = z.number().int().nonnegative().nullish();

export const evalSpecSchema = z.object({
  eval_id: optionalString,
  run_id: optionalString,
  created: optionalString,
  task: z.string().min(1).max(500),
  task_id: optionalString,
  task_version: z.union([z.number(), z.string().max(100)]).nullish(),
  model: z.string().min(1).max(500),
  model_args: z.record(z.string(), z.unknown()).nullish(),
  dataset: z
    .object({ name: optionalString, location: optionalString, samples: optionalInt })
    .nullish(),
  config: z.object({ epochs: z.number().int().positive().nullish() }).nullish(),
  scorers: z.array(z.object({ name: z.string() })).nullish(),
});
export type EvalSpec = z.infer<typeof evalSpecSchema>;

const evalMetricSchema = z.object({ name: z.string(), value: finiteOrNot.nullable() });

export const evalResultsSchema = z.object({
  total_samples: optionalInt,
  completed_samples: optionalInt,
  scores: z
    .array(
      z.object({
        name: z.string(),
        scorer: z.string().nullish(),
        reducer: z.string().nullish(),
        scored_samples: optionalInt,
        unscored_samples: optionalInt,
        metrics: z.record(z.string(), evalMetricSchema),
      }),
    )
    .nullish(),
});

const modelUsageSchema = z.object({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  total_tokens: z.number().nullish(),
});

export const evalStatsSchema = z.object({
  started_at: optionalString,
  completed_at: optionalString,
  model_usage: z.record(z.string(), modelUsageSchema).nullish(),
});

export const evalErrorSchema = z.object({ message: z.string(), traceback: optionalString });

export const LOG_STATUSES = ['started', 'success', 'cancelled', 'error'] as const;

/** `header.json`, or a `.json` log without its samples. */
export const evalLogHeaderSchema = z.object({
  version: z.number().int(),
  status: z.enum(LOG_STATUSES),
  eval: evalSpecSchema,
  results: evalResultsSchema.nullish(),
  stats: evalStatsSchema.nullish(),
  error: evalErrorSchema.nullish(),
});
export type EvalLogHeader = z.infer<typeof evalLogHeaderSchema>;

/** `_journal/start.json`: what a run in progress has written about itself. */
export const logStartSchema = z.object({ version: z.number().int(), eval: evalSpecSchema });

const scoreSchema = z.object({
  value: z.unknown(),
  answer: z.string().nullish(),
});

const sampleId = z.union([z.string().min(1).max(1000), z.number()]);

/** A sample summary (summaries.json, the journal) or a whole sample: the fields we keep. */
export const sampleScoresSchema = z.object({
  id: sampleId,
  epoch: z.number().int().positive(),
  scores: z.record(z.string(), scoreSchema).nullish(),
  // Summaries carry the message and the limit type; samples carry objects.
  error: z.union([z.string(), evalErrorSchema]).nullish(),
  limit: z.union([z.string(), z.object({ type: z.string(), limit: z.number().nullish() })]).nullish(),
});
export type SampleScoresInput = z.infer<typeof sampleScoresSchema>;

/** Describes the first problem zod found as "field: problem". */
export function describeSchemaProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'its contents are not what an Inspect log holds.';
  const path = issue.path.map(String).join('.');
  return `${path === '' ? 'its top level' : `the field "${path}"`} is wrong: ${issue.message.replace(/^Invalid input: /, '')}.`;
}
