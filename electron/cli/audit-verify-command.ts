import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { checkpointSignatureProblem, CheckpointProblem, proveCheckpoint, readCheckpointToProve, type CheckpointToProve } from '../../shared/report/report-checkpoint.js';
import { verifyExportFile } from './audit-verify-stream.js';
import type { CommandIo } from './inspect-command.js';
import { printable } from './verify-bundle-command.js';

/**
 * `frontier-review audit verify <export> [--key <verifier key>] [--checkpoint <file>]`: checks a
 * review history exported from Frontier Review (JSON lines) offline, and reports its checkpoint and
 * whether every event in it is in the signed history, unaltered; and, given a review report (or a
 * checkpoint note), whether the history the report was drawn from is this one's first events.
 */

const PROGRAM = 'frontier-review';

/** Exit codes, for scripts: a part of the history verifies as well as the whole, but is not the whole. */
export const AUDIT_EXIT = { whole: 0, refused: 1, usage: 2, noKey: 3, partial: 4 } as const;

export const AUDIT_VERIFY_USAGE = `Usage: ${PROGRAM} audit verify <export.jsonl> [--key <verifier key>] [--checkpoint <file>]

Checks a review history exported from Frontier Review: the checkpoint's signature, and each
event's hash and inclusion proof in the tree the checkpoint signs. Says whether the export holds
the whole history or a part of it, and names the first event that fails.

  --key <verifier key>  The workstation's verifier key (name+keyid+base64), as handed to you out
                        of band. Without it the key the export names is used, which proves only
                        that the export agrees with itself: anyone can make a key of that name.
  --checkpoint <file>   A review report's JSON companion (its provenance quotes the history's
                        signed checkpoint when the report was made), or a checkpoint note on its
                        own. Also checks that the same key signed it and that the export's first
                        events (all of them up to its tree size) rebuild its tree, root for root:
                        the history the report was drawn from is this one, unaltered.
  -h, --help            Print this help.

Exit codes:
  0  verified against the key given, and every event of the checkpoint is here: the whole history
     (and, with --checkpoint, the checkpoint is this history's tree at its size)
  1  refused or unreadable (the first line and event that fail on stderr); with --checkpoint, also
     a checkpoint that is not this history's: signed by another key, larger than the export, or
     of another tree
  2  the command line was wrong
  3  consistent, but checked only against the key the export names (no --key)
  4  verified against the key given, but not every event of the checkpoint is here: a selection,
     or lines removed (how many are here, and of how many, on stdout)
`;

export async function runAuditCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    io.stdout(AUDIT_VERIFY_USAGE);
    return 0;
  }
  if (sub !== 'verify') {
    io.stderr(`${PROGRAM}: audit takes the command verify.\n\n${AUDIT_VERIFY_USAGE}`);
    return AUDIT_EXIT.usage;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, options: { key: { type: 'string' }, checkpoint: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.stderr(`${PROGRAM}: ${e instanceof Error ? e.message : String(e)}\n\n${AUDIT_VERIFY_USAGE}`);
    return AUDIT_EXIT.usage;
  }
  if (parsed.values.help) {
    io.stdout(AUDIT_VERIFY_USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr(`${PROGRAM}: audit verify takes one exported history.\n\n${AUDIT_VERIFY_USAGE}`);
    return AUDIT_EXIT.usage;
  }
  // One line each: a report's words quoted in a reason may not pass for a line of the command's own.
  const fail = (text: string) => {
    io.stderr(`${PROGRAM}: ${printable(text).replace(/[\n\u2028\u2029]/g, '\uFFFD')}\n`);
    return AUDIT_EXIT.refused;
  };
  const checkpointFile = parsed.values.checkpoint;
  let checkpoint: CheckpointToProve | undefined;
  if (checkpointFile !== undefined) {
    try {
      checkpoint = await readCheckpoint(checkpointFile);
    } catch (e) {
      return fail(e instanceof CheckpointProblem ? `${checkpointFile}: ${e.message}` : `${checkpointFile} could not be read (${errorCode(e)}).`);
    }
    // Signed by another key than the one given: no need to read the history to say so.
    const unsigned = parsed.values.key === undefined ? null : checkpointSignatureProblem(checkpoint, parsed.values.key, 'the key given');
    if (unsigned !== null) return fail(`${checkpointFile}: ${unsigned}`);
  }
  let verdict;
  try {
    verdict = await verifyExportFile(file, parsed.values.key, { hashThread: bundledHashThread(), treeAt: checkpoint?.treeSize });
  } catch (e) {
    return fail(`${file} could not be read (${errorCode(e)}).`);
  }
  if (!verdict.ok) {
    const where = verdict.line === null ? '' : ` (line ${verdict.line})`;
    return fail(`${file}${where}: ${verdict.reason}`);
  }
  const proven = checkpoint && proveCheckpoint(checkpoint, verdict);
  const lines = [
    verdict.banner,
    `${file}: the history of ${verdict.origin}, exported ${verdict.exportedAt}; the export calls itself "${verdict.selection}" (not signed).`,
    `Checkpoint: ${verdict.treeSize} events, root ${verdict.rootHash}, signed by ${verdict.verifierKey}${verdict.keyGiven ? ', the key given.' : '.'}`,
    verdict.complete
      ? `All ${verdict.events} events are here, unaltered and in order: the export is the whole history up to its checkpoint.`
      : `${verdict.events} of the ${verdict.treeSize} events are here, each unaltered and proven to be in the signed history; ${verdict.missing} ${verdict.missing === 1 ? 'is' : 'are'} not: the export is not the whole history.`,
    ...(verdict.cut ? [`Warning: the export calls itself "${verdict.selection}", but ${verdict.missing} of the checkpoint's events ${verdict.missing === 1 ? 'is' : 'are'} missing: lines were removed from it.`] : []),
    ...(verdict.claimedBanner ? [`Warning: the export's header marks it ${verdict.claimedBanner}, lower than the records it holds (${verdict.banner}).`] : []),
    ...(proven?.ok ? [proven.line] : []),
    ...(verdict.keyGiven ? [] : ['Warning: no --key was given, so this proves only that the export agrees with itself. Compare the key above with the one you were handed, or give it with --key.']),
    verdict.banner,
  ];
  io.stdout(`${lines.map(printable).join('\n')}\n`);
  // The export verified, and is reported; the checkpoint held against it did not.
  if (proven && !proven.ok) return fail(`${checkpointFile ?? ''}: ${proven.problem}`);
  if (!verdict.keyGiven) return AUDIT_EXIT.noKey;
  return verdict.complete ? AUDIT_EXIT.whole : AUDIT_EXIT.partial;
}

const errorCode = (e: unknown) => (e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e));

/** A review report, or a checkpoint note: small files, read whole. */
const CHECKPOINT_FILE_LIMIT = 64 << 20;

async function readCheckpoint(name: string): Promise<CheckpointToProve> {
  const { size } = await stat(name);
  if (size > CHECKPOINT_FILE_LIMIT) throw new CheckpointProblem(`It is ${size.toLocaleString('en-US')} bytes, larger than any review report or checkpoint note.`);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(name));
  } catch (e) {
    if (e instanceof TypeError) throw new CheckpointProblem('It is not UTF-8 text: neither a review report nor a checkpoint note.');
    throw e;
  }
  return readCheckpointToProve(text);
}

/** The code of the threads checking an export's pages, which the build bundles into the command (build/scripts/build-electron.mjs). */
declare const AUDIT_HASH_THREAD_SOURCE: string | undefined;

/** The threads' code where the build put it; none when the command runs from source (tests), where pages are checked in this thread. */
function bundledHashThread(): { readonly source: string } | undefined {
  return typeof AUDIT_HASH_THREAD_SOURCE === 'string' ? { source: AUDIT_HASH_THREAD_SOURCE } : undefined;
}
