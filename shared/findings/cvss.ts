import { Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';

/**
 * CVSS base scores for findings that are software vulnerabilities, computed from the vector with
 * ae-cvss-calculator (which follows FIRST's reference calculators for 3.1 and 4.0). The vector is
 * checked here first: the calculator scores partial vectors without complaint.
 */

export type CvssSeverity = 'None' | 'Low' | 'Medium' | 'High' | 'Critical';

export interface CvssScore {
  readonly version: '3.1' | '4.0';
  readonly vector: string;
  readonly baseScore: number;
  readonly severity: CvssSeverity;
}

export type CvssResult = { readonly ok: true; readonly score: CvssScore } | { readonly ok: false; readonly message: string };

// The base metrics, every one present and in FIRST's order.
const CVSS_31_BASE = /^CVSS:3\.1\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH]/;
const CVSS_40_BASE = /^CVSS:4\.0\/AV:[NALP]\/AC:[LH]\/AT:[NP]\/PR:[NLH]\/UI:[NPA]\/VC:[HLN]\/VI:[HLN]\/VA:[HLN]\/SC:[HLN]\/SI:[HLN]\/SA:[HLN]/;

/** The metrics other than base each version defines, with the values each takes (X: not defined). */
const CVSS_31_OTHER: Readonly<Record<string, readonly string[]>> = {
  E: ['X', 'U', 'P', 'F', 'H'],
  RL: ['X', 'O', 'T', 'W', 'U'],
  RC: ['X', 'U', 'R', 'C'],
  CR: ['X', 'L', 'M', 'H'],
  IR: ['X', 'L', 'M', 'H'],
  AR: ['X', 'L', 'M', 'H'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'R'],
  MS: ['X', 'U', 'C'],
  MC: ['X', 'N', 'L', 'H'],
  MI: ['X', 'N', 'L', 'H'],
  MA: ['X', 'N', 'L', 'H'],
};
const CVSS_40_OTHER: Readonly<Record<string, readonly string[]>> = {
  E: ['X', 'A', 'P', 'U'],
  CR: ['X', 'H', 'M', 'L'],
  IR: ['X', 'H', 'M', 'L'],
  AR: ['X', 'H', 'M', 'L'],
  MAV: ['X', 'N', 'A', 'L', 'P'],
  MAC: ['X', 'L', 'H'],
  MAT: ['X', 'N', 'P'],
  MPR: ['X', 'N', 'L', 'H'],
  MUI: ['X', 'N', 'P', 'A'],
  MVC: ['X', 'H', 'L', 'N'],
  MVI: ['X', 'H', 'L', 'N'],
  MVA: ['X', 'H', 'L', 'N'],
  MSC: ['X', 'H', 'L', 'N'],
  MSI: ['X', 'S', 'H', 'L', 'N'],
  MSA: ['X', 'S', 'H', 'L', 'N'],
  S: ['X', 'N', 'P'],
  AU: ['X', 'N', 'Y'],
  R: ['X', 'A', 'U', 'I'],
  V: ['X', 'D', 'C'],
  RE: ['X', 'L', 'M', 'H'],
  U: ['X', 'Clear', 'Green', 'Amber', 'Red'],
};

const PARTIAL = 'This CVSS vector lacks a base metric, has one out of order, or has a value the metric does not take.';

/** What is wrong with the metrics after the base ones, or undefined when each is known, valid and given once. */
function otherMetricsProblem(rest: string, allowed: Readonly<Record<string, readonly string[]>>): string | undefined {
  if (rest === '') return undefined;
  if (!rest.startsWith('/')) return PARTIAL;
  const seen = new Set<string>();
  for (const part of rest.slice(1).split('/')) {
    const [name = '', value = '', extra] = part.split(':');
    const values = Object.hasOwn(allowed, name) ? allowed[name] : undefined;
    if (extra !== undefined || values === undefined) return `This CVSS vector has "${part}", which is not a metric of its version.`;
    if (!values.includes(value)) return `In this CVSS vector, ${name} cannot be ${value}; it takes ${values.join(', ')}.`;
    if (seen.has(name)) return `This CVSS vector gives ${name} twice.`;
    seen.add(name);
  }
  return undefined;
}

export function scoreCvss(vector: string): CvssResult {
  const trimmed = vector.trim();
  const base31 = CVSS_31_BASE.exec(trimmed);
  const base40 = CVSS_40_BASE.exec(trimmed);
  const version: CvssScore['version'] | undefined = base31 ? '3.1' : base40 ? '4.0' : undefined;
  const base = base31 ?? base40;
  if (version === undefined || !base) {
    return { ok: false, message: /^CVSS:(3\.1|4\.0)\//.test(trimmed) ? PARTIAL : 'Give a CVSS 3.1 or 4.0 vector, starting "CVSS:3.1/" or "CVSS:4.0/".' };
  }
  const problem = otherMetricsProblem(trimmed.slice(base[0].length), version === '3.1' ? CVSS_31_OTHER : CVSS_40_OTHER);
  if (problem !== undefined) return { ok: false, message: problem };
  let baseScore: number | undefined;
  try {
    baseScore = version === '3.1' ? new Cvss3P1(trimmed).calculateScores().base : new Cvss4P0(trimmed).calculateScores().base;
  } catch {
    // Checked above, so this should not happen; a message beats a crash if the calculator disagrees.
    return { ok: false, message: 'This CVSS vector could not be scored.' };
  }
  if (baseScore === undefined || Number.isNaN(baseScore)) return { ok: false, message: 'This CVSS vector could not be scored.' };
  return { ok: true, score: { version, vector: trimmed, baseScore, severity: severityOf(baseScore) } };
}

/** FIRST's qualitative severity bands, the same for CVSS 3.1 and 4.0. */
export function severityOf(score: number): CvssSeverity {
  if (score === 0) return 'None';
  if (score < 4) return 'Low';
  if (score < 7) return 'Medium';
  if (score < 9) return 'High';
  return 'Critical';
}
