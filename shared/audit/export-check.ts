import { hexToBytes } from '@noble/hashes/utils.js';
import type { JsonValue } from './audit-event.js';
import { PAGE_EVENTS, TreeEdge } from './history-check.js';
import { equalHashes, verifyInclusion } from './merkle.js';
import type { BatchHasher } from '../hash/sha256-batch.js';
import { markingSchema } from '../marking/marking-schema.js';
import type { Marking } from '../marking/marking.js';

/**
 * Version 2 of the exported history's event lines, and their verification. Each line ends with the
 * event's canonical JSON exactly as the workstation sealed it:
 *
 *   {"seq":7,"leaf":"<hex>","event":{…}}                              in an export of every event
 *   {"seq":7,"leaf":"<hex>","inclusionProof":["<hex>",…],"event":{…}}  in a selection
 *
 * so a verifier hashes the bytes as read, with no JSON written out again, and reads only the few
 * bytes before them. An export of every event carries no proofs: its events rebuild the tree, a
 * page of 1,024 at a time (in any thread), whose root the checkpoint signs. A selection proves each
 * event by its path. Display data (the markings a report is marked at) is parsed from the bytes.
 */

export class ExportProblem extends Error {
  constructor(
    readonly line: number | null,
    readonly seq: number | null,
    message: string,
  ) {
    super(message);
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SEQ = encoder.encode('{"seq":');
const LEAF = encoder.encode(',"leaf":"');
const PROOF = encoder.encode('","inclusionProof":[');
const EVENT_AFTER_LEAF = encoder.encode('","event":');
const EVENT_AFTER_PROOF = encoder.encode('],"event":');
const MARKING = encoder.encode('"marking"');

/** A version 2 event line, as the exporter writes it. */
export function eventLine(seq: number, leaf: string, canonical: string, inclusionProof?: readonly string[]): string {
  const proof = inclusionProof ? `,"inclusionProof":${JSON.stringify(inclusionProof)}` : '';
  return `{"seq":${seq},"leaf":"${leaf}"${proof},"event":${canonical}}`;
}

/** Where an event line's parts are, in its bytes. */
export interface LineParts {
  readonly seq: number;
  /** Offset of the leaf's 64 hex digits. */
  readonly leafAt: number;
  /** The proof's text between its brackets, when the line has one. */
  readonly proof?: { readonly from: number; readonly to: number };
  readonly eventFrom: number;
  readonly eventTo: number;
}

function startsWith(bytes: Uint8Array, at: number, expected: Uint8Array): boolean {
  if (at + expected.length > bytes.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

function isHexDigit(byte: number | undefined): boolean {
  return byte !== undefined && ((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66));
}

/** The parts of a version 2 event line, or what is wrong with it. */
export function lineParts(line: Uint8Array): LineParts | string {
  if (!startsWith(line, 0, SEQ)) return 'it does not start with its "seq"';
  let at = SEQ.length;
  let seq = 0;
  const digitsFrom = at;
  for (let byte = line[at]; byte !== undefined && byte >= 0x30 && byte <= 0x39 && at - digitsFrom < 10; byte = line[++at]) seq = seq * 10 + byte - 0x30;
  if (at === digitsFrom || line[digitsFrom] === 0x30 || seq > 0x7fffffff) return '"seq" is not a position in the history';
  if (!startsWith(line, at, LEAF)) return '"leaf" does not follow "seq"';
  const leafAt = at + LEAF.length;
  for (let i = 0; i < 64; i++) if (!isHexDigit(line[leafAt + i])) return '"leaf" is not a hex SHA-256 hash';
  at = leafAt + 64;
  let proof: LineParts['proof'];
  if (startsWith(line, at, PROOF)) {
    const from = at + PROOF.length;
    const to = line.indexOf(0x5d, from);
    if (to < 0) return '"inclusionProof" is not closed';
    proof = { from, to };
    at = to;
    if (!startsWith(line, at, EVENT_AFTER_PROOF)) return '"event" does not follow "inclusionProof"';
    at += EVENT_AFTER_PROOF.length;
  } else {
    if (!startsWith(line, at, EVENT_AFTER_LEAF)) return '"event" does not follow "leaf"';
    at += EVENT_AFTER_LEAF.length;
  }
  const eventTo = line.length - 1;
  if (line[at] !== 0x7b || line[eventTo] !== 0x7d || line[eventTo - 1] !== 0x7d) return '"event" is not one JSON object ending the line';
  return { seq, leafAt, ...(proof ? { proof } : {}), eventFrom: at, eventTo };
}

/** The proof's hashes, from the text between its brackets. */
function proofHashes(text: string): Uint8Array[] | undefined {
  if (text === '') return [];
  const parts = text.split(',');
  if (parts.length > 64) return undefined;
  const hashes: Uint8Array[] = [];
  for (const part of parts) {
    if (!/^"[0-9a-f]{64}"$/.test(part)) return undefined;
    hashes.push(hexToBytes(part.slice(1, -1)));
  }
  return hashes;
}

const HEX_DIGITS = encoder.encode('0123456789abcdef');

/** Whether 64 hex digits at `at` in `bytes` spell `hash`: compared in place, with no string made. */
function hexMatches(bytes: Uint8Array, at: number, hash: Uint8Array): boolean {
  for (let i = 0; i < 32; i++) {
    const byte = hash[i] ?? 0;
    if (bytes[at + 2 * i] !== HEX_DIGITS[byte >>> 4] || bytes[at + 2 * i + 1] !== HEX_DIGITS[byte & 15]) return false;
  }
  return true;
}

/** Up to 1,024 consecutive lines' events, hashed together: a page of the tree when it starts at a multiple of 1,024. */
export interface ExportPage {
  readonly firstLine: number;
  /** Each line's event, as its bytes: the canonical JSON end to end. */
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
  /** Each line's "seq". */
  readonly seqs: Uint32Array;
}

/** What hashing a page found: its leaves, its root when it is a page of the tree, the markings of its records. */
export interface ExportPageResult {
  readonly leaves: Uint8Array;
  readonly pageRoot?: Uint8Array;
  /** The markings of the records before and after each event, each distinct one once. */
  readonly markings: readonly Marking[];
}

/**
 * Hashes a page's events and reads their records' markings: any thread can do this for any page.
 * Only events whose bytes name a marking are parsed.
 */
export function hashExportPage(hasher: BatchHasher, page: ExportPage): ExportPageResult {
  const count = page.ends.length;
  const leaves = hasher.leafHashes(page.bytes, page.ends);
  const whole = count === PAGE_EVENTS && page.seqs[0] !== undefined && (page.seqs[0] - 1) % PAGE_EVENTS === 0 && page.seqs[count - 1] === page.seqs[0] + count - 1;
  const seen = new Map<string, Marking>();
  for (let i = 0, from = 0; i < count; i++) {
    const to = page.ends[i] ?? from;
    const event = page.bytes.subarray(from, to);
    from = to;
    if (!containsBytes(event, MARKING)) continue;
    let parsed: { readonly before?: JsonValue; readonly after?: JsonValue };
    try {
      parsed = JSON.parse(decoder.decode(event)) as typeof parsed;
    } catch {
      continue;
    }
    for (const side of [parsed.before, parsed.after]) {
      const m = typeof side === 'object' && side !== null && !Array.isArray(side) ? (side as Readonly<Record<string, JsonValue>>).marking : undefined;
      if (m === undefined) continue;
      const key = JSON.stringify(m);
      if (seen.has(key)) continue;
      const checked = markingSchema.safeParse(m);
      if (checked.success) seen.set(key, checked.data);
    }
  }
  return { leaves, ...(whole ? { pageRoot: hasher.treeRoot(leaves) } : {}), markings: [...seen.values()] };
}

function containsBytes(bytes: Uint8Array, needle: Uint8Array): boolean {
  const first = needle[0] ?? 0;
  for (let at = bytes.indexOf(first); at >= 0 && at + needle.length <= bytes.length; at = bytes.indexOf(first, at + 1)) {
    if (startsWith(bytes, at, needle)) return true;
  }
  return false;
}

/** What the lines of a version 2 export proved. */
export interface ExportLinesVerdict {
  readonly events: number;
  readonly markings: readonly Marking[];
}

interface PendingLine {
  readonly line: number;
  readonly seq: number;
  readonly leafAt: number;
  readonly proof?: string;
}

/** A page's lines, kept until its hashes come back. */
interface PendingPage {
  readonly lines: readonly PendingLine[];
  /** The lines' bytes, for their recorded leaves. */
  readonly leafText: Uint8Array;
}

/**
 * A version 2 export's event lines checked in order: each line's place in the history as it is
 * read, then (a page at a time, hashed by the caller in whatever thread, joined in order) its
 * bytes against its recorded leaf, and either the tree of every event against the checkpoint's
 * root or each event's proof. Problems are thrown as `ExportProblem`s naming the line.
 */
export class ExportLinesCheck {
  private previous = 0;
  private events = 0;
  /** The first event left out, where lines stop running 1, 2, 3…: the tree cannot be rebuilt past it. */
  private firstGap: { readonly line: number | null; readonly seq: number } | undefined;
  /** The first line with no proof: it is proven only by rebuilding the tree from every event. */
  private unproven: number | undefined;
  private readonly edge = TreeEdge.of({ size: 0, nodes: [] });
  private readonly markings = new Map<string, Marking>();
  private readonly pending: PendingPage[] = [];
  private lines: PendingLine[] = [];
  private leafText = new Uint8Array(64 * PAGE_EVENTS);
  private buffer = new Uint8Array(1 << 20);
  private ends: number[] = [];

  constructor(
    private readonly treeSize: number,
    private readonly root: Uint8Array,
    private readonly hasher: BatchHasher,
  ) {}

  /** Adds line `n` (its bytes, without the line break); returns a page to hash when one is full. */
  addLine(line: Uint8Array, n: number): ExportPage | undefined {
    const parts = lineParts(line);
    if (typeof parts === 'string') throw new ExportProblem(n, null, `Line ${n} is not an exported event: ${parts}.`);
    const { seq } = parts;
    if (seq <= this.previous) throw new ExportProblem(n, seq, `Event #${seq} comes after #${this.previous}: the events are out of order or repeated.`);
    if (seq > this.treeSize) throw new ExportProblem(n, seq, `Event #${seq} is past the ${this.treeSize} events the checkpoint signs.`);
    if (seq !== this.previous + 1) this.firstGap ??= { line: n, seq: this.previous + 1 };
    this.previous = seq;
    this.events++;
    if (!parts.proof) this.unproven ??= n;
    const length = this.ends.at(-1) ?? 0;
    const event = line.subarray(parts.eventFrom, parts.eventTo);
    if (length + event.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, length + event.length));
      grown.set(this.buffer.subarray(0, length));
      this.buffer = grown;
    }
    this.buffer.set(event, length);
    this.ends.push(length + event.length);
    this.leafText.set(line.subarray(parts.leafAt, parts.leafAt + 64), 64 * this.lines.length);
    this.lines.push({ line: n, seq, leafAt: 64 * this.lines.length, ...(parts.proof ? { proof: decoder.decode(line.subarray(parts.proof.from, parts.proof.to)) } : {}) });
    return this.lines.length === PAGE_EVENTS ? this.flush() : undefined;
  }

  /** The lines added since the last page, as a page (possibly short) to hash and `join`. */
  flush(): ExportPage | undefined {
    const first = this.lines[0];
    if (!first) return undefined;
    const page: ExportPage = { firstLine: first.line, bytes: this.buffer.slice(0, this.ends.at(-1) ?? 0), ends: Uint32Array.from(this.ends), seqs: Uint32Array.from(this.lines, (l) => l.seq) };
    this.pending.push({ lines: this.lines, leafText: this.leafText.slice(0, 64 * this.lines.length) });
    this.lines = [];
    this.ends = [];
    return page;
  }

  /** The hashes of the oldest page flushed and not joined yet. */
  join(result: ExportPageResult): void {
    const page = this.pending.shift();
    if (!page) throw new Error('A page was joined that was never flushed.');
    for (const [i, l] of page.lines.entries()) {
      const leaf = result.leaves.subarray(32 * i, 32 * i + 32);
      if (!hexMatches(page.leafText, l.leafAt, leaf)) throw new ExportProblem(l.line, l.seq, `Event #${l.seq} was changed: its content no longer matches the hash recorded with it.`);
      if (l.proof === undefined) continue;
      const proof = proofHashes(l.proof);
      if (!proof) throw new ExportProblem(l.line, null, `Line ${l.line} is not an exported event: "inclusionProof" is not a list of hex SHA-256 hashes.`);
      if (!verifyInclusion(leaf, l.seq - 1, this.treeSize, proof, this.root)) throw new ExportProblem(l.line, l.seq, `Event #${l.seq} is not in the signed history: its inclusion proof does not lead to the checkpoint's root.`);
    }
    // The tree is rebuilt while the lines run 1, 2, 3…: a whole page at once, else leaf by leaf.
    if (page.lines.at(-1)?.seq === this.edge.size + page.lines.length) {
      if (result.pageRoot && page.lines.length === PAGE_EVENTS && this.edge.size % PAGE_EVENTS === 0) this.edge.append(result.pageRoot, PAGE_EVENTS, this.hasher);
      else this.edge.appendLeaves(result.leaves, this.hasher);
    }
    for (const m of result.markings) this.markings.set(JSON.stringify(m), m);
  }

  /** Once every page is joined: the whole history's tree against the checkpoint, or every event proven. */
  finish(): ExportLinesVerdict {
    if (this.pending.length > 0 || this.lines.length > 0) throw new Error('Every page must be flushed and joined before the check finishes.');
    const gap = this.firstGap ?? (this.events < this.treeSize ? { line: null, seq: this.events + 1 } : undefined);
    if (this.unproven !== undefined && gap) {
      throw new ExportProblem(gap.line, gap.seq, `Event #${gap.seq} is missing, and this export carries no inclusion proofs: it proves its events by rebuilding the tree from every event, so none may be left out.`);
    }
    if (!gap && !equalHashes(this.edge.root(this.hasher), this.root)) {
      throw new ExportProblem(null, null, `The ${this.events} events do not make the tree the checkpoint signs: an event was changed together with the hash recorded with it.`);
    }
    return { events: this.events, markings: [...this.markings.values()] };
  }
}
