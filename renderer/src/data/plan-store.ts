import { sha256Hex } from '../../../shared/hash/sha256.js';
import type { Marking } from '../../../shared/marking/marking.js';
import { markingSchema } from '../../../shared/marking/marking-schema.js';
import { readPoam } from '../../../shared/oscal/poam-read.js';
import { writePoam } from '../../../shared/oscal/poam-write.js';
import type { Finding } from '../../../shared/findings/finding.js';
import { comparePlans } from '../../../shared/plans/plan-diff.js';
import { finishEdit } from '../../../shared/plans/plan-edit.js';
import type { PlanVersion, RemediationPlanContent } from '../../../shared/plans/remediation-plan.js';
import { err, ok, type Result } from '../../../shared/result/result.js';
import { AuditedStore } from './audited-store.js';

/**
 * Remediation plans: each OSCAL plan of action and milestones imported into a packet becomes
 * the next version of its plan, in one transaction with its audit event. A file is read and
 * checked whole before anything is written.
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
    const sha256 = await sha256Hex(bytes);
    return this.transact([this.db.remediationPlans, this.db.packets], async () => {
      if (!(await this.db.packets.get(packetId))) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      const versions = await this.listVersions(packetId);
      const same = versions.find((v) => v.source.sha256 === sha256);
      if (same) return err('conflict', `${fileName} is already version ${same.version} of this packet's plan (same SHA-256).`);
      const at = this.context.now().toISOString();
      const version: PlanVersion = {
        id: crypto.randomUUID(),
        packetId,
        version: (versions.at(-1)?.version ?? 0) + 1,
        content: read.plan,
        problems: read.problems,
        source: { fileName, size: bytes.length, sha256 },
        marking: checkedMarking.data,
        importedAt: at,
        editedFrom: null,
      };
      await this.db.remediationPlans.add(version);
      await this.audit(at, 'create', 'remediation-plan', version.id, null, version);
      return ok(version);
    });
  }

  /**
   * Saves the reviewers' edit of the latest version as the next version, and the links of
   * findings to its items, in one transaction. The edit is written as OSCAL and read back first:
   * whatever the reader would refuse or report is refused here, so every version can be exported.
   */
  async saveEdit(
    packetId: string,
    baseVersionId: string,
    edited: RemediationPlanContent,
    findingLinks: ReadonlyMap<string, readonly string[]>,
    reason: string,
  ): Promise<Result<PlanVersion>> {
    const base = await this.db.remediationPlans.get(baseVersionId);
    if (base?.packetId !== packetId) return err('not-found', 'The plan version you edited no longer exists.');
    const finished = finishEdit(base.content, edited, reason, { now: this.context.now(), newUuid: () => crypto.randomUUID() });
    if (!finished.ok) return err('invalid-input', finished.message, [{ path: 'reason', message: finished.message }]);
    const fileName = `edited from version ${base.version}`;
    const bytes = new TextEncoder().encode(`${JSON.stringify(writePoam(finished.content), null, 2)}\n`);
    const read = await readPoam(fileName, bytes);
    if (!read.ok) return err('invalid-input', `The edited plan is not valid OSCAL: ${read.message.replace(`${fileName}: `, '')}`);
    const problem = read.problems[0];
    if (problem) return err('invalid-input', `The edited plan has a problem at ${problem.where}: ${problem.message}`);
    const sha256 = await sha256Hex(bytes);
    const itemUuids = new Set(read.plan.items.map((item) => item.uuid));
    return this.transact([this.db.remediationPlans, this.db.packets, this.db.findings], async () => {
      if (!(await this.db.packets.get(packetId))) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      const latest = (await this.listVersions(packetId)).at(-1);
      if (latest?.id !== base.id) {
        return err('conflict', `Version ${latest?.version ?? '?'} of the plan was added while you edited version ${base.version}; edit the latest version instead, so its changes are not lost.`);
      }
      const changedLinks: Finding[] = [];
      for (const [findingId, uuids] of findingLinks) {
        const finding = await this.db.findings.get(findingId);
        if (finding?.packetId !== packetId) return err('not-found', 'A finding you linked no longer exists in this packet.');
        const stray = uuids.find((uuid) => !itemUuids.has(uuid));
        if (stray !== undefined) return err('invalid-input', `A finding is linked to an item (${stray}) that is not in the edited plan.`);
        if ([...uuids].sort().join() !== [...finding.planItemUuids].sort().join()) changedLinks.push(finding);
      }
      if (comparePlans(base.content, read.plan).length === 0 && changedLinks.length === 0) return err('invalid-input', 'Nothing was changed, so no new version was made.');
      const at = this.context.now().toISOString();
      const version: PlanVersion = {
        id: crypto.randomUUID(),
        packetId,
        version: base.version + 1,
        content: read.plan,
        problems: [],
        source: { fileName, size: bytes.length, sha256 },
        marking: base.marking,
        importedAt: at,
        editedFrom: base.version,
      };
      const why = reason.trim() === '' ? undefined : reason;
      await this.db.remediationPlans.add(version);
      await this.audit(at, 'create', 'remediation-plan', version.id, null, version, why ?? `Edited from version ${base.version}.`);
      for (const finding of changedLinks) {
        const updated: Finding = { ...finding, planItemUuids: [...(findingLinks.get(finding.id) ?? [])], updatedAt: at, revision: finding.revision + 1 };
        await this.db.findings.put(updated);
        await this.audit(at, 'update', 'finding', finding.id, finding, updated, `Linked to the items of plan version ${version.version}.`);
      }
      return ok(version);
    });
  }

  /** The version as OSCAL POA&M JSON, ready to save. */
  exportVersion(version: PlanVersion): string {
    return `${JSON.stringify(writePoam(version.content), null, 2)}\n`;
  }
}
