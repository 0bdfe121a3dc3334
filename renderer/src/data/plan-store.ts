import { sha256Hex } from '../../../shared/hash/sha256.js';
import type { Marking } from '../../../shared/marking/marking.js';
import { markingSchema } from '../../../shared/marking/marking-schema.js';
import { readPoam } from '../../../shared/oscal/poam-read.js';
import { writePoam } from '../../../shared/oscal/poam-write.js';
import type { PlanVersion } from '../../../shared/plans/remediation-plan.js';
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
      };
      await this.db.remediationPlans.add(version);
      await this.audit(at, 'create', 'remediation-plan', version.id, null, version);
      return ok(version);
    });
  }

  /** The version as OSCAL POA&M JSON, ready to save. */
  exportVersion(version: PlanVersion): string {
    return `${JSON.stringify(writePoam(version.content), null, 2)}\n`;
  }
}
