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

// The base metrics, every one present and in FIRST's order; other metric groups may follow.
const MORE = '(/[A-Za-z]+:[A-Za-z])*$';
const CVSS_31 = new RegExp(`^CVSS:3\\.1/AV:[NALP]/AC:[LH]/PR:[NLH]/UI:[NR]/S:[UC]/C:[NLH]/I:[NLH]/A:[NLH]${MORE}`);
const CVSS_40 = new RegExp(`^CVSS:4\\.0/AV:[NALP]/AC:[LH]/AT:[NP]/PR:[NLH]/UI:[NPA]/VC:[HLN]/VI:[HLN]/VA:[HLN]/SC:[HLN]/SI:[HLN]/SA:[HLN]${MORE}`);

export function scoreCvss(vector: string): CvssResult {
  const trimmed = vector.trim();
  let version: CvssScore['version'];
  let baseScore: number | undefined;
  if (CVSS_31.test(trimmed)) {
    version = '3.1';
    baseScore = new Cvss3P1(trimmed).calculateScores().base;
  } else if (CVSS_40.test(trimmed)) {
    version = '4.0';
    baseScore = new Cvss4P0(trimmed).calculateScores().base;
  } else {
    return {
      ok: false,
      message: /^CVSS:(3\.1|4\.0)\//.test(trimmed)
        ? 'This CVSS vector lacks a base metric, has one out of order, or has a value the metric does not take.'
        : 'Give a CVSS 3.1 or 4.0 vector, starting "CVSS:3.1/" or "CVSS:4.0/".',
    };
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
