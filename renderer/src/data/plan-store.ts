import { sha256Hex } from '../../../shared/hash/sha256.js';
import type { Marking } from '../../../shared/marking/marking.js';
import { markingSchema } from '../../../shared/marking/marking-schema.js';
import { documentMarkings } from '../../../shared/export/file-marking.js';
import { declaredMarkingProblem, importedMarking } from '../../../shared/export/import-marking.js';
import { applyPlanEdit } from '../../../shared/oscal/poam-edit.js';
import type { PoamDocument } from '../../../shared/oscal/poam-document.js';
import { readPoam } from '../../../shared/oscal/poam-read.js';
import { poamForExport, writePoam } from '../../../shared/oscal/poam-write.js';
import type { Finding } from '../../../shared/findings/finding.js';
import { comparePlans } from '../../../shared/plans/plan-diff.js';
import { finishEdit } from '../../../shared/plans/plan-edit.js';
import type { PlanProblem, PlanVersion, RemediationPlanContent } from '../../../shared/plans/remediation-plan.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { AuditedStore } from './audited-store.js';

/** A finding's links to plan items as the editor left them, and the revision it started from. */
export interface FindingLinkChange {
  readonly findingId: string;
  readonly baseRevision: number;
  readonly planItemUuids: readonly string[];
}

export interface SavedPlanEdit {
  /** The new version; null when only findings' links changed. */
  readonly version: PlanVersion | null;
  readonly linksChanged: number;
}

/**
 * Remediation plans: each OSCAL plan of action and milestones imported into a packet becomes
 * the next version of its plan, in one transaction with its audit event. A file is read and
 * checked whole before anything is written. Each version keeps its OSCAL document whole, so
 * what the app does not show still goes out with every export and bundle.
 */
export class PlanStore extends AuditedStore {
  /** A packet's plan versions, oldest first. */
  listVersions(packetId: string): Promise<PlanVersion[]> {
    return this.db.remediationPlans.where('[packetId+version]').between([packetId, 0], [packetId, Number.MAX_SAFE_INTEGER]).toArray();
  }

  async importVersion(packetId: string, fileName: string, bytes: Uint8Array, marking: Marking): Promise<Result<PlanVersion>> {
    const checkedMarking = markingSchema.safeParse(marking);
    if (!checkedMarking.success) return err('invalid-input', 'Choose a valid marking for the plan.');
    const ceiling = this.ceilingProblem(checkedMarking.data);
    if (ceiling) return ceiling;
    const read = await readPoam(fileName, bytes);
    if (!read.ok) return err('invalid-input', read.message);
    // Not below the marking the document gives itself (its metadata's marking, its remarks' banner).
    const carried = documentMarkings('oscal', bytes);
    const underMarked = declaredMarkingProblem(fileName, checkedMarking.data, carried);
    if (underMarked) return err('invalid-input', underMarked, [{ path: 'marking', message: underMarked }]);
    const stored = importedMarking(checkedMarking.data, carried);
    const sha256 = await sha256Hex(bytes);
    return this.transact([this.db.remediationPlans, this.db.packets], async () => {
      if (!(await this.db.packets.get(packetId))) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      await this.requireAssigned(packetId);
      const versions = await this.listVersions(packetId);
      const same = versions.find((v) => v.source.sha256 === sha256);
      if (same) return err('conflict', `${fileName} is already version ${same.version} of this packet's plan (same SHA-256).`);
      const at = this.context.now().toISOString();
      const version: PlanVersion = {
        id: crypto.randomUUID(),
        packetId,
        version: (versions.at(-1)?.version ?? 0) + 1,
        content: read.plan,
        document: read.document,
        // What the reader could not carry is listed with what it could not follow.
        problems: [...read.problems, ...read.dropped.map((d): PlanProblem => ({ where: d.path, message: d.why }))],
        source: { fileName, size: bytes.length, sha256 },
        marking: stored,
        importedAt: at,
        editedFrom: null,
      };
      await this.db.remediationPlans.add(version);
      await this.audit(at, 'create', 'remediation-plan', version.id, null, version);
      return ok(version);
    });
  }

  /**
   * Saves the reviewers' edit of the latest version as the next version, and the changed links of
   * findings to its items, in one transaction. The edit is applied to the base version's OSCAL
   * document, so everything else in it stays, and the result is read back first: whatever the
   * reader would refuse is refused here, and so is a reference the edit would break, so every
   * version can be exported. A change to links alone changes the findings and makes no new version.
   */
  async saveEdit(packetId: string, baseVersionId: string, edited: RemediationPlanContent, linkChanges: readonly FindingLinkChange[], reason: string): Promise<Result<SavedPlanEdit>> {
    const base = await this.db.remediationPlans.get(baseVersionId);
    if (base?.packetId !== packetId) return err('not-found', 'The plan version you edited no longer exists.');
    const finished = finishEdit(base.content, edited, reason, { now: this.context.now(), newUuid: () => crypto.randomUUID() });
    if (!finished.ok) return err('invalid-input', finished.message, [{ path: 'reason', message: finished.message }]);
    const fileName = `edited from version ${base.version}`;
    const document = applyPlanEdit(documentOf(base), base.content, finished.content);
    const bytes = new TextEncoder().encode(`${JSON.stringify(document, null, 2)}\n`);
    const read = await readPoam(fileName, bytes);
    if (!read.ok) return err('invalid-input', `The edited plan is not valid OSCAL: ${read.message.replace(`${fileName}: `, '')}`);
    // The references the base could not follow stay as they were (or go with their items); an edit
    // adds none. The base's are read again from its document, as the edit's are: what its file gave
    // twice is gone from both, so it cannot stand in for a reference the edit breaks.
    const before = await readPoam(fileName, new TextEncoder().encode(JSON.stringify(documentOf(base))));
    const known = new Set(before.ok ? before.problems.map((p) => problemKey(documentOf(base), base.content, p)) : []);
    const problem = read.problems.find((p) => !known.has(problemKey(read.document, read.plan, p)));
    if (problem) return err('invalid-input', `The edited plan has a problem at ${problem.where}: ${problem.message}`);
    const sha256 = await sha256Hex(bytes);
    const planChanged = comparePlans(base.content, read.plan).length > 0;
    const itemUuids = new Set((planChanged ? read.plan : base.content).items.map((item) => item.uuid));
    return this.transact<SavedPlanEdit>([this.db.remediationPlans, this.db.packets, this.db.findings], async () => {
      if (!(await this.db.packets.get(packetId))) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      await this.requireAssigned(packetId);
      const latest = (await this.listVersions(packetId)).at(-1);
      if (latest?.id !== base.id) {
        return err('conflict', `Version ${latest?.version ?? '?'} of the plan was added while you edited version ${base.version}; edit the latest version instead, so its changes are not lost.`);
      }
      const findings: Finding[] = [];
      for (const change of linkChanges) {
        const finding = await this.db.findings.get(change.findingId);
        if (finding?.packetId !== packetId) return err('not-found', 'A finding whose links you changed no longer exists in this packet.');
        if (finding.revision !== change.baseRevision) return err('conflict', `The finding "${finding.title}" was changed elsewhere while you edited; close the editor and open it again to see the change.`);
        const stray = change.planItemUuids.find((uuid) => !itemUuids.has(uuid));
        if (stray !== undefined) return err('invalid-input', `The finding "${finding.title}" is linked to an item (${stray}) that is not in the plan.`);
        findings.push(finding);
      }
      if (!planChanged && findings.length === 0) return err('invalid-input', 'Nothing was changed, so no new version was made.');
      const at = this.context.now().toISOString();
      let version: PlanVersion | null = null;
      if (planChanged) {
        version = {
          id: crypto.randomUUID(),
          packetId,
          version: base.version + 1,
          content: read.plan,
          document: read.document,
          problems: read.problems,
          source: { fileName, size: bytes.length, sha256 },
          marking: base.marking,
          importedAt: at,
          editedFrom: base.version,
        };
        await this.db.remediationPlans.add(version);
        await this.audit(at, 'create', 'remediation-plan', version.id, null, version, reason.trim() === '' ? `Edited from version ${base.version}.` : reason);
      }
      for (const [index, finding] of findings.entries()) {
        const planItemUuids = [...(linkChanges[index]?.planItemUuids ?? [])];
        const updated: Finding = { ...finding, planItemUuids, updatedAt: at, revision: finding.revision + 1 };
        await this.db.findings.put(updated);
        await this.audit(at, 'update', 'finding', finding.id, finding, updated, `Linked to the items of plan version ${version?.version ?? base.version}.`);
      }
      return ok({ version, linksChanged: findings.length });
    });
  }

  /**
   * The version as an OSCAL 1.1.2 POA&M document, for the export gateway to mark and save: its own
   * document, every field as it is, dated now; a version stored before versions kept their
   * documents is written from its plan, as it always was.
   */
  exportVersion(version: PlanVersion): PoamDocument {
    return version.document === null ? writePoam(version.content) : poamForExport(version.document, this.context.now(), version.content.items.map((item) => item.uuid));
  }
}

/**
 * What a problem is about, wherever it is: the risk or item that holds the link (by its UUID), the
 * kind of link, and what it points at. An edit that removes an earlier item moves a problem, and one
 * that renames its item rewords it; neither makes it a new one.
 */
function problemKey(document: PoamDocument, plan: RemediationPlanContent, problem: PlanProblem): string {
  const [root, list, index, field, at, key] = problem.where.split('/').slice(1);
  const poam = document['plan-of-action-and-milestones'];
  const owners = list === 'risks' ? plan.risks : list === 'poam-items' ? plan.items : undefined;
  const owner = owners?.[Number(index)]?.uuid;
  const links = list === undefined || field === undefined ? undefined : (poam[list] as readonly Record<string, unknown>[] | undefined)?.[Number(index)]?.[field];
  const target = Array.isArray(links) && key !== undefined ? (links[Number(at)] as Record<string, unknown> | undefined)?.[key] : undefined;
  return root === 'plan-of-action-and-milestones' && owner !== undefined && typeof target === 'string' ? `${list}/${owner}/${field}/${target.toLowerCase()}` : `${problem.where}\n${problem.message}`;
}

/** The document a version's edit applies to: its own, or for an older version, the one its plan writes. */
function documentOf(version: PlanVersion): PoamDocument {
  return version.document ?? writePoam(version.content);
}
