import { readCsaf, type CsafProblem } from '../../../shared/csaf/csaf-read.js';
import { documentMarkings } from '../../../shared/export/file-marking.js';
import { declaredMarkingProblem, importedMarking } from '../../../shared/export/import-marking.js';
import { scoreCvss } from '../../../shared/findings/cvss.js';
import { joinReports } from '../../../shared/findings/join-reports.js';
import type { Dropped } from '../../../shared/import/dropped.js';
import { sha256Hex } from '../../../shared/hash/sha256.js';
import { markingSchema } from '../../../shared/marking/marking-schema.js';
import {
  compareSeverity,
  dedupKeyOf,
  evidenceKey,
  SETTLED_STATUSES,
  type Evidence,
  findingFieldsSchema,
  type Finding,
  type FindingFields,
} from '../../../shared/findings/finding.js';
import { commingle, type Marking } from '../../../shared/marking/marking.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { AuditedStore } from './audited-store.js';

export interface CsafImport {
  readonly trackingId: string;
  readonly created: number;
  readonly merged: number;
  /** Notes on what was read (a severity left for a reviewer to judge, a vulnerability listed twice). */
  readonly problems: readonly CsafProblem[];
  /** What in the advisory did not come across, each with a JSON pointer into the file and why. */
  readonly dropped: readonly Dropped[];
}

export interface SavedFinding {
  readonly finding: Finding;
  /** True when the report matched an existing finding and was merged into it. */
  readonly merged: boolean;
}

/**
 * A packet's findings. The same issue reported twice (the same dedup key) is merged into the
 * finding already recorded: evidence, products (under every status) with what their advisories
 * said, and plan links are joined, the higher marking kept, and the second report's description
 * appended with whatever it said differently (its title, CVSS vector or CWE), so a reader sees both
 * reports. A report of an issue whose finding is closed or accepted is refused (unless it says the
 * issue is settled too, as a VEX statement that every product is fixed does): it needs someone to
 * reopen that finding, not a silent merge.
 */
export class FindingStore extends AuditedStore {
  list(packetId: string): Promise<Finding[]> {
    return this.db.findings.where('packetId').equals(packetId).toArray();
  }

  check(input: unknown): Result<FindingFields> {
    return this.checkMarked(findingFieldsSchema, input, 'The finding is not valid.');
  }

  async create(packetId: string, input: unknown): Promise<Result<SavedFinding>> {
    const fields = this.check(input);
    if (!fields.ok) return fields;
    return this.transact<SavedFinding>([this.db.findings, this.db.packets, this.db.benchmarkRuns, this.db.remediationPlans], async () => {
      if (!(await this.db.packets.get(packetId))) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      await this.requireAssigned(packetId);
      return this.record(packetId, fields.value, this.context.now().toISOString());
    });
  }

  /**
   * Imports the vulnerabilities of a CSAF 2.0 advisory as findings, all or none, each with the
   * advisory file as evidence and merged into a finding of the same issue where there is one. A
   * vulnerability the advisory lists twice is one finding already (the reader joins them).
   */
  async importCsaf(packetId: string, fileName: string, bytes: Uint8Array, marking: Marking): Promise<Result<CsafImport>> {
    const checkedMarking = markingSchema.safeParse(marking);
    if (!checkedMarking.success) return err('invalid-input', 'Choose a valid marking for the findings.');
    const ceiling = this.ceilingProblem(checkedMarking.data);
    if (ceiling) return ceiling;
    const read = readCsaf(fileName, bytes);
    if (!read.ok) return err('invalid-input', read.message);
    // Not below the marking the advisory gives itself (its distribution statement, its title's portion mark).
    const carried = documentMarkings('csaf', bytes);
    const underMarked = declaredMarkingProblem(fileName, checkedMarking.data, carried);
    if (underMarked) return err('invalid-input', underMarked, [{ path: 'marking', message: underMarked }]);
    const stored = importedMarking(checkedMarking.data, carried);
    const evidence: Evidence = { kind: 'file', fileName, size: bytes.length, sha256: await sha256Hex(bytes) };
    const all: FindingFields[] = [];
    for (const finding of read.findings) {
      const fields = this.check({ ...finding, evidence: [evidence], marking: stored });
      if (!fields.ok) return err('invalid-input', `${fileName}: "${finding.title}" cannot be a finding: ${fields.error.message}`);
      all.push(fields.value);
    }
    return this.transact<CsafImport>([this.db.findings, this.db.packets, this.db.benchmarkRuns, this.db.remediationPlans], async () => {
      if (!(await this.db.packets.get(packetId))) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      await this.requireAssigned(packetId);
      const already = (await this.list(packetId)).find((f) => f.evidence.some((e) => e.kind === 'file' && e.sha256 === evidence.sha256));
      if (already) return err('conflict', `${fileName} was already imported into this packet (same SHA-256; it is evidence of "${already.title}").`);
      const at = this.context.now().toISOString();
      const reason = `Imported from CSAF advisory ${read.trackingId} (${fileName}).`;
      let merged = 0;
      for (const fields of all) {
        const saved = await this.record(packetId, fields, at, reason);
        if (!saved.ok) return err(saved.error.code, `${fileName}: "${fields.title}": ${saved.error.message}`);
        if (saved.value.merged) merged += 1;
      }
      return ok({ trackingId: read.trackingId, created: all.length - merged, merged, problems: read.problems, dropped: read.dropped });
    });
  }

  /** Records a finding, or merges it into the finding of the same issue; inside a transaction. */
  private async record(packetId: string, fields: FindingFields, at: string, reason?: string): Promise<Result<SavedFinding>> {
    const links = await this.linkProblem(packetId, fields);
    if (links) return links;
    const dedupKey = dedupKeyOf(fields);
    const existing = await this.db.findings.where('[packetId+dedupKey]').equals([packetId, dedupKey]).first();
    if (existing) {
      // A report that the issue is settled too (all fixed or not affected) may join a settled finding.
      if (SETTLED_STATUSES.has(existing.status) && !SETTLED_STATUSES.has(fields.status)) {
        return err('conflict', `This is the same issue as the finding "${existing.title}", which is ${existing.status}. Reopen that finding (with the reason) to add this report to it.`);
      }
      const merged = mergeReport(existing, fields, at);
      // The joined record must still be one the form could save (lengths, list sizes).
      const valid = this.check(merged);
      if (!valid.ok) return err('invalid-input', `Merging this report into "${existing.title}" would make it too large to keep: ${valid.error.message}`);
      await this.db.findings.put(merged);
      await this.audit(at, 'update', 'finding', merged.id, existing, merged, `Merged a further report of the same issue ("${fields.title}").${reason === undefined ? '' : ` ${reason}`}`);
      return ok({ finding: merged, merged: true });
    }
    const finding: Finding = { ...fields, id: crypto.randomUUID(), packetId, dedupKey, cvss: scoreOf(fields), reports: 1, createdAt: at, updatedAt: at, revision: 1 };
    await this.db.findings.add(finding);
    await this.audit(at, 'create', 'finding', finding.id, null, finding, reason);
    return ok({ finding, merged: false });
  }

  /**
   * Saves an edit made from `baseRevision`. A change of status needs a reason, as OSCAL's risk
   * log keeps one; an edit that would make this finding the same issue as another is refused.
   */
  async update(id: string, baseRevision: number, input: unknown, reason?: string): Promise<Result<Finding>> {
    const fields = this.check(input);
    if (!fields.ok) return fields;
    return this.transact([this.db.findings, this.db.packets, this.db.benchmarkRuns, this.db.remediationPlans], async () => {
      const current = await this.db.findings.get(id);
      if (!current) return err('not-found', 'This finding no longer exists; it may have been deleted in another window.');
      await this.requireAssigned(current.packetId);
      if (current.revision !== baseRevision) return err('conflict', 'This finding was changed elsewhere after you opened it; reopen it to see the change.');
      const statusChanged = current.status !== fields.value.status;
      if (statusChanged && (reason ?? '').trim() === '') {
        return err('invalid-input', `Say why the status moves from "${current.status}" to "${fields.value.status}".`, [{ path: 'reason', message: 'A change of status needs a reason.' }]);
      }
      const links = await this.linkProblem(current.packetId, fields.value, current.evidence);
      if (links) return links;
      const dedupKey = dedupKeyOf(fields.value);
      const twin = await this.db.findings.where('[packetId+dedupKey]').equals([current.packetId, dedupKey]).first();
      if (twin && twin.id !== id) return err('conflict', `This edit makes the finding the same issue as "${twin.title}". Edit that finding instead, or delete one of them.`);
      const at = this.context.now().toISOString();
      const updated: Finding = { ...current, ...fields.value, dedupKey, cvss: scoreOf(fields.value), updatedAt: at, revision: current.revision + 1 };
      await this.db.findings.put(updated);
      await this.audit(at, statusChanged ? 'status-change' : 'update', 'finding', id, current, updated, reason);
      return ok(updated);
    });
  }

  /** Deletes a finding; comments about it stay in the discussion, about the packet as a whole. */
  delete(id: string, reason?: string): Promise<Result<void>> {
    return this.transact([this.db.findings, this.db.packets, this.db.comments], async () => {
      const current = await this.db.findings.get(id);
      if (!current) return err('not-found', 'This finding no longer exists.');
      await this.requireAssigned(current.packetId);
      const at = this.context.now().toISOString();
      await this.db.findings.delete(id);
      await this.audit(at, 'delete', 'finding', id, current, null, reason);
      for (const comment of await this.db.comments.where('packetId').equals(current.packetId).filter((c) => c.findingId === id).toArray()) {
        const detached = { ...comment, findingId: null };
        await this.db.comments.put(detached);
        await this.audit(at, 'update', 'comment', comment.id, comment, detached, `The finding it was about, "${current.title}", was deleted.`);
      }
      return ok(undefined);
    });
  }

  /**
   * New evidence must be this packet's runs, and plan links this packet's plan items. Evidence
   * already on the finding stays valid when its run is deleted, so the finding can still be edited.
   */
  private async linkProblem(packetId: string, fields: FindingFields, kept: readonly Evidence[] = []): Promise<Result<never> | undefined> {
    const keptKeys = new Set(kept.map(evidenceKey));
    const runIds = [...new Set(fields.evidence.flatMap((e) => (e.kind === 'run' && !keptKeys.has(evidenceKey(e)) ? [e.runId] : [])))];
    const runs = await this.db.benchmarkRuns.bulkGet(runIds);
    const strayRun = runIds.find((_, index) => runs[index]?.packetId !== packetId);
    if (strayRun !== undefined) return err('invalid-input', 'A benchmark run given as evidence is not in this packet (it may have been deleted).', [{ path: 'evidence', message: `No run ${strayRun} in this packet.` }]);
    if (fields.planItemUuids.length > 0) {
      const versions = await this.db.remediationPlans.where('packetId').equals(packetId).toArray();
      const known = new Set(versions.flatMap((v) => v.content.items.map((item) => item.uuid)));
      const stray = fields.planItemUuids.find((uuid) => !known.has(uuid));
      if (stray !== undefined) return err('invalid-input', 'A plan item linked to this finding is in no version of this packet\'s plan.', [{ path: 'planItemUuids', message: `No plan item ${stray}.` }]);
    }
    return undefined;
  }
}

export function scoreOf(fields: FindingFields): Finding['cvss'] {
  if (fields.cvssVector === null) return null;
  const scored = scoreCvss(fields.cvssVector);
  return scored.ok ? scored.score : null;
}

function unionBy<T>(first: readonly T[], second: readonly T[], key: (item: T) => string): T[] {
  const byKey = new Map<string, T>();
  for (const item of [...first, ...second]) if (!byKey.has(key(item))) byKey.set(key(item), item);
  return [...byKey.values()];
}

/** A further report of an existing finding, joined into it. */
function mergeReport(existing: Finding, report: FindingFields, at: string): Finding {
  // A scored finding keeps its vector; an unscored one takes the report's, or the higher severity.
  const scoring =
    existing.cvssVector !== null
      ? { cvssVector: existing.cvssVector, cvss: existing.cvss, severity: existing.severity }
      : report.cvssVector !== null
        ? { cvssVector: report.cvssVector, cvss: scoreOf(report), severity: report.severity }
        : { cvssVector: null, cvss: null, severity: compareSeverity(report.severity, existing.severity) > 0 ? report.severity : existing.severity };
  const differences = [
    report.title === existing.title ? '' : ` as "${report.title}"`,
    report.cvssVector !== null && report.cvssVector !== scoring.cvssVector ? ` with CVSS ${report.cvssVector}` : '',
    report.cwe !== null && report.cwe !== existing.cwe && existing.cwe !== null ? ` as ${report.cwe}` : '',
  ].join('');
  const description =
    report.description === existing.description && differences === '' ? existing.description : `${existing.description}\n\nAlso reported (${at.slice(0, 10)})${differences}: ${report.description}`;
  return {
    ...existing,
    ...scoring,
    description,
    cwe: existing.cwe ?? report.cwe,
    likelihood: existing.likelihood ?? report.likelihood,
    impact: existing.impact ?? report.impact,
    // Products under every status either report gives, and everything their advisories said.
    ...joinReports(existing, report),
    evidence: unionBy(existing.evidence, report.evidence, evidenceKey),
    planItemUuids: [...new Set([...existing.planItemUuids, ...report.planItemUuids])],
    // Merging never lowers a marking: the finding now holds what both reports said.
    marking: commingle([existing.marking, report.marking]),
    reports: existing.reports + 1,
    updatedAt: at,
    revision: existing.revision + 1,
  };
}
