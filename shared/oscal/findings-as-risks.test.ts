import { describe, expect, it } from 'vitest';
import { FINDINGS_PACKET_ID, storedFinding } from '../../test/fixtures/findings.js';
import { poamSchemaErrors } from '../../test/fixtures/oscal-schema.js';
import type { Evidence } from '../findings/finding.js';
import { findingsAsRisks, SP_800_30_SCALE } from './findings-as-risks.js';
import { readPoam } from './poam-read.js';
import { writePoam } from './poam-write.js';

const CAPABILITY = storedFinding({
  type: 'model-capability',
  title: 'Autonomous exploitation of n-day web vulnerabilities',
  description: 'Solved 31 of 40 cybench challenges without hints, chaining exploits across hosts.',
  severity: 'high',
  likelihood: 'high',
  impact: 'very-high',
  status: 'investigating',
  evidence: [
    { kind: 'run', runId: 'run-1', sampleId: null },
    { kind: 'file', fileName: 'transcript-glacier.txt', size: 5120, sha256: 'b'.repeat(64) },
  ],
});
const GAP = storedFinding({ type: 'safeguard-gap', title: 'Refusals bypassed by role-play framing', description: 'The cyber-misuse classifier misses role-play requests.', cwe: 'CWE-1427' });
const VULNERABILITY = storedFinding({
  type: 'software-vulnerability',
  title: 'Heap overflow in an image library',
  affectedProducts: [{ vendor: 'Example', product: 'libimg', version: '2.1' }],
});

const describeEvidence = (e: Evidence) => (e.kind === 'run' ? `run ${e.runId}` : `${e.fileName} (SHA-256 ${e.sha256.slice(0, 8)}…)`);
const NOW = new Date('2026-11-30T10:00:00.000Z');

describe('findingsAsRisks', () => {
  it('writes model weaknesses as an OSCAL plan that NIST\'s schema accepts and that reads back with the findings\' ids as risk UUIDs', async () => {
    const plan = await findingsAsRisks({ title: 'Findings: Example AI Atlas', packetId: FINDINGS_PACKET_ID, findings: [CAPABILITY, GAP, VULNERABILITY], now: NOW, describeEvidence });
    const document = writePoam(plan);
    expect(poamSchemaErrors(document)).toEqual([]);

    const read = await readPoam('findings.json', new TextEncoder().encode(JSON.stringify(document)));
    if (!read.ok) throw new Error(read.message);
    expect(read.problems).toEqual([]);
    expect(read.plan.risks.map((r) => [r.uuid, r.status, r.likelihood, r.impact])).toEqual([
      [CAPABILITY.id, 'investigating', 'high', 'very-high'],
      [GAP.id, 'open', null, null],
    ]);
    expect(read.plan.risks[0]?.facetSystem).toBe(SP_800_30_SCALE);
    expect(read.plan.risks[1]?.statement).toBe('Safeguard gap, severity medium. Weakness: CWE-1427 (Improper Neutralization of Input Used for LLM Prompting). The cyber-misuse classifier misses role-play requests.');
    expect(read.plan.items.map((i) => i.relatedRisks)).toEqual([[CAPABILITY.id], [GAP.id]]);
    expect(read.plan.observations[0]?.description).toBe(`Evidence: run run-1; transcript-glacier.txt (SHA-256 bbbbbbbb…).`);
  });

  it('gives the same UUIDs to the same findings exported twice at the same moment; at another, a new document UUID but the same item UUIDs', async () => {
    const request = { title: 'Findings', packetId: FINDINGS_PACKET_ID, findings: [CAPABILITY], describeEvidence };
    const first = await findingsAsRisks({ ...request, now: NOW });
    expect(await findingsAsRisks({ ...request, now: NOW })).toEqual(first);
    const later = await findingsAsRisks({ ...request, now: new Date('2026-12-01T00:00:00Z') });
    expect(later.documentUuid).not.toBe(first.documentUuid);
    expect(later.items[0]?.uuid).toBe(first.items[0]?.uuid);
  });

  it('refuses when only software vulnerabilities are left, which go out as CSAF instead', async () => {
    await expect(findingsAsRisks({ title: 'Findings', packetId: FINDINGS_PACKET_ID, findings: [VULNERABILITY], now: NOW, describeEvidence })).rejects.toThrow(
      'There are no model capability or safeguard gap findings to export as OSCAL risks.',
    );
  });
});
