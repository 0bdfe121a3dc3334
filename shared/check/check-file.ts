import { AUDIT_EXPORT_FORMAT, verifyAuditExport } from '../audit/log-export.js';
import { BundleProblem, bytesStream, checkOuterStream } from '../bundle/review-bundle.js';
import { csafAfterImport } from '../csaf/csaf-after-import.js';
import { readCsaf } from '../csaf/csaf-read.js';
import { documentMarkings, markOscal, type CarriedMarking } from '../export/file-marking.js';
import type { Dropped } from '../import/dropped.js';
import { readInspectLog } from '../inspect/inspect-log.js';
import { JsonProblem, parseLenientJson } from '../json/lenient-json.js';
import { UNCLASSIFIED, rollUp } from '../marking/marking.js';
import { readPoam } from '../oscal/poam-read.js';
import { FileProblem } from '../result/file-problem.js';
import { readResultsTable } from '../results/read-table.js';
import { guessMapping, mappingProblems, runsFromTable } from '../results/results-table.js';
import type { ByteSource } from '../zip/byte-source.js';
import { poamAfterImport } from '../oscal/poam-write.js';
import { csafCounts, poamCounts } from './file-counts.js';

/**
 * `frontier-review check`: what Frontier Review would make of a file, with the same code the app
 * imports with, for scripts and auditors. It names the kind of file, whether the app would accept
 * it, what it holds, what an import would leave out (as JSON pointers) and why it would refuse it.
 */

export const CHECK_KINDS = ['inspect-log', 'results-table', 'oscal-poam', 'csaf', 'review-bundle', 'history-export'] as const;
export type CheckKind = (typeof CHECK_KINDS)[number];

export interface CheckReport {
  readonly kind: CheckKind | 'unknown';
  readonly accepted: boolean;
  readonly counts: Readonly<Record<string, number>>;
  readonly dropped: readonly Dropped[];
  readonly problems: readonly string[];
}

export interface CheckResult {
  readonly report: CheckReport;
  /** What the app would export right after importing the file, with no edits (OSCAL and CSAF only). */
  readonly writeBack?: () => string;
}

/** JSON files past this are not read whole: every JSON the app imports is smaller. */
const JSON_LIMIT = 64 * 1024 * 1024;

const report = (kind: CheckReport['kind'], accepted: boolean, counts: Record<string, number> = {}, problems: string[] = [], dropped: Dropped[] = []): CheckReport => ({ kind, accepted, counts, dropped, problems });

/** The marking an export would carry right after import: what the file says of itself, else UNCLASSIFIED. */
function importedMarking(carried: readonly CarriedMarking[]) {
  return rollUp([UNCLASSIFIED, ...carried.map((c) => c.parsed.marking)]);
}

export interface CheckOptions {
  /** The program that would write the export, named in a CSAF advisory's tracking. */
  readonly generator: { readonly name: string; readonly version: string };
  /** When the write-back is dated; now unless a test fixes it. */
  readonly now?: Date;
}

export async function checkFile(source: ByteSource, options: CheckOptions): Promise<CheckResult> {
  const head = await source.read(0, Math.min(source.size, 4096));
  if (head[0] === 0x50 && head[1] === 0x4b) return { report: await checkInspectLog(source) };
  if (new TextDecoder().decode(head.subarray(257, 262)) === 'ustar') return { report: await checkBundle(source) };
  const start = new TextDecoder().decode(head).replace(/^\uFEFF/, '').trimStart();
  if (!start.startsWith('{') && !start.startsWith('[')) return { report: checkTable(source.name, await source.read(0, source.size)) };
  const firstLine = start.split('\n', 1)[0] ?? '';
  if (firstLine.includes(`"${AUDIT_EXPORT_FORMAT}"`)) return { report: checkHistory(await source.read(0, source.size)) };
  if (source.size > JSON_LIMIT) return { report: report('unknown', false, {}, [`${source.name} is larger than any JSON file Frontier Review imports.`]) };
  const bytes = await source.read(0, source.size);
  let document: unknown;
  try {
    document = parseLenientJson(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  } catch (e) {
    // Broken JSON that names its kind near its top is refused by that kind's own reader, in its words.
    const named = start.slice(0, 200);
    if (named.includes('"plan-of-action-and-milestones"')) return checkPoam(source.name, bytes, undefined, options);
    if (named.includes('"csaf_version"')) return checkCsaf(source.name, bytes, undefined, options);
    return { report: report('unknown', false, {}, [`${source.name}: ${e instanceof JsonProblem ? e.message : String(e)}`]) };
  }
  const top = typeof document === 'object' && document !== null && !Array.isArray(document) ? (document as Record<string, unknown>) : undefined;
  if (top && 'plan-of-action-and-milestones' in top) return checkPoam(source.name, bytes, document, options);
  if (top && typeof top.document === 'object' && top.document !== null && 'csaf_version' in top.document) return checkCsaf(source.name, bytes, document, options);
  if (top && typeof top.version === 'number' && typeof top.eval === 'object') return { report: await checkInspectLog(source) };
  if (Array.isArray(document)) return { report: checkTable(source.name, bytes) };
  return { report: report('unknown', false, {}, [`${source.name} is none of the files Frontier Review imports: an Inspect log, a results table, an OSCAL plan of action and milestones, a CSAF advisory, a review bundle or a history export.`]) };
}

async function checkInspectLog(source: ByteSource): Promise<CheckReport> {
  try {
    const run = await readInspectLog(source, { onRows: () => Promise.resolve() });
    return report('inspect-log', true, { samples: run.samples.read, scored: run.samples.scored, errored: run.samples.errored, metrics: run.metrics.length });
  } catch (e) {
    return report('inspect-log', false, {}, [e instanceof FileProblem ? e.message : `${source.name}: ${e instanceof Error ? e.message : String(e)}`]);
  }
}

function checkTable(fileName: string, bytes: Uint8Array): CheckReport {
  try {
    const { table } = readResultsTable(fileName, bytes);
    const mapping = guessMapping(table.columns);
    // Columns the app cannot guess are mapped by the reviewer at import: the table is still accepted.
    const runs = mappingProblems(mapping, table.columns).length === 0 ? runsFromTable(fileName, table, mapping).length : 0;
    return report('results-table', true, { rows: table.rows.length, columns: table.columns.length, runs });
  } catch (e) {
    return report('results-table', false, {}, [e instanceof Error ? e.message : String(e)]);
  }
}

async function checkPoam(fileName: string, bytes: Uint8Array, document: unknown, options: CheckOptions): Promise<CheckResult> {
  const read = await readPoam(fileName, bytes);
  if (!read.ok) return { report: report('oscal-poam', false, poamCounts(document), [read.message]) };
  const marking = importedMarking(documentMarkings('oscal', bytes));
  return { report: report('oscal-poam', true, { ...read.counts }, [], [...read.dropped]), writeBack: () => `${JSON.stringify(markOscal(poamAfterImport(read, options.now ?? new Date()), marking), null, 2)}\n` };
}

function checkCsaf(fileName: string, bytes: Uint8Array, document: unknown, options: CheckOptions): CheckResult {
  const read = readCsaf(fileName, bytes);
  if (!read.ok) return { report: report('csaf', false, csafCounts(document), [read.message]) };
  return {
    report: report('csaf', true, { ...read.counts, findings: read.findings.length }, [], [...read.dropped]),
    writeBack: () => `${JSON.stringify(csafAfterImport(read, { now: options.now ?? new Date(), generator: options.generator }), null, 2)}\n`,
  };
}

async function checkBundle(source: ByteSource): Promise<CheckReport> {
  try {
    await checkOuterStream(bytesStream(await source.read(0, source.size)), { signers: [], revoked: [] }, new Date());
    return report('review-bundle', true);
  } catch (e) {
    // With no trust store given, a well-formed bundle stops at its signer: everything before it held.
    if (e instanceof BundleProblem && e.code === 'untrusted-signer') return report('review-bundle', true, { 'signed-files': 1 });
    return report('review-bundle', false, {}, [e instanceof Error ? e.message : String(e)]);
  }
}

function checkHistory(bytes: Uint8Array): CheckReport {
  const verdict = verifyAuditExport(new TextDecoder().decode(bytes));
  if (!verdict.ok) return report('history-export', false, {}, [`line ${verdict.line ?? '?'}${verdict.seq === null ? '' : `, event #${verdict.seq}`}: ${verdict.reason}`]);
  return report('history-export', true, { events: verdict.events, 'tree-size': verdict.treeSize });
}
