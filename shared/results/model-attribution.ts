import type { BenchmarkRun, RunRole } from './benchmark-run.js';

/**
 * Which model a run's evidence is of: the model under review, a reference model the packet
 * already holds runs of, or neither. Only runs of the model under review count towards the
 * covered-model determination, so this errs one way only: a model is taken for the model under
 * review when its name says so plainly, and anything less is filed as a reference run until a
 * reviewer says otherwise.
 *
 * Inspect names models `provider/model` (`anthropic/claude-3-5-sonnet-20241022`, `openai/gpt-4o`,
 * `bedrock/anthropic.claude-3-5-sonnet-20241022-v2:0`); the model is the part after the last `/`.
 * Names are compared ignoring case, spaces and punctuation. A model may carry a version or
 * snapshot suffix after its name (a date, `v2`, `latest`): a suffix that names a version other
 * than the packet's is another version of the model, not the one under review.
 */

/** The model under review, as a packet names it. */
export interface ModelUnderReview {
  readonly developer: string;
  readonly modelName: string;
  readonly modelVersion: string;
}

export type Attribution =
  /** The model under review; `versionStated` when the name carries the packet's version too. */
  | { readonly kind: 'subject'; readonly versionStated: boolean }
  /** The model under review's name with a version suffix other than the packet's version. */
  | { readonly kind: 'other-version'; readonly version: string }
  /**
   * A reference model the packet holds runs of. `namesSubject` when the name would also pass for
   * the model under review, which the packet's reference runs of that very model contradict.
   */
  | { readonly kind: 'reference'; readonly reference: string; readonly namesSubject: boolean }
  | { readonly kind: 'unmatched' };

/** Which model `model` (an Inspect model string, or a results table's model) is. */
export function attributeModel(model: string, subject: ModelUnderReview, referenceModels: readonly string[]): Attribution {
  const asSubject = subjectMatch(model, subject);
  const reference = referenceMatch(model, referenceModels);
  if (reference !== undefined && (asSubject?.kind !== 'subject' || sameModel(model, reference))) {
    return { kind: 'reference', reference, namesSubject: asSubject?.kind === 'subject' };
  }
  return asSubject ?? { kind: 'unmatched' };
}

/** The role to pre-select: the model under review only when the name says so. */
export function suggestedRole(attribution: Attribution): RunRole {
  return attribution.kind === 'subject' ? 'subject' : 'reference';
}

/** The models of a packet's reference runs, each once, leaving out the run `exceptRunId`. */
export function referenceModelsOf(runs: readonly BenchmarkRun[], exceptRunId?: string): string[] {
  return [...new Set(runs.filter((r) => r.role === 'reference' && r.id !== exceptRunId).map((r) => r.model))];
}

// ----- Names ----------------------------------------------------------------------------------------

/** Lower case, letters and digits only: `Claude 3.5 Sonnet` and `claude-3-5-sonnet` read alike. */
export function normalizeModelName(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/** The part of an Inspect model string after the last `/`. */
export function modelPart(model: string): string {
  return model.trim().slice(model.trim().lastIndexOf('/') + 1);
}

/**
 * A version or snapshot suffix, whole: dates (20241022, 2024-10-22), revisions (v2, v2:0, v1.5),
 * `latest` and `snapshot`, each after an optional separator. `-mini`, `-turbo`, `-2` or `o` are
 * not versions but other models, and do not match.
 */
const DATE = String.raw`(?:19|20)\d{2}[-_.]?(?:0[1-9]|1[0-2])[-_.]?(?:0[1-9]|[12]\d|3[01])`;
const REVISION = String.raw`v\d+(?:[.:]\d+)*`;
const VERSION_SUFFIX = new RegExp(String.raw`^(?:[-_.@:]*(?:${DATE}|${REVISION}|latest|snapshot))+$`, 'iu');
const VERSION_TOKEN = new RegExp(String.raw`${DATE}|${REVISION}`, 'giu');

/**
 * What follows `prefix` (normalized) at the start of `part`, as written, or undefined when `part`
 * does not start with it. `claude-3-5-sonnet-20241022` after `claude35sonnet` is `-20241022`.
 */
function restAfter(part: string, prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const text = part.normalize('NFKC').toLowerCase();
  let seen = '';
  for (let i = 0; i < text.length; i++) {
    const char = text[i] ?? '';
    if (!/[\p{L}\p{N}]/u.test(char)) continue;
    seen += char;
    if (!prefix.startsWith(seen)) return undefined;
    if (seen === prefix) return text.slice(i + 1);
  }
  return undefined;
}

/** The versions a suffix names, comparable with a normalized version: `-20241022-v2:0` names `20241022` and `v2`. */
function versionTokens(suffix: string): string[] {
  return [...suffix.matchAll(VERSION_TOKEN)].map(([token]) =>
    // A revision's trailing zeros say nothing: v2:0 and v2.0 are revision 2.
    /^v/i.test(token) ? normalizeModelName(token.replace(/(?:[.:]0)+$/u, '')) : normalizeModelName(token),
  );
}

/**
 * The model part, and the same without a leading `developer.` (Bedrock's
 * `anthropic.claude-3-5-sonnet-20241022-v2:0`) when the word before the dot starts the developer's name.
 */
function candidateParts(model: string, developer: string): string[] {
  const part = modelPart(model);
  const dotted = /^([^.]+)\.(.+)$/u.exec(part);
  const word = normalizeModelName(dotted?.[1] ?? '');
  return dotted?.[2] !== undefined && word !== '' && normalizeModelName(developer).startsWith(word) ? [part, dotted[2]] : [part];
}

function subjectMatch(model: string, subject: ModelUnderReview): Attribution | undefined {
  const name = normalizeModelName(subject.modelName);
  const version = normalizeModelName(subject.modelVersion);
  const developer = normalizeModelName(subject.developer);
  if (name === '') return undefined;
  let found: Attribution | undefined;
  for (const part of candidateParts(model, subject.developer)) {
    const whole = normalizeModelName(part);
    if (whole === name || whole === developer + name) return { kind: 'subject', versionStated: false };
    // A packet whose version is the model's full id: `claude-3-5-sonnet-20241022`.
    if (version !== '' && (whole === version || whole === name + version || whole === developer + name + version)) return { kind: 'subject', versionStated: true };
    for (const prefix of [name, developer + name]) {
      const rest = restAfter(part, prefix);
      if (rest === undefined || !VERSION_SUFFIX.test(rest)) continue;
      const tokens = versionTokens(rest);
      if (tokens.length === 0) return { kind: 'subject', versionStated: false };
      // Whole versions, not pieces of one: v1 is not v12, nor v1.5.
      const stated = versionTokens(subject.modelVersion);
      if (tokens.every((t) => stated.includes(t))) return { kind: 'subject', versionStated: true };
      found ??= { kind: 'other-version', version: rest.replace(/^[-_.@:]+/u, '') };
    }
  }
  return found;
}

/** The same model: the same name, ignoring case and punctuation, provider included. */
function sameModel(a: string, b: string): boolean {
  return normalizeModelName(a) === normalizeModelName(b);
}

/** One model's part is the other's with a version suffix, or the two are the same. */
function sameModelPart(a: string, b: string): boolean {
  const [partA, partB] = [modelPart(a), modelPart(b)];
  if (normalizeModelName(partA) === normalizeModelName(partB)) return true;
  const aAfterB = restAfter(partA, normalizeModelName(partB));
  const bAfterA = restAfter(partB, normalizeModelName(partA));
  return (aAfterB !== undefined && VERSION_SUFFIX.test(aAfterB)) || (bAfterA !== undefined && VERSION_SUFFIX.test(bAfterA));
}

function referenceMatch(model: string, references: readonly string[]): string | undefined {
  return references.find((r) => sameModel(model, r)) ?? references.find((r) => sameModelPart(model, r));
}

/**
 * The models of a results table that are the model under review. One is taken for it; with none,
 * or several, the reviewer says which.
 */
export function subjectModelsAmong(models: readonly string[], subject: ModelUnderReview, referenceModels: readonly string[]): string[] {
  return models.filter((m) => attributeModel(m, subject, referenceModels).kind === 'subject');
}
