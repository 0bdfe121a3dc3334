import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import Dexie from 'dexie';
import { checkpointNote } from '../../../shared/audit/history.js';
import { ownMarking } from '../../../shared/audit/history-view.js';
import { packetsOfEvent } from '../../../shared/audit/log-export.js';
import { formatVerifierKey } from '../../../shared/audit/signed-note.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { ROLE_LABELS } from '../../../shared/identity/profile.js';
import type { Marking } from '../../../shared/marking/marking.js';
import { buildReport, type PacketChange, type ReportPerson } from '../../../shared/report/build-report.js';
import { diffReports, type ReportChange } from '../../../shared/report/report-diff.js';
import type { ReviewReport } from '../../../shared/report/review-report.js';
import type { StoredReport } from '../../../shared/report/stored-report.js';
import { fromStoredIndex } from '../../../shared/results/sample-index.js';
import { AuditedStore, type StoreContext } from './audited-store.js';
import type { ReviewDatabase } from './database.js';
import type { ExportedRecord } from './export-gateway.js';
import { storedVerifier } from './history-log.js';
import { HISTORY_KEY_ID } from './schema.js';

/** The authority block and CUI designation indicator of a document of these records, a line each (the export gateway's). */
export type MarkingBlocksOf = (records: readonly ExportedRecord[], marking: Marking) => Promise<readonly string[]>;

/**
 * Review reports: a team lead makes one for a packet from everything the workstation holds of it,
 * and each report made again is the next version; nothing of an earlier version changes. The
 * report, its version and the history's signed checkpoint are read and written in one transaction
 * with the audit event, so the checkpoint is the history exactly as the report was drawn from it.
 */
export class ReportStore extends AuditedStore {
  constructor(
    db: ReviewDatabase,
    context: StoreContext,
    private readonly markingBlocksOf: MarkingBlocksOf,
  ) {
    super(db, context);
  }

  /** The packet's report versions, oldest first. */
  versions(packetId: string): Promise<StoredReport[]> {
    return this.db.reviewReports.where('[packetId+version]').between([packetId, 0], [packetId, Number.MAX_SAFE_INTEGER]).toArray();
  }

  /** What changed from one version to the next: determination, findings and plan status. */
  changes(before: StoredReport, after: StoredReport): ReportChange[] {
    return diffReports(before.report, after.report);
  }

  async make(packetId: string): Promise<Result<StoredReport>> {
    const db = this.db;
    const tables = [db.reviewReports, db.packets, db.benchmarkRuns, db.sampleIndexes, db.thresholds, db.findings, db.remediationPlans, db.profiles];
    return this.transact(
      tables,
      async () => {
        const packet = await db.packets.get(packetId);
        if (!packet) return err('not-found', 'The packet no longer exists: there is nothing to report on.');
        const runs = await db.benchmarkRuns.where('packetId').equals(packetId).sortBy('importedAt');
        const compared = await Promise.all(runs.map(async (run) => ({ run, index: run.sourceKind === 'results-table' ? null : await db.sampleIndexes.get(run.id).then((s) => (s ? fromStoredIndex(s) : null)) })));
        const findings = await db.findings.where('packetId').equals(packetId).sortBy('createdAt');
        const plans = await db.remediationPlans.where('packetId').equals(packetId).sortBy('version');
        const previous = (await this.versions(packetId)).at(-1);
        const now = this.context.now();
        const inputs = {
          reportId: previous?.reportId ?? crypto.randomUUID(),
          version: (previous?.version ?? 0) + 1,
          now,
          today: localDate(now),
          createdBy: await this.creator(),
          reviewers: await this.reviewers(packet.assignees),
          packet,
          runs: compared,
          thresholds: await db.thresholds.toArray(),
          findings,
          plans,
          changes: await this.changesTo(packet.id),
          checkpoint: await this.checkpoint(),
          markingBlocks: [],
        };
        const drawn = buildReport(inputs);
        // The blocks name the packet and the findings that carry their own authority, as every file's do.
        const records: ExportedRecord[] = [{ type: 'packet', id: packet.id, marking: packet.marking }, ...findings.map((f) => ({ type: 'finding', id: f.id, marking: f.marking }))];
        const report: ReviewReport = { ...drawn, cover: { ...drawn.cover, markingBlocks: [...(await this.markingBlocksOf(records, drawn.marking))] } };
        const stored: StoredReport = {
          id: crypto.randomUUID(),
          reportId: report.reportId,
          packetId,
          version: report.version,
          createdAt: report.createdAt,
          createdBy: this.context.actor(),
          marking: report.marking,
          report,
          sha256: reportSha256(report),
          outputs: [],
        };
        await db.reviewReports.add(stored);
        const summary = { packetId, reportId: stored.reportId, version: stored.version, marking: stored.marking, outcome: report.determination.outcome, findings: report.findings.rows.length, sha256: stored.sha256, checkpoint: report.provenance.checkpoint && { treeSize: report.provenance.checkpoint.treeSize, rootHash: report.provenance.checkpoint.rootHash } };
        await this.audit(report.createdAt, 'create', 'review-report', stored.id, null, summary, previous ? `Version ${stored.version}, made again after version ${previous.version}.` : undefined);
        return ok(stored);
      },
      'make-reports',
    );
  }

  private async creator(): Promise<ReportPerson> {
    const profile = await this.actingProfile();
    return profile ? { name: profile.name, principal: profile.principal, role: ROLE_LABELS[profile.role] } : { name: this.context.actor(), principal: '', role: 'Workstation user' };
  }

  private async reviewers(principals: readonly string[]): Promise<ReportPerson[]> {
    const profiles = await this.db.profiles.where('principal').anyOf([...principals]).toArray();
    return principals.map((principal) => {
      const p = profiles.find((x) => x.principal === principal);
      return { name: p?.name ?? principal, principal, role: p ? ROLE_LABELS[p.role] : 'Reviewer' };
    });
  }

  /**
   * Who changed the packet and its records, from the history's events about them: records deleted
   * since count too, so the events of each kind of record a packet holds are read and kept where
   * they name the packet (the history's own rule, packetsOfEvent).
   */
  private async changesTo(packetId: string): Promise<PacketChange[]> {
    const changes: PacketChange[] = [];
    for (const type of PACKET_RECORDS) {
      await this.db.auditEvents
        .where('[entityType+entityId]')
        .between([type, Dexie.minKey], [type, Dexie.maxKey])
        .each((e) => {
          if (e.entityId === packetId || packetsOfEvent(e).includes(packetId)) changes.push({ actor: e.actor, role: e.role, at: e.at, marking: ownMarking(e) });
        });
    }
    return changes;
  }

  /** The signed head of the history as it stands: the checkpoint of its last event. */
  private async checkpoint(): Promise<ReviewReport['provenance']['checkpoint']> {
    const verifier = storedVerifier(await this.db.historySeal.get(HISTORY_KEY_ID));
    const head = await this.db.auditEvents.orderBy('seq').last();
    if (!verifier || !head) return null;
    return { origin: verifier.name, treeSize: head.seq, rootHash: head.root, note: checkpointNote(verifier.name, head.seq, head, verifier.name), verifierKey: formatVerifierKey(verifier) };
  }
}

/** The kinds of record a packet holds, whose events say who changed it. */
const PACKET_RECORDS = ['packet', 'benchmark-run', 'finding', 'remediation-plan', 'comment', 'attachment'] as const;

/** SHA-256 of the report's canonical JSON (RFC 8785), hex. */
export function reportSha256(report: ReviewReport): string {
  return bytesToHex(sha256(new TextEncoder().encode(canonicalize(report) ?? '')));
}

/** The workstation's calendar day. */
function localDate(now: Date): string {
  const local = new Date(now.getTime() - now.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}
