import { bytesToHex } from '@noble/hashes/utils.js';
import { NoteProblem, openNote, parseCheckpoint, parseVerifierKey } from '../audit/signed-note.js';
import { droppedDuplicateKeys, jsonPointer } from '../import/dropped.js';
import { covers } from '../marking/coverage.js';
import { bannerText, portionMark, type Marking } from '../marking/marking.js';
import { readReportSignature, verifyReportFile } from '../report/report-signature.js';
import { reportFileSchema, type ReportFile } from '../report/review-report.js';
import type { CheckOptions, CheckResult } from './check-file.js';

/**
 * `frontier-review check` on a review report's JSON companion: the report validated against its
 * schema, its labels against its marking, its checkpoint against the note it quotes, its signature
 * (and signer, given the trusted signers), and the PDF and HTML given beside it against the hashes
 * it names. Whether the checkpoint is the history's is for `audit verify --checkpoint`.
 */

/** A file given beside a report (its PDF or HTML), by what the command read of it. */
export interface CompanionFile {
  readonly name: string;
  readonly size: number;
  /** Hex SHA-256 of its bytes. */
  readonly sha256: string;
}

/** What a report is, as `check` prints it. */
export interface ReportSummary {
  readonly reportId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly packet: { readonly developer: string; readonly modelName: string; readonly modelVersion: string };
  readonly outcome: ReportFile['report']['determination']['outcome'];
  readonly outcomeLabel: string;
  readonly checkpoint: { readonly origin: string; readonly treeSize: number; readonly rootHash: string } | null;
  /** Who signed it, when the signature is sound; `trusted` when the signer was judged against the trusted signers given and accepted. */
  readonly signedBy: { readonly principal: string; readonly fingerprint: string; readonly trusted: boolean } | null;
  /** Each file given beside the report, and which of the report's files it is (null: none of them). */
  readonly files: readonly { readonly file: string; readonly format: 'pdf' | 'html' | null; readonly fileName: string | null }[];
}

/** More schema problems than this are counted, not listed. */
const LISTED_ISSUES = 20;

/** The report's check, from the file's text and what it parsed to. */
export function checkReportDocument(name: string, text: string, document: unknown, options: CheckOptions): CheckResult {
  const claimed = typeof document === 'object' && document !== null && typeof (document as { banner?: unknown }).banner === 'string' ? (document as { banner: string }).banner : undefined;
  const refused = (problems: string[]): CheckResult => ({ report: { kind: 'review-report', accepted: false, counts: {}, dropped: [], problems, ...(claimed === undefined ? {} : { banner: claimed }) } });
  // A report the app wrote gives each key once: a second value is one a reader may not see.
  const twice = droppedDuplicateKeys(text);
  if (twice.length > 0) return refused(twice.map((d) => `${name}: ${d.path}: ${d.why}`));
  const parsed = reportFileSchema.safeParse(document);
  if (!parsed.success) {
    const { issues } = parsed.error;
    const listed = issues.slice(0, LISTED_ISSUES).map((i) => `${name}: ${jsonPointer(i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))) || '(the file)'}: ${i.message}`);
    return refused(issues.length > LISTED_ISSUES ? [...listed, `${name}: and ${issues.length - LISTED_ISSUES} more problems like these.`] : listed);
  }
  const file = parsed.data;
  const { report } = file;
  const problems = [...labelProblems(file), ...checkpointProblems(file)].map((p) => `${name}: ${p}`);
  const notes: string[] = [];
  const signed = signatureOf(file, options, problems, notes);
  const files = (options.reportFiles ?? []).map((given) => {
    const named = file.files.find((f) => f.sha256 === given.sha256);
    if (!named) problems.push(`${given.name} is none of the files the report names: its SHA-256 ${given.sha256} is not that of ${file.files.length === 0 ? 'any (the report names no PDF or HTML)' : file.files.map((f) => f.fileName).join(' or ')}.`);
    return { file: given.name, format: named?.format ?? null, fileName: named?.fileName ?? null };
  });
  const summary: ReportSummary = {
    reportId: report.reportId,
    version: report.version,
    createdAt: report.createdAt,
    packet: { developer: report.cover.packet.developer, modelName: report.cover.packet.modelName, modelVersion: report.cover.packet.modelVersion },
    outcome: report.determination.outcome,
    outcomeLabel: report.determination.outcomeLabel,
    checkpoint: report.provenance.checkpoint && { origin: report.provenance.checkpoint.origin, treeSize: report.provenance.checkpoint.treeSize, rootHash: report.provenance.checkpoint.rootHash },
    signedBy: signed,
    files,
  };
  const counts = { thresholds: report.determination.thresholds.length, reproductions: report.reproduction.rows.length, findings: report.findings.rows.length, sources: report.provenance.sources.length, files: file.files.length };
  return { report: { kind: 'review-report', accepted: problems.length === 0, counts, dropped: [], problems, banner: file.banner, report: summary }, notes };
}

/**
 * A reader handles the file by its banner, so nothing inside may be marked above it: each banner is
 * that of the marking beside it; each portion mark is that of its part's or row's marking; the
 * report's marking covers every part and row; and the file's covers the report's (it may be higher:
 * the packets a file names count with what it holds, and may have been raised since the report was made).
 */
function labelProblems(file: ReportFile): string[] {
  const problems: string[] = [];
  if (file.banner !== bannerText(file.marking)) problems.push(`/banner: "${file.banner}" is not the banner of the file's marking (${bannerText(file.marking)}).`);
  if (file.report.banner !== bannerText(file.report.marking)) problems.push(`/report/banner: "${file.report.banner}" is not the banner of the report's marking (${bannerText(file.report.marking)}).`);
  if (!covers(file.marking, file.report.marking)) problems.push(`/marking: the file is marked ${bannerText(file.marking)}, below the report it holds (${bannerText(file.report.marking)}).`);
  for (const { at, marking, portion } of markedPortions(file.report)) {
    if (portion !== portionMark(marking)) problems.push(`${at}/portion: "${portion}" is not the portion mark of its marking (${portionMark(marking)}).`);
    if (!covers(file.report.marking, marking)) problems.push(`${at}: marked ${bannerText(marking)}, above the report's ${bannerText(file.report.marking)}.`);
  }
  return problems;
}

/** Every marked part and row of the report, with where it is. */
function markedPortions(report: ReportFile['report']): { readonly at: string; readonly marking: Marking; readonly portion: string }[] {
  const rows = (at: string, list: readonly { readonly marking: Marking; readonly portion: string }[]) => list.map((r, i) => ({ at: `${at}/${String(i)}`, marking: r.marking, portion: r.portion }));
  const parts = (['cover', 'determination', 'reproduction', 'findings', 'remediation', 'provenance'] as const).map((name) => ({ at: `/report/${name}`, marking: report[name].marking, portion: report[name].portion }));
  return [...parts, ...rows('/report/determination/thresholds', report.determination.thresholds), ...rows('/report/reproduction/rows', report.reproduction.rows), ...rows('/report/findings/rows', report.findings.rows)];
}

/** The checkpoint's fields are copies of its signed note, which must be signed by the key the report names. */
function checkpointProblems(file: ReportFile): string[] {
  const checkpoint = file.report.provenance.checkpoint;
  if (!checkpoint) return [];
  const at = '/report/provenance/checkpoint';
  try {
    const verifier = parseVerifierKey(checkpoint.verifierKey);
    const signed = parseCheckpoint(openNote(checkpoint.note, [verifier]).text);
    const signedRoot = bytesToHex(signed.rootHash);
    if (signed.origin !== checkpoint.origin || signed.size !== checkpoint.treeSize || signedRoot !== checkpoint.rootHash) {
      return [`${at}: its fields say ${checkpoint.origin} at ${checkpoint.treeSize} events, root ${checkpoint.rootHash}, but its signed note says ${signed.origin} at ${signed.size} events, root ${signedRoot}.`];
    }
    return [];
  } catch (e) {
    if (!(e instanceof NoteProblem)) throw e;
    return [`${at}/note: the checkpoint note is not one signed by the verifier key the report names (${checkpoint.verifierKey}): ${e.message}`];
  }
}

/**
 * Who signed the report. Given trusted signers, the signer must be one (an unsigned report is
 * refused); without them a sound signature's signer is named but not judged.
 */
function signatureOf(file: ReportFile, { trust, now }: CheckOptions, problems: string[], notes: string[]): ReportSummary['signedBy'] {
  if (trust) {
    const checked = verifyReportFile(file, trust, now ?? new Date());
    if (checked.ok) return { principal: checked.principal, fingerprint: checked.fingerprint, trusted: true };
    problems.push(checked.problem);
    return null;
  }
  const read = readReportSignature(file);
  if (read.ok) {
    notes.push(`whether ${read.principal} (${read.fingerprint}) is a signer to trust is not judged: give --allowed-signers (and --revoked) to check the signer.`);
    return { principal: read.principal, fingerprint: read.fingerprint, trusted: false };
  }
  if (read.code === 'not-signed') notes.push('the report is not signed.');
  else problems.push(read.problem);
  return null;
}
