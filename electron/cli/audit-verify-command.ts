import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { verifyAuditExport } from '../../shared/audit/log-export.js';
import type { CommandIo } from './inspect-command.js';
import { printable } from './verify-bundle-command.js';

/**
 * `frontier-review audit verify <export> [--key <verifier key>]`: checks a review history exported
 * from Frontier Review (JSON lines) offline, and reports its checkpoint and whether every event in
 * it is in the signed history, unaltered.
 */

const PROGRAM = 'frontier-review';

export const AUDIT_VERIFY_USAGE = `Usage: ${PROGRAM} audit verify <export.jsonl> [--key <verifier key>]

Checks a review history exported from Frontier Review: the checkpoint's signature, and each
event's hash and inclusion proof in the tree the checkpoint signs. Says whether the export holds
the whole history or a part of it, and names the first event that fails.

  --key <verifier key>  The workstation's verifier key (name+keyid+base64), as handed to you out
                        of band. Without it the key the export names is used, which proves the
                        export is whole and unaltered but not whose it is.
  -h, --help            Print this help.

Exit codes: 0 verified, 1 refused or unreadable, 2 the command line was wrong.
`;

export async function runAuditCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === '--help' || sub === '-h') {
    io.stdout(AUDIT_VERIFY_USAGE);
    return 0;
  }
  if (sub !== 'verify') {
    io.stderr(`${PROGRAM}: audit takes the command verify.\n\n${AUDIT_VERIFY_USAGE}`);
    return 2;
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...rest], allowPositionals: true, options: { key: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (e) {
    io.stderr(`${PROGRAM}: ${e instanceof Error ? e.message : String(e)}\n\n${AUDIT_VERIFY_USAGE}`);
    return 2;
  }
  if (parsed.values.help) {
    io.stdout(AUDIT_VERIFY_USAGE);
    return 0;
  }
  const [file, ...extra] = parsed.positionals;
  if (file === undefined || extra.length > 0) {
    io.stderr(`${PROGRAM}: audit verify takes one exported history.\n\n${AUDIT_VERIFY_USAGE}`);
    return 2;
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file));
  } catch (e) {
    io.stderr(`${PROGRAM}: ${printable(`${file} could not be read (${(e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))}).`)}\n`);
    return 1;
  }
  const verdict = verifyAuditExport(text, parsed.values.key);
  if (!verdict.ok) {
    const where = verdict.line === null ? '' : ` (line ${verdict.line})`;
    io.stderr(`${PROGRAM}: ${printable(`${file}${where}: ${verdict.reason}`)}\n`);
    return 1;
  }
  const lines = [
    verdict.banner,
    `${file}: the history of ${verdict.origin}, exported ${verdict.exportedAt} (${verdict.selection}).`,
    `Checkpoint: ${verdict.treeSize} events, root ${verdict.rootHash}, signed by ${verdict.verifierKey}${verdict.keyGiven ? ', the key given.' : '. No key was given: compare it with the one you were handed.'}`,
    verdict.complete
      ? `All ${verdict.events} events are here, unaltered and in order: the export is the whole history up to its checkpoint.`
      : `${verdict.events} of the ${verdict.treeSize} events are here, each unaltered and proven to be in the signed history.`,
    verdict.banner,
  ];
  io.stdout(`${lines.map(printable).join('\n')}\n`);
  return 0;
}
