import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import packageJson from '../../package.json' with { type: 'json' };
import type { BundleTrust } from '../../shared/bundle/review-bundle.js';
import { checkFile, WRITE_BACK_KINDS, type CheckReport, type CheckResult } from '../../shared/check/check-file.js';
import type { CompanionFile, ReportSummary } from '../../shared/check/check-report.js';
import { parseAllowedSigners, parseRevokedKeys } from '../../shared/identity/allowed-signers.js';
import { nativeBundleCrypto } from '../bundles/node-bundle-io.js';
import { FileSource, NotAFile } from './file-source.js';
import type { CommandIo } from './inspect-command.js';
import { printable } from './verify-bundle-command.js';

const PROGRAM = 'frontier-review';

/** A CSAF write-back names the app as its generator, as the app's own export does. */
const GENERATOR = { name: packageJson.productName, version: packageJson.version } as const;

/** Exit codes, for scripts. */
export const CHECK_EXIT = { accepted: 0, refused: 1, usage: 2 } as const;

export const CHECK_USAGE = `Usage: ${PROGRAM} check <file> [--json] [--write-back <out>] [--allowed-signers <file> [--revoked <file>]]
       ${PROGRAM} check <report.json> [<report.pdf> <report.html>] [--json] [--allowed-signers <file> [--revoked <file>]]

check reads a file the way Frontier Review imports it, with the same code, and says what the app
would make of it: its kind (inspect-log, results-table, oscal-poam, csaf, review-bundle,
history-export, review-report), whether the app would accept it, what it holds, what an import
would leave out (each with a JSON pointer into the file) and, if the app would refuse it, why.
Nothing is imported.

A review report's JSON companion is validated against the report's schema (each problem with a
JSON pointer) and described, its banner first: the report's version, the packet's developer, model
and version, the determination, and the review history's checkpoint it was drawn from. The PDF and
HTML given after it are checked against the SHA-256 hashes it names.

Options:
  --json                    Print one JSON object: { kind, accepted, counts, dropped, problems },
                            and for a review report also { banner, report }.
  --write-back <out>        For an OSCAL plan of action and milestones or a CSAF advisory the app
                            accepts: write to <out> what the app would export right after importing
                            the file, with no edits.
  --allowed-signers <file>  For a review bundle or a signed review report: the signers a
                            workstation trusts (OpenSSH allowed_signers form). Without them a
                            bundle's signer cannot be judged, and the bundle is not said to be
                            accepted; a report's signature is checked, and its signer named but not
                            judged. With them, a report must be signed by one of them.
  --revoked <file>          With --allowed-signers: public keys no longer trusted, one per line.
  -h, --help                Print this help.

Exit codes:
  0  accepted
  1  refused (the problems say why), or a file could not be read or the write-back written
  2  the command line was wrong
`;

type Run = { readonly file: string; readonly companions: readonly string[]; readonly json: boolean; readonly writeBack: string | undefined; readonly signers: string | undefined; readonly revoked: string | undefined };
type Args = { readonly kind: 'help' } | { readonly kind: 'wrong'; readonly message: string } | ({ readonly kind: 'run' } & Run);

function parseCheckArgs(args: readonly string[]): Args {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { json: { type: 'boolean' }, 'write-back': { type: 'string' }, 'allowed-signers': { type: 'string' }, revoked: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    return { kind: 'wrong', message: e instanceof Error ? e.message : String(e) };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  const [file, ...companions] = positionals;
  if (file === undefined) return { kind: 'wrong', message: 'check needs the file to read.' };
  if (values['write-back'] === '') return { kind: 'wrong', message: '--write-back needs the file to write.' };
  if (values.revoked !== undefined && values['allowed-signers'] === undefined) return { kind: 'wrong', message: '--revoked goes with --allowed-signers.' };
  return { kind: 'run', file, companions, json: values.json === true, writeBack: values['write-back'], signers: values['allowed-signers'], revoked: values.revoked };
}

/** The report in words, a line each; a review report's between its banners, as a marked page is. */
export function formatCheckReport(file: string, report: CheckReport, notes: readonly string[] = []): string {
  const lines = [`${file}: ${report.kind}, ${report.accepted ? 'accepted' : 'refused'}`];
  const counts = Object.entries(report.counts);
  if (counts.length > 0) lines.push(`  holds: ${counts.map(([name, n]) => `${n.toLocaleString('en-US')} ${name}`).join(', ')}`);
  if (report.report) lines.push(...reportLines(report.report));
  for (const problem of report.problems) lines.push(`  problem: ${problem}`);
  for (const note of notes) lines.push(`  note: ${note}`);
  if (report.dropped.length > 0) lines.push(`  an import would leave out ${report.dropped.length}:`);
  for (const d of report.dropped) lines.push(`    ${d.path === '' ? '(the file)' : d.path}: ${d.why}`);
  const marked = report.banner === undefined ? lines : [report.banner, ...lines, report.banner];
  // Words from the file are printed as one line each: nothing in it may move the cursor, clear the screen or pass for a line of the check.
  return `${marked.map((line) => printable(line).replace(/[\n\u2028\u2029]/g, '\uFFFD')).join('\n')}\n`;
}

/** What a review report is: its version, packet, determination, checkpoint, signer and files. */
function reportLines(r: ReportSummary): string[] {
  const { checkpoint, signedBy } = r;
  return [
    `  report: version ${r.version} of report ${r.reportId}, made ${r.createdAt}`,
    `  packet: ${r.packet.developer} ${r.packet.modelName} ${r.packet.modelVersion}`,
    `  determination: ${r.outcomeLabel} (${r.outcome})`,
    checkpoint ? `  checkpoint: ${checkpoint.treeSize} events of ${checkpoint.origin}, root ${checkpoint.rootHash}` : '  checkpoint: none (the report names no signed review history)',
    signedBy ? `  signed by: ${signedBy.principal} (${signedBy.fingerprint})${signedBy.trusted ? ', a trusted signer' : ', not judged'}` : '  signed by: none accepted (not signed, or its signature refused)',
    ...r.files.map((f) => (f.format === null ? `  file: ${f.file} is none of the report's files` : `  file: ${f.file} is the report's ${f.format.toUpperCase()} (${f.fileName ?? ''}), by its SHA-256`)),
  ];
}

const errorCode = (e: unknown) => (e instanceof NotAFile ? e.message : ((e as NodeJS.ErrnoException).code ?? (e instanceof Error ? e.message : String(e))));

/** The trust store a bundle's signer is judged by, from the files given. */
async function trustFrom(run: Run): Promise<BundleTrust | undefined> {
  if (run.signers === undefined) return undefined;
  const text = async (name: string, what: string) => {
    try {
      return await readFile(name, 'utf8');
    } catch (e) {
      throw new Error(`${what} ${name} could not be read (${errorCode(e)}).`);
    }
  };
  return {
    signers: parseAllowedSigners(await text(run.signers, 'The allowed signers file')),
    revoked: run.revoked === undefined ? [] : parseRevokedKeys(await text(run.revoked, 'The revocation list')),
  };
}

/** A file given beside a report, hashed as it streams: a PDF may be large. */
async function companionOf(name: string): Promise<CompanionFile> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(name)) {
    const bytes = chunk as Buffer;
    size += bytes.length;
    hash.update(bytes);
  }
  return { name, size, sha256: hash.digest('hex') };
}

/** What to do after the check: write the export back when asked and possible, and say so. */
async function writeBackIfAsked(run: Run, result: CheckResult, io: CommandIo): Promise<string | null> {
  if (run.writeBack === undefined || !result.report.accepted) return null;
  const { writeBack } = result;
  if (!writeBack) return null;
  let exported: string;
  try {
    exported = writeBack();
  } catch (e) {
    return `the app would import ${run.file} but refuse to export it again: ${e instanceof Error ? e.message : String(e)}`;
  }
  try {
    await writeFile(run.writeBack, exported);
  } catch (e) {
    return `${run.writeBack} could not be written (${errorCode(e)}).`;
  }
  io.stderr(`${PROGRAM}: wrote what the app would export to ${run.writeBack}.\n`);
  return null;
}

export async function runCheckCommand(args: readonly string[], io: CommandIo): Promise<number> {
  const parsed = parseCheckArgs(args);
  if (parsed.kind === 'help') {
    io.stdout(CHECK_USAGE);
    return CHECK_EXIT.accepted;
  }
  if (parsed.kind === 'wrong') {
    io.stderr(`${PROGRAM}: ${parsed.message}\n\n${CHECK_USAGE}`);
    return CHECK_EXIT.usage;
  }
  const print = (report: CheckReport, notes: readonly string[] = []) => io.stdout(parsed.json ? `${JSON.stringify(report)}\n` : formatCheckReport(parsed.file, report, notes));
  /** A file that cannot be read, or a check that fails, is still one report: scripts read one object. */
  const failed = (problem: string) => {
    print({ kind: 'unknown', accepted: false, counts: {}, dropped: [], problems: [problem] });
    return CHECK_EXIT.refused;
  };
  let source: FileSource;
  let trust: BundleTrust | undefined;
  const reportFiles: CompanionFile[] = [];
  let reading = parsed.file;
  try {
    trust = await trustFrom(parsed);
    source = await FileSource.open(parsed.file, path.basename(parsed.file));
  } catch (e) {
    return failed(e instanceof Error && !(e instanceof NotAFile) && !('code' in e) ? e.message : `${parsed.file} could not be read (${errorCode(e)}).`);
  }
  try {
    for (const companion of parsed.companions) {
      reading = companion;
      reportFiles.push(await companionOf(companion));
    }
  } catch (e) {
    await source.close();
    return failed(`${reading} could not be read (${errorCode(e)}).`);
  }
  try {
    const result = await checkFile(source, { generator: GENERATOR, ...(trust ? { trust } : {}), bundleCrypto: nativeBundleCrypto, reportFiles });
    if (parsed.companions.length > 0 && result.report.kind !== 'review-report') {
      io.stderr(`${PROGRAM}: check reads one file at a time; the files after it are for a review report (its PDF and HTML), and ${parsed.file} is ${KIND_WORDS[result.report.kind]}.\n`);
      return CHECK_EXIT.usage;
    }
    if (parsed.writeBack !== undefined && !WRITE_BACK_KINDS.has(result.report.kind)) {
      io.stderr(`${PROGRAM}: --write-back is for an OSCAL plan of action and milestones or a CSAF advisory; ${parsed.file} is ${KIND_WORDS[result.report.kind]}.\n`);
      return CHECK_EXIT.usage;
    }
    const notWritten = await writeBackIfAsked(parsed, result, io);
    print(result.report, result.notes);
    if (notWritten !== null) {
      io.stderr(`${PROGRAM}: ${notWritten}\n`);
      return CHECK_EXIT.refused;
    }
    return result.report.accepted ? CHECK_EXIT.accepted : CHECK_EXIT.refused;
  } catch (e) {
    return failed(`${parsed.file} could not be checked: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    await source.close();
  }
}

/** Each kind in words, for a sentence. */
const KIND_WORDS: Readonly<Record<CheckReport['kind'], string>> = {
  'inspect-log': 'an Inspect log',
  'results-table': 'a results table',
  'oscal-poam': 'an OSCAL plan of action and milestones',
  csaf: 'a CSAF advisory',
  'review-bundle': 'a review bundle',
  'history-export': 'a history export',
  'review-report': 'a review report',
  unknown: 'neither',
};
