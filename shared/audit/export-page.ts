import { hexToBytes } from '@noble/hashes/utils.js';
import type { BatchHasher } from '../hash/sha256-batch.js';
import { verifyInclusion } from './merkle.js';
import { PAGE_EVENTS } from './pages.js';

/**
 * Version 2 of the exported history's event lines, and the check of a page of them. Each line ends
 * with the event's canonical JSON exactly as the workstation sealed it:
 *
 *   {"seq":7,"leaf":"<hex>","event":{…}}                              in an export of every event
 *   {"seq":7,"leaf":"<hex>","inclusionProof":["<hex>",…],"event":{…}}  in a selection
 *
 * so a verifier hashes the bytes as read, with no JSON written out again, and reads only the few
 * bytes before them. An export of every event carries no proofs: its events rebuild the tree, a
 * page of 1,024 at a time (in any thread), whose root the checkpoint signs. A selection proves each
 * event by its path. Display data (the markings a report is marked at) is parsed from the bytes.
 */

// This module is all a thread checking pages needs: nothing here parses a marking or builds a tree,
// so `frontier-review audit verify` starts its threads on a few kilobytes of code.

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const SEQ = encoder.encode('{"seq":');
const LEAF = encoder.encode(',"leaf":"');
const PROOF = encoder.encode('","inclusionProof":[');
const EVENT_AFTER_LEAF = encoder.encode('","event":');
const EVENT_AFTER_PROOF = encoder.encode('],"event":');

/** A version 2 event line, as the exporter writes it. */
export function eventLine(seq: number, leaf: string, canonical: string, inclusionProof?: readonly string[]): string {
  return `${eventLineStart(seq, leaf, inclusionProof)}${canonical}}`;
}

/** A version 2 event line up to its event: what a writer puts before the event's bytes as sealed, and `}` after. */
export function eventLineStart(seq: number, leaf: string, inclusionProof?: readonly string[]): string {
  const proof = inclusionProof ? `,"inclusionProof":${JSON.stringify(inclusionProof)}` : '';
  return `{"seq":${seq},"leaf":"${leaf}"${proof},"event":`;
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
 * Every object under a "marking" key in an event's bytes (a record's own, and those nested in it,
 * as the history shows an event under them), each distinct one once. The bytes verified are the
 * canonical JSON the workstation sealed, so a "marking" key opens an object where one is found; a
 * history holds few distinct markings, so most are recognised by their bytes alone.
 */
class MarkingsSeen {
  private readonly known: { readonly bytes: Uint8Array }[] = [];
  /** Each distinct object's text, to be read as a marking where the page's check is joined. */
  readonly found = new Set<string>();

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
    if (this.known.length < 256) this.known.push({ bytes });
    this.found.add(decoder.decode(bytes));
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
  /** The text of each distinct object under a "marking" key its records hold: read as markings where the pages are joined. */
  readonly markings: readonly string[];
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
