import type { Table } from 'dexie';
import type { ModelRecord } from '../../../shared/model/model.js';
import type { z } from 'zod';
import type { AuditAction, AuditEvent, AuditEventInput, AuditedEntity, JsonValue } from '../../../shared/audit/audit-event.js';
import { modelId } from '../../../shared/model/model.js';
import { bannerText, exceedsCeiling, type Marking } from '../../../shared/marking/marking.js';
import { packetFieldsSchema, type Packet, type PacketFields } from '../../../shared/packet/packet.js';
import { PACKET_STATUS_LABELS, canMoveStatus } from '../../../shared/packet/packet-status.js';
import { err, ok, type FieldIssue, type Result } from '../../../shared/result/result.js';
import type { DraftRecord, ReviewDatabase } from './database.js';

/** Who is acting and under which accreditation; asked for at the moment of each change. */
export interface StoreContext {
  /** The actor recorded in the history. */
  actor(): string;
  /** The workstation's system high: nothing may be marked above it. */
  systemHigh(): Marking;
  now(): Date;
}

/**
 * The one way review data changes. Each mutation validates its input, checks the marking
 * against the workstation's ceiling, writes the change and its audit event in one Dexie
 * transaction, and returns a Result: either everything is written or nothing is.
 */
export class ReviewStore {
  constructor(
    private readonly db: ReviewDatabase,
    private readonly context: StoreContext,
  ) {}

  // ----- Packets -------------------------------------------------------------------------------

  async createPacket(input: unknown): Promise<Result<Packet>> {
    const fields = this.validatePacket(input);
    if (!fields.ok) return fields;
    const at = this.context.now().toISOString();
    const packet: Packet = {
      ...fields.value,
      id: crypto.randomUUID(),
      modelId: modelId(fields.value.developer, fields.value.modelName),
      createdAt: at,
      updatedAt: at,
      revision: 1,
    };
    return this.transact([this.db.packets, this.db.models], async () => {
      await this.ensureModel(packet, at);
      await this.db.packets.add(packet);
      await this.audit(at, 'create', 'packet', packet.id, null, packet);
      return ok(packet);
    });
  }

  /**
   * Saves an edit made from `baseRevision`. If someone changed the packet since (another
   * window, a merged bundle), the edit is refused rather than silently overwriting theirs.
   */
  async updatePacket(id: string, baseRevision: number, input: unknown, reason?: string): Promise<Result<Packet>> {
    const fields = this.validatePacket(input);
    if (!fields.ok) return fields;
    return this.transact([this.db.packets, this.db.models], async () => {
      const current = await this.db.packets.get(id);
      if (!current) return err('not-found', 'This packet no longer exists; it may have been deleted in another window.');
      if (current.revision !== baseRevision) {
        return err(
          'conflict',
          `This packet was changed elsewhere after you opened it (now revision ${current.revision}, you started from ${baseRevision}). Your edit is kept as a draft; reload the packet to see the other change.`,
        );
      }
      const next = fields.value;
      if (!canMoveStatus(current.status, next.status)) {
        return err(
          'invalid-input',
          `A packet cannot move from "${PACKET_STATUS_LABELS[current.status]}" to "${PACKET_STATUS_LABELS[next.status]}".`,
          [{ path: 'status', message: 'Move one step at a time, or close the packet.' }],
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
      if (current.revision !== baseRevision) {
        return err('conflict', 'This packet was changed elsewhere after you opened it; reload it before deleting.');
      }
      await this.db.packets.delete(id);
      await this.db.drafts.delete(packetDraftKey(id));
      await this.audit(this.context.now().toISOString(), 'delete', 'packet', id, current, null, reason);
      return ok(undefined);
    });
  }

  listPackets(): Promise<Packet[]> {
    return this.db.packets.toArray();
  }

  async getPacket(id: string): Promise<Packet | undefined> {
    return this.db.packets.get(id);
  }

  /** Every stored packet marked above `ceiling`: a workstation cannot be lowered below what it holds. */
  async packetsAbove(ceiling: Marking): Promise<Packet[]> {
    const all = await this.db.packets.toArray();
    return all.filter((p) => exceedsCeiling(p.marking, ceiling).length > 0);
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

  /** The history of one record, oldest first. */
  historyOf(entityType: AuditedEntity, entityId: string): Promise<AuditEvent[]> {
    return this.db.auditEvents.where('[entityType+entityId]').equals([entityType, entityId]).sortBy('seq');
  }

  // ----- Drafts (unsaved edits; not review data, so not audited) -------------------------------

  async saveDraft(key: string, form: unknown, baseRevision: number | null): Promise<void> {
    await this.db.drafts.put({ key, form, baseRevision, savedAt: this.context.now().toISOString() });
  }

  loadDraft(key: string): Promise<DraftRecord | undefined> {
    return this.db.drafts.get(key);
  }

  async draftKeys(): Promise<string[]> {
    return (await this.db.drafts.toCollection().primaryKeys()).map(String);
  }

  async discardDraft(key: string): Promise<void> {
    await this.db.drafts.delete(key);
  }

  /** The problems saving `input` would report, without saving: for live feedback in forms. */
  checkPacket(input: unknown): readonly FieldIssue[] {
    const result = this.validatePacket(input);
    return result.ok ? [] : (result.error.issues ?? [{ path: '', message: result.error.message }]);
  }

  // ----- Internals -----------------------------------------------------------------------------

  private validatePacket(input: unknown): Result<PacketFields> {
    const parsed = packetFieldsSchema.safeParse(input);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      return err('invalid-input', issues[0]?.message ?? 'The packet is not valid.', issues);
    }
    const ceiling = this.context.systemHigh();
    const reasons = exceedsCeiling(parsed.data.marking, ceiling);
    if (reasons.length > 0) {
      const message = `This workstation is accredited to ${bannerText(ceiling)}; nothing on it may be marked ${bannerText(parsed.data.marking)}. ${reasons.join(' ')}`;
      return err('forbidden', message, [{ path: 'marking', message }]);
    }
    return ok(parsed.data);
  }

  /**
   * Runs `body` in one read-write transaction over `tables` and the audit table. A Result
   * error thrown out of the transaction rolls back everything written so far.
   */
  private async transact<T>(tables: Table[], body: () => Promise<Result<T>>): Promise<Result<T>> {
    try {
      return await this.db.transaction('rw', [...tables, this.db.auditEvents], async () => {
        const result = await body();
        if (!result.ok) throw new RolledBack(result.error);
        return result;
      });
    } catch (e) {
      if (e instanceof RolledBack) return { ok: false, error: e.error };
      const message = e instanceof Error ? e.message : String(e);
      return err('failed', `The change was not saved: ${message}`);
    }
  }

  private async audit(
    at: string,
    action: AuditAction,
    entityType: AuditedEntity,
    entityId: string,
    before: object | null,
    after: object | null,
    reason?: string,
  ): Promise<void> {
    const event: AuditEventInput = {
      at,
      actor: this.context.actor(),
      action,
      entityType,
      entityId,
      before: toJson(before),
      after: toJson(after),
      ...(reason === undefined || reason.trim() === '' ? {} : { reason: reason.trim() }),
    };
    // The auto-increment key assigns `seq`.
    await this.db.auditEvents.add(event);
  }
}

class RolledBack extends Error {
  constructor(readonly error: Extract<Result<never>, { ok: false }>['error']) {
    super(error.message);
  }
}

export function packetDraftKey(id: string | null): string {
  return `packet:${id ?? 'new'}`;
}

function samePacketFields(a: Packet, b: Packet): boolean {
  const { updatedAt: _a, revision: _ra, ...restA } = a;
  const { updatedAt: _b, revision: _rb, ...restB } = b;
  return JSON.stringify(restA) === JSON.stringify(restB);
}

function toJson(value: object | null): JsonValue {
  return value === null ? null : (JSON.parse(JSON.stringify(value)) as JsonValue);
}

function zodIssues(error: z.ZodError): FieldIssue[] {
  return error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
}
