import { bytesToHex } from '@noble/hashes/utils.js';
import type { AuditExportVerdict } from '../audit/log-export.js';
import { NoteProblem, openNote, parseCheckpoint, parseVerifierKey } from '../audit/signed-note.js';
import { jsonPointer } from '../import/dropped.js';
import { reportFileSchema } from './review-report.js';

/**
 * Proving a review report's checkpoint against an exported history: that the report was drawn
 * from this history, unaltered since. The checkpoint (a C2SP signed note, quoted in the report's
 * provenance, or given on its own) must be signed by the key the export is checked with, and the
 * export's first events must rebuild the tree it signs, root for root.
 */

export class CheckpointProblem extends Error {}

/** A checkpoint to prove, read from a report or a bare note. */
export interface CheckpointToProve {
  /** How to name it in a sentence: "The report's checkpoint" or "The checkpoint". */
  readonly named: string;
  readonly note: string;
  readonly origin: string;
  readonly treeSize: number;
  /** Hex, as the history's verdicts print roots. */
  readonly rootHash: string;
}

const MORE = 3;

/** The checkpoint in a review report's JSON companion, or in a C2SP checkpoint note: `text` is the file. */
export function readCheckpointToProve(text: string): CheckpointToProve {
  const trimmed = text.replace(/^\uFEFF/, '');
  if (trimmed.trimStart().startsWith('{')) return checkpointOfReport(trimmed);
  const signed = checkpointOfNote(trimmed, 'This is neither a review report nor a checkpoint note');
  return { named: 'The checkpoint', note: trimmed, ...signed };
}

function checkpointOfReport(text: string): CheckpointToProve {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw new CheckpointProblem(`This is not a review report: it is not JSON (${e instanceof Error ? e.message : String(e)}).`);
  }
  const parsed = reportFileSchema.safeParse(document);
  if (!parsed.success) {
    const { issues } = parsed.error;
    const listed = issues.slice(0, MORE).map((i) => `${jsonPointer(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))) || '(the file)'}: ${i.message}`);
    throw new CheckpointProblem(`This is not a review report the app reads: ${listed.join('; ')}${issues.length > MORE ? `; and ${issues.length - MORE} more` : ''}.`);
  }
  const { checkpoint } = parsed.data.report.provenance;
  if (!checkpoint) throw new CheckpointProblem('The report names no checkpoint: it was made without a signed review history, so there is nothing to hold this history against.');
  const signed = checkpointOfNote(checkpoint.note, "The report's checkpoint note is not a checkpoint");
  // The fields are what a reader of the report sees; the note is what was signed: they must agree.
  if (signed.origin !== checkpoint.origin || signed.treeSize !== checkpoint.treeSize || signed.rootHash !== checkpoint.rootHash) {
    throw new CheckpointProblem(`The report's checkpoint says ${checkpoint.origin} at ${checkpoint.treeSize} events, root ${checkpoint.rootHash}, but the signed note it quotes says ${signed.origin} at ${signed.treeSize} events, root ${signed.rootHash}.`);
  }
  return { named: "The report's checkpoint", note: checkpoint.note, ...signed };
}

function checkpointOfNote(note: string, notOne: string): Pick<CheckpointToProve, 'origin' | 'treeSize' | 'rootHash'> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0 || !note.endsWith('\n')) throw new CheckpointProblem(`${notOne}: a signed note is its text, a blank line and its signatures.`);
  try {
    const { origin, size, rootHash } = parseCheckpoint(note.slice(0, split + 1));
    if (size === 0) throw new CheckpointProblem('The checkpoint is of a history of no events: it proves nothing.');
    return { origin, treeSize: size, rootHash: bytesToHex(rootHash) };
  } catch (e) {
    if (e instanceof NoteProblem) throw new CheckpointProblem(`${notOne}: ${e.message}`);
    throw e;
  }
}

/** Whether `verifierKey` signed the checkpoint; the problem, in words, when it did not. */
export function checkpointSignatureProblem(checkpoint: CheckpointToProve, verifierKey: string, keyWords: string): string | null {
  try {
    openNote(checkpoint.note, [parseVerifierKey(verifierKey)]);
    return null;
  } catch (e) {
    if (!(e instanceof NoteProblem)) throw e;
    return `${checkpoint.named} is not signed by ${keyWords}: ${e.message}`;
  }
}

export type CheckpointVerdict = { readonly ok: true; readonly line: string } | { readonly ok: false; readonly problem: string };

/** The checkpoint held against an export that verified, with the tree of its first `treeSize` events rebuilt. */
export function proveCheckpoint(checkpoint: CheckpointToProve, verdict: Extract<AuditExportVerdict, { ok: true }>): CheckpointVerdict {
  const { named, treeSize: size, rootHash } = checkpoint;
  const refused = (problem: string): CheckpointVerdict => ({ ok: false, problem });
  const unsigned = checkpointSignatureProblem(checkpoint, verdict.verifierKey, verdict.keyGiven ? 'the key given' : 'the key the export names');
  if (unsigned) return refused(unsigned);
  if (checkpoint.origin !== verdict.origin) return refused(`${named} is of the history ${checkpoint.origin}, but this export is the history of ${verdict.origin}.`);
  if (size > verdict.treeSize) {
    return refused(`${named} is at ${size} events, but this export's checkpoint is at only ${verdict.treeSize}: it was drawn from a later history than this export holds. Export the history again.`);
  }
  const tree = verdict.treeAt;
  if (tree?.size !== size) throw new Error(`The export was verified without the tree at ${size} events.`);
  if (tree.rootHash === null) {
    return refused(`Event #${tree.firstMissing ?? size} is not in this export, but ${lowerFirst(named)} covers events 1 to ${size}: its tree can be rebuilt only from every one of them. Export the whole history.`);
  }
  if (tree.rootHash !== rootHash) {
    return refused(`${named} (${size} events, root ${rootHash}) is not this history's tree at ${size} events (root ${tree.rootHash}): the history was rewritten after ${size} events, or the checkpoint is another history's.`);
  }
  const drawn = named === 'The checkpoint' ? 'the history up to it is unaltered' : 'the history the report was drawn from is unaltered';
  return { ok: true, line: `${named} (${size} events, root ${rootHash}) is this history's tree at ${size} events: ${drawn}.` };
}

const lowerFirst = (text: string) => `${text.charAt(0).toLowerCase()}${text.slice(1)}`;
