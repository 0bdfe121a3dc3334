import { parseArgs } from 'node:util';
import { verifyExportFile } from './audit-verify-stream.js';
import type { CommandIo } from './inspect-command.js';
import { printable } from './verify-bundle-command.js';

/**
 * `frontier-review audit verify <export> [--key <verifier key>]`: checks a review history exported
 * from Frontier Review (JSON lines) offline, and reports its checkpoint and whether every event in
 * it is in the signed history, unaltered.
 */

const PROGRAM = 'frontier-review';

/** Exit codes, for scripts: a part of the history verifies as well as the whole, but is not the whole. */
export const AUDIT_EXIT = { whole: 0, refused: 1, usage: 2, noKey: 3, partial: 4 } as const;

export const AUDIT_VERIFY_USAGE = `Usage: ${PROGRAM} audit verify <export.jsonl> [--key <verifier key>]

Checks a review history exported from Frontier Review: the checkpoint's signature, and each
event's hash and inclusion proof in the tree the checkpoint signs. Says whether the export holds
the whole history or a part of it, and names the first event that fails.

  --key <verifier key>  The workstation's verifier key (name+keyid+base64), as handed to you out
                        of band. Without it the key the export names is used, which proves only
                        that the export agrees with itself: anyone can make a key of that name.
  -h, --help            Print this help.

Exit codes:
  0  verified against the key given, and every event of the checkpoint is here: the whole history
  1  refused or unreadable (the first line and event that fail on stderr)
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
    parsed = parseArgs({ args: [...rest], allowPositionals: true, options: { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
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
  let verdict;
  try {
    verdict = await verifyExportFile(file, parsed.values.key, { hashThread: bundledHashThread() });
  } catch (e) {
    io.stderr(`${PROGRAM}: ${printable(`${file} could not be read (${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}).`)}\n`);
    return AUDIT_EXIT.refused;
  }
  if (!verdict.ok) {
    const where = verdict.line === null ? '' : ` (line ${verdict.line})`;
    io.stderr(`${PROGRAM}: ${printable(`${file}${where}: ${verdict.reason}`)}\n`);
    return AUDIT_EXIT.refused;
  }
  const lines = [
    verdict.banner,
    `${file}: the history of ${verdict.origin}, exported ${verdict.exportedAt}; the export calls itself "${verdict.selection}" (not signed).`,
    `Checkpoint: ${verdict.treeSize} events, root ${verdict.rootHash}, signed by ${verdict.verifierKey}${verdict.keyGiven ? ', the key given.' : '.'}`,
    verdict.complete
      ? `All ${verdict.events} events are here, unaltered and in order: the export is the whole history up to its checkpoint.`
      : `${verdict.events} of the ${verdict.treeSize} events are here, each unaltered and proven to be in the signed history; ${verdict.missing} ${verdict.missing === 1 ? 'is' : 'are'} not: the export is not the whole history.`,
    ...(verdict.cut ? [`Warning: the export calls itself "${verdict.selection}", but ${verdict.missing} of the checkpoint's events ${verdict.missing === 1 ? 'is' : 'are'} missing: lines were removed from it.`] : []),
    ...(verdict.claimedBanner ? [`Warning: the export's header marks it ${verdict.claimedBanner}, lower than the records it holds (${verdict.banner}).`] : []),
    ...(verdict.keyGiven ? [] : ['Warning: no --key was given, so this proves only that the export agrees with itself. Compare the key above with the one you were handed, or give it with --key.']),
    verdict.banner,
  ];
  io.stdout(`${lines.map(printable).join('\n')}\n`);
  if (!verdict.keyGiven) return AUDIT_EXIT.noKey;
  return verdict.complete ? AUDIT_EXIT.whole : AUDIT_EXIT.partial;
}

/** The code of the threads checking an export's pages, which the build bundles into the command (build/scripts/build-electron.mjs). */
declare const AUDIT_HASH_THREAD_SOURCE: string | undefined;

/** The threads' code where the build put it; none when the command runs from source (tests), where pages are checked in this thread. */
function bundledHashThread(): { readonly source: string } | undefined {
  return typeof AUDIT_HASH_THREAD_SOURCE === 'string' ? { source: AUDIT_HASH_THREAD_SOURCE } : undefined;
}
