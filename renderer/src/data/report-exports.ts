import { sha256Hex } from '../../../shared/hash/sha256.js';
import { pdfTitle } from '../../../shared/export/document-marking.js';
import { htmlBlockLines, htmlMarkings, TITLE_SEPARATOR } from '../../../shared/export/html-markings.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { markingBlockLines, missingBlockLines } from '../../../shared/marking/marking-blocks.js';
import { bannerText } from '../../../shared/marking/marking.js';
import { REPORT_SCHEMA_ID, reportFileSchema, type ReportFile } from '../../../shared/report/review-report.js';
import { signReportFile, type ReportSigner } from '../../../shared/report/report-signature.js';
import type { ReportOutput, StoredReport } from '../../../shared/report/stored-report.js';
import { ExportGateway, type ExportedRecord, type PrintDecision } from './export-gateway.js';

/** What became of a report file: saved (with what the history recorded), printed from the dialog, or cancelled. */
export type ReportOutcome =
  | { readonly saved: false }
  | { readonly saved: true; readonly fileName: string; readonly banner: string; readonly sha256: string; readonly signedBy: string | null; readonly covers: readonly string[] }
  | { readonly printed: true; readonly banner: string };

/**
 * The export gateway with a review report's outputs: the PDF (printed to bytes on the desktop; on
 * a browser, through its print dialog), the self-contained web page and the JSON companion, each
 * marked where its readers look, read back before it leaves, recorded in the history, and listed
 * on the report version it came from (in the same transaction as its history event).
 */
export class ReportGateway extends ExportGateway {
  /** The marking and blocks the report's files carry: decided from the report and the records it draws on, never typed. */
  async reportDecision(stored: StoredReport): Promise<Result<PrintDecision>> {
    const records = this.recordsOf(stored);
    const sources = await this.sourcesOf(records);
    const decided = this.decide([...records, ...sources.map((s) => ({ type: s.recordType, id: s.id, marking: s.marking }))]);
    if (!decided.ok) return decided;
    const blocks = await this.blocksFor(records, decided.value, sources);
    return ok({ marking: decided.value, banner: bannerText(decided.value), authority: blocks.authority, cui: blocks.cui });
  }

  /**
   * The report as a PDF. `render` puts the report in the print frame under the decided banners and
   * resolves once it is on the page. The desktop prints the page to bytes, checked and saved here;
   * a browser cannot hand the page a PDF, so its print dialog opens instead ("Save as PDF" there).
   */
  async saveReportPdf(stored: StoredReport, render: (decision: PrintDecision) => Promise<string>): Promise<Result<ReportOutcome>> {
    const refused = await this.permissionProblem('export');
    if (refused) return refused;
    const decision = await this.reportDecision(stored);
    if (!decision.ok) return decision;
    const document = await render(decision.value);
    const pdf = await this.sink.printToPdf();
    const what = `review report version ${stored.version}`;
    if (!pdf.ok && pdf.error.code !== 'unsupported') return err(pdf.error.code, `No PDF was made: ${pdf.error.message}`);
    if (!pdf.ok) {
      const bytes = new TextEncoder().encode(document);
      const recorded = await this.record('print', 'report-print', what, this.recordsOf(stored), { fileName: null, marking: decision.value.marking, banner: decision.value.banner, size: bytes.length, sha256: await sha256Hex(bytes) });
      if (!recorded.ok) return recorded;
      await this.sink.print();
      return ok({ printed: true, banner: decision.value.banner });
    }
    const title = pdfTitle(pdf.value);
    if (!title?.startsWith(`${decision.value.banner}${TITLE_SEPARATOR}`)) return err('failed', `Nothing was saved: the PDF's title would read “${title ?? ''}”, not begin with ${decision.value.banner}.`);
    return this.saveReportFile(stored, 'pdf', pdf.value, decision.value, null);
  }

  /** The report as one web page that loads nothing from anywhere (`html` writes it under the decided marking). */
  async saveReportHtml(stored: StoredReport, html: (decision: PrintDecision) => string): Promise<Result<ReportOutcome>> {
    const refused = await this.permissionProblem('export');
    if (refused) return refused;
    const decision = await this.reportDecision(stored);
    if (!decision.ok) return decision;
    let text: string;
    try {
      text = html(decision.value);
    } catch (e) {
      return err('failed', `The page could not be made: ${e instanceof Error ? e.message : String(e)}`);
    }
    // Read back as its readers would: the meta tag, the title and both banners, each the decided marking.
    const banner = decision.value.banner;
    const found = htmlMarkings(text).filter((c) => c.portion !== true);
    const places = ['classification meta tag', 'title', 'top banner', 'bottom banner'];
    const wrong = places.filter((where) => !found.some((c) => c.where === where && bannerText(c.parsed.marking) === banner));
    if (wrong.length > 0) return err('failed', `Nothing was saved: the page would not carry ${banner} in its ${wrong.join(', ')}.`);
    const missing = missingBlockLines(markingBlockLines({ authority: decision.value.authority, cui: decision.value.cui }), htmlBlockLines(text));
    if (missing.length > 0) return err('failed', `Nothing was saved: the page would leave out its classification authority block or CUI designation indicator (${missing.join('; ')}).`);
    return this.saveReportFile(stored, 'html', new TextEncoder().encode(text), decision.value, null);
  }

  /**
   * The JSON companion: the report, the file's marking and blocks at its top, and the PDF and web
   * page saved from this version before it, by SHA-256; signed, the SSHSIG covers all of that.
   */
  async saveReportJson(version: StoredReport, signer: ReportSigner | null): Promise<Result<ReportOutcome>> {
    const refused = await this.permissionProblem(signer ? 'sign-reports' : 'export');
    if (refused) return refused;
    // As stored now: the PDF or page saved a moment ago is on it, whatever the caller last read.
    const stored = (await this.db.reviewReports.get(version.id)) ?? version;
    const decision = await this.reportDecision(stored);
    if (!decision.ok) return decision;
    const files = stored.outputs.filter((o): o is ReportOutput & { format: 'pdf' | 'html' } => o.format !== 'json').map(({ format, fileName, size, sha256 }) => ({ format, fileName, size, sha256 }));
    const blocks = markingBlockLines({ authority: decision.value.authority, cui: decision.value.cui });
    const unsigned: ReportFile = { $schema: REPORT_SCHEMA_ID, banner: decision.value.banner, marking: decision.value.marking, markingBlocks: [...blocks], report: stored.report, files };
    let file: ReportFile;
    try {
      file = signer ? signReportFile(unsigned, signer) : unsigned;
    } catch (e) {
      return err('failed', `The JSON could not be signed: ${e instanceof Error ? e.message : String(e)}`);
    }
    const text = `${JSON.stringify(file, null, 2)}\n`;
    // Read back as a reader would: the schema, and the marking and blocks where they belong.
    const read = reportFileSchema.safeParse(JSON.parse(text));
    if (!read.success) return err('failed', `Nothing was saved: the JSON would not match its schema (${read.error.issues[0]?.path.join('/') ?? ''}: ${read.error.issues[0]?.message ?? ''}).`);
    if (read.data.banner !== decision.value.banner || missingBlockLines(blocks, read.data.markingBlocks).length > 0) return err('failed', 'Nothing was saved: the JSON would not carry its marking and blocks.');
    return this.saveReportFile(stored, 'json', new TextEncoder().encode(text), decision.value, signer?.principal ?? null, files.map((f) => f.fileName));
  }

  /**
   * The report and what its authority block names: its packet, and the findings it holds, each of
   * which may carry a block of its own (another agency's report), as the cover's block did.
   */
  private recordsOf(stored: StoredReport): ExportedRecord[] {
    return [{ type: 'review-report', id: stored.id, marking: stored.marking, packetIds: [stored.packetId] }, ...stored.report.findings.rows.map((f) => ({ type: 'finding', id: f.id, marking: f.marking }))];
  }

  private async saveReportFile(stored: StoredReport, format: ReportOutput['format'], data: Uint8Array, decision: PrintDecision, signedBy: string | null, covers: readonly string[] = []): Promise<Result<ReportOutcome>> {
    const { developer, modelName, modelVersion } = stored.report.cover.packet;
    const base = `${developer}-${modelName}-${modelVersion}-report-v${stored.version}`.replace(/[^\p{L}\p{N}._-]+/gu, '-');
    const filter = { pdf: { name: 'PDF', extensions: ['pdf'] }, html: { name: 'Web page', extensions: ['html'] }, json: { name: 'JSON', extensions: ['json'] } }[format];
    const saved = await this.sink.saveFile({ title: `Save the review report (${filter.name})`, suggestedName: `${base}.${format === 'json' ? 'report.json' : format}`, filters: [filter], data });
    if (!saved.ok) return saved;
    if (!saved.value.saved) return ok({ saved: false });
    const fileName = saved.value.fileName;
    const sha256 = await sha256Hex(data);
    const output: ReportOutput = { format, fileName, size: data.length, sha256, at: this.context.now().toISOString(), signed: signedBy !== null };
    const kind = format === 'pdf' ? 'report-pdf' : format === 'html' ? 'report-html' : 'report-json';
    const what = `review report version ${stored.version}${signedBy ? `, signed by ${signedBy}` : ''}`;
    const recorded = await this.record('export', kind, what, this.recordsOf(stored), { fileName, marking: decision.marking, banner: decision.banner, size: data.length, sha256 }, undefined, {
      tables: [this.db.reviewReports],
      write: async () => {
        await this.db.reviewReports.update(stored.id, { outputs: [...((await this.db.reviewReports.get(stored.id))?.outputs ?? []), output] });
      },
    });
    if (!recorded.ok) return err('failed', `${fileName} was saved, but the export could not be recorded in the review history (${recorded.error.message}). Tell your security officer, and remove the file if it must not leave.`);
    return ok({ saved: true, fileName, banner: decision.banner, sha256, signedBy, covers });
  }
}
