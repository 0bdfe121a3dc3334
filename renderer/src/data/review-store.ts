import { Dexie } from 'dexie';
import { z } from 'zod';
import { packetsOfEvent } from '../../../shared/audit/log-export.js';
import type { AuditAction, AuditEvent, AuditedEntity, JsonValue } from '../../../shared/audit/audit-event.js';
import { markingVocabularySchema } from '../../../shared/marking/marking-schema.js';
import { exceedsCeiling, type Marking } from '../../../shared/marking/marking.js';
import { modelId, type ModelRecord } from '../../../shared/model/model.js';
import { assigneesSchema, packetFieldsSchema, type Packet, type PacketFields } from '../../../shared/packet/packet.js';
import { INITIAL_STATUSES, PACKET_STATUS_LABELS, canMoveStatus } from '../../../shared/packet/packet-status.js';
import { err, ok, type FieldIssue, type Result } from '../../../shared/errors/result.js';
import type { WorkstationSettings } from '../../../shared/settings/workstation-settings.js';
import { AuditedStore, zodIssues } from './audited-store.js';
import type { DraftRecord } from './database.js';
import { allEvents, eventsOfRecords } from './history-blocks.js';

export type { StoreContext } from './audited-store.js';

/** What a workstation holds above a proposed ceiling, so it is not lowered beneath its own data. */
export interface HoldingsAbove {
  readonly packets: readonly Packet[];
  /** Versions in the review history (including of deleted packets) marked above the ceiling. */
  readonly historyVersions: number;
  /** Unsaved drafts marked above the ceiling. */
  readonly drafts: number;
}

/**
 * The one way review data changes. Each mutation validates its input, checks the marking
 * against the workstation's ceiling, writes the change and its audit event in one Dexie
 * transaction, and returns a Result: either everything is written or nothing is.
 */
export class ReviewStore extends AuditedStore {

  // ----- Packets -------------------------------------------------------------------------------

  /** Creates a packet; the editor's draft for it goes in the same transaction. */
  async createPacket(input: unknown): Promise<Result<Packet>> {
    const fields = this.validatePacket(input);
    if (!fields.ok) return fields;
    if (!INITIAL_STATUSES.includes(fields.value.status)) {
      const message = `A new packet starts as "${PACKET_STATUS_LABELS.received}" or "${PACKET_STATUS_LABELS['in-review']}"; later steps follow from its review.`;
      return err('invalid-input', message, [{ path: 'status', message }]);
    }
    const at = this.context.now().toISOString();
    return this.transact([this.db.packets, this.db.models, this.db.drafts], async () => {
      // A reviewer's own packet is assigned to them; a team lead's waits for the lead to assign it.
      const reviewer = await this.actingReviewer();
      const packet: Packet = {
        ...fields.value,
        id: crypto.randomUUID(),
        modelId: modelId(fields.value.developer, fields.value.modelName),
        createdAt: at,
        updatedAt: at,
        revision: 1,
        assignees: reviewer ? [reviewer] : [],
      };
      await this.ensureModel(packet, at);
      await this.db.packets.add(packet);
      await this.db.drafts.delete(draftKey(null));
      await this.audit(at, 'create', 'packet', packet.id, null, packet);
      return ok(packet);
    });
  }

  /**
   * Saves an edit made from `baseRevision`, and clears the packet's draft in the same
   * transaction. If someone changed the packet since (another window, a merged bundle), the edit
   * is refused rather than silently overwriting theirs; the draft stays.
   */
  async updatePacket(id: string, baseRevision: number, input: unknown, reason?: string): Promise<Result<Packet>> {
    const fields = this.validatePacket(input);
    if (!fields.ok) return fields;
    return this.transact([this.db.packets, this.db.models, this.db.drafts], async () => {
      const current = await this.db.packets.get(id);
      if (!current) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      await this.requireAssigned(id);
      if (current.revision !== baseRevision) {
        return err(
          'conflict',
          `This packet was changed elsewhere after you opened it (it is now at revision ${current.revision}; your edit started from revision ${baseRevision}).`,
        );
      }
      const next = fields.value;
      if (!canMoveStatus(current.status, next.status)) {
        return err(
          'invalid-input',
          `A packet cannot move from "${PACKET_STATUS_LABELS[current.status]}" to "${PACKET_STATUS_LABELS[next.status]}".`,
          [{ path: 'status', message: 'Move one step at a time, close the packet, or reopen it into review.' }],
        );
      }
      const at = this.context.now().toISOString();
      const updated: Packet = {
        ...current,
        ...next,
        modelId: modelId(next.developer, next.modelName),
        updatedAt: at,
        revision: current.revision + 1,
      };
      await this.db.drafts.delete(draftKey(id));
      if (samePacketFields(current, updated)) return ok(current);
      await this.ensureModel(updated, at);
      await this.db.packets.put(updated);
      const action: AuditAction = current.status === updated.status ? 'update' : 'status-change';
      await this.audit(at, action, 'packet', id, current, updated, reason);
      return ok(updated);
    });
  }

  async deletePacket(id: string, baseRevision: number, reason?: string): Promise<Result<void>> {
    return this.transact([this.db.packets, this.db.drafts], async () => {
      const current = await this.db.packets.get(id);
      if (!current) return err('not-found', 'This packet no longer exists.');
      await this.requireAssigned(id);
      if (current.revision !== baseRevision) {
        return err('conflict', 'This packet was changed elsewhere after you opened it; reload it before deleting.');
      }
      await this.db.packets.delete(id);
      await this.db.drafts.delete(draftKey(id));
      await this.audit(this.context.now().toISOString(), 'delete', 'packet', id, current, null, reason);
      return ok(undefined);
    });
  }

  /**
   * A team lead sets who reviews a packet: the principals of reviewers, the only reviewers who may
   * change it. Refused if the packet changed since `baseRevision`.
   */
  async assignReviewers(id: string, baseRevision: number, principals: readonly string[], reason?: string): Promise<Result<Packet>> {
    const checked = assigneesSchema.safeParse(principals);
    if (!checked.success) return err('invalid-input', checked.error.issues[0]?.message ?? 'The reviewers are not valid.');
    const assignees = [...new Set(checked.data)].sort();
    return this.transact(
      [this.db.packets],
      async () => {
        const current = await this.db.packets.get(id);
        if (!current) return err('not-found', 'This packet no longer exists.');
        if (current.revision !== baseRevision) return err('conflict', 'This packet was changed elsewhere after you opened it; reload it before assigning reviewers.');
        if (current.assignees.join('\n') === assignees.join('\n')) return ok(current);
        const at = this.context.now().toISOString();
        const updated: Packet = { ...current, assignees, updatedAt: at, revision: current.revision + 1 };
        await this.db.packets.put(updated);
        await this.audit(at, 'update', 'packet', id, current, updated, reason);
        return ok(updated);
      },
      'assign-reviewers',
    );
  }

  listPackets(): Promise<Packet[]> {
    return this.db.packets.toArray();
  }

  async getPacket(id: string): Promise<Packet | undefined> {
    return this.db.packets.get(id);
  }

  /** The problems saving `input` would report, without saving: for live feedback in forms. */
  checkPacket(input: unknown): readonly FieldIssue[] {
    const result = this.validatePacket(input);
    return result.ok ? [] : (result.error.issues ?? [{ path: '', message: result.error.message }]);
  }

  // ----- Models --------------------------------------------------------------------------------

  listModels(): Promise<ModelRecord[]> {
    return this.db.models.orderBy('developer').toArray();
  }

  /** Records the model a packet reviews the first time it appears (inside the caller's transaction). */
  private async ensureModel(packet: Packet, at: string): Promise<void> {
    if (await this.db.models.get(packet.modelId)) return;
    const model: ModelRecord = {
      id: packet.modelId,
      developer: packet.developer.trim(),
      name: packet.modelName.trim(),
      createdAt: at,
    };
    await this.db.models.add(model);
    await this.audit(at, 'create', 'model', model.id, null, model);
  }

  // ----- History -------------------------------------------------------------------------------

  /** The history of one record, oldest first, as the history shows it (from the bytes it was sealed over). */
  async historyOf(entityType: AuditedEntity, entityId: string): Promise<AuditEvent[]> {
    return eventsOfRecords(this.db, await this.db.auditEvents.where('[entityType+entityId]').equals([entityType, entityId]).sortBy('seq'));
  }

  /**
   * A packet's own events and the exports that took it out (bundles, files and printouts naming it),
   * in order: what its History section shows.
   */
  async packetTimeline(packetId: string): Promise<AuditEvent[]> {
    const own = await this.historyOf('packet', packetId);
    const ofType = async (type: AuditedEntity) => eventsOfRecords(this.db, await this.db.auditEvents.where('[entityType+entityId]').between([type, Dexie.minKey], [type, Dexie.maxKey]).toArray());
    const exports = [...(await ofType('bundle')), ...(await ofType('file-export'))];
    const out = exports.filter((e) => e.action !== 'import' && packetsOfEvent(e).includes(packetId));
    return [...own, ...out].sort((a, b) => a.seq - b.seq);
  }

  /** The packet as it was saved at `revision`, from the history; undefined if the history lacks it. */
  async packetAtRevision(packetId: string, revision: number): Promise<JsonValue | undefined> {
    const history = await this.historyOf('packet', packetId);
    return history.find((event) => revisionOf(event.after) === revision)?.after;
  }

  /** The changes made to a packet after `revision`: what someone else did while an edit was open. */
  async packetChangesSince(packetId: string, revision: number): Promise<AuditEvent[]> {
    const history = await this.historyOf('packet', packetId);
    return history.filter((event) => revisionOf(event.after) > revision);
  }

  // ----- Workstation ---------------------------------------------------------------------------

  /**
   * What this workstation holds above `ceiling`, in its packets, its review history and its
   * unsaved drafts. Lowering the system high below any of it would leave data on a workstation
   * not accredited for it.
   */
  async holdingsAbove(ceiling: Marking): Promise<HoldingsAbove> {
    // A marking that cannot be read counts as above: when in doubt, the workstation keeps its level.
    const above = (m: Marking | 'unreadable' | undefined) => m === 'unreadable' || (m !== undefined && exceedsCeiling(m, ceiling).length > 0);
    const [packets, events, drafts] = await Promise.all([this.db.packets.toArray(), allEvents(this.db), this.db.drafts.toArray()]);
    // Each version appears twice in the history (after one change, before the next): count it once.
    const versions = new Set<string>();
    for (const event of events) {
      for (const value of [event.before, event.after]) {
        if (above(markingIn(value))) versions.add(JSON.stringify(value));
      }
    }
    return {
      packets: packets.filter((p) => above(p.marking)),
      historyVersions: versions.size,
      drafts: drafts.filter((d) => above(d.marking ?? 'unreadable')).length,
    };
  }

  /**
   * Records a change of workstation settings in the review history. Settings are stored by the
   * host, outside this database, so this follows the host's write rather than sharing its
   * transaction.
   */
  async recordSettingsChange(before: WorkstationSettings, after: WorkstationSettings): Promise<Result<void>> {
    return this.transact(
      [],
      async () => {
        await this.audit(this.context.now().toISOString(), 'update', 'workstation-settings', 'workstation', before, after);
        return ok(undefined);
      },
      'manage-workstation',
    );
  }

  /** Why the one acting may not change the workstation's settings, asked before the host writes them. */
  async settingsChangeProblem(): Promise<string | undefined> {
    const refused = await this.permissionProblem('manage-workstation');
    return refused && !refused.ok ? refused.error.message : undefined;
  }

  // ----- Drafts (unsaved edits; not review data, so not audited) -------------------------------

  /**
   * Keeps the editor's unsaved state for a packet (`null` for a new one) with the marking the
   * reviewer has chosen. A draft for a packet deleted meanwhile is not written.
   */
  async savePacketDraft(packetId: string | null, form: unknown, marking: Marking, baseRevision: number | null): Promise<void> {
    await this.db.transaction('rw', this.db.packets, this.db.drafts, async () => {
      if (packetId !== null && !(await this.db.packets.get(packetId))) return;
      await this.db.drafts.put({ key: draftKey(packetId), form, marking, baseRevision, savedAt: this.context.now().toISOString() });
    });
  }

  loadPacketDraft(packetId: string | null): Promise<DraftRecord | undefined> {
    return this.db.drafts.get(draftKey(packetId));
  }

  async discardPacketDraft(packetId: string | null): Promise<void> {
    await this.db.drafts.delete(draftKey(packetId));
  }

  /** Ids of packets with unsaved drafts, for the list's "draft" badge. */
  async packetIdsWithDrafts(): Promise<string[]> {
    const keys = (await this.db.drafts.toCollection().primaryKeys()).map(String);
    return keys.filter((k) => k.startsWith('packet:') && k !== draftKey(null)).map((k) => k.slice('packet:'.length));
  }

  // ----- Internals -----------------------------------------------------------------------------

  private validatePacket(input: unknown): Result<PacketFields> {
    const parsed = packetFieldsSchema.safeParse(input);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return err('invalid-input', issues[0]?.message ?? 'The packet is not valid.', issues);
    }
    const refused = this.ceilingProblem(parsed.data.marking);
    if (refused) return refused;
    return ok(parsed.data);
  }
}

function draftKey(packetId: string | null): string {
  return `packet:${packetId ?? 'new'}`;
}

function samePacketFields(a: Packet, b: Packet): boolean {
  const { updatedAt: _a, revision: _ra, ...restA } = a;
  const { updatedAt: _b, revision: _rb, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

const recordWithRevision = z.object({ revision: z.number() });

/** The marking of a record as the history stored it; undefined if it has none. */
function markingIn(value: JsonValue): Marking | 'unreadable' | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('marking' in value)) return undefined;
  // Vocabulary only: a version stored under older rules is still read, not skipped.
  const parsed = markingVocabularySchema.safeParse(value.marking);
  return parsed.success ? parsed.data : 'unreadable';
}

function revisionOf(value: JsonValue): number {
  const parsed = recordWithRevision.safeParse(value);
  return parsed.success ? parsed.data.revision : 0;
}

