import canonicalize from 'canonicalize';
import type { BundleManifest } from '../../../shared/bundle/bundle-manifest.js';
import { REVIEW_CONTENT_FORMAT, type BundledFinding, type BundledPacket, type ReviewContent } from '../../../shared/bundle/review-content.js';
import { dedupKeyOf, type Finding } from '../../../shared/findings/finding.js';
import type { Packet } from '../../../shared/packet/packet.js';
import { err, ok, type Result } from '../../../shared/result/result.js';
import { AuditedStore } from './audited-store.js';
import { scoreOf } from './finding-store.js';

/** One record of a bundle against this workstation: new here, the same as here, or different. */
export interface PlannedRecord {
  readonly kind: 'packet' | 'finding';
  readonly id: string;
  readonly label: string;
  readonly status: 'add' | 'same' | 'conflict';
  /** This workstation's record, for a conflict. */
  readonly mine: BundledPacket | BundledFinding | null;
  readonly theirs: BundledPacket | BundledFinding;
}

export interface ImportPlan {
  readonly records: readonly PlannedRecord[];
  readonly adds: number;
  readonly same: number;
  readonly conflicts: readonly PlannedRecord[];
}

/** For a conflict, the reviewer's choice: keep this workstation's record, or take the bundle's. */
export type Resolution = 'mine' | 'theirs';

export interface ImportOutcome {
  readonly added: number;
  readonly replaced: number;
  readonly kept: number;
}

function asBundledPacket(p: Packet): BundledPacket {
  return p;
}

function asBundledFinding(f: Finding): BundledFinding {
  const { dedupKey: _key, cvss: _cvss, ...rest } = f;
  return rest;
}

/**
 * The same record on both sides: the same content, whatever each workstation numbered its
 * revisions (each counts its own edits, so the numbers say nothing across workstations).
 */
function same(a: object, b: object): boolean {
  const content = (o: object) => {
    const { revision: _r, updatedAt: _u, ...rest } = o as { revision?: unknown; updatedAt?: unknown };
    // Canonical JSON (RFC 8785): nested records and lists compare in full, in a fixed key order.
    return canonicalize(rest);
  };
  return content(a) === content(b);
}

export const recordKey = (r: Pick<PlannedRecord, 'kind' | 'id'>): string => `${r.kind}:${r.id}`;

/**
 * What review bundles take from and bring to the database: the content of the packets exported,
 * and the merge of a verified bundle, in one transaction, never overwriting a record the
 * reviewer did not choose to replace.
 */
export class BundleStore extends AuditedStore {
  /** The chosen packets with their models, findings and history, as a bundle carries them. */
  async contentFor(packetIds: readonly string[]): Promise<Result<ReviewContent>> {
    const packets = (await this.db.packets.bulkGet([...packetIds])).filter((p) => p !== undefined);
    if (packets.length !== packetIds.length) return err('not-found', 'A packet chosen for the bundle no longer exists.');
    const models = (await this.db.models.bulkGet([...new Set(packets.map((p) => p.modelId))])).filter((m) => m !== undefined);
    const findings = await this.db.findings.where('packetId').anyOf([...packetIds]).toArray();
    const ids = new Set<string>([...packetIds, ...findings.map((f) => f.id), ...models.map((m) => m.id)]);
    const history = (await this.db.auditEvents.orderBy('seq').toArray()).filter((e) => ids.has(e.entityId)).map(({ seq, at, actor, role, action, entityType, entityId, before, after, reason }) => ({ seq, at, actor, ...(role ? { role } : {}), action, entityType, entityId, before, after, ...(reason === undefined ? {} : { reason }) }));
    return ok({ format: REVIEW_CONTENT_FORMAT, version: 1, packets: packets.map(asBundledPacket), models, findings: findings.map(asBundledFinding), history });
  }

  /** Why the one acting may not sign and export a bundle, asked before anything is made or saved. */
  async exportProblem(): Promise<string | undefined> {
    const refused = await this.permissionProblem('sign-bundles');
    return refused && !refused.ok ? refused.error.message : undefined;
  }

  /** Records that a team lead signed and exported these packets: one event for the bundle, one per packet. */
  async recordExport(manifest: BundleManifest, packetIds: readonly string[], fileName: string): Promise<Result<void>> {
    return this.transact(
      [this.db.packets],
      async () => {
        const at = this.context.now().toISOString();
        const summary = { bundleId: manifest.bundleId, fileName, recipients: manifest.recipients.map((r) => r.label), packets: [...packetIds], exporterFingerprint: manifest.exporter.fingerprint };
        await this.audit(at, 'export', 'bundle', manifest.bundleId, null, summary);
        for (const id of packetIds) await this.audit(at, 'export', 'packet', id, null, { bundleId: manifest.bundleId, fileName });
        return ok(undefined);
      },
      'sign-bundles',
    );
  }

  async seenBundleIds(): Promise<Set<string>> {
    return new Set(await this.db.importedBundles.toCollection().primaryKeys());
  }

  /**
   * Why this workstation may not even show the bundle's content: a record marked above its system
   * high. Asked before anything of the content is on screen.
   */
  contentAboveCeiling(content: ReviewContent): Result<never> | undefined {
    for (const record of [...content.packets, ...content.findings]) {
      const above = this.ceilingProblem(record.marking);
      if (above && !above.ok) return err('forbidden', `The bundle holds a ${'title' in record ? 'finding' : 'packet'} marked above what this workstation may hold, so none of it is shown or merged. ${above.error.message}`);
    }
    return undefined;
  }

  /** What merging the bundle would add and change; reads only. */
  async planImport(content: ReviewContent): Promise<ImportPlan> {
    const localPackets = new Map((await this.db.packets.bulkGet(content.packets.map((p) => p.id))).filter((p) => p !== undefined).map((p) => [p.id, p]));
    const localFindings = new Map((await this.db.findings.bulkGet(content.findings.map((f) => f.id))).filter((f) => f !== undefined).map((f) => [f.id, f]));
    const records: PlannedRecord[] = [];
    for (const theirs of content.packets) {
      const local = localPackets.get(theirs.id);
      const mine = local ? asBundledPacket(local) : null;
      records.push({ kind: 'packet', id: theirs.id, label: `${theirs.developer} ${theirs.modelName} ${theirs.modelVersion}`, status: mine === null ? 'add' : same(mine, theirs) ? 'same' : 'conflict', mine, theirs });
    }
    for (const theirs of content.findings) {
      const local = localFindings.get(theirs.id);
      const mine = local ? asBundledFinding(local) : null;
      records.push({ kind: 'finding', id: theirs.id, label: theirs.title, status: mine === null ? 'add' : same(mine, theirs) ? 'same' : 'conflict', mine, theirs });
    }
    const conflicts = records.filter((r) => r.status === 'conflict');
    return { records, adds: records.filter((r) => r.status === 'add').length, same: records.filter((r) => r.status === 'same').length, conflicts };
  }

  /**
   * Merges a verified bundle in one transaction: new records are added, conflicts resolved as the
   * reviewer chose, and the import recorded (one event per record it wrote, and one for the
   * bundle). Refused whole if anything changed since the plan was shown, a conflict has no
   * resolution, a record is marked above the system high, or the bundle was imported before.
   */
  async commitImport(manifest: BundleManifest, content: ReviewContent, shown: ImportPlan, resolutions: ReadonlyMap<string, Resolution>): Promise<Result<ImportOutcome>> {
    const above = this.contentAboveCeiling(content);
    if (above) return above;
    for (const c of shown.conflicts) if (!resolutions.has(recordKey(c))) return err('invalid-input', `Choose which version of "${c.label}" to keep.`);
    return this.transact([this.db.packets, this.db.models, this.db.findings, this.db.importedBundles], async () => {
      if (await this.db.importedBundles.get(manifest.bundleId)) return err('conflict', `Bundle ${manifest.bundleId} was imported here before; a bundle is imported once.`);
      const plan = await this.planImport(content);
      if (JSON.stringify(plan) !== JSON.stringify(shown)) return err('conflict', 'The review changed on this workstation while the bundle was open; open the bundle again to see what it would change now.');
      const at = this.context.now().toISOString();
      const reason = `From bundle ${manifest.bundleId}, signed by ${manifest.exporter.name} (${manifest.exporter.fingerprint}).`;
      for (const model of content.models) {
        if (await this.db.models.get(model.id)) continue;
        await this.db.models.add(model);
        await this.audit(at, 'import', 'model', model.id, null, model, reason);
      }
      let added = 0;
      let replaced = 0;
      let kept = 0;
      for (const r of plan.records) {
        if (r.status === 'same') continue;
        if (r.status === 'conflict' && resolutions.get(recordKey(r)) === 'mine') {
          kept++;
          continue;
        }
        // A replaced record takes the next revision here, so an editor open on the old one
        // sees the change, and a save based on the old one is refused rather than lost.
        const revision = r.mine ? r.mine.revision + 1 : r.theirs.revision;
        let written: object;
        if (r.kind === 'packet') {
          const packet = { ...(r.theirs as BundledPacket), revision };
          await this.db.packets.put(packet);
          written = packet;
        } else {
          const theirs = r.theirs as BundledFinding;
          const finding: Finding = { ...theirs, revision, dedupKey: dedupKeyOf(theirs), cvss: scoreOf(theirs) };
          const twin = await this.db.findings.where('[packetId+dedupKey]').equals([finding.packetId, finding.dedupKey]).first();
          if (twin && twin.id !== finding.id) return err('conflict', `The bundle's finding "${finding.title}" is the same issue as "${twin.title}" here, recorded separately; merge them on one workstation first.`);
          await this.db.findings.put(finding);
          written = finding;
        }
        await this.audit(at, 'import', r.kind, r.id, r.mine, written, reason);
        if (r.status === 'add') added++;
        else replaced++;
      }
      await this.db.importedBundles.add({ bundleId: manifest.bundleId, importedAt: at, signerFingerprint: manifest.exporter.fingerprint });
      await this.audit(at, 'import', 'bundle', manifest.bundleId, null, { bundleId: manifest.bundleId, exporter: manifest.exporter, createdAt: manifest.createdAt, added, replaced, kept, historyEvents: content.history.length });
      return ok({ added, replaced, kept });
    });
  }
}
