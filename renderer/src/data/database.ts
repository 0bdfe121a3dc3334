import { Dexie, type EntityTable } from 'dexie';
import type { AuditEvent } from '../../../shared/audit/audit-event.js';
import type { Marking } from '../../../shared/marking/marking.js';
import type { ModelRecord } from '../../../shared/model/model.js';
import type { Packet } from '../../../shared/packet/packet.js';
import { defineSchema } from './schema.js';

/**
 * An edit in progress that has not been saved. Drafts are the reviewer's unsaved typing,
 * not review data: they are kept so a crash or a killed window loses nothing, and they
 * are not audited until saved.
 */
export interface DraftRecord {
  /** `packet:<id>` for an edit of a stored packet, `packet:new` for a packet being created. */
  readonly key: string;
  readonly savedAt: string;
  /** The packet revision the edit started from, to detect edits made elsewhere meanwhile. */
  readonly baseRevision: number | null;
  readonly form: unknown;
  /** The marking chosen in the draft: a workstation cannot be lowered beneath its drafts either. */
  readonly marking?: Marking;
}

/** Tables reserved for later features; each record belongs to a packet. */
export interface PacketOwnedRecord {
  readonly id: string;
  readonly packetId: string;
}

export const DATABASE_NAME = 'frontier-review';

/** The workstation's review database. Only the data layer in this folder may touch it. */
export class ReviewDatabase extends Dexie {
  declare packets: EntityTable<Packet, 'id'>;
  declare models: EntityTable<ModelRecord, 'id'>;
  declare benchmarkRuns: EntityTable<PacketOwnedRecord, 'id'>;
  declare findings: EntityTable<PacketOwnedRecord, 'id'>;
  declare remediationPlans: EntityTable<PacketOwnedRecord, 'id'>;
  declare auditEvents: EntityTable<AuditEvent, 'seq'>;
  declare drafts: EntityTable<DraftRecord, 'key'>;

  /** `schemaVersion` is for migration tests that seed an older database. */
  constructor(name: string = DATABASE_NAME, schemaVersion?: number) {
    // Review data must survive power loss: ask Chromium to flush each commit to disk.
    super(name, { chromeTransactionDurability: 'strict' });
    defineSchema(this, schemaVersion);
  }
}
