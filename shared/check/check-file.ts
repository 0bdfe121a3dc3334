import { AUDIT_EXPORT_FORMAT, verifyAuditExport } from '../audit/log-export.js';
import { BundleProblem, checkOuterStream, outerSignatureHash, type BundleCrypto, type BundleTrust } from '../bundle/review-bundle.js';
import { csafAfterImport } from '../csaf/csaf-after-import.js';
import { CSAF_LIMITS, readCsaf } from '../csaf/csaf-read.js';
import { documentMarkings, markOscal, type CarriedMarking } from '../export/file-marking.js';
import type { Dropped } from '../import/dropped.js';
import { readInspectLog } from '../inspect/inspect-log.js';
import { findingFieldsSchema } from '../findings/finding.js';
import { tooLargeMessage } from '../json/json-document.js';
import { JsonProblem, parseLenientJson } from '../json/lenient-json.js';
import { UNCLASSIFIED, commingle } from '../marking/marking.js';
import { POAM_LIMITS, readPoam } from '../oscal/poam-read.js';
import { FileProblem } from '../errors/file-problem.js';
import { readResultsTable, tableSizeProblem } from '../results/read-table.js';
import { guessMapping, mappingProblems, runsFromTable } from '../results/results-table.js';
import { byteSourceStream, type ByteSource } from '../zip/byte-source.js';
import { REPORT_KIND, REPORT_SCHEMA_ID } from '../report/review-report.js';
import { checkReportDocument, type CompanionFile, type ReportSummary } from './check-report.js';
import { poamAfterImport } from '../oscal/poam-write.js';
import { csafCounts, poamCounts } from './file-counts.js';

/**
 * `frontier-review check`: what Frontier Review would make of a file, with the same code the app
 * imports with, for scripts and auditors. It names the kind of file, whether the app would accept
 * it, what it holds, what an import would leave out (as JSON pointers) and why it would refuse it.
 */

export const CHECK_KINDS = ['inspect-log', 'results-table', 'oscal-poam', 'csaf', 'review-bundle', 'history-export', 'review-report'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckReport {
  readonly kind: CheckKind | 'unknown';
  readonly accepted: boolean;
  readonly counts: Readonly<Record<string, number>>;
  readonly dropped: readonly Dropped[];
  readonly problems: readonly string[];
  /** A review report's banner, as it claims it: printed first, as the file is handled by it. */
  readonly banner?: string;
  /** What a review report is, when it is valid. */
  readonly report?: ReportSummary;
}

export interface CheckResult {
  readonly report: CheckReport;
  /**
   * What the app would say with an accepted file, as it does after importing it (a link it cannot
   * follow, a severity left to the reviewer): "where: what". Not problems: the file is accepted.
   */
  readonly notes?: readonly string[];
  /**
   * What the app would export right after importing the file, with no edits (OSCAL and CSAF only,
   * and only for a file the app accepts). Throws when the app would refuse that export.
   */
  readonly writeBack?: () => string;
}

/** The kinds whose import the app can export again, so `--write-back` applies to them. */
export const WRITE_BACK_KINDS: ReadonlySet<CheckReport['kind']> = new Set(['oscal-poam', 'csaf']);

export interface CheckOptions {
  /** The program that would write the export, named in a CSAF advisory's tracking. */
  readonly generator: { readonly name: string; readonly version: string };
  /** The signers a workstation trusts, and the keys it no longer trusts: without them a bundle's or a report's signer cannot be judged. */
  readonly trust?: BundleTrust;
  /** The hashing the bundle check uses: Node's own on the command line. */
  readonly bundleCrypto?: BundleCrypto;
  /** The PDF and HTML given beside a review report, checked against the hashes it names. */
  readonly reportFiles?: readonly CompanionFile[];
  /** When the write-back is dated, and a signer's trust judged; now unless a test fixes it. */
  readonly now?: Date;
}

/** A history export is read whole as text: past this it is refused rather than read. */
const HISTORY_LIMIT = 256 * 1024 * 1024;
/** A JSON file whose head does not say what it is is read whole to find out: up to the largest JSON the app reads whole. */
const UNNAMED_JSON_LIMIT = CSAF_LIMITS.fileBytes;
const NONE_OF_THEM = 'none of the files Frontier Review imports or writes for checking: an Inspect log, a results table, an OSCAL plan of action and milestones, a CSAF advisory, a review bundle, a history export or a review report.';

const report = (kind: CheckReport['kind'], accepted: boolean, counts: Record<string, number> = {}, problems: string[] = [], dropped: Dropped[] = []): CheckReport => ({ kind, accepted, counts, dropped, problems });
const refused = (kind: CheckReport['kind'], problem: string, counts: Record<string, number> = {}): CheckResult => ({ report: report(kind, false, counts, [problem]) });

/** The marking an export would carry right after import: what the file says of itself, else UNCLASSIFIED, with the CUI it holds beside a classification. */
function importedMarking(carried: readonly CarriedMarking[]) {
  return commingle([UNCLASSIFIED, ...carried.map((c) => c.parsed.marking)]);
}

/**
 * Whether a file's head is binary rather than text in some encoding: it holds a NUL, or more
 * control characters than text has. A CSV in Latin-1 is text, and its reader says what is wrong.
 */
function binary(head: Uint8Array): boolean {
  let control = 0;
  for (const byte of head) {
    if (byte === 0) return true;
    if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
  }
  return control * 10 > head.length;
}

export async function checkFile(source: ByteSource, options: CheckOptions): Promise<CheckResult> {
  if (source.size === 0) return refused('unknown', `${source.name} is empty.`);
  const head = await source.read(0, Math.min(source.size, 4096));
  if (head[0] === 0x50 && head[1] === 0x4b) return { report: await checkInspectLog(source) };
  if (new TextDecoder().decode(head.subarray(257, 262)) === 'ustar') return { report: await checkBundle(source, options) };
  if (binary(head)) return refused('unknown', `${source.name} is not text, nor an archive the app reads: it is ${NONE_OF_THEM}`);
  const start = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('-----BEGIN AGE ENCRYPTED FILE-----') || start.startsWith('age-encryption.org/')) {
    return refused('unknown', `${source.name} is an age-encrypted file on its own; a review bundle is a tar archive that holds one, with its signature (see "Build a bundle with stock tools" in the README).`);
  }
  if (!start.startsWith('{') && !start.startsWith('[')) return { report: await checkTable(source) };
  if ((start.split('\n', 1)[0] ?? '').includes(`"${AUDIT_EXPORT_FORMAT}"`)) return { report: await checkHistory(source) };
  // What a JSON file is, from what it names near its top, as the app's importers tell them apart.
  const named = start.slice(0, 1024);
  const reportNamed = named.includes(`"${REPORT_SCHEMA_ID}"`) || named.includes(`"${REPORT_KIND}"`);
  if (!reportNamed && named.includes('"plan-of-action-and-milestones"')) return checkPoam(source, options);
  if (!reportNamed && (named.includes('"csaf_version"') || /"category"\s*:\s*"csaf_/.test(named))) return checkCsaf(source, options);
  if (!reportNamed && /^\{\s*"version"\s*:\s*\d+/.test(start)) return { report: await checkInspectLog(source) };
  if (source.size > UNNAMED_JSON_LIMIT) return refused('unknown', `${source.name}: ${tooLargeMessage(source.size, UNNAMED_JSON_LIMIT, 'JSON files that do not say what they are near their top')}`);
  let document: unknown;
  const text = new TextDecoder().decode(await source.read(0, source.size)).replace(/^\uFEFF/, '');
  try {
    document = parseLenientJson(text);
  } catch (e) {
    return refused(reportNamed ? 'review-report' : 'unknown', `${source.name}: ${e instanceof JsonProblem ? e.message : String(e)}`);
  }
  const top = typeof document === 'object' && document !== null && !Array.isArray(document) ? (document as Record<string, unknown>) : undefined;
  // A review report by what it holds: its kind, or the schema it names when its kind is damaged.
  const inner = typeof top?.report === 'object' && top.report !== null ? (top.report as Record<string, unknown>) : undefined;
  if (inner?.kind === REPORT_KIND || top?.$schema === REPORT_SCHEMA_ID) return checkReportDocument(source.name, text, document, options);
  if (top && 'plan-of-action-and-milestones' in top) return checkPoam(source, options);
  if (top && typeof top.document === 'object' && top.document !== null && ('csaf_version' in top.document || 'tracking' in top.document)) return checkCsaf(source, options);
  if (top && 'version' in top && 'eval' in top) return { report: await checkInspectLog(source) };
  if (Array.isArray(document)) return { report: await checkTable(source) };
  return refused('unknown', `${source.name} is ${NONE_OF_THEM}`);
}

async function checkInspectLog(source: ByteSource): Promise<CheckReport> {
  try {
    const run = await readInspectLog(source, { onRows: () => Promise.resolve() });
    return report('inspect-log', true, { samples: run.samples.read, scored: run.samples.scored, errored: run.samples.errored, metrics: run.metrics.length });
  } catch (e) {
    return report('inspect-log', false, {}, [e instanceof FileProblem ? e.message : `${source.name}: ${e instanceof Error ? e.message : String(e)}`]);
  }
}

async function checkTable(source: ByteSource): Promise<CheckReport> {
  try {
    const tooLarge = tableSizeProblem(source.name, source.size);
    if (tooLarge) throw tooLarge;
    const { table } = readResultsTable(source.name, await source.read(0, source.size));
    const mapping = guessMapping(table.columns);
    // Columns the app cannot guess are mapped by the reviewer at import: the table is still accepted.
    const runs = mappingProblems(mapping, table.columns).length === 0 ? runsFromTable(source.name, table, mapping).length : 0;
    return report('results-table', true, { rows: table.rows.length, columns: table.columns.length, runs });
  } catch (e) {
    return report('results-table', false, {}, [e instanceof Error ? e.message : String(e)]);
  }
}

/** The notes the app shows with what it read (a link it cannot follow, a severity left to the reviewer), as "where: what". */
const notes = (problems: readonly { readonly where: string; readonly message: string }[]) => problems.map((p) => (p.where === '' ? p.message : `${p.where}: ${p.message}`));

async function checkPoam(source: ByteSource, options: CheckOptions): Promise<CheckResult> {
  if (source.size > POAM_LIMITS.fileBytes) return refused('oscal-poam', `${source.name}: ${tooLargeMessage(source.size, POAM_LIMITS.fileBytes, 'plans of action and milestones')}`);
  const bytes = await source.read(0, source.size);
  const read = await readPoam(source.name, bytes);
  if (!read.ok) return refused('oscal-poam', read.message, poamCounts(parsedOrNull(bytes)));
  const marking = importedMarking(documentMarkings('oscal', bytes));
  return {
    report: report('oscal-poam', true, { ...read.counts }, [], [...read.dropped]),
    notes: notes(read.problems),
    writeBack: () => `${JSON.stringify(markOscal(poamAfterImport(read, options.now ?? new Date()), marking), null, 2)}\n`,
  };
}

async function checkCsaf(source: ByteSource, options: CheckOptions): Promise<CheckResult> {
  if (source.size > CSAF_LIMITS.fileBytes) return refused('csaf', `${source.name}: ${tooLargeMessage(source.size, CSAF_LIMITS.fileBytes, 'CSAF advisories')}`);
  const bytes = await source.read(0, source.size);
  const read = readCsaf(source.name, bytes);
  if (!read.ok) return refused('csaf', read.message, csafCounts(parsedOrNull(bytes)));
  // Each vulnerability must make a finding the app can store, as the importer requires.
  for (const finding of read.findings) {
    const checked = findingFieldsSchema.safeParse({ ...finding, evidence: [], marking: read.marking });
    if (!checked.success) return refused('csaf', `${source.name}: "${finding.title}" cannot be a finding: ${checked.error.issues[0]?.message ?? 'it is not valid'}.`);
  }
  return {
    // The counts the contract names, and no more: scripts compare them key for key.
    report: report('csaf', true, { vulnerabilities: read.counts.vulnerabilities, products: read.counts.products, findings: read.findings.length }, [], [...read.dropped]),
    notes: notes(read.problems),
    writeBack: () => `${JSON.stringify(csafAfterImport(read, { now: options.now ?? new Date(), generator: options.generator }), null, 2)}\n`,
  };
}

/** The document, for counting what a refused file holds; null when it is not JSON at all. */
function parsedOrNull(bytes: Uint8Array): unknown {
  try {
    return parseLenientJson(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  } catch {
    return null;
  }
}

async function checkBundle(source: ByteSource, { trust, bundleCrypto }: CheckOptions): Promise<CheckReport> {
  try {
    const sealed = await checkOuterStream(() => byteSourceStream(source), trust ?? { signers: [], revoked: [] }, new Date(), undefined, bundleCrypto, await outerSignatureHash((offset, length) => source.read(offset, length), source.size));
    return report('review-bundle', true, { 'ciphertext-bytes': sealed.ciphertextBytes });
  } catch (e) {
    // Without the trusted signers, a sound bundle stops at its signer: the app refuses one it does not trust.
    if (trust === undefined && e instanceof BundleProblem && e.code === 'untrusted-signer') {
      return report('review-bundle', false, {}, [`${source.name}: its archive and signature are sound, but whether the app would accept it depends on its signer; give --allowed-signers (and --revoked) to check the signer as a workstation would.`]);
    }
    return report('review-bundle', false, {}, [`${source.name}: ${e instanceof Error ? e.message : String(e)}`]);
  }
}

async function checkHistory(source: ByteSource): Promise<CheckReport> {
  if (source.size > HISTORY_LIMIT) return report('history-export', false, {}, [`${source.name}: ${tooLargeMessage(source.size, HISTORY_LIMIT, 'history exports')}`]);
  const verdict = verifyAuditExport(new TextDecoder().decode(await source.read(0, source.size)));
  if (!verdict.ok) {
    const where = [verdict.line === null ? '' : `line ${verdict.line}`, verdict.seq === null ? '' : `event #${verdict.seq}`].filter((part) => part !== '').join(', ');
    return report('history-export', false, {}, [`${source.name}${where === '' ? '' : `, ${where}`}: ${verdict.reason}`]);
  }
  return report('history-export', true, { events: verdict.events, 'tree-size': verdict.treeSize });
}
