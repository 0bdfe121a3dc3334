import { hexToBytes } from '@noble/hashes/utils.js';
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

/** A version 2 event line, as the exporter writes it. */
export function eventLine(seq: number, leaf: string, canonical: string, inclusionProof?: readonly string[]): string {
  const proof = inclusionProof ? `,"inclusionProof":${JSON.stringify(inclusionProof)}` : '';
  return `{"seq":${seq},"leaf":"${leaf}"${proof},"event":${canonical}}`;
}

/** Where an event line's parts are, in the bytes it was read from. */
export interface LineParts {
  readonly seq: number;
  /** Offset of the leaf's 64 characters (checked against the leaf computed, not before). */
  readonly leafAt: number;
  /** The proof's text between its brackets, when the line has one. */
  readonly proof?: { readonly from: number; readonly to: number };
  readonly eventFrom: number;
  readonly eventTo: number;
}

function startsWith(bytes: Uint8Array, at: number, expected: Uint8Array, end = bytes.length): boolean {
  if (at < 0 || at + expected.length > end) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[at + i] !== expected[i]) return false;
  return true;
}

/** The parts of the version 2 event line in `bytes` from `from` to `to`, or what is wrong with it. */
export function lineParts(bytes: Uint8Array, from = 0, to = bytes.length): LineParts | string {
  const line = bytes;
  if (!startsWith(line, from, SEQ, to)) return 'it does not start with its "seq"';
  let at = from + SEQ.length;
  let seq = 0;
  const digitsFrom = at;
  for (let byte = line[at]; byte !== undefined && byte >= 0x30 && byte <= 0x39 && at - digitsFrom < 10 && at < to; byte = line[++at]) seq = seq * 10 + byte - 0x30;
  if (at === digitsFrom || line[digitsFrom] === 0x30 || seq > 0x7fffffff) return '"seq" is not a position in the history';
  if (!startsWith(line, at, LEAF, to)) return '"leaf" does not follow "seq"';
  const leafAt = at + LEAF.length;
  at = leafAt + 64;
  let proof: LineParts['proof'];
  if (startsWith(line, at, PROOF, to)) {
    const proofFrom = at + PROOF.length;
    const proofTo = line.indexOf(0x5d, proofFrom);
    if (proofTo < 0 || proofTo >= to) return '"inclusionProof" is not closed';
    proof = { from: proofFrom, to: proofTo };
    at = proofTo;
    if (!startsWith(line, at, EVENT_AFTER_PROOF, to)) return '"event" does not follow "inclusionProof"';
    at += EVENT_AFTER_PROOF.length;
  } else {
    if (!startsWith(line, at, EVENT_AFTER_LEAF, to)) return '"event" does not follow a "leaf" of 64 characters';
    at += EVENT_AFTER_LEAF.length;
  }
  const eventTo = to - 1;
  if (at >= eventTo || line[at] !== 0x7b || line[eventTo] !== 0x7d || line[eventTo - 1] !== 0x7d) return '"event" is not one JSON object ending the line';
  return proof ? { seq, leafAt, proof, eventFrom: at, eventTo } : { seq, leafAt, eventFrom: at, eventTo };
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

/** Whether 64 hex digits at `at` in `bytes` spell the hash at `hashAt` in `hashes`: compared in place, with nothing made. */
function hexMatches(bytes: Uint8Array, at: number, hashes: Uint8Array, hashAt: number): boolean {
  for (let i = 0; i < 32; i++) {
    const byte = hashes[hashAt + i] ?? 0;
    if (bytes[at + 2 * i] !== HEX_DIGITS[byte >>> 4] || bytes[at + 2 * i + 1] !== HEX_DIGITS[byte & 15]) return false;
  }
  return true;
}

function isHex(bytes: Uint8Array, at: number, length: number): boolean {
  for (let i = at; i < at + length; i++) {
    const byte = bytes[i] ?? 0;
    if (!((byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x66))) return false;
  }
  return true;
}

/**
 * Every marking object in an event's bytes (a record's own, and those nested in it, as the history
 * shows an event under them), each distinct one parsed once. The bytes verified are the canonical
 * JSON the workstation sealed, so a "marking" key opens an object where one is found; a history
 * holds few distinct markings, so most are recognised by their bytes alone.
 */
class MarkingsSeen {
  private readonly known: { readonly bytes: Uint8Array; readonly marking: Marking | undefined }[] = [];
  readonly found = new Map<string, Marking>();

  /** The markings in the event from `from` to `to` in `bytes`. */
  scan(bytes: Uint8Array, from: number, to: number): void {
    for (let open = bytes.indexOf(0x7b, from + 1); open > 0 && open < to; open = bytes.indexOf(0x7b, open + 1)) {
      if (!startsWith(bytes, open - MARKING_KEY.length, MARKING_KEY, to) || this.knows(bytes, open, to)) continue;
      const end = closingBrace(bytes, open, to);
      if (end < 0) return;
      this.add(bytes.slice(open, end));
    }
  }

  private knows(bytes: Uint8Array, at: number, to: number): boolean {
    for (const k of this.known) if (startsWith(bytes, at, k.bytes, to)) return true;
    return false;
  }

  private add(bytes: Uint8Array): void {
    let marking: Marking | undefined;
    try {
      const checked = markingSchema.safeParse(JSON.parse(decoder.decode(bytes)));
      marking = checked.success ? checked.data : undefined;
    } catch {
      marking = undefined;
    }
    // Objects under a "marking" key that are no marking are remembered too, up to a point, so they are not parsed again.
    if (marking || this.known.length < 64) this.known.push({ bytes, marking });
    if (marking) this.found.set(JSON.stringify(marking), marking);
  }
}

const MARKING_KEY = encoder.encode('"marking":');

/** Where the object opened at `open` ends (just after its brace), skipping strings; -1 if it does not. */
function closingBrace(bytes: Uint8Array, open: number, to: number): number {
  let depth = 0;
  for (let i = open; i < to; i++) {
    const byte = bytes[i];
    if (byte === 0x22) {
      // To the string's closing quote: one not escaped by an odd run of backslashes.
      for (i = bytes.indexOf(0x22, i + 1); i > 0 && i < to; i = bytes.indexOf(0x22, i + 1)) {
        let slashes = 0;
        while (bytes[i - 1 - slashes] === 0x5c) slashes++;
        if (slashes % 2 === 0) break;
      }
      if (i < 0 || i >= to) return -1;
    } else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/** Up to 1,024 consecutive lines of an export, whole, end to end: checked and hashed together, in any thread. */
export interface ExportPage {
  /** The number of the page's first line in the file. */
  readonly firstLine: number;
  readonly bytes: Uint8Array;
  /** Where each line ends in `bytes`. */
  readonly ends: Uint32Array;
}

/** What a page's lines are checked against: the tree the checkpoint signs. */
export interface ExportTree {
  readonly treeSize: number;
  readonly root: Uint8Array;
}

/** What checking a page found. */
export interface ExportPageResult {
  /** Each line's "seq", up to the first problem. */
  readonly seqs: Uint32Array;
  /** The first line's "seq", when it has one: its order after the page before is checked first. */
  readonly firstSeq?: number;
  /** Each of those events' leaf hash, as computed. */
  readonly leaves: Uint8Array;
  /** The page's subtree root, when its lines are a whole page of the tree. */
  readonly pageRoot?: Uint8Array;
  /** The markings its records hold, each distinct one once. */
  readonly markings: readonly Marking[];
  /** The first line with no inclusion proof: proven only by rebuilding the tree from every event. */
  readonly unproven?: number;
  /** The page's first problem, by line: later lines are not checked. */
  readonly problem?: { readonly line: number; readonly seq: number | null; readonly message: string };
}

/**
 * Checks a page of event lines: each line's parts, its place after the line before it and within
 * the tree, its bytes against its recorded leaf, its proof where it has one; and reads the
 * markings its records hold. Any thread can do this for any page; the order of the pages and the
 * tree of every event are the caller's (`ExportLinesCheck.join`).
 */
export function checkExportPage(hasher: BatchHasher, page: ExportPage, tree: ExportTree): ExportPageResult {
  const count = page.ends.length;
  const bytes = page.bytes;
  const seqs = new Uint32Array(count);
  const leafAt = new Uint32Array(count);
  const spans = new Uint32Array(2 * count);
  const proofs: ({ readonly from: number; readonly to: number } | undefined)[] = [];
  let problem: ExportPageResult['problem'];
  let unproven: number | undefined;
  let firstSeq: number | undefined;
  let checked = 0;
  for (let from = 0; checked < count; checked++) {
    const n = page.firstLine + checked;
    const to = page.ends[checked] ?? from;
    const parts = lineParts(bytes, from, to);
    from = to;
    if (typeof parts === 'string') {
      problem = { line: n, seq: null, message: `Line ${n} is not an exported event: ${parts}.` };
      break;
    }
    firstSeq ??= parts.seq;
    const previous = checked > 0 ? seqs[checked - 1] : undefined;
    if (previous !== undefined && parts.seq <= previous) {
      problem = { line: n, seq: parts.seq, message: `Event #${parts.seq} comes after #${previous}: the events are out of order or repeated.` };
      break;
    }
    if (parts.seq > tree.treeSize) {
      problem = { line: n, seq: parts.seq, message: `Event #${parts.seq} is past the ${tree.treeSize} events the checkpoint signs.` };
      break;
    }
    if (!parts.proof) unproven ??= n;
    seqs[checked] = parts.seq;
    leafAt[checked] = parts.leafAt;
    spans[2 * checked] = parts.eventFrom;
    spans[2 * checked + 1] = parts.eventTo;
    proofs.push(parts.proof);
  }
  const head = firstSeq === undefined ? {} : { firstSeq };
  // The events are hashed where they lie in their lines; what lies between them is not copied out.
  const leaves = hasher.leafHashesOfSpans(bytes, spans, checked);
  // A line's own bytes are checked before any problem on a later line is reported.
  const upTo = (i: number, bad: NonNullable<ExportPageResult['problem']>): ExportPageResult => ({
    ...head,
    seqs: seqs.slice(0, i),
    leaves: leaves.slice(0, 32 * i),
    markings: [],
    ...(unproven !== undefined && unproven < bad.line ? { unproven } : {}),
    problem: bad,
  });
  for (let i = 0; i < checked; i++) {
    const n = page.firstLine + i;
    const seq = seqs[i] ?? 0;
    const at = leafAt[i] ?? 0;
    if (!hexMatches(bytes, at, leaves, 32 * i)) {
      return upTo(i, isHex(bytes, at, 64) ? { line: n, seq, message: `Event #${seq} was changed: its content no longer matches the hash recorded with it.` } : { line: n, seq: null, message: `Line ${n} is not an exported event: "leaf" is not a hex SHA-256 hash.` });
    }
    const span = proofs[i];
    if (!span) continue;
    const proof = proofHashes(decoder.decode(bytes.subarray(span.from, span.to)));
    if (!proof) return upTo(i, { line: n, seq: null, message: `Line ${n} is not an exported event: "inclusionProof" is not a list of hex SHA-256 hashes.` });
    if (!verifyInclusion(leaves.subarray(32 * i, 32 * i + 32), seq - 1, tree.treeSize, proof, tree.root)) {
      return upTo(i, { line: n, seq, message: `Event #${seq} is not in the signed history: its inclusion proof does not lead to the checkpoint's root.` });
    }
  }
  const markings = new MarkingsSeen();
  for (let i = 0; i < checked; i++) markings.scan(bytes, spans[2 * i] ?? 0, spans[2 * i + 1] ?? 0);
  const first = seqs[0] ?? 0;
  const whole = !problem && checked === PAGE_EVENTS && (first - 1) % PAGE_EVENTS === 0 && seqs[checked - 1] === first + PAGE_EVENTS - 1;
  return {
    ...head,
    seqs: seqs.slice(0, checked),
    leaves,
    ...(whole ? { pageRoot: hasher.treeRoot(leaves) } : {}),
    markings: [...markings.found.values()],
    ...(unproven !== undefined ? { unproven } : {}),
    ...(problem ? { problem } : {}),
  };
}

/** What the lines of a version 2 export proved. */
export interface ExportLinesVerdict {
  readonly events: number;
  readonly markings: readonly Marking[];
}

/**
 * A version 2 export's event lines, gathered into pages as they are read, and the pages' checks
 * (`checkExportPage`, in whatever thread) joined in order: the events' order across pages, and
 * either the tree of every event against the checkpoint's root or each event's proof. Problems are
 * thrown as `ExportProblem`s naming the line.
 */
export class ExportLinesCheck {
  private previous = 0;
  private events = 0;
  /** The first event left out, where lines stop running 1, 2, 3…: the tree cannot be rebuilt past it. */
  private firstGap: { readonly line: number | null; readonly seq: number } | undefined;
  private unproven: number | undefined;
  private readonly edge = TreeEdge.of({ size: 0, nodes: [] });
  private readonly markings = new Map<string, Marking>();
  private buffer = new Uint8Array(1 << 20);
  private ends: number[] = [];
  private firstLine = 0;

  constructor(
    readonly tree: ExportTree,
    private readonly hasher: BatchHasher,
  ) {}

  /** Adds line `n` (its bytes, without the line break); returns a page to check when one is full. */
  addLine(line: Uint8Array, n: number): ExportPage | undefined {
    if (this.ends.length === 0) this.firstLine = n;
    const length = this.ends.at(-1) ?? 0;
    if (length + line.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, length + line.length));
      grown.set(this.buffer.subarray(0, length));
      this.buffer = grown;
    }
    this.buffer.set(line, length);
    this.ends.push(length + line.length);
    return this.ends.length === PAGE_EVENTS ? this.flush() : undefined;
  }

  /** The lines added since the last page, as a page (possibly short) to check and `join`. */
  flush(): ExportPage | undefined {
    if (this.ends.length === 0) return undefined;
    const page: ExportPage = { firstLine: this.firstLine, bytes: this.buffer.slice(0, this.ends.at(-1) ?? 0), ends: Uint32Array.from(this.ends) };
    this.ends = [];
    return page;
  }

  /** The check of the next page, in order. */
  join(page: Pick<ExportPage, 'firstLine'>, result: ExportPageResult): void {
    const first = result.seqs[0];
    if (result.firstSeq !== undefined && result.firstSeq <= this.previous) {
      throw new ExportProblem(page.firstLine, result.firstSeq, `Event #${result.firstSeq} comes after #${this.previous}: the events are out of order or repeated.`);
    }
    const contiguous = first === this.edge.size + 1 && result.seqs.at(-1) === this.edge.size + result.seqs.length && this.firstGap === undefined;
    for (const [i, seq] of result.seqs.entries()) {
      if (seq !== this.previous + 1) this.firstGap ??= { line: page.firstLine + i, seq: this.previous + 1 };
      this.previous = seq;
    }
    this.events += result.seqs.length;
    if (result.unproven !== undefined) this.unproven ??= result.unproven;
    for (const m of result.markings) this.markings.set(JSON.stringify(m), m);
    if (result.problem) throw new ExportProblem(result.problem.line, result.problem.seq, result.problem.message);
    // The tree is rebuilt while the lines run 1, 2, 3…: a whole page at once, else leaf by leaf.
    if (contiguous) {
      if (result.pageRoot && this.edge.size % PAGE_EVENTS === 0) this.edge.append(result.pageRoot, PAGE_EVENTS, this.hasher);
      else this.edge.appendLeaves(result.leaves, this.hasher);
    }
  }

  /** Once every page is joined: the whole history's tree against the checkpoint, or every event proven. */
  finish(): ExportLinesVerdict {
    if (this.ends.length > 0) throw new Error('Every page must be flushed and joined before the check finishes.');
    const gap = this.firstGap ?? (this.events < this.tree.treeSize ? { line: null, seq: this.events + 1 } : undefined);
    if (this.unproven !== undefined && gap) {
      throw new ExportProblem(gap.line, gap.seq, `Event #${gap.seq} is missing, and this export carries no inclusion proofs: it proves its events by rebuilding the tree from every event, so none may be left out.`);
    }
    if (!gap && !equalHashes(this.edge.root(this.hasher), this.tree.root)) {
      throw new ExportProblem(null, null, `The ${this.events} events do not make the tree the checkpoint signs: an event was changed together with the hash recorded with it.`);
    }
    return { events: this.events, markings: [...this.markings.values()] };
  }
}
