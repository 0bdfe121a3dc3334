import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import packageJson from '../../package.json' with { type: 'json' };
import { checkFile, type CheckReport } from '../../shared/check/check-file.js';
import { FileSource, NotAFile } from './file-source.js';
import type { CommandIo } from './inspect-command.js';

const PROGRAM = 'frontier-review';

/** A CSAF write-back names the app as its generator, as the app's own export does. */
const GENERATOR = { name: packageJson.productName, version: packageJson.version } as const;

/** Exit codes, for scripts. */
export const CHECK_EXIT = { accepted: 0, refused: 1, usage: 2 } as const;

export const CHECK_USAGE = `Usage: ${PROGRAM} check <file> [--json] [--write-back <out>]

check reads a file the way Frontier Review imports it, with the same code, and says what the app
would make of it: its kind (inspect-log, results-table, oscal-poam, csaf, review-bundle,
history-export), whether the app would accept it, what it holds, what an import would leave out
(each with a JSON pointer into the file) and, if the app would refuse it, why. Nothing is imported.

Options:
  --json              Print one JSON object: { kind, accepted, counts, dropped, problems }.
  --write-back <out>  For an OSCAL plan of action and milestones or a CSAF advisory: write to <out>
                      what the app would export right after importing the file, with no edits.
  -h, --help          Print this help.

Exit codes:
  0  accepted
  1  refused (the problems say why)
  2  the command line was wrong
`;

type Args = { readonly kind: 'help' } | { readonly kind: 'wrong'; readonly message: string } | { readonly kind: 'run'; readonly file: string; readonly json: boolean; readonly writeBack: string | undefined };

function parseArgs(args: readonly string[]): Args {
  const files: string[] = [];
  let json = false;
  let writeBack: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (arg === '--help' || arg === '-h') return { kind: 'help' };
    if (arg === '--json') json = true;
    else if (arg === '--write-back') {
      writeBack = args[++i];
      if (writeBack === undefined || writeBack === '') return { kind: 'wrong', message: '--write-back needs the file to write.' };
    } else if (arg.startsWith('-') && arg !== '-') return { kind: 'wrong', message: `unknown option ${JSON.stringify(arg)}.` };
    else files.push(arg);
  }
  const [file, ...extra] = files;
  if (file === undefined) return { kind: 'wrong', message: 'check needs the file to read.' };
  if (extra.length > 0) return { kind: 'wrong', message: 'check reads one file at a time.' };
  return { kind: 'run', file, json, writeBack };
}

/** The report in words, a line each. */
export function formatCheckReport(file: string, report: CheckReport): string {
  const lines = [`${file}: ${report.kind}, ${report.accepted ? 'accepted' : 'refused'}`];
  const counts = Object.entries(report.counts);
  if (counts.length > 0) lines.push(`  holds: ${counts.map(([name, n]) => `${n.toLocaleString('en-US')} ${name}`).join(', ')}`);
  for (const problem of report.problems) lines.push(`  problem: ${problem}`);
  if (report.dropped.length > 0) lines.push(`  an import would leave out ${report.dropped.length}:`);
  for (const d of report.dropped) lines.push(`    ${d.path === '' ? '(the file)' : d.path}: ${d.why}`);
  return `${lines.join('\n')}\n`;
}

export async function runCheckCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseArgs(args);
  if (parsed.kind === 'help') {
    io.stdout(CHECK_USAGE);
    return CHECK_EXIT.accepted;
  }
  if (parsed.kind === 'wrong') {
    io.stderr(`${PROGRAM}: ${parsed.message}\n\n${CHECK_USAGE}`);
    return CHECK_EXIT.usage;
  }
  let source: FileSource;
  try {
    source = await FileSource.open(parsed.file, path.basename(parsed.file));
  } catch (e) {
    const why = e instanceof NotAFile ? e.message : ((e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e)));
    io.stderr(`${PROGRAM}: ${parsed.file} could not be read (${why}).\n`);
    return CHECK_EXIT.refused;
  }
  try {
    const { report, writeBack } = await checkFile(source, { generator: GENERATOR });
    if (parsed.writeBack !== undefined) {
      if (!writeBack) {
        io.stderr(`${PROGRAM}: --write-back is for an OSCAL plan of action and milestones or a CSAF advisory; ${parsed.file} is ${report.kind === 'unknown' ? 'neither' : `a ${report.kind}`}.\n`);
        return CHECK_EXIT.usage;
      }
      if (report.accepted) {
        let exported: string;
        try {
          exported = writeBack();
        } catch (e) {
          // Accepted on import, refused on export (an advisory marked above what its TLP label carries).
          io.stdout(parsed.json ? `${JSON.stringify(report)}\n` : formatCheckReport(parsed.file, report));
          io.stderr(`${PROGRAM}: the app would refuse to export ${parsed.file} again: ${e instanceof Error ? e.message : String(e)}\n`);
          return CHECK_EXIT.refused;
        }
        await writeFile(parsed.writeBack, exported);
      }
    }
    io.stdout(parsed.json ? `${JSON.stringify(report)}\n` : formatCheckReport(parsed.file, report));
    return report.accepted ? CHECK_EXIT.accepted : CHECK_EXIT.refused;
  } finally {
    await source.close();
  }
}
