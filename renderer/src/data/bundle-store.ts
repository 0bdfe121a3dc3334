import canonicalize from 'canonicalize';
import type { AuditedEntity, JsonValue } from '../../../shared/audit/audit-event.js';
import { HistoryProofProblem, MAX_CONSISTENCY_PROOFS, checkBundledHistory, proveBundledHistory, provenSize } from '../../../shared/audit/history-proof.js';
import { packetsOfEvent } from '../../../shared/audit/log-export.js';
import { ownMarking } from '../../../shared/audit/history-view.js';
import { parseVerifierKey } from '../../../shared/audit/signed-note.js';
import { manifestMarking, type BundleManifest } from '../../../shared/bundle/bundle-manifest.js';
import { ContentProblem, type BundledAttachment, type BundledFinding, type BundledPacket, type ReviewContent } from '../../../shared/bundle/review-content.js';
import type { Comment } from '../../../shared/comments/comment.js';
import type { ProfileRole } from '../../../shared/identity/profile.js';
import { dedupKeyOf, type Finding } from '../../../shared/findings/finding.js';
import { commingle, type Marking } from '../../../shared/marking/marking.js';
import type { Packet } from '../../../shared/packet/packet.js';
import type { PlanVersion } from '../../../shared/plans/remediation-plan.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { SAMPLE_CHUNK_ROWS, type BenchmarkRun, type SampleRow } from '../../../shared/results/benchmark-run.js';
import { sampleIndexOf, sampleIndexProblem, toStoredIndex } from '../../../shared/results/sample-index.js';
import { blobOf, blobSource } from '../host/blob-source.js';
import { AuditedStore } from './audited-store.js';
import type { SeenHistoryCheckpoint } from './database.js';
import { storedVerifier } from './history-log.js';
import { allEvents, eventsOfRecords } from './history-blocks.js';
import { HISTORY_KEY_ID } from './schema.js';
import { scoreOf } from './finding-store.js';

/** What an original log is, without its bytes: what a plan shows and the history records. */
export interface AttachmentSummary {
  readonly sha256: string;
  readonly fileName: string;
  readonly size: number;
}

/** What the history keeps of a bundle file: its marking, size, SHA-256 and the records in it. */
export interface ExportedBundleFile {
  readonly marking: Marking;
  readonly banner: string;
  readonly size: number;
  readonly sha256: string;
  readonly records: Readonly<Record<string, { readonly count: number; readonly ids: readonly string[]; readonly allIdsSha256?: string }>>;
}

export type PlannedKind = 'packet' | 'finding' | 'run' | 'plan' | 'attachment' | 'comment';
type Theirs = BundledPacket | BundledFinding | BenchmarkRun | PlanVersion | AttachmentSummary | Comment;

/**
 * One record of a bundle against this workstation: new here, the same as here, changed on both
 * sides, or deleted here since (which the reviewer must choose to restore or leave deleted).
 */
export interface PlannedRecord {
  readonly kind: PlannedKind;
  readonly id: string;
  readonly label: string;
  readonly status: 'add' | 'same' | 'conflict' | 'deleted-here';
  /** This workstation's record, for a conflict. */
  readonly mine: Theirs | null;
  readonly theirs: Theirs;
  /** For a record deleted here: when, and by whom. */
  readonly deleted?: { readonly at: string; readonly actor: string; readonly role?: ProfileRole };
}

export interface ImportPlan {
  readonly records: readonly PlannedRecord[];
  readonly adds: number;
  readonly same: number;
  /** Records that need the reviewer's choice: changed on both sides, or deleted here. */
  readonly conflicts: readonly PlannedRecord[];
  /**
   * The bundle's history as checked against its proof: the exporting workstation, its signed size,
   * and the size seen here before that it was proven to extend. Null for a bundle without a proof
   * (made before review content version 4, or with no history).
   */
  readonly history: {
    readonly origin: string;
    /** The key id of the key that signs it: what to compare with the one handed over out of band. */
    readonly keyId: string;
    readonly size: number;
    readonly events: number;
    readonly seenBefore: number | null;
    readonly extends: number | null;
    /** The size seen before is further: this bundle was proven to be from before it. */
    readonly olderThanSeen: boolean;
  } | null;
  /** The bundle has no history proof, though earlier bundles from its signer did. */
  readonly proofMissing: boolean;
}

/** For a conflict, the reviewer's choice: keep this workstation's record (or its deletion), or take the bundle's. */
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

/** The history's name for each kind of record a bundle carries. */
const ENTITY_OF: Readonly<Record<PlannedKind, AuditedEntity>> = { packet: 'packet', finding: 'finding', run: 'benchmark-run', plan: 'remediation-plan', attachment: 'attachment', comment: 'comment' };

/**
 * The same record on both sides: the same content, whatever each workstation numbered its
 * revisions (each counts its own edits, so the numbers say nothing across workstations).
 */
function same(a: object, b: object): boolean {
  const content = (o: object) => {
    const { revision: _r, updatedAt: _u, ...rest } = o as { revision?: unknown; updatedAt?: unknown };
    // Canonical JSON (RFC 8785): nested records and lists compare in full, in a fixed key order.
    // Through JSON first, so a metric that is NaN (nothing scored) compares as the null it travels as.
    return canonicalize(JSON.parse(JSON.stringify(rest)) as unknown);
  };
  return content(a) === content(b);
}

/** The parts of a bundle's content that planning and merging read, with each run's rows. */
function rowsOf(content: ReviewContent, run: BenchmarkRun): readonly SampleRow[] {
  return content.samples.get(run.id) ?? [];
}

export const recordKey = (r: Pick<PlannedRecord, 'kind' | 'id'>): string => `${r.kind}:${r.id}`;

/** The history size an export event recorded (absent from exports made before it was recorded). */
function exportedHistorySize(after: JsonValue): number | undefined {
  const size = typeof after === 'object' && after !== null && !Array.isArray(after) ? (after as Readonly<Record<string, JsonValue>>).historySize : undefined;
  return typeof size === 'number' && Number.isInteger(size) && size > 0 ? size : undefined;
}

/** The packets the reviewer chose to leave deleted here. */
function leftDeletedPackets(plan: ImportPlan, resolutions: ReadonlyMap<string, Resolution>): Set<string> {
  return new Set(plan.records.filter((r) => r.kind === 'packet' && r.status === 'deleted-here' && resolutions.get(recordKey(r)) === 'mine').map((r) => r.id));
}

/** The conflicts still waiting for the reviewer's choice; those inside a packet left deleted need none. */
export function unresolvedConflicts(plan: ImportPlan, resolutions: ReadonlyMap<string, Resolution>): PlannedRecord[] {
  const leftDeleted = leftDeletedPackets(plan, resolutions);
  return plan.conflicts.filter((c) => !resolutions.has(recordKey(c)) && !('packetId' in c.theirs && leftDeleted.has(c.theirs.packetId)));
}

/**
 * What review bundles take from and bring to the database: the content of the packets exported,
 * and the merge of a verified bundle, in one transaction, never overwriting a record the
 * reviewer did not choose to replace.
 */
export class BundleStore extends AuditedStore {
  /**
   * The chosen packets with everything that belongs to them (models, findings, runs with their
   * sample scores, plan versions, the original logs kept here or given by the exporter) and the
   * history of all of it, read in one transaction so the bundle is one moment's review.
   */
  async contentFor(packetIds: readonly string[], originals: readonly BundledAttachment[] = []): Promise<Result<ReviewContent>> {
    const db = this.db;
    const read = await db.transaction('r', [db.packets, db.models, db.findings, db.benchmarkRuns, db.sampleChunks, db.remediationPlans, db.attachments, db.comments, db.auditEvents, db.historyPages, db.historySeal], async () => {
      const packets = (await db.packets.bulkGet([...packetIds])).filter((p) => p !== undefined);
      if (packets.length !== packetIds.length) return undefined;
      const models = (await db.models.bulkGet([...new Set(packets.map((p) => p.modelId))])).filter((m) => m !== undefined);
      const findings = await db.findings.where('packetId').anyOf([...packetIds]).toArray();
      const runs = await db.benchmarkRuns.where('packetId').anyOf([...packetIds]).toArray();
      const samples = new Map<string, readonly SampleRow[]>();
      for (const run of runs) {
        if (run.sourceKind === 'results-table') continue;
        const chunks = await db.sampleChunks.where('[runId+index]').between([run.id, 0], [run.id, Number.MAX_SAFE_INTEGER], true, true).toArray();
        samples.set(run.id, chunks.flatMap((c) => c.rows));
      }
      const plans = (await db.remediationPlans.where('packetId').anyOf([...packetIds]).toArray()).sort((x, y) => (x.packetId === y.packetId ? x.version - y.version : x.packetId < y.packetId ? -1 : 1));
      const stored = (await db.attachments.bulkGet([...new Set(runs.map((r) => r.source.sha256))])).filter((a) => a !== undefined);
      const comments = (await db.comments.where('packetId').anyOf([...packetIds]).toArray()).sort((x, y) => (x.createdAt < y.createdAt ? -1 : x.createdAt > y.createdAt ? 1 : 0));
      const ids = new Set<string>([...packetIds, ...findings.map((f) => f.id), ...models.map((m) => m.id), ...runs.map((r) => r.id), ...plans.map((p) => p.id), ...stored.map((a) => a.sha256), ...comments.map((c) => c.id)]);
      // As the history shows it, from the bytes it was sealed over; the last event's record carries its signed head.
      const all = await allEvents(db);
      const head = await db.auditEvents.orderBy('seq').last();
      const packetIdSet = new Set(packetIds);
      // A record's history includes the exports that took it out (a bundle's event names its packets).
      const history = all.filter((e) => ids.has(e.entityId) || packetsOfEvent(e).some((id) => packetIdSet.has(id))).map(({ seq, at, actor, role, action, entityType, entityId, before, after, reason }) => ({ seq, at, actor, ...(role ? { role } : {}), action, entityType, entityId, before, after, ...(reason === undefined ? {} : { reason }) }));
      const verifier = storedVerifier(await db.historySeal.get(HISTORY_KEY_ID));
      return { packets, models, findings, runs, samples, plans, stored, comments, history, all, head, verifier };
    });
    if (!read) return err('not-found', 'A packet chosen for the bundle no longer exists.');
    const wanted = new Set(read.runs.map((r) => r.source.sha256));
    const attachments = new Map<string, BundledAttachment>();
    for (const a of read.stored) attachments.set(a.sha256, { sha256: a.sha256, fileName: a.fileName, source: blobSource(a.data, a.fileName) });
    for (const a of originals) if (wanted.has(a.sha256) && !attachments.has(a.sha256)) attachments.set(a.sha256, a);
    // The history's proof, against the latest signed head, and from each size this workstation exported at before.
    const earlierSizes = read.all.filter((e) => e.action === 'export' && e.entityType === 'bundle').map((e) => exportedHistorySize(e.after));
    const historyProof = read.verifier && read.head && read.history.length > 0 ? proveBundledHistory({ events: read.all, head: read.head }, read.history, read.verifier, earlierSizes.filter((n): n is number => n !== undefined)) : undefined;
    return ok({
      packets: read.packets.map(asBundledPacket),
      models: read.models,
      findings: read.findings.map(asBundledFinding),
      runs: read.runs,
      samples: read.samples,
      plans: read.plans,
      attachments: [...attachments.values()],
      comments: read.comments,
      history: read.history,
      ...(historyProof ? { historyProof } : {}),
    });
  }

  /** The SHA-256 of every run's original log in these packets, and whether this workstation keeps it. */
  async originalsFor(packetIds: readonly string[]): Promise<{ readonly fileName: string; readonly sha256: string; readonly kept: boolean; readonly marking: Marking }[]> {
    const runs = await this.db.benchmarkRuns.where('packetId').anyOf([...packetIds]).toArray();
    const bySha = new Map(runs.map((r) => [r.source.sha256, r.source.fileName]));
    const kept = new Set(await this.db.attachments.where('sha256').anyOf([...bySha.keys()]).primaryKeys());
    // A log is marked as the runs read from it are, the CUI they hold beside a classification included: it is a record's marking.
    const markingOf = (sha256: string) => commingle(runs.filter((r) => r.source.sha256 === sha256).map((r) => r.marking));
    return [...bySha].map(([sha256, fileName]) => ({ sha256, fileName, kept: kept.has(sha256), marking: markingOf(sha256) }));
  }

  /** Why the one acting may not sign and export a bundle, asked before anything is made or saved. */
  async exportProblem(): Promise<string | undefined> {
    const refused = await this.permissionProblem('sign-bundles');
    return refused && !refused.ok ? refused.error.message : undefined;
  }

  /**
   * Records that a team lead signed and exported these packets: one event for the bundle, which
   * names the packets and records, the marking, the file, its size and SHA-256. The export
   * gateway calls it once the bundle is saved.
   */
  async recordExport(manifest: BundleManifest, packetIds: readonly string[], fileName: string, content: Pick<ReviewContent, 'historyProof'>, file: ExportedBundleFile): Promise<Result<void>> {
    return this.transact(
      [this.db.packets],
      async () => {
        const at = this.context.now().toISOString();
        // The size of the history the bundle proved: the next bundle proves it extends it.
        const historySize = content.historyProof ? provenSize(content.historyProof) : null;
        const summary = { bundleId: manifest.bundleId, fileName, recipients: manifest.recipients.map((r) => r.label), packets: [...packetIds], exporterFingerprint: manifest.exporter.fingerprint, historySize, ...file };
        await this.audit(at, 'export', 'bundle', manifest.bundleId, null, summary);
        return ok(undefined);
      },
      'sign-bundles',
    );
  }

  /** The furthest checkpoint of each other workstation's history seen here, newest first. */
  async seenHistories(): Promise<SeenHistoryCheckpoint[]> {
    return (await this.db.historyCheckpoints.toArray()).sort((a, b) => (a.seenAt < b.seenAt ? 1 : a.seenAt > b.seenAt ? -1 : 0));
  }

  /**
   * Forgets a history seen here, so the next bundle with it starts afresh: for a workstation whose
   * history legitimately cannot be proven to extend the one seen (an export never recorded, a
   * rebuilt workstation). A team lead's decision, with a reason the history keeps.
   */
  async forgetSeenHistory(verifierKey: string, reason: string): Promise<Result<void>> {
    return this.decideWithReason(this.db.historyCheckpoints, verifierKey, reason, { what: 'this history is forgotten', gone: 'That history is no longer remembered here.' }, async (seen, at) => {
      await this.db.historyCheckpoints.delete(verifierKey);
      // What was forgotten, without the proofs kept for late bundles.
      const { origin, size, root, bundleId, seenAt, signerFingerprints } = seen;
      await this.audit(at, 'delete', 'history-checkpoint', verifierKey, { origin, verifierKey, size, root, bundleId, seenAt, signerFingerprints }, null, reason);
      return ok(undefined);
    });
  }

  async seenBundleIds(): Promise<Set<string>> {
    return new Set(await this.db.importedBundles.toCollection().primaryKeys());
  }

  /**
   * Why this workstation may not even show the bundle's content: a record, a version of one in the
   * history it carries, or the bundle as its signed manifest marks it, above its system high. Asked
   * before anything of the content is on screen.
   */
  contentAboveCeiling(content: ReviewContent, manifestMarking?: Marking): Result<never> | undefined {
    const claimed = manifestMarking && this.ceilingProblem(manifestMarking);
    if (claimed && !claimed.ok) return err('forbidden', `The bundle's signed manifest marks it above what this workstation may hold, so none of it is shown or merged. ${claimed.error.message}`);
    const marked = [
      ...content.history.map((e) => ['version of a record in its history', ownMarking(e)] as const),
      ...content.packets.map((r) => ['packet', r.marking] as const),
      ...content.findings.map((r) => ['finding', r.marking] as const),
      ...content.runs.map((r) => ['benchmark run', r.marking] as const),
      ...content.plans.map((r) => ['remediation plan', r.marking] as const),
      ...content.comments.map((r) => ['comment', r.marking] as const),
    ];
    for (const [what, marking] of marked) {
      const above = this.ceilingProblem(marking);
      if (above && !above.ok) return err('forbidden', `The bundle holds a ${what} marked above what this workstation may hold, so none of it is shown or merged. ${above.error.message}`);
    }
    return undefined;
  }

  /** What merging the bundle would add and change; reads only. */
  async planImport(content: ReviewContent, signerFingerprint: string): Promise<ImportPlan> {
    const db = this.db;
    const byId = async <T extends { readonly id: string }>(table: { bulkGet(keys: string[]): Promise<(T | undefined)[]> }, ids: string[]) => new Map((await table.bulkGet(ids)).filter((r) => r !== undefined).map((r) => [r.id, r]));
    const localPackets = await byId<Packet>(db.packets, content.packets.map((p) => p.id));
    const localFindings = await byId<Finding>(db.findings, content.findings.map((f) => f.id));
    const localRuns = await byId<BenchmarkRun>(db.benchmarkRuns, content.runs.map((r) => r.id));
    const localPlans = await byId<PlanVersion>(db.remediationPlans, content.plans.map((p) => p.id));
    const keptLogs = new Set(await db.attachments.where('sha256').anyOf(content.attachments.map((a) => a.sha256)).primaryKeys());
    const packetLabel = new Map(content.packets.map((p) => [p.id, `${p.developer} ${p.modelName} ${p.modelVersion}`]));

    const records: PlannedRecord[] = [];
    /** A record absent here: new, or deleted here since, as the history says. */
    const absent = async (kind: PlannedKind, id: string, label: string, theirs: Theirs): Promise<PlannedRecord> => {
      const found = await db.auditEvents.where('[entityType+entityId]').equals([ENTITY_OF[kind], id]).last();
      const [last] = await eventsOfRecords(db, found ? [found] : []);
      return last?.action === 'delete' ? { kind, id, label, status: 'deleted-here', mine: null, theirs, deleted: { at: last.at, actor: last.actor, ...(last.role ? { role: last.role } : {}) } } : { kind, id, label, status: 'add', mine: null, theirs };
    };
    const compared = async (kind: PlannedKind, id: string, label: string, mine: Theirs | null, theirs: Theirs): Promise<PlannedRecord> =>
      mine === null ? absent(kind, id, label, theirs) : { kind, id, label, status: same(mine, theirs) ? 'same' : 'conflict', mine, theirs };

    for (const theirs of content.packets) {
      const local = localPackets.get(theirs.id);
      records.push(await compared('packet', theirs.id, packetLabel.get(theirs.id) ?? theirs.id, local ? asBundledPacket(local) : null, theirs));
    }
    // Runs first, though listed after findings: a run here that is the bundle's under another id
    // (the same log imported into the same packet on both workstations) is kept once, and the
    // bundle's findings then point at it.
    const runRecords: PlannedRecord[] = [];
    const twins = new Map<string, string>();
    for (const theirs of content.runs) {
      const label = `${theirs.task} · ${theirs.model} (${theirs.source.fileName})`;
      const local = localRuns.get(theirs.id);
      const planned = await compared('run', theirs.id, label, local ?? null, theirs);
      if (planned.status === 'add') {
        const twin = await db.benchmarkRuns
          .where('packetId')
          .equals(theirs.packetId)
          .filter((r) => r.source.sha256 === theirs.source.sha256 && r.task === theirs.task && r.model === theirs.model && r.sourceKind === theirs.sourceKind)
          .first();
        if (twin) {
          twins.set(theirs.id, twin.id);
          runRecords.push({ kind: 'run', id: theirs.id, label: `${label}, already here as ${twin.source.fileName}`, status: 'same', mine: twin, theirs });
          continue;
        }
      }
      runRecords.push(planned);
    }
    for (const bundled of content.findings) {
      const theirs: BundledFinding = twins.size === 0 ? bundled : { ...bundled, evidence: bundled.evidence.map((e) => (e.kind === 'run' && twins.has(e.runId) ? { ...e, runId: twins.get(e.runId) ?? e.runId } : e)) };
      const local = localFindings.get(theirs.id);
      records.push(await compared('finding', theirs.id, theirs.title, local ? asBundledFinding(local) : null, theirs));
    }
    records.push(...runRecords);
    for (const theirs of content.plans) {
      // Plan versions never change once made: one present here is the same version.
      const local = localPlans.get(theirs.id);
      const label = `Plan version ${theirs.version} of ${packetLabel.get(theirs.packetId) ?? theirs.packetId} (${theirs.source.fileName})`;
      records.push(local ? { kind: 'plan', id: theirs.id, label, status: 'same', mine: local, theirs } : { kind: 'plan', id: theirs.id, label, status: 'add', mine: null, theirs });
    }
    for (const a of content.attachments) {
      const theirs: AttachmentSummary = { sha256: a.sha256, fileName: a.fileName, size: a.source.size };
      records.push({ kind: 'attachment', id: a.sha256, label: `Original log ${a.fileName}`, status: keptLogs.has(a.sha256) ? 'same' : 'add', mine: keptLogs.has(a.sha256) ? theirs : null, theirs });
    }
    const localComments = await byId<Comment>(db.comments, content.comments.map((c) => c.id));
    for (const theirs of content.comments) {
      // Comments are never edited: one present here is the same comment; one deleted here is asked about.
      const label = `Comment by ${theirs.author} on ${packetLabel.get(theirs.packetId) ?? theirs.packetId}: “${theirs.body.length > 60 ? `${theirs.body.slice(0, 60)}…` : theirs.body}”`;
      const local = localComments.get(theirs.id);
      records.push(local ? { kind: 'comment', id: theirs.id, label, status: 'same', mine: local, theirs } : await absent('comment', theirs.id, label, theirs));
    }
    const conflicts = records.filter((r) => r.status === 'conflict' || r.status === 'deleted-here');
    return { records, adds: records.filter((r) => r.status === 'add').length, same: records.filter((r) => r.status === 'same').length, conflicts, ...(await this.checkHistory(content, signerFingerprint)) };
  }

  /**
   * The bundle's history against its proof and the checkpoint seen here before from the same
   * workstation. Throws ContentProblem, whose message the import dialog shows, when it fails.
   */
  private async checkHistory(content: ReviewContent, signerFingerprint: string): Promise<Pick<ImportPlan, 'history' | 'proofMissing'>> {
    const proof = content.historyProof;
    if (!proof) return { history: null, proofMissing: (await this.db.historyCheckpoints.toArray()).some((c) => c.signerFingerprints.includes(signerFingerprint)) };
    let origin: string;
    try {
      origin = parseVerifierKey(proof.verifierKey).name;
    } catch (e) {
      throw new ContentProblem(`The bundle's history names its workstation by a key that is not valid: ${e instanceof Error ? e.message : String(e)}`);
    }
    const seen = await this.db.historyCheckpoints.get(proof.verifierKey);
    const otherKeys = (await this.db.historyCheckpoints.where('origin').equals(origin).primaryKeys()).filter((k) => k !== proof.verifierKey);
    // A workstation never changes its history key: a new key for a known name is a history re-signed, or an impostor's.
    if (otherKeys.length > 0) {
      throw new ContentProblem(
        `The history of ${origin} in this bundle is signed by the key ${proof.verifierKey.split('+')[1] ?? ''}, but this workstation saw that history under ${otherKeys.map((k) => k.split('+')[1] ?? '').join(', ')}. A workstation never changes its history key: its history may have been rewritten and re-signed. If a team lead knows why, they can forget the other key under Other workstations' histories seen here.`,
      );
    }
    try {
      const checked = checkBundledHistory(content.history, proof, seen);
      const keyId = proof.verifierKey.split('+')[1] ?? '';
      return { history: { origin: checked.origin, keyId, size: checked.size, events: content.history.length, seenBefore: seen?.size ?? null, extends: checked.extends, olderThanSeen: checked.olderThanSeen }, proofMissing: false };
    } catch (e) {
      if (e instanceof HistoryProofProblem) throw new ContentProblem(e.message);
      throw e;
    }
  }

  /**
   * Merges a verified bundle in one transaction: new records are added, conflicts resolved as the
   * reviewer chose, and the import recorded (one event per record it wrote, and one for the
   * bundle). Refused whole if anything changed since the plan was shown, a conflict has no
   * resolution, a record is marked above the system high, or the bundle was imported before.
   */
  async commitImport(manifest: BundleManifest, content: ReviewContent, shown: ImportPlan, resolutions: ReadonlyMap<string, Resolution>): Promise<Result<ImportOutcome>> {
    const above = this.contentAboveCeiling(content, manifestMarking(manifest));
    if (above) return above;
    const [first] = unresolvedConflicts(shown, resolutions);
    if (first) return err('invalid-input', `Choose which version of "${first.label}" to keep.`);
    // Everything that takes time is done before the transaction, which must not wait on anything else.
    const indexes = new Map<string, ReturnType<typeof toStoredIndex>>();
    for (const run of content.runs) {
      if (run.sourceKind === 'results-table') continue;
      const index = sampleIndexOf(rowsOf(content, run));
      const problem = sampleIndexProblem(index, run.samples.read);
      if (problem) return err('invalid-input', `The scores of run ${run.id} do not add up (${problem}); nothing was merged.`);
      indexes.set(run.id, toStoredIndex(run.id, index));
    }
    // Only the logs this workstation lacks are copied in, a slice at a time.
    const missing = new Set(shown.records.filter((r) => r.kind === 'attachment' && r.status === 'add').map((r) => r.id));
    const blobs = new Map<string, Blob>();
    for (const a of content.attachments) if (missing.has(a.sha256)) blobs.set(a.sha256, await blobOf(a.source));
    const db = this.db;
    return this.transact([db.packets, db.models, db.findings, db.benchmarkRuns, db.sampleChunks, db.sampleIndexes, db.remediationPlans, db.attachments, db.comments, db.importedBundles, db.historyCheckpoints], async () => {
      if (await db.importedBundles.get(manifest.bundleId)) return err('conflict', `Bundle ${manifest.bundleId} was imported here before; a bundle is imported once.`);
      const plan = await this.planImport(content, manifest.exporter.fingerprint);
      if (JSON.stringify(plan) !== JSON.stringify(shown)) return err('conflict', 'The review changed on this workstation while the bundle was open; open the bundle again to see what it would change now.');
      const at = this.context.now().toISOString();
      const reason = `From bundle ${manifest.bundleId}, signed by ${manifest.exporter.name} (${manifest.exporter.fingerprint}).`;
      for (const model of content.models) {
        if (await db.models.get(model.id)) continue;
        await db.models.add(model);
        await this.audit(at, 'import', 'model', model.id, null, model, reason);
      }
      const keepsMine = (r: PlannedRecord) => (r.status === 'conflict' || r.status === 'deleted-here') && resolutions.get(recordKey(r)) === 'mine';
      // A packet left deleted here takes its findings, runs and plans with it.
      const leftDeleted = leftDeletedPackets(plan, resolutions);
      /** Logs whose runs are here after the merge: only those are kept. */
      const runLogs = new Set<string>();
      /** Per packet, a plan version's number in the bundle → its number here. */
      const planNumbers = new Map<string, Map<number, number>>();
      const numbersOf = (packetId: string) => planNumbers.get(packetId) ?? planNumbers.set(packetId, new Map()).get(packetId) ?? new Map<number, number>();
      for (const r of plan.records) if (r.kind === 'plan' && r.mine) numbersOf((r.theirs as PlanVersion).packetId).set((r.theirs as PlanVersion).version, (r.mine as PlanVersion).version);
      const ordered = [...plan.records].sort((x, y) => (x.kind === 'plan' && y.kind === 'plan' ? (x.theirs as PlanVersion).version - (y.theirs as PlanVersion).version : 0));

      // A reviewer merges into the packets here only if assigned to each one the merge would change.
      for (const r of ordered) {
        if (r.status === 'same' || keepsMine(r) || r.kind === 'attachment') continue;
        await this.requireAssigned(r.kind === 'packet' ? r.id : (r.theirs as { readonly packetId: string }).packetId);
        // Bringing back a comment deleted here undoes that deletion: it takes who could have made it.
        if (r.kind === 'comment' && r.status === 'deleted-here') await this.requireCommentAuthority(r.theirs as Comment, r.deleted?.role);
      }
      let added = 0;
      let replaced = 0;
      let kept = 0;
      for (const r of ordered) {
        if (r.status === 'same') continue;
        const packetId = r.kind === 'packet' ? r.id : 'packetId' in r.theirs ? r.theirs.packetId : null;
        if (keepsMine(r) || (packetId !== null && leftDeleted.has(packetId))) {
          kept++;
          continue;
        }
        let written: object;
        // A replaced record takes the next revision here, so an editor open on the old one
        // sees the change, and a save based on the old one is refused rather than lost.
        const revision = (theirs: { readonly revision: number }) => (r.mine && 'revision' in r.mine ? r.mine.revision + 1 : theirs.revision);
        switch (r.kind) {
          case 'packet': {
            const packet = { ...(r.theirs as BundledPacket), revision: revision(r.theirs as BundledPacket) };
            await db.packets.put(packet);
            written = packet;
            break;
          }
          case 'finding': {
            const theirs = r.theirs as BundledFinding;
            const finding: Finding = { ...theirs, revision: revision(theirs), dedupKey: dedupKeyOf(theirs), cvss: scoreOf(theirs) };
            const twin = await db.findings.where('[packetId+dedupKey]').equals([finding.packetId, finding.dedupKey]).first();
            if (twin && twin.id !== finding.id) return err('conflict', `The bundle's finding "${finding.title}" is the same issue as "${twin.title}" here, recorded separately; merge them on one workstation first.`);
            await db.findings.put(finding);
            written = finding;
            break;
          }
          case 'run': {
            const run = r.theirs as BenchmarkRun;
            runLogs.add(run.source.sha256);
            await db.benchmarkRuns.put(run);
            const index = indexes.get(run.id);
            if (r.mine === null && index) {
              // A run is new here (or restored): its scores come with it. A changed run differs only in what the reviewer set.
              const rows = rowsOf(content, run);
              const chunks = [];
              for (let i = 0; i * SAMPLE_CHUNK_ROWS < rows.length; i++) chunks.push({ runId: run.id, index: i, rows: rows.slice(i * SAMPLE_CHUNK_ROWS, (i + 1) * SAMPLE_CHUNK_ROWS) });
              await db.sampleChunks.bulkPut(chunks);
              await db.sampleIndexes.put(index);
            }
            written = run;
            break;
          }
          case 'plan': {
            const theirs = r.theirs as PlanVersion;
            // Versions are numbered per packet on each workstation: the bundle's come after those here.
            const numbers = numbersOf(theirs.packetId);
            const last = await db.remediationPlans.where('[packetId+version]').between([theirs.packetId, 0], [theirs.packetId, Number.MAX_SAFE_INTEGER]).last();
            const version: PlanVersion = { ...theirs, version: (last?.version ?? 0) + 1, editedFrom: theirs.editedFrom === null ? null : (numbers.get(theirs.editedFrom) ?? null) };
            numbers.set(theirs.version, version.version);
            await db.remediationPlans.add(version);
            written = version;
            break;
          }
          case 'comment': {
            const comment = r.theirs as Comment;
            // About a finding left deleted here, or not here at all: it goes with its finding.
            if (comment.findingId !== null && !(await db.findings.get(comment.findingId))) {
              kept++;
              continue;
            }
            await db.comments.put(comment);
            written = comment;
            break;
          }
          case 'attachment': {
            const summary = r.theirs as AttachmentSummary;
            // A log whose every run was left out (deleted here, with its packet) is not kept either.
            if (!runLogs.has(summary.sha256) && !(await db.benchmarkRuns.filter((run) => run.source.sha256 === summary.sha256).first())) {
              kept++;
              continue;
            }
            const data = blobs.get(summary.sha256);
            if (!data) return err('failed', `The original log ${summary.fileName} went missing during the merge; nothing was merged.`);
            await db.attachments.put({ ...summary, data, storedAt: at });
            written = summary;
            break;
          }
        }
        await this.audit(at, 'import', ENTITY_OF[r.kind], r.id, r.mine, written, reason);
        if (r.status === 'add') added++;
        else replaced++;
      }
      await db.importedBundles.add({ bundleId: manifest.bundleId, importedAt: at, signerFingerprint: manifest.exporter.fingerprint });
      // The furthest checkpoint seen from that workstation is the one the next bundle must extend.
      const proof = content.historyProof;
      const seen = proof ? await db.historyCheckpoints.get(proof.verifierKey) : undefined;
      if (proof && plan.history) {
        const signers = [...new Set([...(seen?.signerFingerprints ?? []), manifest.exporter.fingerprint])];
        if (!seen || plan.history.size > seen.size) {
          const { origin, verifierKey, size, root, consistency } = checkBundledHistory(content.history, proof, seen);
          // Only what a late bundle could use: one proof per earlier size, the latest first, at most as many as an exporter sends.
          const kept = [...new Map(consistency.filter((c) => c.fromSize < size).map((c) => [c.fromSize, c])).values()].slice(0, MAX_CONSISTENCY_PROOFS);
          await db.historyCheckpoints.put({ origin, verifierKey, size, root, consistency: kept, note: proof.checkpoint, bundleId: manifest.bundleId, seenAt: at, signerFingerprints: signers });
        } else await db.historyCheckpoints.update(proof.verifierKey, { signerFingerprints: signers });
      }
      await this.audit(at, 'import', 'bundle', manifest.bundleId, null, { bundleId: manifest.bundleId, exporter: manifest.exporter, createdAt: manifest.createdAt, added, replaced, kept, historyEvents: content.history.length, history: plan.history });
      return ok({ added, replaced, kept });
    });
  }
}
