import { Dexie, type EntityTable, type Table } from 'dexie';
import type { HistoryKey, StoredEvent, TreeFrontier } from '../../../shared/audit/history.js';
import type { SeenCheckpoint } from '../../../shared/audit/history-proof.js';
import type { SavedComparison } from '../../../shared/compare/saved-comparison.js';
import type { Comment } from '../../../shared/comments/comment.js';
import type { Finding } from '../../../shared/findings/finding.js';
import type { StoredProfile } from '../../../shared/identity/profile.js';
import type { TrustedSigner } from '../../../shared/identity/trusted-signer.js';
import type { Marking } from '../../../shared/marking/marking.js';
import type { ModelRecord } from '../../../shared/model/model.js';
import type { Packet } from '../../../shared/packet/packet.js';
import type { PlanVersion } from '../../../shared/plans/remediation-plan.js';
import type { BenchmarkRun, SampleChunk } from '../../../shared/results/benchmark-run.js';
import type { ColumnMapping } from '../../../shared/results/results-table.js';
import type { StoredSampleIndex } from '../../../shared/results/sample-index.js';
import type { Threshold } from '../../../shared/thresholds/threshold.js';
import type { StoredReport } from '../../../shared/report/stored-report.js';
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

/**
 * The history key in the clear (schema version 6): since version 16, only on a workstation with no
 * profile yet, where anyone at it acts anyway. The first profile made seals it.
 */
export type PlainHistoryKeyRecord = { readonly id: 'key' } & HistoryKey;

/** The history key sealed to the workstation's profiles (schema version 16; shared/audit/history-key). */
export interface SealedHistoryKeyRecord {
  readonly id: 'key';
  /** Its C2SP verifier key, in the clear: the history verifies without opening the key. */
  readonly verifierKey: string;
  /** age-encrypted to every profile, then wrapped again by the keystore `keystore` names, if any. */
  readonly sealed: Uint8Array;
  /** The operating system's keystore (Electron safeStorage's backend) that also wraps it; absent if none. */
  readonly keystore?: string;
}

export type HistoryKeyRecord = PlainHistoryKeyRecord | SealedHistoryKeyRecord;

/**
 * The tree this workstation last verified: its right edge and root, so the next check reads only
 * the events after it. Not review data, and it proves nothing by itself: a check from it still
 * ends at the latest signed head, and the first event's record must still carry this root.
 */
export interface VerifiedHistory extends TreeFrontier {
  readonly id: 'verified';
  /** Hex root of the tree of the first `size` events. */
  readonly root: string;
  /** When the history was last verified from its first event: what a check from here extends. */
  readonly fullAt: string;
}

/** The history key, the right edge of the history's Merkle tree (schema version 6), or the tree last verified. */
export type HistorySealRecord = HistoryKeyRecord | ({ readonly id: 'frontier' } & TreeFrontier) | VerifiedHistory;

/** 1,024 events' canonical bytes and sealed leaves (schema version 17): page `index` holds events 1,024·index + 1 on. */
export interface HistoryPageRecord {
  readonly index: number;
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  readonly leaves: Uint8Array;
}

/** An import whose sample chunks are being written; its run appears only when it commits. */
export interface PendingImport {
  /** The id the run will have. */
  readonly id: string;
  readonly fileName: string;
  readonly startedAt: string;
  /** Refreshed with every chunk: an import silent for long was abandoned (a crash, a closed window). */
  readonly heartbeatAt: string;
}

/** How a results table's columns map to our fields, remembered for the next file from the same source. */
export interface RememberedMapping {
  readonly signature: string;
  readonly mapping: ColumnMapping;
  readonly savedAt: string;
}

/** A bundle this workstation imported: its id is never accepted again. */
export interface ImportedBundle {
  readonly bundleId: string;
  readonly importedAt: string;
  readonly signerFingerprint: string;
}

/**
 * The latest checkpoint of another workstation's history seen here in a bundle (schema version
 * 12): the next bundle from it must prove its history extends this one.
 */
export interface SeenHistoryCheckpoint extends SeenCheckpoint {
  /** The signed note, as the bundle carried it. */
  readonly note: string;
  readonly bundleId: string;
  readonly seenAt: string;
  /** The fingerprints of the signers whose bundles carried this history: a bundle from one of them without a proof is suspect. */
  readonly signerFingerprints: readonly string[];
}

/** An original evaluation log kept on this workstation (schema version 9). */
export interface StoredAttachment {
  /** SHA-256 of the file, hex: the key its runs' `source.sha256` names. */
  readonly sha256: string;
  readonly fileName: string;
  readonly size: number;
  readonly data: Blob;
  readonly storedAt: string;
}

export const DATABASE_NAME = 'frontier-review';

/** The workstation's review database. Only the data layer in this folder may touch it. */
export class ReviewDatabase extends Dexie {
  declare packets: EntityTable<Packet, 'id'>;
  declare models: EntityTable<ModelRecord, 'id'>;
  declare benchmarkRuns: EntityTable<BenchmarkRun, 'id'>;
  declare sampleChunks: Table<SampleChunk, [string, number]>;
  declare sampleIndexes: EntityTable<StoredSampleIndex, 'runId'>;
  declare pendingImports: EntityTable<PendingImport, 'id'>;
  declare thresholds: EntityTable<Threshold, 'id'>;
  declare columnMappings: EntityTable<RememberedMapping, 'signature'>;
  declare findings: EntityTable<Finding, 'id'>;
  declare comments: EntityTable<Comment, 'id'>;
  declare remediationPlans: EntityTable<PlanVersion, 'id'>;
  declare comparisons: EntityTable<SavedComparison, 'id'>;
  declare auditEvents: EntityTable<StoredEvent, 'seq'>;
  declare historyPages: EntityTable<HistoryPageRecord, 'index'>;
  declare historySeal: EntityTable<HistorySealRecord, 'id'>;
  declare drafts: EntityTable<DraftRecord, 'key'>;
  declare profiles: EntityTable<StoredProfile, 'id'>;
  declare trustedSigners: EntityTable<TrustedSigner, 'id'>;
  declare importedBundles: EntityTable<ImportedBundle, 'bundleId'>;
  declare historyCheckpoints: EntityTable<SeenHistoryCheckpoint, 'verifierKey'>;
  declare attachments: EntityTable<StoredAttachment, 'sha256'>;
  declare reviewReports: EntityTable<StoredReport, 'id'>;

  /** `schemaVersion` is for migration tests that seed an older database. */
  constructor(name: string = DATABASE_NAME, schemaVersion?: number) {
    // Review data must survive power loss: ask Chromium to flush each commit to disk.
    super(name, { chromeTransactionDurability: 'strict' });
    defineSchema(this, schemaVersion);
  }
}
