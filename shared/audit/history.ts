import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import type { AuditEvent, AuditEventInput } from './audit-event.js';
import { BatchHasher } from '../hash/sha256-batch.js';
import { equalHashes, leafHash, nodeHash, type Hash } from './merkle.js';
import { formatCheckpoint, noteSigner, openNote, signNote, type NoteSigner, type NoteVerifier } from './signed-note.js';

/**
 * The review history as a transparency log. Each event is a leaf of an RFC 6962 Merkle tree (its
 * RFC 8785 canonical JSON, without its position), and each carries the tree head signed when it
 * was appended: a C2SP checkpoint for the tree of the events up to and including it. Anyone who
 * rewrites the history without the workstation's key leaves heads that no longer match, and the
 * signed heads let verification say which event is the first that changed.
 */

/** How each event is sealed when it is appended. */
export interface EventSeal {
  /** Hex SHA-256 leaf hash of the event's canonical JSON. */
  readonly leaf: string;
  /** Hex root of the tree of every event up to this one. */
  readonly root: string;
  /** Base64 key id and Ed25519 signature of the checkpoint (origin, seq, root). */
  readonly signature: string;
}

export type SealedEvent = AuditEvent & EventSeal;

/** An event as the history shows it: its content, its position and its leaf hash. */
export type HistoryEvent = AuditEvent & Pick<EventSeal, 'leaf'>;

/** A sealed event as stored: with the bytes it was hashed as, where they were kept (every event since schema version 17). */
export type StoredEvent = SealedEvent & { readonly canonical?: Uint8Array };

/** The bytes a history event is hashed as: its canonical JSON, without position or seal. */
export function eventLeafBytes(event: AuditEventInput): Uint8Array {
  const { at, actor, role, action, entityType, entityId, before, after, reason } = event;
  // Fields added later are hashed only when present, so events sealed before them verify as they were.
  const text = canonicalize({ at, actor, ...(role === undefined ? {} : { role }), action, entityType, entityId, before, after, ...(reason === undefined ? {} : { reason }) });
  if (text === undefined) throw new Error('An audit event could not be written as JSON.');
  return new TextEncoder().encode(text);
}

/**
 * The right edge of the tree: the roots of its complete subtrees, largest first. Appending a leaf
 * costs one node hash on average, and the root folds these few (one per bit of the size).
 */
export interface TreeFrontier {
  readonly size: number;
  readonly nodes: readonly { readonly hash: string; readonly size: number }[];
}

export const EMPTY_FRONTIER: TreeFrontier = { size: 0, nodes: [] };

export function appendLeaf(frontier: TreeFrontier, leaf: Hash): TreeFrontier {
  const nodes: { hash: Hash; size: number }[] = frontier.nodes.map((n) => ({ hash: hexToBytes(n.hash), size: n.size }));
  let node: { hash: Hash; size: number } = { hash: leaf, size: 1 };
  for (let last = nodes.at(-1); last?.size === node.size; last = nodes.at(-1)) {
    nodes.pop();
    node = { hash: nodeHash(last.hash, node.hash), size: last.size * 2 };
  }
  nodes.push(node);
  return { size: frontier.size + 1, nodes: nodes.map((n) => ({ hash: bytesToHex(n.hash), size: n.size })) };
}

export function frontierRoot(frontier: TreeFrontier): Hash {
  const [last, ...rest] = [...frontier.nodes].reverse();
  if (!last) return emptyRoot();
  return rest.reduce<Hash>((root, left) => nodeHash(hexToBytes(left.hash), root), hexToBytes(last.hash));
}

function emptyRoot(): Hash {
  return hexToBytes('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
}

/**
 * Seals the next event: its leaf, the new frontier, and the signed head of the tree it ends; with
 * the bytes it was hashed as, which are kept so verification hashes them as they are.
 */
export function sealEvent(event: AuditEventInput, frontier: TreeFrontier, origin: string, signer: NoteSigner): { readonly seal: EventSeal; readonly frontier: TreeFrontier; readonly canonical: Uint8Array } {
  const canonical = eventLeafBytes(event);
  const leaf = leafHash(canonical);
  const next = appendLeaf(frontier, leaf);
  const root = frontierRoot(next);
  const note = signNote(formatCheckpoint({ origin, size: next.size, rootHash: root }), signer);
  return { seal: { leaf: bytesToHex(leaf), root: bytesToHex(root), signature: signatureOf(note) }, frontier: next, canonical };
}

function signatureOf(note: string): string {
  return note.slice(note.lastIndexOf(' ') + 1, -1);
}

/** The signed checkpoint note of a sealed event, as C2SP tools read it. */
export function checkpointNote(origin: string, seq: number, seal: Pick<EventSeal, 'root' | 'signature'>, signerName: string): string {
  return `${formatCheckpoint({ origin, size: seq, rootHash: hexToBytes(seal.root) })}\n— ${signerName} ${seal.signature}\n`;
}

export type HistoryVerdict =
  | {
      readonly ok: true;
      readonly size: number;
      readonly root: string;
      /** The first event this verification read: 1, or the one after the part verified before. */
      readonly checkedFrom?: number;
      /** When the events before `checkedFrom` were verified from the first, when this check started after them. */
      readonly fullAt?: string;
    }
  | { readonly ok: false; readonly size: number; readonly firstBadSeq: number; readonly reason: string };

/**
 * Checks a history against its seals: the events run 1, 2, 3… with none missing, each event's
 * bytes (as stored, or its canonical JSON written out again for an event stored without them)
 * still hash to its leaf, and the tree of all of them has the root the last signed head commits
 * to. When something is wrong, it names the first event that differs from what was signed,
 * checking signed heads (a few, by bisection) to find it.
 */
export function verifyHistory(
  events: readonly StoredEvent[],
  origin: string,
  verifier: NoteVerifier,
  options: {
    /** The size of the history last seen elsewhere (an export, a bundle): fewer events means some were cut off the end. */
    readonly knownSize?: number;
    readonly onProgress?: (done: number, total: number) => void;
  } = {},
): HistoryVerdict {
  const { knownSize = 0, onProgress } = options;
  const bad = (firstBadSeq: number, reason: string): HistoryVerdict => ({ ok: false, size: events.length, firstBadSeq, reason });
  const gap = events.findIndex((event, i) => event.seq !== i + 1);
  const inOrder = gap === -1 ? events.length : gap;
  const hasher = BatchHasher.create();
  const leaves = new Uint8Array(32 * inOrder);
  // A few thousand events per call: the hasher's batches stay small, and progress is reported.
  for (let from = 0; from < inOrder; from += 4096) {
    const batch = events.slice(from, Math.min(inOrder, from + 4096)).map((e) => e.canonical ?? eventLeafBytes(e));
    const ends = new Uint32Array(batch.length);
    let length = 0;
    for (const [i, b] of batch.entries()) ends[i] = length += b.length;
    const bytes = new Uint8Array(length);
    for (const [i, b] of batch.entries()) bytes.set(b, i === 0 ? 0 : (ends[i - 1] ?? 0));
    leaves.set(hasher.leafHashes(bytes, ends), 32 * from);
    onProgress?.(from, events.length);
  }
  for (let i = 0; i < inOrder; i++) {
    const event = events[i];
    if (event && !equalHashes(leaves.subarray(32 * i, 32 * i + 32), hexToBytes(event.leaf))) return bad(event.seq, `Event #${event.seq} was changed after it was recorded: its content no longer matches its hash.`);
  }
  const jumped = events[inOrder];
  if (jumped) return bad(inOrder + 1, jumped.seq > inOrder + 1 ? `Event #${inOrder + 1} is missing: the history jumps from #${inOrder} to #${jumped.seq}.` : `Event #${jumped.seq} appears again after #${inOrder}.`);
  onProgress?.(events.length, events.length);
  const cutShort = bad(events.length + 1, `Events #${events.length + 1} to #${knownSize} are missing: the history was cut short.`);
  if (events.length === 0 && knownSize > 0) return cutShort;
  if (events.length === 0) return { ok: true, size: 0, root: bytesToHex(emptyRoot()) };
  // A head vouches for the first k events when its signature is the workstation's and its root is
  // the root of those events as they are now. Only the last head is checked when all is well.
  const authentic = (k: number) => {
    const event = events[k - 1];
    if (!event) return false;
    try {
      openNote(checkpointNote(origin, k, event, verifier.name), [verifier]);
    } catch {
      return false;
    }
    return equalHashes(hasher.treeRoot(leaves, k), hexToBytes(event.root));
  };
  const size = events.length;
  if (authentic(size)) return size < knownSize ? cutShort : { ok: true, size, root: events[size - 1]?.root ?? '', checkedFrom: 1 };
  // The first event whose signed head does not vouch for the history up to it.
  let good = 0;
  let suspect = size;
  while (suspect - good > 1) {
    const mid = Math.floor((good + suspect) / 2);
    if (authentic(mid)) good = mid;
    else suspect = mid;
  }
  return bad(suspect, `The history was rewritten at event #${suspect}: the events up to it no longer match the tree head signed when it was recorded, or that head is not the workstation's.`);
}

/** The workstation's history key: its origin names the log, and signs every tree head. */
export interface HistoryKey {
  readonly origin: string;
  /** Hex Ed25519 seed. */
  readonly seed: string;
}

/** A new history key for this workstation, from 32 random bytes (and 4 more to name it). */
export function newHistoryKey(randomBytes: (length: number) => Uint8Array): HistoryKey {
  return { origin: `frontier-review/workstation-${bytesToHex(randomBytes(4))}`, seed: bytesToHex(randomBytes(32)) };
}

/** The signer of the last key asked for: deriving its public key costs as much as a signature. */
let lastSigner: { readonly key: HistoryKey; readonly signer: NoteSigner } | undefined;

export function historySigner(key: HistoryKey): NoteSigner {
  if (lastSigner?.key.origin !== key.origin || lastSigner.key.seed !== key.seed) lastSigner = { key: { origin: key.origin, seed: key.seed }, signer: noteSigner(key.origin, hexToBytes(key.seed)) };
  return lastSigner.signer;
}

/** Drops the remembered signer, and the seed it holds: when the workstation locks, no key stays in memory. */
export function forgetHistorySigner(): void {
  lastSigner = undefined;
}
