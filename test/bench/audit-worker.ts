import { createHash } from 'node:crypto';
import { sha256 } from '@noble/hashes/sha2.js';
import type { AuditEventInput } from '../../shared/audit/audit-event.js';
import { EMPTY_FRONTIER, eventLeafBytes, historySigner, sealEvent, verifyHistory, type SealedEvent } from '../../shared/audit/history.js';

/**
 * The review history at scale, in a process of its own (a million events need a larger heap than a
 * test runner has): appends N events exactly as the data layer seals each one (canonical JSON, leaf,
 * tree frontier, signed checkpoint), verifies them as the integrity panel does, and hashes the same
 * bytes with SHA-256 alone, the floor under any verification.
 *   audit <events>
 * Prints one JSON line of timings.
 */

const key = { origin: 'frontier-review/workstation-bench', seed: '5f'.repeat(32) };
const statuses = ['draft', 'in-review', 'findings-open', 'remediation', 'closed'] as const;

/** An edit like the ones reviewers make all day: a packet's status or a finding's fields, with a reason. */
function eventAt(i: number): AuditEventInput {
  const packet = `packet-${(i % 500).toString().padStart(4, '0')}`;
  const status = statuses[i % statuses.length] ?? 'draft';
  const next = statuses[(i + 1) % statuses.length] ?? 'draft';
  const at = new Date(Date.UTC(2026, 5, 2) + i * 1000).toISOString();
  return i % 3 === 0
    ? { at, actor: 'Dana Lead', role: 'team-lead', action: 'update', entityType: 'packet', entityId: packet, before: { status, revision: i, notes: 'Benchmark access window confirmed with the developer.' }, after: { status: next, revision: i + 1, notes: 'Benchmark access window confirmed with the developer.' }, reason: 'Moved on after the weekly review.' }
    : { at, actor: 'Riley Reviewer', role: 'reviewer', action: 'update', entityType: 'finding', entityId: `finding-${i}`, before: { title: 'Sandbox escape through tool output', severity: 'high', cvss: 8.1 }, after: { title: 'Sandbox escape through tool output', severity: 'critical', cvss: 9.3 } };
}

function main(): void {
  const count = Number(process.argv[2] ?? 1_000_000);
  const events: SealedEvent[] = new Array<SealedEvent>(count);
  let frontier = EMPTY_FRONTIER;

  // Appending, as AuditedStore.audit does per change (the signer is made from the key each time).
  let sealMs = 0;
  let worstMs = 0;
  for (let i = 0; i < count; i++) {
    const event = eventAt(i);
    const start = performance.now();
    const sealed = sealEvent(event, frontier, key.origin, historySigner(key));
    const ms = performance.now() - start;
    sealMs += ms;
    if (ms > worstMs) worstMs = ms;
    frontier = sealed.frontier;
    events[i] = { ...event, seq: i + 1, ...sealed.seal };
  }

  let start = performance.now();
  const verdict = verifyHistory(events, key.origin, historySigner(key));
  const verifyMs = performance.now() - start;
  if (!verdict.ok) throw new Error(`The untouched history did not verify: ${verdict.reason}`);

  // The floor: SHA-256 of the same bytes, once with the hash verification uses, once with OpenSSL's.
  const bytes = events.map((e) => eventLeafBytes(e));
  start = performance.now();
  for (const b of bytes) sha256(b);
  const nobleMs = performance.now() - start;
  start = performance.now();
  for (const b of bytes) createHash('sha256').update(b).digest();
  const nativeMs = performance.now() - start;
  const totalBytes = bytes.reduce((sum, b) => sum + b.length, 0);

  process.stdout.write(`${JSON.stringify({ count, totalBytes, sealMs, worstMs, verifyMs, nobleMs, nativeMs, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

main();
