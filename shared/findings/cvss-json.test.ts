import * as mandatoryTests from '@secvisogram/csaf-validator-lib/mandatoryTests.js';
import { describe, expect, it } from 'vitest';
import { cvssFields, type CvssKind } from './cvss-json.js';

/** What CSAF's mandatory tests 6.1.9 (scores computed) and 6.1.10 (metrics as the vector says) find wrong with one score object. */
function failures(kind: CvssKind, score: unknown): string[] {
  const document = { vulnerabilities: [{ scores: [{ [kind]: score }] }] };
  return ['mandatoryTest_6_1_9', 'mandatoryTest_6_1_10'].flatMap((name) => {
    const test = mandatoryTests[name];
    if (!test) throw new Error(`The validator has no ${name}`);
    const result = test(document) as { readonly errors: readonly { readonly instancePath: string }[] };
    return result.errors.map((e) => `${name} ${e.instancePath}`);
  });
}

/** A small deterministic generator, so every run checks the same vectors. */
function* random(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    yield state / 2 ** 31;
  }
}

const V3_BASE = [['AV', 'NALP'], ['AC', 'LH'], ['PR', 'NLH'], ['UI', 'NR'], ['S', 'UC'], ['C', 'NLH'], ['I', 'NLH'], ['A', 'NLH']] as const;
const V3_OTHER = [['E', 'XUPFH'], ['RL', 'XOTWU'], ['RC', 'XURC'], ['CR', 'XLMH'], ['IR', 'XLMH'], ['AR', 'XLMH'], ['MAV', 'XNALP'], ['MAC', 'XLH'], ['MPR', 'XNLH'], ['MUI', 'XNR'], ['MS', 'XUC'], ['MC', 'XNLH'], ['MI', 'XNLH'], ['MA', 'XNLH']] as const;
const V2_BASE = [['AV', ['L', 'A', 'N']], ['AC', ['H', 'M', 'L']], ['Au', ['M', 'S', 'N']], ['C', ['N', 'P', 'C']], ['I', ['N', 'P', 'C']], ['A', ['N', 'P', 'C']]] as const;
const V2_OTHER = [['E', ['U', 'POC', 'F', 'H', 'ND']], ['RL', ['OF', 'TF', 'W', 'U', 'ND']], ['RC', ['UC', 'UR', 'C', 'ND']], ['CDP', ['N', 'L', 'LM', 'MH', 'H', 'ND']], ['TD', ['N', 'L', 'M', 'H', 'ND']], ['CR', ['L', 'M', 'H', 'ND']], ['IR', ['L', 'M', 'H', 'ND']], ['AR', ['L', 'M', 'H', 'ND']]] as const;

function vectors(count: number, seed: number, prefix: string, base: readonly (readonly [string, string | readonly string[]])[], other: readonly (readonly [string, string | readonly string[]])[]): string[] {
  const next = random(seed);
  const pick = <T,>(values: ArrayLike<T>): T => values[Math.floor((next.next().value ?? 0) * values.length)] as T;
  return Array.from({ length: count }, (_, i) => {
    // A third with base metrics only, a third with some of the others, a third with all of them.
    const extra = i % 3 === 0 ? [] : other.filter(() => i % 3 === 2 || (next.next().value ?? 0) < 0.5);
    return [prefix, ...[...base, ...extra].map(([metric, values]) => `${metric}:${pick(values)}`)].filter((part) => part !== '').join('/');
  });
}

describe('CVSS scores as CSAF holds them', () => {
  it.each([
    ['3.0', 'cvss_v3', vectors(400, 7, 'CVSS:3.0', V3_BASE, V3_OTHER)],
    ['3.1', 'cvss_v3', vectors(400, 11, 'CVSS:3.1', V3_BASE, V3_OTHER)],
    ['2.0', 'cvss_v2', vectors(400, 13, '', V2_BASE, V2_OTHER)],
  ] as const)('spells out every CVSS %s field of a vector exactly as the BSI validator computes it: scores, severities and metrics', (_version, kind, list) => {
    for (const vector of list) {
      const fields = cvssFields(kind, vector);
      expect(fields, vector).toBeDefined();
      expect(failures(kind, Object.fromEntries(fields ?? [])), vector).toEqual([]);
    }
  });

  it('catches a score, a severity or a metric that says other than the vector', () => {
    const fields = Object.fromEntries(cvssFields('cvss_v3', 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:H/I:N/A:L/E:F') ?? []);
    expect(fields).toMatchObject({ baseScore: 6.1, baseSeverity: 'MEDIUM', temporalScore: 6, exploitCodeMaturity: 'FUNCTIONAL', remediationLevel: 'NOT_DEFINED' });
    expect(failures('cvss_v3', { ...fields, baseScore: 1, temporalSeverity: 'LOW', attackVector: 'NETWORK' })).toEqual([
      'mandatoryTest_6_1_9 /vulnerabilities/0/scores/0/cvss_v3/baseScore',
      'mandatoryTest_6_1_9 /vulnerabilities/0/scores/0/cvss_v3/temporalSeverity',
      'mandatoryTest_6_1_10 /vulnerabilities/0/scores/0/cvss_v3/attackVector',
    ]);
  });
});
