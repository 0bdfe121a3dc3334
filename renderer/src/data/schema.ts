import { Dexie, type Transaction } from 'dexie';
import type { AuditEvent } from '../../../shared/audit/audit-event.js';
import { EMPTY_FRONTIER, eventLeafBytes, historySigner, newHistoryKey, sealEvent, type EventSeal, type StoredEvent } from '../../../shared/audit/history.js';
import { PAGE_EVENTS, firstSeqOfPage, packBlock } from '../../../shared/audit/history-check.js';
import { historyVerifierKey, isAgeRecipient, sealHistoryKey } from '../../../shared/audit/history-key.js';
import type { ModelRecord } from '../../../shared/model/model.js';
import type { SampleChunk } from '../../../shared/results/benchmark-run.js';
import { SampleIndexBuilder, toStoredIndex } from '../../../shared/results/sample-index.js';

/**
 * The database schema, one dated version per change. Never edit a version that has shipped:
 * add a new one with an upgrade function, and extend the migration test with a database
 * seeded at the previous version.
 *
 * Index strings list the primary key first; `++` is auto-increment, `&` unique, `[a+b]` compound.
 */
interface SchemaVersion {
  readonly version: number;
  readonly stores: Readonly<Record<string, string | null>>;
  readonly upgrade?: (tx: Transaction) => Promise<void>;
}

export const SCHEMA_VERSIONS: readonly SchemaVersion[] = [
  /**
   * Version 1 (2026-11-22): model evaluation packets, the review history, and drafts of
   * unsaved edits.
   */
  {
    version: 1,
    stores: {
      packets: 'id, status, plannedReleaseDate, updatedAt',
      auditEvents: '++seq, at, [entityType+entityId]',
      drafts: 'key',
    },
  },
  /**
   * Version 2 (2026-11-22): models become records of their own, so benchmark runs can name
   * reference models that are not under review and comparisons can span packets of the same
   * model. Packets gain `modelId`. Tables for benchmark runs, findings and remediation plans
   * are reserved, keyed by packet.
   */
  {
    version: 2,
    stores: {
      models: 'id, developer',
      packets: 'id, modelId, status, plannedReleaseDate, updatedAt',
      benchmarkRuns: 'id, packetId, modelId',
      findings: 'id, packetId',
      remediationPlans: 'id, packetId',
    },
    upgrade: upgradeToModelRecords,
  },
  /**
   * Version 3 (2026-11-22): evaluation results. Runs are indexed by packet and task; per-sample
   * scores live in chunks of 1,000 rows keyed by run, because one record per sample writes about
   * a hundred times slower. An import stages its chunks under a pending-import record and then
   * commits the run in one transaction; pending imports left by a crash are swept on start.
   * Capability thresholds and the remembered column mappings of results tables get tables of
   * their own. No records change: version 2 reserved the runs table but never wrote to it.
   */
  {
    version: 3,
    stores: {
      benchmarkRuns: 'id, packetId, task',
      sampleChunks: '[runId+index], runId',
      pendingImports: 'id, heartbeatAt',
      thresholds: 'id, task',
      columnMappings: 'signature',
    },
  },
  /**
   * Version 4 (2026-11-22): remediation plans. Each imported OSCAL plan of action and milestones
   * is a version of its packet's plan, numbered per packet. No records change: version 2
   * reserved the table but never wrote to it.
   */
  {
    version: 4,
    stores: {
      remediationPlans: 'id, packetId, &[packetId+version]',
    },
  },
  /**
   * Version 5 (2026-11-30): findings, and plans edited in the app. A packet's findings are unique
   * by their dedup key, so the same issue reported twice is merged into one record, never stored
   * twice (version 2 reserved the table but never wrote to it). Plan versions gain `editedFrom`
   * (null: imported from a file) and owners on items and milestones (null: the plan names none);
   * the upgrade fills in those nulls, which says what the older records already meant, so it
   * writes no history.
   */
  {
    version: 5,
    stores: {
      findings: 'id, packetId, &[packetId+dedupKey]',
    },
    upgrade: upgradePlansWithOwners,
  },
  /**
   * Version 6 (2026-11-30): the review history becomes a transparency log. Each event is sealed
   * with its RFC 6962 leaf hash and the signed head of the tree up to it (shared/audit/history);
   * `historySeal` keeps the tree's right edge and the workstation's history key. The upgrade
   * creates the key and seals the events already recorded, in order. Sealing adds fields that
   * prove the history, not changes to review data, so it writes no history of its own.
   */
  {
    version: 6,
    stores: {
      historySeal: 'id',
    },
    upgrade: sealExistingHistory,
  },
  /**
   * Version 7 (2026-11-30): comparisons of runs. Saved comparisons get a table, newest first. Each
   * run from a log gets its scores in columns (`sampleIndexes`, shared/results/sample-index), so a
   * comparison of large runs reads typed arrays instead of every row; the upgrade builds them for
   * the runs already stored, from their sample chunks. The columns repeat what the chunks hold, so
   * the upgrade writes no history.
   */
  {
    version: 7,
    stores: {
      comparisons: 'id, updatedAt',
      sampleIndexes: 'runId',
    },
    upgrade: indexStoredRuns,
  },
  /**
   * Version 8 (2026-11-30): identities and trust, for signed review bundles. Local profiles (each
   * with its public keys and its private keys sealed with its passphrase), unique by principal;
   * the signers the workstation trusts, found by key fingerprint; and the ids of bundles already
   * imported, so a bundle cannot be replayed. New tables only: no records change.
   */
  {
    version: 8,
    stores: {
      profiles: 'id, &principal',
      trustedSigners: 'id, fingerprint',
      importedBundles: 'bundleId',
    },
  },
  /**
   * Version 9 (2026-11-30): original evaluation logs received in review bundles, kept as blobs and
   * found by the SHA-256 their runs record, so transcripts open here and the logs travel on in the
   * next bundle. A new table only: no records change.
   */
  {
    version: 9,
    stores: {
      attachments: 'sha256',
    },
  },
  /**
   * Version 10 (2026-11-30): reviewers are assigned to packets, and only assigned reviewers change
   * them. Packets gain `assignees` (principals); the upgrade gives the packets already stored none,
   * which is what they had: a team lead assigns reviewers from then on. It changes no review data,
   * so it writes no history.
   */
  {
    version: 10,
    stores: {},
    upgrade: assignNobody,
  },
  /**
   * Version 11 (2026-12-01): comments on packets and their findings, found by packet. A new table
   * only: no records change.
   */
  {
    version: 11,
    stores: {
      comments: 'id, packetId',
    },
  },
  /**
   * Version 12 (2026-12-01): the furthest checkpoint of each other workstation's history seen in a
   * bundle, by the key that signs it (and found by its name), so the next bundle from it must prove
   * it extends that history. A new table only: no records change.
   */
  {
    version: 12,
    stores: {
      historyCheckpoints: 'verifierKey, origin',
    },
  },
  /**
   * Version 13 (2026-12-06): packets keep their classification authority block (classified by,
   * derived from, declassify on), which their classified printouts and exports carry. The upgrade
   * gives the packets already stored an empty block, which is what they had: nothing recorded. It
   * changes no review data, so it writes no history.
   */
  {
    version: 13,
    stores: {},
    upgrade: recordNoAuthority,
  },
  /**
   * Version 14 (2026-12-07): plan versions keep their OSCAL document whole (`document`), so that
   * what the app does not show (FedRAMP's properties, origins, remarks, back matter…) goes out
   * with every export and bundle. Versions stored before have none (null): the app never kept
   * their files, and they export from their plans as they always did. It changes no review
   * data, so it writes no history.
   */
  {
    version: 14,
    stores: {},
    upgrade: keepNoPlanDocuments,
  },
  /**
   * Version 15 (2026-12-07): findings keep their products under every CSAF product status
   * (`productStatus`: fixed, first fixed, recommended, not affected, under investigation; the
   * affected ones stay `affectedProducts`) and what the advisories they came from said beyond their
   * own fields (`csaf`: notes, references, acknowledgments, remediations, threats, flags, scores,
   * the advisories' document-level parts). The upgrade gives the findings already stored none of
   * either, which is what they had; it changes no review data, so it writes no history.
   */
  {
    version: 15,
    stores: {},
    upgrade: recordNoProductStatus,
  },
  /**
   * Version 16 (2026-12-08): the history key is sealed at rest. Where profiles exist, the upgrade
   * age-encrypts it to every profile's X25519 recipient (public keys: no passphrase is needed) and
   * removes it from the clear; its verifier key stays readable, so the history verifies while
   * locked. A workstation with no profile yet keeps it in the clear until the first profile is
   * made. The desktop app's keystore, out of an upgrade's reach, wraps it at the next unlock. It
   * changes no review data, so it writes no history.
   */
  {
    version: 16,
    stores: {},
    upgrade: sealHistoryKeyToProfiles,
  },
  /**
   * Version 17 (2026-12-09): the history keeps the bytes it was sealed over. Each event gains
   * `canonical`, the RFC 8785 JSON its leaf hashes, and `historyPages` keeps them in pages of 1,024
   * events (with their leaves), written as each page fills; verification reads the pages and hashes
   * the bytes as stored, instead of reading a million records and writing each event out again. The
   * upgrade writes out the bytes of the events already recorded, as sealing would have, and their
   * pages. It adds what proves the history, not review data, so it writes no history of its own.
   */
  {
    version: 17,
    stores: {
      historyPages: 'index',
    },
    upgrade: keepSealedBytes,
  },
  /**
   * Version 18 (2026-12-07): review reports. `reviewReports` keeps each version of a packet's report
   * as it was made (its content, marking and SHA-256, and the files saved from it), numbered from 1
   * per packet and never changed but to add a saved file. A new table: nothing to upgrade.
   */
  {
    version: 18,
    stores: {
      reviewReports: 'id, packetId, [packetId+version]',
    },
  },
];

/** The highest version declared (versions need not be consecutive). */
export const CURRENT_SCHEMA_VERSION = Math.max(...SCHEMA_VERSIONS.map((v) => v.version));

/** Declares every version up to `upTo` (the current one unless a test seeds an older database). */
export function defineSchema(db: Dexie, upTo: number = CURRENT_SCHEMA_VERSION): void {
  for (const v of SCHEMA_VERSIONS.filter((s) => s.version <= upTo)) {
    const declared = db.version(v.version).stores(v.stores);
    if (v.upgrade) declared.upgrade(v.upgrade);
  }
}

/** The records of the `historySeal` table: the history key, the tree's right edge, and the tree last verified. */
export const HISTORY_KEY_ID = 'key';
export const HISTORY_FRONTIER_ID = 'frontier';
export const HISTORY_VERIFIED_ID = 'verified';

/** The actor recorded for changes a schema upgrade makes on its own. */
export const SCHEMA_UPGRADE_ACTOR = 'Frontier Review (schema upgrade)';

/**
 * Model ids as version 2 defined them. An upgrade keeps its own copy of every rule it applies,
 * so it does the same thing for every database it ever meets, whatever later code does.
 */
function modelIdV2(developer: string, name: string): string {
  const part = (text: string) => encodeURIComponent(text.trim().toLowerCase());
  return `${part(developer)}/${part(name)}`;
}

interface PacketV1 {
  readonly id: string;
  readonly developer: string;
  readonly modelName: string;
  readonly createdAt: string;
}

async function upgradeToModelRecords(tx: Transaction): Promise<void> {
  const at = new Date().toISOString();
  const packets = tx.table<PacketV1 & { modelId?: string }, string>('packets');
  const models = tx.table<ModelRecord, string>('models');
  const audit = tx.table('auditEvents');
  const seen = new Map<string, ModelRecord>();
  await packets.toCollection().modify((packet) => {
    const id = modelIdV2(packet.developer, packet.modelName);
    packet.modelId = id;
    const known = seen.get(id);
    // A model is named and dated after the earliest packet that reviews it.
    if (!known || packet.createdAt < known.createdAt) {
      seen.set(id, { id, developer: packet.developer.trim(), name: packet.modelName.trim(), createdAt: packet.createdAt });
    }
  });
  for (const model of seen.values()) {
    await models.add(model);
    await audit.add({
      at,
      actor: SCHEMA_UPGRADE_ACTOR,
      action: 'create',
      entityType: 'model',
      entityId: model.id,
      before: null,
      after: { ...model },
      reason: 'Schema version 2 records each reviewed model once.',
    });
  }
}

interface PlanVersionV4 {
  editedFrom?: number | null;
  content: {
    items: { owner?: string | null }[];
    risks: { remediations: { milestones: { owner?: string | null }[] }[] }[];
  };
}

async function upgradePlansWithOwners(tx: Transaction): Promise<void> {
  await tx
    .table<PlanVersionV4, string>('remediationPlans')
    .toCollection()
    .modify((version) => {
      version.editedFrom ??= null;
      for (const item of version.content.items) item.owner ??= null;
      for (const risk of version.content.risks) for (const remediation of risk.remediations) for (const milestone of remediation.milestones) milestone.owner ??= null;
    });
}

async function sealExistingHistory(tx: Transaction): Promise<void> {
  const key = newHistoryKey((length) => crypto.getRandomValues(new Uint8Array(length)));
  const signer = historySigner(key);
  let frontier = EMPTY_FRONTIER;
  const table = tx.table<AuditEvent & Partial<EventSeal>, number>('auditEvents');
  // In order of sequence: each seal covers every event before it. The sealed history numbers its
  // events 1, 2, 3… as leaves of the tree; a gap left earlier (an aborted write) is closed up.
  const events = await table.orderBy('seq').toArray();
  const sealed = events.map((event, i) => {
    const next = sealEvent(event, frontier, key.origin, signer);
    frontier = next.frontier;
    return { ...event, seq: i + 1, ...next.seal };
  });
  await table.clear();
  await table.bulkAdd(sealed);
  await tx.table('historySeal').bulkAdd([
    { id: HISTORY_KEY_ID, ...key },
    { id: HISTORY_FRONTIER_ID, ...frontier },
  ]);
}

/**
 * Version 7's columns for runs stored before it, from their chunks in order. The builder is the
 * one imports use; an upgrade may share it because the columns are derived, not review data.
 */
async function indexStoredRuns(tx: Transaction): Promise<void> {
  const runs = await tx.table<{ id: string; sourceKind: string }, string>('benchmarkRuns').toArray();
  for (const run of runs.filter((r) => r.sourceKind !== 'results-table')) {
    const chunks = await tx.table<SampleChunk, [string, number]>('sampleChunks').where('[runId+index]').between([run.id, 0], [run.id, Number.MAX_SAFE_INTEGER]).toArray();
    const builder = new SampleIndexBuilder();
    for (const chunk of chunks) builder.add(chunk.rows);
    await tx.table('sampleIndexes').put(toStoredIndex(run.id, builder.build()));
  }
}

/** Version 13: packets stored before they kept an authority block have none recorded. */
async function recordNoAuthority(tx: Transaction): Promise<void> {
  await tx
    .table<{ authority?: { classifiedBy: string; derivedFrom: string; declassifyOn: string } }>('packets')
    .toCollection()
    .modify((packet) => {
      packet.authority ??= { classifiedBy: '', derivedFrom: '', declassifyOn: '' };
    });
}

/** Version 14: plan versions stored before they kept their documents have none. */
async function keepNoPlanDocuments(tx: Transaction): Promise<void> {
  await tx
    .table<{ document?: object | null }>('remediationPlans')
    .toCollection()
    .modify((version) => {
      version.document ??= null;
    });
}

/** Version 15: findings stored before products had statuses and advisories their detail have none of either. */
async function recordNoProductStatus(tx: Transaction): Promise<void> {
  await tx
    .table<{ productStatus?: Record<string, unknown[]>; csaf?: Record<string, unknown> }>('findings')
    .toCollection()
    .modify((finding) => {
      finding.productStatus ??= { first_fixed: [], fixed: [], recommended: [], known_not_affected: [], under_investigation: [] };
      finding.csaf ??= {
        notes: [],
        references: [],
        acknowledgments: [],
        ids: [],
        involvements: [],
        releaseDate: null,
        discoveryDate: null,
        remediations: [],
        threats: [],
        flags: [],
        scores: [],
        otherProducts: [],
        sources: [],
      };
    });
}

/** Version 16: the key in the clear, sealed to every profile on the workstation. */
async function sealHistoryKeyToProfiles(tx: Transaction): Promise<void> {
  const seal = tx.table<{ id: string; origin?: string; seed?: string; verifierKey?: string; sealed?: Uint8Array }, string>('historySeal');
  const key = await seal.get(HISTORY_KEY_ID);
  if (key?.origin === undefined || key.seed === undefined) return;
  // A recipient that is not an age key (a damaged profile) cannot be sealed to; the others still are.
  const recipients = (await tx.table<{ ageRecipient: string }, string>('profiles').toArray()).map((p) => p.ageRecipient).filter(isAgeRecipient);
  if (recipients.length === 0) return;
  const plain = { origin: key.origin, seed: key.seed };
  // age encrypts with WebCrypto, outside IndexedDB: waitFor keeps the upgrade's transaction open meanwhile.
  const sealed = await Dexie.waitFor(sealHistoryKey(plain, recipients));
  await seal.put({ id: HISTORY_KEY_ID, verifierKey: historyVerifierKey(plain), sealed });
}

/** Version 10: packets stored before reviewers were assigned have none assigned. */
async function assignNobody(tx: Transaction): Promise<void> {
  await tx
    .table<{ assignees?: string[] }>('packets')
    .toCollection()
    .modify((packet) => {
      packet.assignees ??= [];
    });
}

/**
 * Version 17: each event's canonical bytes, written out as sealing writes them (an upgrade may
 * share that rule: it is the one the leaves were hashed with), and a page for every 1,024 events
 * from the first. A page is written only over a run with no event missing; from a gap on, the
 * events are read from their records, so verification names the event missing.
 */
async function keepSealedBytes(tx: Transaction): Promise<void> {
  const events = tx.table<StoredEvent, number>('auditEvents');
  const pages = tx.table('historyPages');
  let paging = true;
  for (let page = 0; ; page++) {
    const first = firstSeqOfPage(page);
    const batch = await events.where('seq').between(first, first + PAGE_EVENTS, true, false).toArray();
    const last = batch.at(-1);
    if (!last) {
      // Events past a gap of a whole page are kept too.
      const later = await events.where('seq').aboveOrEqual(first).first();
      if (!later) return;
      page = Math.floor((later.seq - 1) / PAGE_EVENTS) - 1;
      paging = false;
      continue;
    }
    const kept = batch.map((event) => ({ ...event, canonical: eventLeafBytes(event) }));
    await events.bulkPut(kept);
    const whole = kept.length === PAGE_EVENTS && last.seq === first + PAGE_EVENTS - 1;
    paging &&= whole;
    if (paging) {
      const { bytes, ends, leaves } = packBlock(first, kept);
      await pages.add({ index: page, bytes, ends, leaves });
    }
  }
}
