import { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';

/**
 * CVSS base scores for findings that are software vulnerabilities, computed from the vector with
 * ae-cvss-calculator (which follows FIRST's reference calculators for 3.0, 3.1 and 4.0). The vector
 * is checked here first: the calculator scores partial vectors without complaint. CVSS 3.0 is kept
 * as 3.0 (CSAF 2.0 advisories carry both 3.0 and 3.1 vectors); its base score is computed by 3.0's
 * own rules, which round differently from 3.1's in a few cases.
 */

export type CvssSeverity = 'None' | 'Low' | 'Medium' | 'High' | 'Critical';

export interface CvssScore {
  readonly version: '3.0' | '3.1' | '4.0';
  readonly vector: string;
  readonly baseScore: number;
  readonly severity: CvssSeverity;
}

export type CvssResult = { readonly ok: true; readonly score: CvssScore } | { readonly ok: false; readonly message: string };

// The base metrics, every one present and in FIRST's order.
const CVSS_3X_BASE = /^CVSS:3\.[01]\/AV:[NALP]\/AC:[LH]\/PR:[NLH]\/UI:[NR]\/S:[UC]\/C:[NLH]\/I:[NLH]\/A:[NLH]/;
const CVSS_40_BASE = /^CVSS:4\.0\/AV:[NALP]\/AC:[LH]\/AT:[NP]\/PR:[NLH]\/UI:[NPA]\/VC:[HLN]\/VI:[HLN]\/VA:[HLN]\/SC:[HLN]\/SI:[HLN]\/SA:[HLN]/;

/** The metrics other than base each version defines, with the values each takes (X: not defined). */
const CVSS_3X_OTHER: Readonly<Record<string, readonly string[]>> = {
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
const CVSS_20_OTHER: Readonly<Record<string, readonly string[]>> = {
  E: ['U', 'POC', 'F', 'H', 'ND'],
  RL: ['OF', 'TF', 'W', 'U', 'ND'],
  RC: ['UC', 'UR', 'C', 'ND'],
  CDP: ['N', 'L', 'LM', 'MH', 'H', 'ND'],
  TD: ['N', 'L', 'M', 'H', 'ND'],
  CR: ['L', 'M', 'H', 'ND'],
  IR: ['L', 'M', 'H', 'ND'],
  AR: ['L', 'M', 'H', 'ND'],
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
  const base3 = CVSS_3X_BASE.exec(trimmed);
  const base40 = CVSS_40_BASE.exec(trimmed);
  const version: CvssScore['version'] | undefined = base3 ? (trimmed.startsWith('CVSS:3.0/') ? '3.0' : '3.1') : base40 ? '4.0' : undefined;
  const base = base3 ?? base40;
  if (version === undefined || !base) {
    return { ok: false, message: /^CVSS:(3\.0|3\.1|4\.0)\//.test(trimmed) ? PARTIAL : 'Give a CVSS 3.0, 3.1 or 4.0 vector, starting "CVSS:3.0/", "CVSS:3.1/" or "CVSS:4.0/".' };
  }
  const problem = otherMetricsProblem(trimmed.slice(base[0].length), version === '4.0' ? CVSS_40_OTHER : CVSS_3X_OTHER);
  if (problem !== undefined) return { ok: false, message: problem };
  let baseScore: number | undefined;
  try {
    const calculator = version === '3.0' ? new Cvss3P0(trimmed) : version === '3.1' ? new Cvss3P1(trimmed) : new Cvss4P0(trimmed);
    baseScore = calculator.calculateScores().base;
  } catch {
    // Checked above, so this should not happen; a message beats a crash if the calculator disagrees.
    return { ok: false, message: 'This CVSS vector could not be scored.' };
  }
  if (baseScore === undefined || Number.isNaN(baseScore)) return { ok: false, message: 'This CVSS vector could not be scored.' };
  return { ok: true, score: { version, vector: trimmed, baseScore, severity: severityOf(baseScore) } };
}

/**
 * A CVSS 2.0 vector (as CSAF 2.0's `cvss_v2` holds it) checked and given its base score; undefined
 * when it is not a complete 2.0 vector. Findings are never scored by 2.0; advisories that carry it
 * keep it for the export.
 */
export function scoreCvss2(vector: string): { readonly vector: string; readonly baseScore: number } | undefined {
  const trimmed = vector.trim();
  const base = /^AV:[LAN]\/AC:[HML]\/Au:[MSN]\/C:[NPC]\/I:[NPC]\/A:[NPC]/.exec(trimmed);
  if (!base || otherMetricsProblem(trimmed.slice(base[0].length), CVSS_20_OTHER) !== undefined) return undefined;
  try {
    const baseScore = new Cvss2(trimmed).calculateScores().base;
    return baseScore === undefined || Number.isNaN(baseScore) ? undefined : { vector: trimmed, baseScore };
  } catch {
    return undefined;
  }
}

/** FIRST's qualitative severity bands, the same for CVSS 3.0, 3.1 and 4.0. */
export function severityOf(score: number): CvssSeverity {
  if (score === 0) return 'None';
  if (score < 4) return 'Low';
  if (score < 7) return 'Medium';
  if (score < 9) return 'High';
  return 'Critical';
}
