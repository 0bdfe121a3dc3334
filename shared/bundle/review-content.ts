import { z } from 'zod';
import { AUDIT_ACTIONS, AUDITED_ENTITIES, type AuditEvent } from '../audit/audit-event.js';
import { findingFieldsSchema, type FindingFields } from '../findings/finding.js';
import { PROFILE_ROLES } from '../identity/profile.js';
import { modelId, type ModelRecord } from '../model/model.js';
import { packetFieldsSchema, type PacketFields } from '../packet/packet.js';

/**
 * The review data a bundle carries (review/review.json): the chosen packets with their models and
 * findings, and the history of those records on the exporting workstation. Every record is checked
 * here, with the same rules the editors apply, before anything is written.
 */

export const REVIEW_CONTENT_PATH = 'review/review.json';
export const REVIEW_CONTENT_FORMAT = 'frontier-review-review';

export interface BundledPacket extends PacketFields {
  readonly id: string;
  readonly modelId: string;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly revision: number;
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

export interface ReviewContent {
  readonly format: typeof REVIEW_CONTENT_FORMAT;
  readonly version: 1;
  readonly packets: readonly BundledPacket[];
  readonly models: readonly ModelRecord[];
  readonly findings: readonly BundledFinding[];
  /** The exporting workstation's history of these records, oldest first. */
  readonly history: readonly AuditEvent[];
}

const id = z.string().min(1).max(200);
const instant = z.iso.datetime({ offset: true });
const revision = z.number().int().positive();
const packetEnvelope = z.strictObject({ id, modelId: id, createdAt: instant, updatedAt: instant, revision });
const findingEnvelope = z.strictObject({ id, packetId: id, reports: z.number().int().positive(), createdAt: instant, updatedAt: instant, revision });
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

export function parseReviewContent(json: unknown): ReviewContent {
  const top = z.strictObject({ format: z.literal(REVIEW_CONTENT_FORMAT), version: z.literal(1), packets: z.array(z.unknown()).max(10_000), models: z.array(modelSchema).max(10_000), findings: z.array(z.unknown()).max(100_000), history: z.array(eventSchema).max(1_000_000) }).safeParse(json);
  if (!top.success) {
    const issue = top.error.issues[0];
    throw new ContentProblem(`${REVIEW_CONTENT_PATH}: ${issue && issue.path.length > 0 ? issue.path.join('.') : 'document'}: ${issue?.message ?? 'not valid'}`);
  }
  const packets = top.data.packets.map((p, i) => checkRecord(p, packetEnvelope, packetFieldsSchema, `packet ${i + 1}`));
  const findings = top.data.findings.map((f, i) => checkRecord(f, findingEnvelope, findingFieldsSchema, `finding ${i + 1}`));
  const packetIds = new Set(packets.map((p) => p.id));
  const modelIds = new Set(top.data.models.map((m) => m.id));
  for (const [label, ids] of [['packet', packets.map((p) => p.id)], ['finding', findings.map((f) => f.id)], ['model', top.data.models.map((m) => m.id)]] as const) {
    if (new Set(ids).size !== ids.length) throw new ContentProblem(`${REVIEW_CONTENT_PATH} lists a ${label} twice.`);
  }
  for (const p of packets) {
    // A packet's model follows from its developer and name, as when it is saved here.
    if (p.modelId !== modelId(p.developer, p.modelName)) throw new ContentProblem(`Packet ${p.id} names model ${p.modelId}, not the model of ${p.developer} ${p.modelName}.`);
    if (!modelIds.has(p.modelId)) throw new ContentProblem(`Packet ${p.id} names model ${p.modelId}, which the bundle does not carry.`);
  }
  for (const m of top.data.models) if (m.id !== modelId(m.developer, m.name)) throw new ContentProblem(`Model ${m.id} is not the model of ${m.developer} ${m.name}.`);
  for (const f of findings) if (!packetIds.has(f.packetId)) throw new ContentProblem(`Finding ${f.id} belongs to packet ${f.packetId}, which the bundle does not carry.`);
  return { format: REVIEW_CONTENT_FORMAT, version: 1, packets, models: top.data.models, findings, history: top.data.history as AuditEvent[] };
}
