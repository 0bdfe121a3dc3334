import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import type { AuditEvent } from './audit-event.js';
import { checkpointNote, eventLeafBytes, type SealedEvent } from './history.js';
import type { HistoryWithHead } from './log-export.js';
import { MerkleLevels, leafHash, verifyConsistency, verifyInclusion } from './merkle.js';
import { NoteProblem, formatVerifierKey, openNote, parseCheckpoint, parseVerifierKey, type NoteVerifier } from './signed-note.js';

/**
 * The proof a review bundle carries of the history it holds: the exporting workstation's latest
 * signed checkpoint, each bundled event's inclusion proof in it, and consistency proofs from the
 * tree sizes of the workstation's earlier exports. A receiving workstation checks each event is in
 * the signed history, and, when it has seen an earlier checkpoint from the same workstation, that
 * the new history extends that one: a history rewritten between two exports is caught.
 */

const hexHash = z.string().regex(/^[0-9a-f]{64}$/, 'a hex SHA-256 hash');
const path = z.array(hexHash).max(64);

export const bundledHistoryProofSchema = z.strictObject({
  /** The exporting workstation's verifier key (C2SP): its name is the history's origin. */
  verifierKey: z.string().min(1).max(500),
  /** The signed note of the tree of every event there, when the bundle was made. */
  checkpoint: z.string().min(1).max(2000),
  /** Each bundled event's inclusion proof, in the order of the bundle's history. */
  inclusion: z.array(path).max(1_000_000),
  /** From the size at each earlier export to the checkpoint's. */
  consistency: z.array(z.strictObject({ fromSize: z.number().int().positive(), proof: path })).max(10_000),
});
export type BundledHistoryProof = z.infer<typeof bundledHistoryProofSchema>;

/** At most this many earlier exports are proven against: a receiver has seen one of the latest. */
export const MAX_CONSISTENCY_PROOFS = 1000;

/** The proof for `bundled` (events of `all`, in order), against the last event's signed head. */
export function proveBundledHistory(history: readonly SealedEvent[] | HistoryWithHead, bundled: readonly Pick<AuditEvent, 'seq'>[], verifier: NoteVerifier, earlierSizes: readonly number[]): BundledHistoryProof | undefined {
  const { events: all, head: last } = 'head' in history ? history : { events: history, head: history.at(-1) };
  if (!last) return undefined;
  const tree = new MerkleLevels(all.map((e) => hexToBytes(e.leaf)));
  const sizes = [...new Set(earlierSizes)].filter((n) => n > 0 && n < last.seq).sort((a, b) => b - a).slice(0, MAX_CONSISTENCY_PROOFS);
  return {
    verifierKey: formatVerifierKey(verifier),
    checkpoint: checkpointNote(verifier.name, last.seq, last, verifier.name),
    inclusion: bundled.map((e) => tree.inclusionProof(e.seq - 1).map(bytesToHex)),
    consistency: sizes.map((fromSize) => ({ fromSize, proof: tree.consistencyProof(fromSize).map(bytesToHex) })),
  };
}

/** A checkpoint of another workstation's history, as this one last saw it in a bundle. */
export interface SeenCheckpoint {
  readonly origin: string;
  /** The key that signs that history: the workstation is known by it, not by its name alone. */
  readonly verifierKey: string;
  readonly size: number;
  /** Hex. */
  readonly root: string;
  /** The bundle's consistency proofs into this checkpoint: a late bundle from before it must be one of their sizes. */
  readonly consistency: BundledHistoryProof['consistency'];
}

export class HistoryProofProblem extends Error {}

/**
 * Checks a bundle's history against its proof and against the checkpoint seen before from the
 * same workstation, if any. Returns the bundle's checkpoint, and the size it was proven to extend.
 */
export function checkBundledHistory(
  history: readonly AuditEvent[],
  proof: BundledHistoryProof,
  seen: SeenCheckpoint | undefined,
): SeenCheckpoint & {
  readonly note: string;
  /** The size seen before that this history was proven to extend, or to be a prefix of when it is older. */
  readonly extends: number | null;
  readonly olderThanSeen: boolean;
} {
  let verifier: NoteVerifier;
  let size: number;
  let root: Uint8Array;
  try {
    verifier = parseVerifierKey(proof.verifierKey);
    const checkpoint = parseCheckpoint(openNote(proof.checkpoint, [verifier]).text);
    if (checkpoint.origin !== verifier.name) throw new NoteProblem(`it names the history ${checkpoint.origin} but is signed as ${verifier.name}.`);
    ({ size, rootHash: root } = checkpoint);
  } catch (e) {
    throw new HistoryProofProblem(`The bundle's history checkpoint is not valid: ${e instanceof Error ? e.message : String(e)}`);
  }
  const origin = verifier.name;
  if (proof.inclusion.length !== history.length) throw new HistoryProofProblem(`The bundle holds ${history.length} history events but ${proof.inclusion.length} inclusion proofs.`);
  for (const [i, event] of history.entries()) {
    const previous = history[i - 1];
    if (previous && event.seq <= previous.seq) throw new HistoryProofProblem(`Event #${event.seq} of ${origin}'s history comes after #${previous.seq} in this bundle: its events are out of order or repeated.`);
    const leaf = leafHash(eventLeafBytes(event));
    if (event.seq > size || !verifyInclusion(leaf, event.seq - 1, size, (proof.inclusion[i] ?? []).map(hexToBytes), root)) {
      throw new HistoryProofProblem(`Event #${event.seq} of ${origin}'s history in this bundle is not in the history its checkpoint signs: it was changed, or never recorded there.`);
    }
  }
  const rootHex = bytesToHex(root);
  const checked = { origin, verifierKey: proof.verifierKey, size, root: rootHex, note: proof.checkpoint, consistency: proof.consistency, olderThanSeen: false };
  if (!seen) return { ...checked, extends: null };
  if (seen.verifierKey !== proof.verifierKey) throw new HistoryProofProblem(`This workstation last saw the history of ${origin} under the key ${seen.verifierKey}, not this bundle's.`);
  if (size === seen.size) {
    if (rootHex !== seen.root) throw new HistoryProofProblem(`The history of ${origin} was rewritten: at ${size} events its root differs from the one seen here before.`);
    return { ...checked, extends: seen.size };
  }
  // A bundle from before the one seen arrives late: the one seen proved this size was a prefix of its history.
  if (size < seen.size) {
    const into = seen.consistency.find((c) => c.fromSize === size);
    if (!into || !verifyConsistency(size, seen.size, root, hexToBytes(seen.root), into.proof.map(hexToBytes))) {
      throw new HistoryProofProblem(`The history of ${origin} in this bundle (${size} events) is not the start of the ${seen.size} events seen here before: it was rewritten and cut short, or this bundle was never exported.`);
    }
    return { ...checked, extends: null, olderThanSeen: true };
  }
  const consistency = proof.consistency.find((c) => c.fromSize === seen.size);
  if (!consistency) throw new HistoryProofProblem(`The bundle does not prove that ${origin}'s history extends the ${seen.size} events seen here before: it may have been rewritten since.`);
  if (!verifyConsistency(seen.size, size, hexToBytes(seen.root), root, consistency.proof.map(hexToBytes))) {
    throw new HistoryProofProblem(`The history of ${origin} was rewritten: the ${seen.size} events seen here before are not the start of the ${size} in this bundle.`);
  }
  return { ...checked, extends: seen.size };
}

/** The size of the tree a proof's checkpoint signs, read without checking it: for the exporter's own record. */
export function provenSize(proof: BundledHistoryProof): number {
  return parseCheckpoint(proof.checkpoint.slice(0, proof.checkpoint.indexOf('\n\n') + 1)).size;
}
