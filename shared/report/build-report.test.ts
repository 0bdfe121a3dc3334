import { describe, expect, it } from 'vitest';
import { accuracy, benchmarkRun } from '../../test/fixtures/benchmark-runs.js';
import { storedFinding } from '../../test/fixtures/findings.js';
import { SAMPLE_PACKET_FIELDS, cybenchThreshold } from '../../test/fixtures/review-data.js';
import { covers } from '../marking/coverage.js';
import { bannerText, marking, portionMark, UNCLASSIFIED, type Marking } from '../marking/marking.js';
import type { Packet } from '../packet/packet.js';
import type { PlanVersion, RemediationPlanContent } from '../plans/remediation-plan.js';
import type { Threshold } from '../thresholds/threshold.js';
import { buildReport, type ReportInputs } from './build-report.js';

const U = UNCLASSIFIED;
const C = marking('CONFIDENTIAL');
const S_NF = marking('SECRET', { dissemination: ['NOFORN'] });
const TS = marking('TOP SECRET');

const packet: Packet = { ...SAMPLE_PACKET_FIELDS, marking: U, id: 'packet-1', modelId: 'example/atlas', createdAt: '2026-11-10T00:00:00Z', updatedAt: '2026-11-10T00:00:00Z', revision: 1, assignees: [] };
const threshold = (id: string, m: Marking, fields = {}): Threshold => ({ ...cybenchThreshold(fields), marking: m, id, createdAt: '', updatedAt: '', revision: 1 });
const content = (status: string): RemediationPlanContent => ({
  documentUuid: 'd',
  title: 'Plan',
  version: '1',
  lastModified: '2026-11-20T00:00:00Z',
  oscalVersion: '1.1.2',
  systemId: null,
  systemIdType: null,
  observations: [],
  risks: [{ uuid: 'r1', title: 'Exploit generation', description: '', statement: '', status, likelihood: null, impact: null, facetSystem: null, judgedBy: [], deadline: null, mitigatingFactors: [], remediations: [], riskLog: [], relatedObservations: [] }],
  items: [{ uuid: 'i1', title: 'Item', description: '', relatedObservations: [], relatedRisks: ['r1'], owner: null }],
});
const plan = (version: number, m: Marking, status: string): PlanVersion => ({ id: `plan-${version}`, packetId: 'packet-1', version, content: content(status), document: null, problems: [], source: { fileName: `plan-v${version}.json`, size: 1, sha256: String(version).repeat(64) }, marking: m, importedAt: '', editedFrom: null });

function inputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    reportId: 'r',
    version: 1,
    now: new Date('2026-11-22T10:00:00Z'),
    today: '2026-11-22',
    createdBy: { name: 'Dana Lead', principal: 'dana@cisa', role: 'Team lead' },
    reviewers: [],
    packet,
    runs: [
      { run: benchmarkRun({ id: 'dev', marking: U, provenance: 'developer-reported', metrics: [accuracy(0.3, 0.05)] }), index: null },
      { run: benchmarkRun({ id: 'gov', marking: U, provenance: 'government-reproduced', metrics: [accuracy(0.6, 0.05)] }), index: null },
    ],
    thresholds: [],
    findings: [],
    plans: [],
    changes: [],
    checkpoint: null,
    markingBlocks: [],
    ...overrides,
  };
}

/** Every part and row with its marking, where the report says it. */
function portions(report: ReturnType<typeof buildReport>) {
  const parts = [report.cover, report.determination, report.reproduction, report.findings, report.remediation, report.provenance];
  return [...parts, ...report.determination.thresholds, ...report.reproduction.rows, ...report.findings.rows];
}

describe('the review report drawn from a packet', () => {
  it('marks each part with what it shows, and the report with the highest of them', () => {
    const report = buildReport(inputs());
    expect(report.reproduction.rows).toMatchObject([{ benchmark: 'cybench', difference: expect.closeTo(0.3, 9) as number, method: 'unpaired', disagree: true, proportion: true }]);
    expect(report.reproduction.portion).toBe('(U)');
    expect(report.banner).toBe('UNCLASSIFIED');
    for (const p of portions(report)) expect(p.portion).toBe(portionMark(p.marking));
  });

  it('marks the figure with the thresholds it draws, not only the runs it plots', () => {
    const report = buildReport(inputs({ thresholds: [threshold('t', S_NF, { value: 0.5 })] }));
    // The chart draws the SECRET//NOFORN threshold's line across the unclassified runs.
    expect(report.reproduction.rows[0]?.portion).toBe('(S//NF)');
    expect(report.reproduction.portion).toBe('(S//NF)');
    expect(report.banner).toBe('SECRET//NOFORN');
  });

  it('marks a threshold row with the runs it could not use, which its reason names', () => {
    const failed = benchmarkRun({ id: 'failed', marking: TS, status: 'error', provenance: 'government-reproduced' });
    const report = buildReport(inputs({ runs: [{ run: failed, index: null }], thresholds: [threshold('t', U)] }));
    expect(report.determination.thresholds[0]).toMatchObject({ state: 'unusable-evidence', portion: '(TS)' });
    expect(report.determination.outcome).toBe('undetermined');
  });

  it('marks the remediation part with the first plan version its slips and status moves are read from', () => {
    const report = buildReport(inputs({ plans: [plan(1, C, 'open'), plan(2, U, 'remediating')] }));
    expect(report.remediation.statusMoves).toEqual([{ title: 'Exploit generation', before: 'open', after: 'remediating' }]);
    expect(report.remediation.portion).toBe('(C)');
  });

  it('never marks a part below the packet, nor the report below a part', () => {
    const finding = storedFinding({ title: 'Exploit chaining', marking: S_NF });
    const report = buildReport(inputs({ packet: { ...packet, marking: C }, findings: [{ ...finding, packetId: 'packet-1' }], plans: [plan(1, U, 'open')] }));
    for (const p of portions(report)) {
      expect(covers(p.marking, C), p.portion).toBe(true);
      expect(covers(report.marking, p.marking), p.portion).toBe(true);
    }
    expect(report.findings.rows[0]?.portion).toBe('(S//NF)');
    expect(report.remediation.unanswered.map((u) => u.title)).toEqual(['Exploit chaining']);
    expect(bannerText(report.marking)).toBe('SECRET//NOFORN');
  });
});
