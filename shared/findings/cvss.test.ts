import { calculateCvss4_0_Score } from '@secvisogram/csaf-validator-lib/lib/shared/cvss4.js';
import { describe, expect, it } from 'vitest';
import { scoreCvss, scoreCvss2, severityOf } from './cvss.js';

describe('scoreCvss', () => {
  // Scores published by FIRST: the 3.1 specification's examples and the 4.0 calculator's.
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '3.1', 9.8, 'Critical'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', '3.1', 6.1, 'Medium'],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', '3.1', 0, 'None'],
    // CVSS 3.0 keeps its version: the 9.8 Critical an advisory states is not filed as a medium.
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', '3.0', 9.8, 'Critical'],
    ['CVSS:3.0/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N/E:P/RL:O', '3.0', 6.1, 'Medium'],
    ['CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', '4.0', 9.3, 'Critical'],
  ])('scores %s as %s %f (%s)', (vector, version, baseScore, severity) => {
    expect(scoreCvss(vector)).toEqual({ ok: true, score: { version, vector, baseScore, severity } });
  });

  it('refuses a vector with a base metric missing, which the calculator alone would score', () => {
    expect(scoreCvss('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H')).toEqual({
      ok: false,
      message: 'This CVSS vector lacks a base metric, has one out of order, or has a value the metric does not take.',
    });
    expect(scoreCvss('CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H').ok).toBe(false);
  });

  it('scores the base of a vector that also gives temporal, environmental or supplemental metrics', () => {
    const scored = (vector: string) => {
      const result = scoreCvss(vector);
      return result.ok ? result.score.baseScore : result.message;
    };
    expect(scored('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:P/RL:O/RC:C/CR:H/MAV:L')).toBe(9.8);
    expect(scored('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/U:Amber/R:U')).toBe(9.3);
  });

  it('refuses unknown, invalid and repeated metrics after the base ones with a message, never an exception', () => {
    const base31 = 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H';
    const base40 = 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N';
    expect(scoreCvss(`${base31}/E:Z`)).toEqual({ ok: false, message: 'In this CVSS vector, E cannot be Z; it takes X, U, P, F, H.' });
    expect(scoreCvss(`${base31}/E:p`)).toEqual({ ok: false, message: 'In this CVSS vector, E cannot be p; it takes X, U, P, F, H.' });
    expect(scoreCvss(`${base31}/XX:Y`)).toEqual({ ok: false, message: 'This CVSS vector has "XX:Y", which is not a metric of its version.' });
    expect(scoreCvss(`${base31}/AV:L`)).toEqual({ ok: false, message: 'This CVSS vector has "AV:L", which is not a metric of its version.' });
    expect(scoreCvss(`${base31}/E:P/E:H`)).toEqual({ ok: false, message: 'This CVSS vector gives E twice.' });
    expect(scoreCvss(`${base40}/RL:O`)).toEqual({ ok: false, message: 'This CVSS vector has "RL:O", which is not a metric of its version.' });
    expect(scoreCvss(`${base31}H`).ok).toBe(false);
    expect(scoreCvss(`${base31}/`).ok).toBe(false);
  });

  it('refuses what is not a CVSS 3.0, 3.1 or 4.0 vector', () => {
    expect(scoreCvss('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toEqual({ ok: false, message: 'Give a CVSS 3.0, 3.1 or 4.0 vector, starting "CVSS:3.0/", "CVSS:3.1/" or "CVSS:4.0/".' });
    expect(scoreCvss('CVSS:3.0/AV:N/AC:L').ok).toBe(false);
  });

  it('scores a CVSS 2.0 vector, which findings never take but advisories carry', () => {
    expect(scoreCvss2('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toEqual({ vector: 'AV:N/AC:L/Au:N/C:P/I:P/A:P', baseScore: 7.5 });
    expect(scoreCvss2('AV:N/AC:L/Au:N/C:C/I:C/A:C/E:F/RL:OF')?.baseScore).toBe(10);
    expect(scoreCvss2('AV:L/AC:H/Au:S/C:P/I:N/A:N')?.baseScore).toBe(1);
    expect(scoreCvss2('AV:N/AC:L')).toBeUndefined();
    expect(scoreCvss2('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')).toBeUndefined();
  });

  it('gives FIRST\'s severity bands at their edges', () => {
    expect([0, 0.1, 3.9, 4, 6.9, 7, 8.9, 9, 10].map(severityOf)).toEqual(['None', 'Low', 'Low', 'Medium', 'Medium', 'High', 'High', 'Critical', 'Critical']);
  });

  // A second, independent CVSS 4.0 implementation: the one the BSI's CSAF validator checks scores with.
  it.each([
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N',
    'CVSS:4.0/AV:L/AC:H/AT:P/PR:L/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N',
    'CVSS:4.0/AV:A/AC:L/AT:N/PR:H/UI:P/VC:N/VI:H/VA:H/SC:H/SI:H/SA:H',
    'CVSS:4.0/AV:P/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N',
  ])('scores %s as the BSI validator does', (vector) => {
    const [base] = calculateCvss4_0_Score(vector);
    const scored = scoreCvss(vector);
    expect(scored.ok && [scored.score.baseScore, scored.score.severity.toUpperCase()]).toEqual([base?.score, base?.severity]);
  });
});
