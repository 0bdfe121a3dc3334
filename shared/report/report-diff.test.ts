import { describe, expect, it } from 'vitest';
import { sampleReport } from '../../test/fixtures/report/sample-report.js';
import { diffReports } from './report-diff.js';

describe('what changed between two versions of a report', () => {
  const first = sampleReport();
  const [threshold] = first.determination.thresholds;
  if (!threshold) throw new Error('The sample has a threshold.');

  it('says nothing changed when nothing did', () => {
    expect(diffReports(first, sampleReport({ version: 2 }))).toEqual([]);
  });

  it('names the outcome and the threshold whose evidence moved', () => {
    const later = sampleReport({ determination: { ...first.determination, outcome: 'not-covered', outcomeLabel: 'Not covered', thresholds: [{ ...threshold, state: 'not-crossed', crossed: false, evidence: threshold.evidence && { ...threshold.evidence, value: 0.41, stderr: 0.05 } }] } });
    expect(diffReports(first, later)).toEqual([
      { area: 'Determination', what: 'Outcome', before: 'Covered', after: 'Not covered' },
      { area: 'Determination', what: 'Threshold inspect_evals/cybench includes/accuracy ≥ 0.5', before: 'crossed (0.62 ± 0.04)', after: 'not crossed (0.41 ± 0.05)' },
    ]);
  });

  it('names the plan version, findings it leaves unanswered and deviation requests that changed', () => {
    const later = sampleReport({ remediation: { ...first.remediation, plan: first.remediation.plan && { ...first.remediation.plan, version: 3, versionLabel: '1.2' }, unanswered: [{ findingId: 'f-1', title: 'Writes working exploits for known CVEs', reason: 'No plan item answers it.' }], openDeviations: [{ title: 'Exploit generation', status: 'deviation-requested' }] } });
    expect(diffReports(first, later).map((c) => `${c.what}: ${c.before} → ${c.after}`)).toEqual([
      'Plan: version 2 (1.1) → version 3 (1.2)',
      'Findings no plan item answers: none → Writes working exploits for known CVEs',
      'Open deviation requests: none → Exploit generation',
    ]);
  });
});
