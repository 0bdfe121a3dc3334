import { FileProblem } from '../errors/file-problem.js';
import { describeSchemaProblem, sampleScoresSchema, type SampleScoresInput } from './inspect-schema.js';

/**
 * The check of one sample summary, written by hand: zod builds a new object per value, which over
 * a hundred thousand summaries costs more than reading them. It accepts only what
 * `sampleScoresSchema` accepts; anything it is unsure of goes through the schema, so a summary that
 * is wrong is refused with the schema's own words. Fields the reader does not keep are left on the
 * value and never read.
 */
export function checkedSampleScores(fileName: string, where: string, value: unknown): SampleScoresInput {
  if (isSampleScores(value)) return value;
  const parsed = sampleScoresSchema.safeParse(value);
  if (!parsed.success) throw new FileProblem(fileName, `${where}: ${describeSchemaProblem(parsed.error)}`);
  return parsed.data;
}

/** The sample-epoch's scores when `value` is a sample, else undefined, as `sampleScoresSchema.safeParse` judges. */
export function sampleScoresOrUndefined(value: unknown): SampleScoresInput | undefined {
  if (isSampleScores(value)) return value;
  const parsed = sampleScoresSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

type Fields = Readonly<Record<string, unknown>>;

function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isNullish(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

// z.number() refuses NaN and ±Infinity; z.number().int() takes safe integers only.
function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

function isSampleScores(value: unknown): value is SampleScoresInput {
  if (!isObject(value)) return false;
  const { id, epoch, scores, error, limit } = value;
  if (typeof id === 'string' ? id.length < 1 || id.length > 1000 : !isFiniteNumber(id)) return false;
  if (typeof epoch !== 'number' || !Number.isSafeInteger(epoch) || epoch <= 0) return false;
  if (!isNullish(scores)) {
    if (!isObject(scores)) return false;
    for (const scorer in scores) {
      if (!Object.hasOwn(scores, scorer)) continue;
      const score = scores[scorer];
      if (!isObject(score)) return false;
      const answer = score.answer;
      if (!isNullish(answer) && typeof answer !== 'string') return false;
    }
  }
  if (!isNullish(error) && typeof error !== 'string') {
    if (!isObject(error) || typeof error.message !== 'string') return false;
    if (!isNullish(error.traceback) && typeof error.traceback !== 'string') return false;
  }
  if (!isNullish(limit) && typeof limit !== 'string') {
    if (!isObject(limit) || typeof limit.type !== 'string') return false;
    if (!isNullish(limit.limit) && !isFiniteNumber(limit.limit)) return false;
  }
  return true;
}
