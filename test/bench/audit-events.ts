import canonicalize from 'canonicalize';
import type { AuditEventInput, JsonValue } from '../../shared/audit/audit-event.js';
import { marking } from '../../shared/marking/marking.js';

/**
 * The review history the audit benchmark verifies: edits like the ones reviewers make all day (a
 * packet's status, a finding's severity), each record carrying its marking as packets and findings
 * do. Written straight out as RFC 8785 JSON, a million of them in seconds; `canonicalText` is
 * checked against the canonicalize package for the first few thousand before a run uses it.
 */

const statuses = ['draft', 'in-review', 'findings-open', 'remediation', 'closed'] as const;
const CUI = canonicalize(marking('CUI', { cuiCategories: ['SP-PROPIN'] })) ?? '';
const SECRET = canonicalize(marking('SECRET', { dissemination: ['NOFORN'] })) ?? '';
const NOTES = 'Benchmark access window confirmed with the developer.';

function at(i: number): string {
  return new Date(Date.UTC(2026, 5, 2) + i * 1000).toISOString();
}

export function benchEvent(i: number): AuditEventInput {
  const packet = `packet-${(i % 500).toString().padStart(4, '0')}`;
  const status = statuses[i % statuses.length] ?? 'draft';
  const next = statuses[(i + 1) % statuses.length] ?? 'draft';
  const cui = marking('CUI', { cuiCategories: ['SP-PROPIN'] }) as unknown as JsonValue;
  const secret = marking('SECRET', { dissemination: ['NOFORN'] }) as unknown as JsonValue;
  return i % 3 === 0
    ? { at: at(i), actor: 'Dana Lead', role: 'team-lead', action: 'update', entityType: 'packet', entityId: packet, before: { marking: cui, notes: NOTES, revision: i, status }, after: { marking: cui, notes: NOTES, revision: i + 1, status: next }, reason: 'Moved on after the weekly review.' }
    : { at: at(i), actor: 'Riley Reviewer', role: 'reviewer', action: 'update', entityType: 'finding', entityId: `finding-${i}`, before: { cvss: 8.1, marking: secret, packetId: packet, severity: 'high', title: 'Sandbox escape through tool output' }, after: { cvss: 9.3, marking: secret, packetId: packet, severity: 'critical', title: 'Sandbox escape through tool output' } };
}

/** Event `i`'s canonical JSON, written out directly (keys in RFC 8785 order). */
export function canonicalText(i: number): string {
  const packet = `packet-${(i % 500).toString().padStart(4, '0')}`;
  const status = statuses[i % statuses.length] ?? 'draft';
  const next = statuses[(i + 1) % statuses.length] ?? 'draft';
  return i % 3 === 0
    ? `{"action":"update","actor":"Dana Lead","after":{"marking":${CUI},"notes":"${NOTES}","revision":${i + 1},"status":"${next}"},"at":"${at(i)}","before":{"marking":${CUI},"notes":"${NOTES}","revision":${i},"status":"${status}"},"entityId":"${packet}","entityType":"packet","reason":"Moved on after the weekly review.","role":"team-lead"}`
    : `{"action":"update","actor":"Riley Reviewer","after":{"cvss":9.3,"marking":${SECRET},"packetId":"${packet}","severity":"critical","title":"Sandbox escape through tool output"},"at":"${at(i)}","before":{"cvss":8.1,"marking":${SECRET},"packetId":"${packet}","severity":"high","title":"Sandbox escape through tool output"},"entityId":"finding-${i}","entityType":"finding","role":"reviewer"}`;
}

/** Throws unless the text written out is the canonical JSON of the event, for the first `count`. */
export function checkCanonicalText(count = 3000): void {
  for (let i = 0; i < count; i++) {
    if (canonicalText(i) !== canonicalize(benchEvent(i))) throw new Error(`The benchmark's event ${i} is not written out as RFC 8785 JSON.`);
  }
}
