import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { AUDIT_ACTIONS, AUDITED_ENTITIES, type AuditEvent, type JsonValue } from './audit-event.js';
import { ExportLinesCheck, ExportProblem, type EarlierTree } from './export-check.js';
import { checkExportPage, eventLine, type ExportPage } from './export-page.js';
import { checkpointNote, eventLeafBytes, type EventSeal, type HistoryEvent, type SealedEvent } from './history.js';
import { MerkleLevels, leafHash, rootHash as treeRoot, verifyInclusion, type Hash } from './merkle.js';
import { BatchHasher } from '../hash/sha256-batch.js';
import { NoteProblem, formatVerifierKey, openNote, parseCheckpoint, parseVerifierKey, type NoteVerifier } from './signed-note.js';
import { PROFILE_ROLES } from '../identity/profile.js';
import { markingSchema } from '../marking/marking-schema.js';
import { UNCLASSIFIED, bannerText, bannerOf, type Marking } from '../marking/marking.js';

/**
 * The review history exported for auditors, as JSON lines: a first line with the workstation's
 * latest signed checkpoint (C2SP) and its verifier key, then one line per exported event. In
 * version 2 (shared/audit/export-check) each event line ends with the event's canonical JSON as it
 * was sealed, after its position and leaf hash, and, in a selection, its RFC 6962 inclusion proof
 * in the tree the checkpoint signs; an export of every event proves itself by rebuilding that tree.
 * Version 1 exports (every event with its fields, leaf and proof) still verify. A filtered export
 * proves each event it holds is in the signed history, unaltered; a whole one proves there is no
 * other. `frontier-review audit verify` checks one offline.
 */

export const AUDIT_EXPORT_FORMAT = 'frontier-review-audit-log';
/** The version written; version 1 is still read. */
export const AUDIT_EXPORT_VERSION = 2;
/** What a history export without filters calls itself: every event up to its checkpoint. */
export const WHOLE_HISTORY = 'every event';
/** An export larger than this is not one the app wrote (a million events is about 400 MB). */
const MAX_EXPORT_LINES = 20_000_000;

const hexHash = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256 hash');
/** What a one-line report must not carry: control characters, line and paragraph separators, bidirectional marks and overrides. */
const NOT_ONE_LINE = /[\p{Cc}\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/gu;
const MAX_LINE = 2000;
const oneLine = z.string().max(MAX_LINE).refine((t) => !new RegExp(NOT_ONE_LINE.source, 'u').test(t), 'one line of plain text');

/** Text made safe for a one-line header: what it must not carry is replaced, and it is cut to length. */
export function asOneLine(text: string): string {
  const clean = text.replace(NOT_ONE_LINE, '\uFFFD');
  return clean.length > MAX_LINE ? `${clean.slice(0, MAX_LINE - 1)}…` : clean;
}

const headerSchema = z.strictObject({
  format: z.literal(AUDIT_EXPORT_FORMAT),
  version: z.union([z.literal(1), z.literal(AUDIT_EXPORT_VERSION)]),
  origin: z.string().min(1),
  exportedAt: z.iso.datetime(),
  /** What was asked for, in words: "every event", or the filters applied. Not signed: a label only. */
  selection: oneLine,
  /** The banner of the highest marking among the exported records and what the export names, as the exporter saw it. Not signed. */
  banner: oneLine,
  /** The same marking, structured, so a verifier can tell whether its records' own markings exceed it. */
  marking: markingSchema,
  /** The classification authority block and CUI designation indicator, a line each, where the records need them. Not signed. */
  markingBlocks: z.array(oneLine).max(1000).optional(),
  treeSize: z.number().int().min(1),
  /** The C2SP signed note of the tree of every event up to `treeSize`. */
  checkpoint: z.string(),
  /** The key that signed it, as C2SP verifiers write it; an auditor compares it with the one they were handed. */
  verifierKey: z.string(),
});
export type AuditExportHeader = z.infer<typeof headerSchema>;

const eventLineSchema = z.strictObject({
  seq: z.number().int().min(1),
  at: z.iso.datetime(),
  actor: z.string(),
  role: z.enum(PROFILE_ROLES).optional(),
  action: z.enum(AUDIT_ACTIONS),
  entityType: z.enum(AUDITED_ENTITIES),
  entityId: z.string(),
  before: z.json(),
  after: z.json(),
  reason: z.string().optional(),
  leaf: hexHash,
  inclusionProof: z.array(hexHash).max(64),
});

/** The packet an event is about: the packet itself, or the packet of the record it changed. */
export function packetOfEvent(event: Pick<AuditEvent, 'entityType' | 'entityId' | 'before' | 'after'>): string | null {
  return packetsOfEvent(event)[0] ?? null;
}

/**
 * Every packet an event is about: the packet itself, the packet of the record it changed, or the
 * packets an export or a bundle took out (`packets`, or `records.packet.ids`).
 */
export function packetsOfEvent(event: Pick<AuditEvent, 'entityType' | 'entityId' | 'before' | 'after'>): string[] {
  if (event.entityType === 'packet') return [event.entityId];
  const record = (v: JsonValue) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Readonly<Record<string, JsonValue>>) : undefined);
  const strings = (v: JsonValue | undefined) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const found: string[] = [];
  for (const side of [event.after, event.before]) {
    const r = record(side);
    if (!r) continue;
    if (typeof r.packetId === 'string') found.push(r.packetId);
    found.push(...strings(r.packets), ...strings(record(record(r.records ?? null)?.packet ?? null)?.ids));
  }
  return [...new Set(found)];
}

/** An event to export, with the bytes it was sealed over where they were read (else they are written out again). */
export type ExportedEvent = HistoryEvent & { readonly canonical?: Uint8Array };

/** A history read as it is shown, with the signed head of its last event. */
export interface HistoryWithHead {
  readonly events: readonly ExportedEvent[];
  readonly head: Pick<SealedEvent, 'seq'> & Pick<EventSeal, 'root' | 'signature'>;
}

const textOf = new TextDecoder();

/**
 * Writes the export of `selected` (in history order) from the whole history `all`, each with its
 * proof against the last event's signed head, unless every event is exported: then the events
 * themselves rebuild the tree. `all` must be the verified history: the proofs are only as good as
 * the events they are computed from.
 */
export function exportAuditLog(all: readonly SealedEvent[] | HistoryWithHead, selected: readonly ExportedEvent[], verifier: NoteVerifier, selection: string, exportedAt: Date, marking: Marking = UNCLASSIFIED, blocks: readonly string[] = []): string {
  const { events, head } = 'head' in all ? all : { events: all, head: all.at(-1) };
  if (!head) throw new Error('The history is empty: there is nothing to export.');
  const every = selected.length === events.length;
  const tree = every ? undefined : new MerkleLevels(events.map((e) => hexToBytes(e.leaf)));
  const lines = [exportHeaderLine(head, verifier, selection, exportedAt, marking, blocks)];
  for (const e of selected) {
    const canonical = textOf.decode(e.canonical ?? eventLeafBytes(e));
    lines.push(eventLine(e.seq, e.leaf, canonical, tree?.inclusionProof(e.seq - 1).map(bytesToHex)));
  }
  return `${lines.join('\n')}\n`;
}

/** An export's first line: the checkpoint of the tree up to `head`, the key that signed it, and what the export says of itself. */
export function exportHeaderLine(head: HistoryWithHead['head'], verifier: NoteVerifier, selection: string, exportedAt: Date, marking: Marking = UNCLASSIFIED, blocks: readonly string[] = []): string {
  const header: AuditExportHeader = {
    format: AUDIT_EXPORT_FORMAT,
    version: AUDIT_EXPORT_VERSION,
    origin: verifier.name,
    exportedAt: exportedAt.toISOString(),
    selection: asOneLine(selection),
    banner: asOneLine(bannerText(marking)),
    marking,
    ...(blocks.length > 0 ? { markingBlocks: blocks.map(asOneLine) } : {}),
    treeSize: head.seq,
    checkpoint: checkpointNote(verifier.name, head.seq, head, verifier.name),
    verifierKey: formatVerifierKey(verifier),
  };
  return JSON.stringify(header);
}

export type AuditExportVerdict =
  | {
      readonly ok: true;
      readonly origin: string;
      readonly treeSize: number;
      readonly rootHash: string;
      readonly events: number;
      /** Every event of the signed tree is in the export: nothing was left out. */
      readonly complete: boolean;
      /** Events of the signed tree the export does not hold: left out by a filter, or their lines removed. */
      readonly missing: number;
      /** The export calls itself the whole history (unsigned, a label only) but events of its checkpoint are missing: lines were removed. */
      readonly cut: boolean;
      /** As the export labels itself; not signed. */
      readonly selection: string;
      /** The higher of the marking the export claims and its records' own, recomputed from them. */
      readonly banner: string;
      /** The banner the export's header claims, when its records' own markings exceed it. */
      readonly claimedBanner: string | null;
      readonly exportedAt: string;
      readonly verifierKey: string;
      /** The key was given by the auditor, not only read from the export itself. */
      readonly keyGiven: boolean;
      /** The tree of the first events, when asked for to hold an earlier checkpoint (a review report's) against. */
      readonly treeAt?: { readonly size: number; readonly rootHash: string | null; readonly firstMissing: number | null };
    }
  | { readonly ok: false; readonly line: number | null; readonly seq: number | null; readonly reason: string };

/** An export's header, checked: its checkpoint signed by the key given (else the one it names). */
export interface OpenedExport {
  readonly header: AuditExportHeader;
  readonly verifier: NoteVerifier;
  readonly rootHash: Uint8Array;
  readonly keyGiven: boolean;
}

/** Reads and checks an export's first line; a problem is an `ExportProblem` on line 1 (or none, for the key given). */
export function openExportHeader(line: string, verifierKey?: string): OpenedExport {
  const header = headerSchema.safeParse(json(line, 1));
  if (!header.success) throw new ExportProblem(1, null, `Line 1 is not the header of a Frontier Review history export: ${header.error.issues.map((i) => `${i.path.join('.') || 'header'}: ${i.message}`).join('; ')}.`);
  const { origin, treeSize, checkpoint, banner, marking: claimed } = header.data;
  if (banner !== bannerText(claimed)) throw new ExportProblem(1, null, `The header's banner "${banner}" is not the banner of the marking it gives (${bannerText(claimed)}).`);
  let verifier: NoteVerifier;
  try {
    verifier = parseVerifierKey(verifierKey ?? header.data.verifierKey);
  } catch (e) {
    throw new ExportProblem(verifierKey ? null : 1, null, `The verifier key is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
  let signed;
  try {
    signed = parseCheckpoint(openNote(checkpoint, [verifier]).text);
  } catch (e) {
    throw new ExportProblem(1, null, `The checkpoint is not signed by ${verifierKey ? 'the key given' : 'the key the export names'}: ${e instanceof NoteProblem ? e.message : String(e)}`);
  }
  if (signed.origin !== origin || signed.size !== treeSize) throw new ExportProblem(1, null, `The header says ${origin} at ${treeSize} events, but its signed checkpoint says ${signed.origin} at ${signed.size}.`);
  if (signed.origin !== verifier.name) throw new ExportProblem(1, null, `The checkpoint names the history ${signed.origin}, but the key that signed it is ${verifier.name}'s.`);
  return { header: header.data, verifier, rootHash: signed.rootHash, keyGiven: verifierKey !== undefined };
}

/** The verdict on an export whose lines verified: `events` of them, their records marked `markings`. */
export function exportVerdict(opened: OpenedExport, events: number, markings: readonly Marking[], treeAt?: EarlierTree): AuditExportVerdict {
  const { header, verifier, rootHash, keyGiven } = opened;
  const { origin, treeSize, selection, banner, marking: claimed, exportedAt } = header;
  const highest = bannerText(bannerOf([claimed, ...markings]));
  const earlier = treeAt && { treeAt: { size: treeAt.size, rootHash: treeAt.rootHash && bytesToHex(treeAt.rootHash), firstMissing: treeAt.firstMissing } };
  return { ok: true, origin, treeSize, rootHash: bytesToHex(rootHash), events, complete: events === treeSize, missing: treeSize - events, cut: events < treeSize && selection === WHOLE_HISTORY, selection, banner: highest, claimedBanner: highest === banner ? null : banner, exportedAt, verifierKey: formatVerifierKey(verifier), keyGiven, ...earlier };
}

/** An `ExportProblem` as a verdict. */
export function refusedExport(e: unknown): AuditExportVerdict {
  if (e instanceof ExportProblem) return { ok: false, line: e.line, seq: e.seq, reason: e.message };
  throw e;
}

/** What else a verification computes as it goes. */
export interface ExportVerifyOptions {
  /** The root of the tree of the first this many events too, to hold an earlier checkpoint against. */
  readonly treeAt?: number | undefined;
}

/**
 * Checks an exported history offline: the checkpoint's signature (by `verifierKey` when given,
 * else by the key the export names), then each event's hash and its place in the signed tree, in
 * order. Says which line and event are the first that fail.
 */
export function verifyAuditExport(text: string, verifierKey?: string, options: ExportVerifyOptions = {}): AuditExportVerdict {
  // A byte-order mark and blank lines at the end, as editors leave them, are not content.
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (lines.at(-1) === '') lines.pop();
  if (lines.length > MAX_EXPORT_LINES) return { ok: false, line: null, seq: null, reason: `The export has ${lines.length.toLocaleString('en-US')} lines, more than any history this app writes.` };
  try {
    const opened = openExportHeader(lines[0] ?? '', verifierKey);
    if (opened.header.version === 1) return verifyVersion1(opened, lines, options.treeAt);
    const hasher = BatchHasher.create();
    const check = new ExportLinesCheck({ treeSize: opened.header.treeSize, root: opened.rootHash }, hasher, options.treeAt);
    const encoder = new TextEncoder();
    const checkPage = (page: ExportPage | undefined) => {
      if (page) check.join(page, checkExportPage(hasher, page, check.tree));
    };
    for (let i = 1; i < lines.length; i++) checkPage(check.addLine(encoder.encode(lines[i]), i + 1));
    checkPage(check.flush());
    const { events, markings, treeAt } = check.finish();
    return exportVerdict(opened, events, markings, treeAt);
  } catch (e) {
    return refusedExport(e);
  }
}

/** The limit on an export's lines, for a reader that counts them as it goes. */
export const EXPORT_LINE_LIMIT = MAX_EXPORT_LINES;

function json(line: string, n: number): unknown {
  try {
    return JSON.parse(line) as unknown;
  } catch {
    throw new ExportProblem(n, null, `Line ${n} is not JSON.`);
  }
}

/** Version 1's event lines: each event's fields, its leaf and its inclusion proof, hashed as canonical JSON written out again. */
function verifyVersion1(opened: OpenedExport, lines: readonly string[], treeAt?: number): AuditExportVerdict {
  const { treeSize } = opened.header;
  const markings: Marking[] = [];
  /** The leaves of events 1, 2, 3… up to `treeAt`, while none is missing. */
  const first: Hash[] = [];
  let previous = 0;
  for (let i = 1; i < lines.length; i++) {
    const n = i + 1;
    const raw = json(lines[i] ?? '', n);
    const parsed = eventLineSchema.safeParse(raw);
    if (!parsed.success) throw new ExportProblem(n, null, `Line ${n} is not an exported event: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'event'}: ${x.message}`).join('; ')}.`);
    // The values as written: a schema's copy would drop keys such as "__proto__" and change the hash.
    const { before, after } = raw as { readonly before: JsonValue; readonly after: JsonValue };
    const { seq, leaf, inclusionProof, ...fields } = parsed.data;
    const event = { ...fields, before, after };
    for (const v of [before, after]) {
      const m = markingSchema.safeParse(typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Readonly<Record<string, JsonValue>>).marking : undefined);
      if (m.success) markings.push(m.data);
    }
    if (seq <= previous) throw new ExportProblem(n, seq, `Event #${seq} comes after #${previous}: the events are out of order or repeated.`);
    if (seq > treeSize) throw new ExportProblem(n, seq, `Event #${seq} is past the ${treeSize} events the checkpoint signs.`);
    previous = seq;
    const computed = leafHash(eventLeafBytes(event as Parameters<typeof eventLeafBytes>[0]));
    if (bytesToHex(computed) !== leaf) throw new ExportProblem(n, seq, `Event #${seq} was changed: its content no longer matches the hash recorded with it.`);
    if (!verifyInclusion(computed, seq - 1, treeSize, inclusionProof.map(hexToBytes), opened.rootHash)) throw new ExportProblem(n, seq, `Event #${seq} is not in the signed history: its inclusion proof does not lead to the checkpoint's root.`);
    if (treeAt !== undefined && seq === first.length + 1 && seq <= treeAt) first.push(computed);
  }
  const earlier: EarlierTree | undefined =
    treeAt === undefined ? undefined : first.length === treeAt ? { size: treeAt, rootHash: treeRoot(first), firstMissing: null } : { size: treeAt, rootHash: null, firstMissing: first.length + 1 };
  return exportVerdict(opened, lines.length - 1, markings, earlier);
}
