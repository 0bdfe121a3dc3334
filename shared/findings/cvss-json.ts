import { Cvss3P0, Cvss3P1 } from 'ae-cvss-calculator';
import { scoreCvss, scoreCvss2, severityOf } from './cvss.js';

/**
 * CVSS scores as CSAF 2.0 holds them: objects in FIRST's JSON schemas for CVSS 2.0, 3.0 and 3.1,
 * with the vector, each metric spelled out, and the base, temporal and environmental scores (and,
 * for 3.x, their severities). An advisory's score is kept as it came, field by field; a field that
 * says other than its vector says, as CSAF's mandatory tests 6.1.9 and 6.1.10 judge it, is put right.
 */

export type CvssKind = 'cvss_v3' | 'cvss_v2';

/** The metrics each version's JSON names, with the vector's abbreviation and each value's. */
const CVSS3_METRICS = {
  attackVector: ['AV', { NETWORK: 'N', ADJACENT_NETWORK: 'A', LOCAL: 'L', PHYSICAL: 'P' }],
  attackComplexity: ['AC', { HIGH: 'H', LOW: 'L' }],
  privilegesRequired: ['PR', { NONE: 'N', LOW: 'L', HIGH: 'H' }],
  userInteraction: ['UI', { NONE: 'N', REQUIRED: 'R' }],
  scope: ['S', { UNCHANGED: 'U', CHANGED: 'C' }],
  confidentialityImpact: ['C', { NONE: 'N', LOW: 'L', HIGH: 'H' }],
  integrityImpact: ['I', { NONE: 'N', LOW: 'L', HIGH: 'H' }],
  availabilityImpact: ['A', { NONE: 'N', LOW: 'L', HIGH: 'H' }],
  exploitCodeMaturity: ['E', { UNPROVEN: 'U', PROOF_OF_CONCEPT: 'P', FUNCTIONAL: 'F', HIGH: 'H', NOT_DEFINED: 'X' }],
  remediationLevel: ['RL', { OFFICIAL_FIX: 'O', TEMPORARY_FIX: 'T', WORKAROUND: 'W', UNAVAILABLE: 'U', NOT_DEFINED: 'X' }],
  reportConfidence: ['RC', { UNKNOWN: 'U', REASONABLE: 'R', CONFIRMED: 'C', NOT_DEFINED: 'X' }],
  confidentialityRequirement: ['CR', { LOW: 'L', MEDIUM: 'M', HIGH: 'H', NOT_DEFINED: 'X' }],
  integrityRequirement: ['IR', { LOW: 'L', MEDIUM: 'M', HIGH: 'H', NOT_DEFINED: 'X' }],
  availabilityRequirement: ['AR', { LOW: 'L', MEDIUM: 'M', HIGH: 'H', NOT_DEFINED: 'X' }],
  modifiedAttackVector: ['MAV', { NETWORK: 'N', ADJACENT_NETWORK: 'A', LOCAL: 'L', PHYSICAL: 'P', NOT_DEFINED: 'X' }],
  modifiedAttackComplexity: ['MAC', { HIGH: 'H', LOW: 'L', NOT_DEFINED: 'X' }],
  modifiedPrivilegesRequired: ['MPR', { NONE: 'N', LOW: 'L', HIGH: 'H', NOT_DEFINED: 'X' }],
  modifiedUserInteraction: ['MUI', { NONE: 'N', REQUIRED: 'R', NOT_DEFINED: 'X' }],
  modifiedScope: ['MS', { UNCHANGED: 'U', CHANGED: 'C', NOT_DEFINED: 'X' }],
  modifiedConfidentialityImpact: ['MC', { NONE: 'N', LOW: 'L', HIGH: 'H', NOT_DEFINED: 'X' }],
  modifiedIntegrityImpact: ['MI', { NONE: 'N', LOW: 'L', HIGH: 'H', NOT_DEFINED: 'X' }],
  modifiedAvailabilityImpact: ['MA', { NONE: 'N', LOW: 'L', HIGH: 'H', NOT_DEFINED: 'X' }],
} as const;

const CVSS2_METRICS = {
  accessVector: ['AV', { NETWORK: 'N', ADJACENT_NETWORK: 'A', LOCAL: 'L' }],
  accessComplexity: ['AC', { HIGH: 'H', MEDIUM: 'M', LOW: 'L' }],
  authentication: ['Au', { MULTIPLE: 'M', SINGLE: 'S', NONE: 'N' }],
  confidentialityImpact: ['C', { NONE: 'N', PARTIAL: 'P', COMPLETE: 'C' }],
  integrityImpact: ['I', { NONE: 'N', PARTIAL: 'P', COMPLETE: 'C' }],
  availabilityImpact: ['A', { NONE: 'N', PARTIAL: 'P', COMPLETE: 'C' }],
  exploitability: ['E', { UNPROVEN: 'U', PROOF_OF_CONCEPT: 'POC', FUNCTIONAL: 'F', HIGH: 'H', NOT_DEFINED: 'ND' }],
  remediationLevel: ['RL', { OFFICIAL_FIX: 'OF', TEMPORARY_FIX: 'TF', WORKAROUND: 'W', UNAVAILABLE: 'U', NOT_DEFINED: 'ND' }],
  reportConfidence: ['RC', { UNCONFIRMED: 'UC', UNCORROBORATED: 'UR', CONFIRMED: 'C', NOT_DEFINED: 'ND' }],
  collateralDamagePotential: ['CDP', { NONE: 'N', LOW: 'L', LOW_MEDIUM: 'LM', MEDIUM_HIGH: 'MH', HIGH: 'H', NOT_DEFINED: 'ND' }],
  targetDistribution: ['TD', { NONE: 'N', LOW: 'L', MEDIUM: 'M', HIGH: 'H', NOT_DEFINED: 'ND' }],
  confidentialityRequirement: ['CR', { LOW: 'L', MEDIUM: 'M', HIGH: 'H', NOT_DEFINED: 'ND' }],
  integrityRequirement: ['IR', { LOW: 'L', MEDIUM: 'M', HIGH: 'H', NOT_DEFINED: 'ND' }],
  availabilityRequirement: ['AR', { LOW: 'L', MEDIUM: 'M', HIGH: 'H', NOT_DEFINED: 'ND' }],
} as const;

type MetricTable = Readonly<Record<string, readonly [string, Readonly<Record<string, string>>]>>;

export const CVSS3_METRIC_FIELDS = Object.keys(CVSS3_METRICS) as (keyof typeof CVSS3_METRICS)[];
export const CVSS2_METRIC_FIELDS = Object.keys(CVSS2_METRICS) as (keyof typeof CVSS2_METRICS)[];
export const CVSS3_SCORE_FIELDS = ['baseScore', 'baseSeverity', 'temporalScore', 'temporalSeverity', 'environmentalScore', 'environmentalSeverity'] as const;
export const CVSS2_SCORE_FIELDS = ['baseScore', 'temporalScore', 'environmentalScore'] as const;

export type CvssJsonValue = string | number;

/**
 * What every field a score object of this vector may hold must be: the version, the vector, each
 * metric (not defined where the vector leaves it out) and each score as FIRST's calculators compute
 * it (a temporal or environmental score too where the vector defines none of its metrics, as they do).
 * Undefined for a vector that is not a complete CVSS 3.x (or 2.0) vector, as `scoreCvss` (or
 * `scoreCvss2`) checks it, or is not trimmed.
 */
export function cvssFields(kind: CvssKind, vector: string): ReadonlyMap<string, CvssJsonValue> | undefined {
  const checked = kind === 'cvss_v3' ? scoreCvss(vector) : undefined;
  if (kind === 'cvss_v3' ? !checked?.ok || checked.score.version === '4.0' || checked.score.vector !== vector : scoreCvss2(vector)?.vector !== vector) return undefined;
  const given = new Map(vector.split('/').map((part) => [part.split(':')[0] ?? '', part.split(':')[1] ?? '']));
  const fields = new Map<string, CvssJsonValue>();
  const table: MetricTable = kind === 'cvss_v3' ? CVSS3_METRICS : CVSS2_METRICS;
  const scores = kind === 'cvss_v3' ? scores3(vector) : scores2(vector);
  if (scores === undefined) return undefined;
  fields.set('version', scores.version);
  fields.set('vectorString', vector);
  for (const [field, [metric, values]] of Object.entries(table)) {
    const letter = given.get(metric);
    const named = Object.entries(values).find(([, v]) => v === letter)?.[0];
    fields.set(field, named ?? 'NOT_DEFINED');
  }
  for (const [name, score] of [['base', scores.base], ['temporal', scores.temporal], ['environmental', scores.environmental]] as const) {
    fields.set(`${name}Score`, score);
    if (kind === 'cvss_v3') fields.set(`${name}Severity`, severityOf(score).toUpperCase());
  }
  return fields;
}

function scores3(vector: string): { version: string; base: number; temporal: number; environmental: number } | undefined {
  const version = vector.startsWith('CVSS:3.0/') ? '3.0' : '3.1';
  const make = (v: string) => (version === '3.0' ? new Cvss3P0(v) : new Cvss3P1(v));
  try {
    const scored = make(vector).calculateScores();
    // FIRST's calculators score the environment of a vector that defines none of it with every
    // requirement medium (weight 1); the calculator here scores it only when told so.
    const environmental = scored.environmental ?? make(`${vector}/CR:M/IR:M/AR:M`).calculateScores().environmental;
    if (scored.base === undefined || environmental === undefined) return undefined;
    return { version, base: scored.base, temporal: scored.temporal ?? scored.base, environmental };
  } catch {
    return undefined;
  }
}

/**
 * CVSS 2.0 scores as the BSI validator computes them, which is not as one calculator does: base and
 * temporal scores by cvss2js (floating point, so 6.65 is 6.6), the environmental score by its own
 * arithmetic (see `environmental2`).
 */
function scores2(vector: string): { version: string; base: number; temporal: number; environmental: number } {
  const given = new Map(vector.split('/').map((part) => [part.split(':')[0] ?? '', part.split(':')[1] ?? '']));
  const w = (metric: string) => V2_WEIGHTS[metric]?.[given.get(metric) ?? 'ND'] ?? 0;
  const impact = 10.41 * (1 - (1 - w('C')) * (1 - w('I')) * (1 - w('A')));
  const base = Number.parseFloat(((0.6 * impact + 0.4 * 20 * w('AV') * w('AC') * w('Au') - 1.5) * (impact === 0 ? 0 : 1.176)).toFixed(1));
  const temporal = Number.parseFloat((base * w('E') * w('RL') * w('RC')).toFixed(1));
  return { version: '2.0', base, temporal, environmental: environmental2(given) };
}

/** CVSS 2.0's weights, by metric and value (ND: not defined). */
const V2_WEIGHTS: Readonly<Record<string, Readonly<Record<string, number>>>> = {
  AV: { L: 0.395, A: 0.646, N: 1 },
  AC: { H: 0.35, M: 0.61, L: 0.71 },
  Au: { M: 0.45, S: 0.56, N: 0.704 },
  C: { N: 0, P: 0.275, C: 0.66 },
  I: { N: 0, P: 0.275, C: 0.66 },
  A: { N: 0, P: 0.275, C: 0.66 },
  E: { U: 0.85, POC: 0.9, F: 0.95, H: 1, ND: 1 },
  RL: { OF: 0.87, TF: 0.9, W: 0.95, U: 1, ND: 1 },
  RC: { UC: 0.9, UR: 0.95, C: 1, ND: 1 },
  CDP: { N: 0, L: 0.1, LM: 0.3, MH: 0.4, H: 0.5, ND: 0 },
  TD: { N: 0, L: 0.25, M: 0.75, H: 1, ND: 1 },
  CR: { L: 0.5, M: 1, H: 1.51, ND: 1 },
  IR: { L: 0.5, M: 1, H: 1.51, ND: 1 },
  AR: { L: 0.5, M: 1, H: 1.51, ND: 1 },
};

/**
 * A CVSS 2.0 environmental score, computed as the BSI validator computes it (in thousandths,
 * rounding half up): the calculator used for base and temporal scores rounds some halves down, as
 * 1.35 to 1.3. Where the vector defines no environmental metric, the validator takes the base score
 * by the same arithmetic, which is not always the base score it checks (5.5, not 5.6, for
 * AV:L/AC:H/Au:M/C:C/I:C/A:P); this follows it, so an export passes.
 */
function environmental2(given: ReadonlyMap<string, string>): number {
  const w = (metric: string) => V2_WEIGHTS[metric]?.[given.get(metric) ?? 'ND'] ?? 0;
  const milli = (x: number) => Math.round(x * 1000);
  const round1 = (x: number) => Math.round(x * 10) / 10;
  const rest = (x: number) => (1000 - milli(x)) / 1000;
  const impactOf = (c: number, i: number, a: number) => 10.41 * ((1000 - milli(rest(c) * rest(i) * rest(a))) / 1000);
  const impact = impactOf(w('C'), w('I'), w('A'));
  const exploitability = 20 * w('AC') * w('Au') * w('AV');
  const baseOf = (scoredImpact: number) => round1(((milli(0.6 * scoredImpact) + milli(0.4 * exploitability) - 1500) / 1000) * (impact > 0 ? 1.176 : 0));
  if (!['CDP', 'TD', 'CR', 'IR', 'AR'].some((m) => given.has(m))) return baseOf(impact);
  const adjustedBase = baseOf(Math.min(10, impactOf(w('C') * w('CR'), w('I') * w('IR'), w('A') * w('AR'))));
  const adjustedTemporal = round1(adjustedBase * w('E') * w('RL') * w('RC'));
  return round1(((milli(adjustedTemporal) + milli(((milli(10) - milli(adjustedTemporal)) / 1000) * w('CDP'))) / 1000) * w('TD'));
}

export interface CvssReconciled {
  /** The fields given that CVSS's JSON defines, each as given or, where it is wrong, put right. */
  readonly kept: Readonly<Record<string, CvssJsonValue>>;
  /** Each field put right: what it was given as, and what it is now. */
  readonly replaced: readonly { readonly field: string; readonly given: unknown; readonly now: CvssJsonValue }[];
  /** Fields CVSS's JSON does not define, left out. */
  readonly unknown: readonly string[];
}

/** A score object as given, checked field by field against its vector (see `cvssFields`). */
export function reconcileCvss(given: Readonly<Record<string, unknown>>, expected: ReadonlyMap<string, CvssJsonValue>): CvssReconciled {
  const kept: Record<string, CvssJsonValue> = {};
  const replaced: { field: string; given: unknown; now: CvssJsonValue }[] = [];
  const unknown: string[] = [];
  for (const [field, value] of Object.entries(given)) {
    const now = expected.get(field);
    if (now === undefined) unknown.push(field);
    else {
      kept[field] = now;
      if (value !== now) replaced.push({ field, given: value, now });
    }
  }
  return { kept, replaced, unknown };
}

/**
 * A score object as an export writes it: what is kept of it, with the version, vector and base
 * score (and severity) CSAF requires filled in where it lacks them. Undefined for a vector that does
 * not score.
 */
export function writtenCvss(kind: CvssKind, kept: Readonly<Record<string, CvssJsonValue | undefined>>): Record<string, CvssJsonValue> | undefined {
  const vector = kept.vectorString;
  const fields = typeof vector === 'string' ? cvssFields(kind, vector) : undefined;
  if (!fields) return undefined;
  const required = kind === 'cvss_v3' ? ['version', 'vectorString', 'baseScore', 'baseSeverity'] : ['version', 'vectorString', 'baseScore'];
  const out: Record<string, CvssJsonValue> = {};
  for (const field of required) out[field] = fields.get(field) ?? '';
  for (const [field, value] of Object.entries(kept)) if (value !== undefined && fields.has(field)) out[field] = fields.get(field) ?? value;
  return out;
}
