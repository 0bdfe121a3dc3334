import { z } from 'zod';
import { bundledHistoryProofSchema, type BundledHistoryProof } from '../audit/history-proof.js';
import { sha256OfSource } from '../hash/sha256.js';
import { markingSchema } from '../marking/marking-schema.js';
import { readPoam } from '../oscal/poam-read.js';
import { writePoam } from '../oscal/poam-write.js';
import type { PlanVersion } from '../plans/remediation-plan.js';
import type { BenchmarkRun, SampleRow } from '../results/benchmark-run.js';
import { benchmarkRunSchema, runRowsProblem, sampleRowSchema } from '../results/run-schema.js';
import { byteSourceStream, bytesSource, type ByteSource } from '../zip/byte-source.js';
import { bytesStream, type BundleSource, type CheckedBundle } from './review-bundle.js';
import { AUDIT_ACTIONS, AUDITED_ENTITIES, type AuditEvent } from '../audit/audit-event.js';
import { commentEnvelopeSchema, commentFieldsSchema, type Comment } from '../comments/comment.js';
import { findingFieldsSchema, type FindingFields } from '../findings/finding.js';
import { PROFILE_ROLES } from '../identity/profile.js';
import { modelId, type ModelRecord } from '../model/model.js';
import { assigneesSchema, packetFieldsSchema, type PacketFields } from '../packet/packet.js';

/**
 * The review data a bundle carries: the chosen packets with their models, findings, benchmark
 * runs and remediation plans, the original evaluation logs, and the history of those records on
 * the exporting workstation. Every record is checked here, with the same rules the editors and
 * readers apply, before anything is written.
 *
 *     review/review.json             packets, models, findings, runs, plan versions, history
 *     review/samples/<run id>.json   a run's per-sample scores
 *     review/plans/<version id>.json a plan version's OSCAL POA&M document, whole, readable by OSCAL tools
 *     attachments/<sha256>/<name>    an original evaluation log, named by its SHA-256
 */

export const REVIEW_CONTENT_PATH = 'review/review.json';
export const REVIEW_CONTENT_FORMAT = 'frontier-review-review';
/**
 * Version 2 adds runs, plans and attachments, version 3 comments, version 4 the history's proof,
 * version 5 packets' classification authority and the history's export and print events. Every
 * earlier version is still read.
 */
export const REVIEW_CONTENT_VERSION = 5;

export const samplesPath = (runId: string): string => `review/samples/${runId}.json`;
export const planPath = (versionId: string): string => `review/plans/${versionId}.json`;
/** A file name any file system and `tar` accept, for an attachment's place in the bundle. */
export function attachmentPath(sha256: string, fileName: string): string {
  const safe = fileName
    .replace(/[^A-Za-z0-9._ -]/g, '_')
    .slice(0, 200)
    .replace(/^[. ]+/, '_')
    .replace(/[. ]+$/, '_');
  // "nul.eval" and the like are device names on Windows.
  return `attachments/${sha256}/${/^(con|prn|aux|nul|com\d|lpt\d)(\.|$)/i.test(safe) ? `_${safe}` : safe || 'log'}`;
}

export interface BundledPacket extends PacketFields {
  readonly id: string;
  readonly modelId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revision: number;
  readonly assignees: readonly string[];
}

/** A finding as it travels: its score and merge key are recomputed by the importing workstation. */
export interface BundledFinding extends FindingFields {
  readonly id: string;
  readonly packetId: string;
  readonly reports: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revision: number;
}

/**
 * An original evaluation log, named by the SHA-256 its runs record. Read a slice at a time: a log
 * can be gigabytes, and neither export nor import holds it in memory.
 */
export interface BundledAttachment {
  readonly sha256: string;
  readonly fileName: string;
  readonly source: ByteSource;
}

/**
 * A checked bundle's files, wherever they were unpacked: in memory (a browser), or in the main
 * process's quarantine folder, read over IPC. Review data is read whole; logs a slice at a time.
 */
export interface ReceivedFiles {
  readonly paths: readonly string[];
  read(path: string): Promise<Uint8Array | undefined>;
  source(path: string): ByteSource | undefined;
}

export function receivedFromMemory(files: ReadonlyMap<string, Uint8Array>): ReceivedFiles {
  return {
    paths: [...files.keys()],
    read: (path) => Promise.resolve(files.get(path)),
    source: (path) => {
      const bytes = files.get(path);
      return bytes && bytesSource(path, bytes);
    },
  };
}

export interface ReviewContent {
  readonly packets: readonly BundledPacket[];
  readonly models: readonly ModelRecord[];
  readonly findings: readonly BundledFinding[];
  readonly runs: readonly BenchmarkRun[];
  /** Each run's per-sample scores, in the run's order; runs from results tables have none. */
  readonly samples: ReadonlyMap<string, readonly SampleRow[]>;
  readonly plans: readonly PlanVersion[];
  readonly attachments: readonly BundledAttachment[];
  readonly comments: readonly Comment[];
  /** The exporting workstation's history of these records, oldest first. */
  readonly history: readonly AuditEvent[];
  /** Its proof in the exporting workstation's signed history (version 4 on; absent before, and for an empty history). */
  readonly historyProof?: BundledHistoryProof;
}

const id = z.string().min(1).max(200);
const instant = z.iso.datetime({ offset: true });
const revision = z.number().int().positive();
const packetEnvelope = z.strictObject({ id, modelId: id, createdAt: instant, updatedAt: instant, revision, assignees: assigneesSchema.default([]) });
const findingEnvelope = z.strictObject({ id, packetId: id, reports: z.number().int().positive(), createdAt: instant, updatedAt: instant, revision });
const uuid = z.uuid();
const planEnvelope = z.strictObject({
  id: uuid,
  packetId: id,
  version: z.number().int().positive(),
  problems: z.array(z.strictObject({ where: z.string().max(1000), message: z.string().max(5000) })).max(10_000),
  source: z.strictObject({ fileName: z.string().min(1).max(1000), size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
  marking: markingSchema,
  importedAt: instant,
  editedFrom: z.number().int().positive().nullable(),
});
const attachmentEntry = z.strictObject({ path: z.string().max(500), sha256: z.string().regex(/^[0-9a-f]{64}$/), fileName: z.string().min(1).max(1000), size: z.number().int().nonnegative() });
const modelSchema = z.strictObject({ id, developer: z.string().min(1).max(200), name: z.string().min(1).max(200), createdAt: instant });
const eventSchema = z.strictObject({
  seq: z.number().int().positive(),
  at: instant,
  actor: z.string().max(200),
  role: z.enum(PROFILE_ROLES).optional(),
  action: z.enum(AUDIT_ACTIONS),
  entityType: z.enum(AUDITED_ENTITIES),
  entityId: id,
  before: z.json(),
  after: z.json(),
  reason: z.string().max(5000).optional(),
});

/** Splits a record into its envelope (ids, times, revision) and its fields, each checked by its own schema. */
function checkRecord<E, F>(value: unknown, envelope: z.ZodType<E> & { readonly shape: object }, fields: z.ZodType<F>, where: string): E & F {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ContentProblem(`${where} is not a record.`);
  const keys = new Set(Object.keys(envelope.shape));
  // Without prototypes: a "__proto__" key is then a key like any other, refused by the strict schemas.
  const env = Object.create(null) as Record<string, unknown>;
  const rest = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) (keys.has(k) ? env : rest)[k] = v;
  const e = envelope.safeParse(env);
  const f = fields.safeParse(rest);
  const issue = !e.success ? e.error.issues[0] : !f.success ? f.error.issues[0] : undefined;
  if (issue || !e.success || !f.success) throw new ContentProblem(`${where}: ${issue && issue.path.length > 0 ? issue.path.join('.') : 'record'}: ${issue?.message ?? 'not valid'}`);
  return { ...e.data, ...f.data };
}

export class ContentProblem extends Error {}

function problemOf(error: z.ZodError, where: string): ContentProblem {
  const issue = error.issues[0];
  return new ContentProblem(`${where}: ${issue && issue.path.length > 0 ? issue.path.join('.') : 'document'}: ${issue?.message ?? 'not valid'}`);
}

const documentSchema = z.strictObject({
  format: z.literal(REVIEW_CONTENT_FORMAT),
  version: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4), z.literal(REVIEW_CONTENT_VERSION)]),
  packets: z.array(z.unknown()).max(10_000),
  models: z.array(modelSchema).max(10_000),
  findings: z.array(z.unknown()).max(100_000),
  runs: z.array(z.unknown()).max(100_000).default([]),
  plans: z.array(planEnvelope).max(100_000).default([]),
  attachments: z.array(attachmentEntry).max(10_000).default([]),
  comments: z.array(z.unknown()).max(100_000).default([]),
  history: z.array(eventSchema).max(1_000_000),
  historyProof: bundledHistoryProofSchema.optional(),
});

/** review/review.json, checked, with the runs' and plans' own files still to be read. */
export interface ReviewDocument {
  readonly packets: readonly BundledPacket[];
  readonly models: readonly ModelRecord[];
  readonly findings: readonly BundledFinding[];
  readonly runs: readonly BenchmarkRun[];
  readonly plans: readonly Omit<PlanVersion, 'content' | 'document'>[];
  readonly attachments: readonly z.infer<typeof attachmentEntry>[];
  readonly comments: readonly Comment[];
  readonly history: readonly AuditEvent[];
  readonly historyProof?: BundledHistoryProof;
}

export function parseReviewDocument(json: unknown): ReviewDocument {
  const version = typeof json === 'object' && json !== null && 'version' in json ? json.version : undefined;
  if (typeof version === 'number' && version > REVIEW_CONTENT_VERSION) throw new ContentProblem(`${REVIEW_CONTENT_PATH} was made by a newer version of Frontier Review (review content version ${version}; this one reads up to ${REVIEW_CONTENT_VERSION}). Update Frontier Review to import it.`);
  const top = documentSchema.safeParse(json);
  if (!top.success) throw problemOf(top.error, REVIEW_CONTENT_PATH);
  // From version 4 a history travels with its proof: one without it was stripped of it.
  if (top.data.version >= 4 && top.data.history.length > 0 && !top.data.historyProof) throw new ContentProblem(`${REVIEW_CONTENT_PATH}: the history comes without the proof that it is the exporting workstation's signed history.`);
  const packets = top.data.packets.map((p, i) => checkRecord(p, packetEnvelope, packetFieldsSchema, `packet ${i + 1}`));
  const findings = top.data.findings.map((f, i) => checkRecord(f, findingEnvelope, findingFieldsSchema, `finding ${i + 1}`));
  const runs = top.data.runs.map((r, i) => {
    const run = benchmarkRunSchema.safeParse(r);
    if (!run.success) throw problemOf(run.error, `run ${i + 1}`);
    if (!uuid.safeParse(run.data.id).success) throw new ContentProblem(`Run ${i + 1} has the id "${run.data.id}", which is not a UUID.`);
    return run.data;
  });
  const comments = top.data.comments.map((c, i) => checkRecord(c, commentEnvelopeSchema, commentFieldsSchema, `comment ${i + 1}`));
  const { plans, attachments } = top.data;
  const packetIds = new Set(packets.map((p) => p.id));
  const modelIds = new Set(top.data.models.map((m) => m.id));
  const idLists = [
    ['packet', packets.map((p) => p.id)],
    ['finding', findings.map((f) => f.id)],
    ['model', top.data.models.map((m) => m.id)],
    ['run', runs.map((r) => r.id)],
    ['plan version', plans.map((p) => p.id)],
    ['plan version number', plans.map((p) => `${p.packetId}/${p.version}`)],
    ['attachment', attachments.map((a) => a.sha256)],
    ['comment', comments.map((c) => c.id)],
  ] as const;
  for (const [label, ids] of idLists) {
    if (new Set(ids).size !== ids.length) throw new ContentProblem(`${REVIEW_CONTENT_PATH} lists a ${label} twice.`);
  }
  for (const p of packets) {
    // A packet's model follows from its developer and name, as when it is saved here.
    if (p.modelId !== modelId(p.developer, p.modelName)) throw new ContentProblem(`Packet ${p.id} names model ${p.modelId}, not the model of ${p.developer} ${p.modelName}.`);
    if (!modelIds.has(p.modelId)) throw new ContentProblem(`Packet ${p.id} names model ${p.modelId}, which the bundle does not carry.`);
  }
  for (const m of top.data.models) if (m.id !== modelId(m.developer, m.name)) throw new ContentProblem(`Model ${m.id} is not the model of ${m.developer} ${m.name}.`);
  for (const f of findings) if (!packetIds.has(f.packetId)) throw new ContentProblem(`Finding ${f.id} belongs to packet ${f.packetId}, which the bundle does not carry.`);
  for (const r of runs) if (!packetIds.has(r.packetId)) throw new ContentProblem(`Run ${r.id} belongs to packet ${r.packetId}, which the bundle does not carry.`);
  const findingPackets = new Map(findings.map((f) => [f.id, f.packetId]));
  for (const c of comments) {
    if (!packetIds.has(c.packetId)) throw new ContentProblem(`Comment ${c.id} belongs to packet ${c.packetId}, which the bundle does not carry.`);
    if (c.findingId !== null && findingPackets.get(c.findingId) !== c.packetId) throw new ContentProblem(`Comment ${c.id} is about finding ${c.findingId}, which is not among its packet's findings in the bundle.`);
  }
  for (const p of plans) if (!packetIds.has(p.packetId)) throw new ContentProblem(`Plan version ${p.id} belongs to packet ${p.packetId}, which the bundle does not carry.`);
  const runHashes = new Set(runs.map((r) => r.source.sha256));
  for (const a of attachments) {
    if (a.path !== attachmentPath(a.sha256, a.fileName)) throw new ContentProblem(`The attachment ${a.fileName} is filed as "${a.path}", not under its SHA-256.`);
    if (!runHashes.has(a.sha256)) throw new ContentProblem(`The attachment ${a.fileName} is the original of no run in the bundle.`);
  }
  return { packets, models: top.data.models, findings, runs, plans, attachments, comments, history: top.data.history as AuditEvent[], ...(top.data.historyProof ? { historyProof: top.data.historyProof } : {}) };
}

/**
 * The review data of a bundle's verified files: review.json and every file it names, each checked.
 * `checked` is what opening the bundle proved: a SHA-256 bundle's every file was hashed as it was
 * unpacked and refused unless its hash is the one the signed manifest lists, so a log listed there
 * under the SHA-256 its runs name is that log, and is not read and hashed again.
 */
export async function readReviewContent(
  files: ReceivedFiles,
  options: { readonly onProgress?: (done: number, total: number) => void; readonly checked?: Pick<CheckedBundle, 'manifest' | 'hash'> } = {},
): Promise<ReviewContent> {
  const document = parseReviewDocument(await readJson(files, REVIEW_CONTENT_PATH));
  const named = new Set([REVIEW_CONTENT_PATH]);
  const samples = new Map<string, readonly SampleRow[]>();
  for (const run of document.runs) {
    if (run.sourceKind === 'results-table') continue;
    const path = samplesPath(run.id);
    named.add(path);
    const rows = z.array(sampleRowSchema).safeParse(await readJson(files, path));
    if (!rows.success) throw problemOf(rows.error, path);
    const problem = runRowsProblem(run, rows.data);
    if (problem) throw new ContentProblem(`${path}: ${problem}.`);
    samples.set(run.id, rows.data);
  }
  const plans: PlanVersion[] = [];
  for (const envelope of document.plans) {
    const path = planPath(envelope.id);
    named.add(path);
    const bytes = await files.read(path);
    if (!bytes) throw new ContentProblem(`The bundle lacks ${path}, plan version ${envelope.version} of packet ${envelope.packetId}.`);
    const read = await readPoam(path, bytes);
    if (!read.ok) throw new ContentProblem(read.message);
    // The file is the version's document, every field of it (or, from a version that kept none, its plan written out).
    plans.push({ ...envelope, content: read.plan, document: read.document });
  }
  for (const a of document.attachments) named.add(a.path);
  for (const path of files.paths) {
    if (!named.has(path)) throw new ContentProblem(`The bundle holds "${path}", which its review data does not mention.`);
  }
  // Logs last, after everything cheaper to check has passed: hashing gigabytes takes a while.
  const total = document.attachments.reduce((sum, a) => sum + a.size, 0);
  const proven = options.checked?.hash === 'sha256' ? new Map(options.checked.manifest.files.map((f) => [f.path, f])) : undefined;
  let hashed = 0;
  const attachments: BundledAttachment[] = [];
  for (const a of document.attachments) {
    const source = files.source(a.path);
    if (!source) throw new ContentProblem(`The bundle lacks the attachment ${a.path}.`);
    const listed = proven?.get(a.path);
    const sha256 = source.size !== a.size ? undefined : listed ? (listed.size === a.size ? listed.sha256 : undefined) : await sha256OfSource(source, { onProgress: (done) => options.onProgress?.(hashed + done, total) });
    if (sha256 !== a.sha256) throw new ContentProblem(`The attachment ${a.path} is not the log its runs were read from: its size or SHA-256 differs.`);
    hashed += a.size;
    attachments.push({ sha256: a.sha256, fileName: a.fileName, source });
  }
  return { packets: document.packets, models: document.models, findings: document.findings, runs: document.runs, samples, plans, attachments, comments: document.comments, history: document.history, ...(document.historyProof ? { historyProof: document.historyProof } : {}) };
}

async function readJson(files: ReceivedFiles, path: string): Promise<unknown> {
  const bytes = await files.read(path);
  if (!bytes) throw new ContentProblem(`The bundle holds no ${path}.`);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (e) {
    throw new ContentProblem(`${path} is not JSON text (${e instanceof Error ? e.message.slice(0, 200) : String(e)}).`);
  }
}

/** The files that carry review data in a bundle: review.json, then each run's, plan's and log's own. */
export function reviewBundleFiles(content: ReviewContent): BundleSource[] {
  const encoder = new TextEncoder();
  const json = (value: unknown) => encoder.encode(JSON.stringify(value));
  const document = {
    format: REVIEW_CONTENT_FORMAT,
    version: REVIEW_CONTENT_VERSION,
    packets: content.packets,
    models: content.models,
    findings: content.findings,
    runs: content.runs,
    plans: content.plans.map(({ content: _plan, document: _document, ...envelope }) => envelope),
    attachments: content.attachments.map((a) => ({ path: attachmentPath(a.sha256, a.fileName), sha256: a.sha256, fileName: a.fileName, size: a.source.size })),
    comments: content.comments,
    history: content.history,
    historyProof: content.historyProof,
  };
  const inMemory = (path: string, bytes: Uint8Array): BundleSource => ({ path, size: bytes.length, stream: () => bytesStream(bytes) });
  return [
    inMemory(REVIEW_CONTENT_PATH, json(document)),
    ...content.runs.filter((r) => r.sourceKind !== 'results-table').map((r) => inMemory(samplesPath(r.id), json(content.samples.get(r.id) ?? []))),
    // Each plan version's own document, every field as the version keeps it; one kept from before versions had documents, written from its plan.
    ...content.plans.map((p) => inMemory(planPath(p.id), encoder.encode(`${JSON.stringify(p.document ?? writePoam(p.content), null, 2)}\n`))),
    // A log is kept under its SHA-256: the bundle lists it by that, and whoever opens the bundle checks it.
    ...content.attachments.map((a) => ({ path: attachmentPath(a.sha256, a.fileName), size: a.source.size, sha256: a.sha256, stream: () => byteSourceStream(a.source) })),
  ];
}
