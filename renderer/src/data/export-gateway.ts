import type { Table } from 'dexie';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { sha256Hex, sha256OfParts } from '../../../shared/hash/sha256.js';
import { EXPORT_KINDS, type ExportKind } from '../../../shared/export/export-kinds.js';
import { allowedSignersBlockLines, allowedSignersMarkings, csafBlockLines, csafMarkings, csvBlockLines, csvMarkings, jsonLinesBlockLines, jsonLinesMarkings, markAllowedSigners, markCsaf, markCsv, markOscal, markSvg, oscalBlockLines, oscalMarkings, svgBlockLines, svgMarkings, type CarriedMarking } from '../../../shared/export/file-marking.js';
import { authorityBlock, type AuthorityBlock, type AuthoritySource } from '../../../shared/marking/authority.js';
import { cuiDesignationOf, type CuiDesignation } from '../../../shared/marking/cui-designation.js';
import { markingBlockLines, missingBlockLines, type MarkingBlocks } from '../../../shared/marking/marking-blocks.js';
import type { Packet } from '../../../shared/packet/packet.js';
import { ownMarking } from '../../../shared/audit/history-view.js';
import { covers } from '../../../shared/marking/coverage.js';
import { bannerText, exceedsCeiling, commingle, type Marking } from '../../../shared/marking/marking.js';
import type { BundleManifest } from '../../../shared/bundle/bundle-manifest.js';
import type { ReviewContent } from '../../../shared/bundle/review-content.js';
import { classifierOf } from '../../../shared/identity/profile.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import type { BundleExportRequest, Host } from '../host/host.js';
import { AuditedStore, type StoreContext } from './audited-store.js';
import type { BundleStore } from './bundle-store.js';
import type { ReviewDatabase } from './database.js';

/** A record that goes into an export: what it is, its id, and its marking. */
export interface ExportedRecord {
  readonly type: string;
  readonly id: string;
  readonly marking: Marking;
  /** The packets it belongs to, where its type's table cannot say (a history event names them in its rows). */
  readonly packetIds?: readonly string[];
}

/** What an export holds before the gateway marks it, by format: the gateway puts the marking in its place. */
export type ExportBody =
  | { readonly format: 'csv'; readonly body: string }
  /** JSON lines in pieces: a history's export can be larger than a string holds. Its marking is on its first line. */
  | { readonly format: 'jsonl'; readonly write: (marking: Marking, blocks: readonly string[]) => Promise<readonly Uint8Array[]> }
  | { readonly format: 'oscal'; readonly document: object }
  | { readonly format: 'csaf'; readonly document: object }
  | { readonly format: 'allowed-signers'; readonly text: string }
  | { readonly format: 'svg'; readonly chart: string };

/** A limit a destination sets beside the workstation's own, such as an advisory's TLP label. */
export interface Destination {
  readonly label: string;
  readonly ceiling: Marking;
}

export interface FileExport {
  readonly kind: Exclude<ExportKind, 'review-bundle' | 'comparison-print' | 'screen-print' | ReportKind>;
  /** What is exported, in words the history keeps: "3 packets", "events: packet Atlas". */
  readonly what: string;
  readonly records: readonly ExportedRecord[];
  readonly dialogTitle: string;
  readonly suggestedName: string;
  readonly body: ExportBody;
  readonly destination?: Destination;
}

export type ExportOutcome = { readonly saved: false } | { readonly saved: true; readonly fileName: string; readonly marking: Marking; readonly banner: string; readonly blocks: readonly string[]; readonly size: number; readonly sha256: string };

type ReportKind = 'report-pdf' | 'report-print' | 'report-html' | 'report-json';

export interface PrintRequest {
  readonly kind: Extract<ExportKind, 'comparison-print'>;
  readonly what: string;
  readonly records: readonly ExportedRecord[];
  /** Puts the decided marking, authority block and CUI indicator on the print frame and resolves, once it is on the page, to the document printed. */
  readonly render: (decision: PrintDecision) => Promise<string>;
}

export interface PrintDecision {
  readonly marking: Marking;
  readonly banner: string;
  readonly authority: AuthorityBlock | undefined;
  readonly cui: CuiDesignation | undefined;
}

export interface BundleExport {
  readonly what: string;
  readonly packetIds: readonly string[];
  readonly content: ReviewContent;
  /** The host's request, without the marking: the gateway decides it and writes it into the manifest. */
  readonly request: Omit<BundleExportRequest, 'header'> & { readonly header: Omit<BundleExportRequest['header'], 'marking' | 'markingBlocks'> };
}

export type BundleOutcome = { readonly saved: false } | { readonly saved: true; readonly fileName: string; readonly manifest: BundleManifest; readonly marking: Marking; readonly banner: string };

/** What the gateway needs of the host: the only calls that write files or print. */
export interface ExportSink {
  readonly saveFile: Host['saveFile'];
  readonly print: Host['print'];
  readonly printToPdf: Host['printToPdf'];
  readonly exportBundle: Host['bundles']['export'];
}

const GROUPED_IDS = 500;

/**
 * The one way out of the workstation. Every file the app writes and every printout passes here:
 * 1. the marking is decided from the records that go out (the highest of them), never typed;
 * 2. an export above what the workstation's removable media and printers are accredited to, or
 *    above what its destination allows, is refused before anything is written;
 * 3. the marking is put where the format's own readers look (see shared/export/file-marking), and
 *    the file is read back to check it is there;
 * 4. what left is recorded in the history: what, which records, the marking, the file name, its
 *    size and the SHA-256 of the bytes written.
 * Nothing outside this class calls the host's `saveFile`, `print` or bundle export (a lint rule says so).
 */
export class ExportGateway extends AuditedStore {
  constructor(
    db: ReviewDatabase,
    context: StoreContext,
    protected readonly sink: ExportSink,
    private readonly bundles: BundleStore,
  ) {
    super(db, context);
  }

  /** The marking a file of these records carries, and why it may not leave, if it may not. */
  decide(records: readonly ExportedRecord[], destination?: Destination): Result<Marking> {
    // The file's banner is the classification alone (bannerText); the CUI it holds stays on the marking the history records.
    const marking = commingle(records.map((r) => r.marking));
    const media = this.context.exportCeiling?.() ?? this.context.systemHigh();
    const limits: Destination[] = [{ label: 'removable media and printers on this workstation are accredited to', ceiling: media }, ...(destination ? [destination] : [])];
    for (const limit of limits) {
      const reasons = exceedsCeiling(marking, limit.ceiling);
      if (reasons.length > 0) return err('forbidden', `Nothing left the workstation: this would be marked ${bannerText(marking)}, and ${limit.label} ${bannerText(limit.ceiling)}. ${reasons.join(' ')}`);
    }
    return ok(marking);
  }

  async saveFile(request: FileExport): Promise<Result<ExportOutcome>> {
    const refused = await this.permissionProblem('export');
    if (refused) return refused;
    // The packets the file derives from, which its authority block names, count with what it holds.
    const sources = await this.sourcesOf(request.records);
    const records = [...request.records, ...sources.map((s) => ({ type: s.recordType, id: s.id, marking: s.marking }))];
    const decided = this.decide(records, request.destination);
    if (!decided.ok) return decided;
    const marking = decided.value;
    const blocks = markingBlockLines(await this.blocksFor(records, marking, sources));
    let file: MarkedFile;
    try {
      file = await marked(request.body, marking, blocks);
    } catch (e) {
      return err('failed', `The file could not be made: ${e instanceof Error ? e.message : String(e)}`);
    }
    const missing = missingMarking(request.body.format, file.readBack, marking) ?? missingBlocks(request.body.format, file.readBack, blocks);
    if (missing) return err('failed', `Nothing was saved: ${missing}`);
    const size = file.pieces.reduce((sum, p) => sum + p.byteLength, 0);
    const sha256 = await sha256OfParts(file.pieces);
    const saved = await this.sink.saveFile({ title: request.dialogTitle, suggestedName: request.suggestedName, filters: [filterOf(request)], data: file.pieces });
    if (!saved.ok) return saved;
    if (!saved.value.saved) return ok({ saved: false });
    const outcome = { saved: true as const, fileName: saved.value.fileName, marking, banner: bannerText(marking), blocks, size, sha256 };
    const recorded = await this.record('export', request.kind, request.what, records, outcome, request.destination);
    return recorded.ok ? ok(outcome) : afterSaved(outcome.fileName, recorded.error.message);
  }

  /** Prints what `render` puts on the page, between banners of its own marking, after recording it. */
  async print(request: PrintRequest): Promise<Result<PrintDecision>> {
    const refused = await this.permissionProblem('export');
    if (refused) return refused;
    // The packets (and records with blocks of their own) the printout draws on count with what it shows.
    const sources = await this.sourcesOf(request.records);
    const records = [...request.records, ...sources.map((s) => ({ type: s.recordType, id: s.id, marking: s.marking }))];
    const decided = this.decide(records);
    if (!decided.ok) return decided;
    const blocks = await this.blocksFor(records, decided.value, sources);
    const decision: PrintDecision = { marking: decided.value, banner: bannerText(decided.value), authority: blocks.authority, cui: blocks.cui };
    const document = new TextEncoder().encode(await request.render(decision));
    // Recorded before the print dialog opens: a printout is never missing from the history.
    const recorded = await this.record('print', request.kind, request.what, records, { fileName: null, marking: decision.marking, banner: decision.banner, size: document.length, sha256: await sha256Hex(document) });
    if (!recorded.ok) return recorded;
    await this.sink.print();
    return ok(decision);
  }

  /**
   * Records a print the gateway did not start (a browser's own File › Print, which a page cannot
   * stop), with the banner of the screen printed and the SHA-256 of the document as printed.
   */
  async recordScreenPrint(marking: Marking, document: string): Promise<Result<void>> {
    const bytes = new TextEncoder().encode(document);
    return this.record('print', 'screen-print', 'the screen, printed from the browser’s own menu', [], { fileName: null, marking, banner: bannerText(marking), size: bytes.length, sha256: await sha256Hex(bytes) });
  }

  /** Signs, encrypts and saves a review bundle marked in its manifest, then records it (see BundleStore.recordExport). */
  async exportBundle(request: BundleExport): Promise<Result<BundleOutcome>> {
    const refused = await this.permissionProblem('sign-bundles');
    if (refused) return refused;
    const { packets, findings, runs, plans, comments, history } = request.content;
    const records: ExportedRecord[] = [
      // The history carried holds earlier revisions, deleted records and reasons: their markings count too.
      ...history.map((e) => ({ type: 'history-event', id: String(e.seq), marking: ownMarking(e) })),
      ...packets.map((r) => ({ type: 'packet', id: r.id, marking: r.marking })),
      ...findings.map((r) => ({ type: 'finding', id: r.id, marking: r.marking })),
      ...runs.map((r) => ({ type: 'benchmark-run', id: r.id, marking: r.marking })),
      ...plans.map((r) => ({ type: 'remediation-plan', id: r.id, marking: r.marking })),
      ...comments.map((r) => ({ type: 'comment', id: r.id, marking: r.marking })),
    ];
    const decided = this.decide(records);
    if (!decided.ok) return decided;
    const marking = decided.value;
    const markingBlocks = markingBlockLines(await this.blocksFor(records, marking));
    const saved = await this.sink.exportBundle({ ...request.request, header: { ...request.request.header, marking, markingBlocks } });
    if (!saved.ok) return saved;
    if (!saved.value.saved) return ok({ saved: false });
    const { fileName, manifest, size, sha256 } = saved.value;
    const recorded = await this.bundles.recordExport(manifest, request.packetIds, fileName, request.content, { marking, banner: bannerText(marking), size, sha256, records: groupRecords(records) });
    return recorded.ok ? ok({ saved: true, fileName, manifest, marking, banner: bannerText(marking) }) : afterSaved(fileName, recorded.error.message);
  }

  /** The authority block and CUI designation indicator of a document of these records, a line each: what a report's cover shows. */
  async markingBlocksFor(records: readonly ExportedRecord[], marking: Marking): Promise<readonly string[]> {
    return markingBlockLines(await this.blocksFor(records, marking));
  }

  /**
   * The blocks a document of `records` marked `marking` carries: the authority block computed from the
   * packets it draws on, its derivative classifier the one exporting (32 CFR 2001.22(b)), and the CUI
   * designation indicator of the CUI among them, named by the workstation's settings.
   */
  protected async blocksFor(records: readonly ExportedRecord[], marking: Marking, known?: readonly AuthoritySource[]): Promise<MarkingBlocks> {
    const sources = known ?? (await this.sourcesOf(records));
    const profile = await this.actingProfile();
    const classifier = profile ? classifierOf(profile) : this.context.actor();
    return { authority: authorityBlock(sources, marking, classifier), cui: cuiDesignationOf([...records.map((r) => r.marking), ...sources.map((s) => s.marking)], this.context.cuiDesignator?.()) };
  }

  /**
   * What a document drawn from records derives its classification from, read from the store: the
   * packets they belong to, or a record's own authority block where it has one (a finding drawn
   * from another agency's report), which stands in for its packet's.
   */
  protected async sourcesOf(records: readonly ExportedRecord[]): Promise<(AuthoritySource & { readonly recordType: string })[]> {
    const ids = new Set<string>();
    const own: (AuthoritySource & { readonly recordType: string })[] = [];
    const owners = { finding: this.db.findings, 'benchmark-run': this.db.benchmarkRuns, 'remediation-plan': this.db.remediationPlans, comment: this.db.comments } as const;
    for (const r of records) {
      if (r.type === 'packet') ids.add(r.id);
      for (const id of r.packetIds ?? []) ids.add(id);
      const table = owners[r.type as keyof typeof owners] as typeof owners.finding | undefined;
      const owner = table ? await table.get(r.id) : undefined;
      if (owner?.authority) own.push({ recordType: r.type, id: owner.id, name: `the finding “${owner.title}”`, marking: owner.marking, authority: owner.authority });
      else if (owner) ids.add(owner.packetId);
    }
    const packets = (await this.db.packets.bulkGet([...ids])).filter((p): p is Packet => p !== undefined);
    return [...packets.map((p) => ({ recordType: 'packet', id: p.id, name: `${p.developer} ${p.modelName} ${p.modelVersion}`, marking: p.marking, authority: p.authority })), ...own];
  }

  /** Records what left; `alongside` writes what else the same transaction keeps of it (a report's saved files). */
  protected record(action: 'export' | 'print', kind: ExportKind, what: string, records: readonly ExportedRecord[], file: { readonly fileName: string | null; readonly marking: Marking; readonly banner: string; readonly size: number; readonly sha256: string }, destination?: Destination, alongside?: { readonly tables: Table[]; readonly write: () => Promise<void> }): Promise<Result<void>> {
    return this.transact(
      alongside?.tables ?? [],
      async () => {
        const summary = { kind, format: EXPORT_KINDS[kind].format, what, ...file, records: groupRecords(records), ...(destination ? { destination: destination.label } : {}) };
        await this.audit(this.context.now().toISOString(), action, 'file-export', crypto.randomUUID(), null, summary);
        await alongside?.write();
        return ok(undefined);
      },
      'export',
    );
  }
}

/** A file with its marking in place: its bytes, and the text its format's readers find the marking in. */
interface MarkedFile {
  readonly pieces: readonly Uint8Array[];
  /** The whole file, or, for JSON lines, the first line, which carries the file's marking. */
  readonly readBack: string;
}

async function marked(body: ExportBody, marking: Marking, blocks: readonly string[]): Promise<MarkedFile> {
  if (body.format === 'jsonl') {
    const pieces = await body.write(marking, blocks);
    return { pieces, readBack: firstLine(pieces) };
  }
  const text = markedText(body, marking, blocks);
  return { pieces: [new TextEncoder().encode(text)], readBack: text };
}

function markedText(body: Exclude<ExportBody, { readonly format: 'jsonl' }>, marking: Marking, blocks: readonly string[]): string {
  switch (body.format) {
    case 'csv':
      return markCsv(body.body, marking, blocks);
    case 'oscal':
      return `${JSON.stringify(markOscal(body.document, marking, blocks), null, 2)}\n`;
    case 'csaf':
      return `${JSON.stringify(markCsaf(body.document, marking, blocks), null, 2)}\n`;
    case 'allowed-signers':
      return markAllowedSigners(body.text, marking, blocks);
    case 'svg':
      return markSvg(body.chart, marking, blocks);
  }
}

/** The first line of a file in pieces, read from as many pieces as it runs across. */
function firstLine(pieces: readonly Uint8Array[]): string {
  // The text as the file holds it: a byte order mark is kept, not taken off.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let line = '';
  for (const piece of pieces) {
    const end = piece.indexOf(0x0a);
    line += decoder.decode(end < 0 ? piece : piece.subarray(0, end), { stream: end < 0 });
    if (end >= 0) return line;
  }
  return line + decoder.decode();
}

/** The blocks' lines the written file lacks, read back as its format's readers would. */
function missingBlocks(format: ExportBody['format'], text: string, blocks: readonly string[]): string | undefined {
  if (blocks.length === 0) return undefined;
  const carried = format === 'csv' ? csvBlockLines(text) : format === 'jsonl' ? jsonLinesBlockLines(text) : format === 'allowed-signers' ? allowedSignersBlockLines(text) : format === 'svg' ? svgBlockLines(text) : format === 'oscal' ? oscalBlockLines(JSON.parse(text)) : csafBlockLines(JSON.parse(text));
  const missing = missingBlockLines(blocks, carried);
  return missing.length > 0 ? `the file would leave out its classification authority block or CUI designation indicator (${missing.join('; ')}).` : undefined;
}

/** Reads the written file back as its format's readers would: each place must carry the decided marking. */
function missingMarking(format: ExportBody['format'], text: string, marking: Marking): string | undefined {
  const all: CarriedMarking[] =
    format === 'csv' ? csvMarkings(text) : format === 'jsonl' ? jsonLinesMarkings(text) : format === 'allowed-signers' ? allowedSignersMarkings(text) : format === 'svg' ? svgMarkings(text) : format === 'oscal' ? oscalMarkings(JSON.parse(text)) : csafMarkings(JSON.parse(text));
  // The file's own marking, not its rows' portion marks nor the markings a file kept from before.
  const found = all.filter((c) => c.portion !== true && c.superseded !== true);
  const expected = bannerText(marking);
  const wrong = found.filter((c) => bannerText(c.parsed.marking) !== expected);
  // A marking kept from before may be lower than the export's, never above it.
  const above = all.filter((c) => c.superseded === true && !covers(marking, c.parsed.marking));
  if (found.length === 0) return `the file would carry no marking where a ${format} file's readers look for it.`;
  if (wrong.length > 0) return `the file would say ${wrong.map((c) => `${bannerText(c.parsed.marking)} in its ${c.where}`).join(', ')}, not ${expected}.`;
  return above.length > 0 ? `the file keeps ${above.map((c) => `${bannerText(c.parsed.marking)} in its ${c.where}`).join(', ')}, which ${expected} does not cover.` : undefined;
}

function filterOf(request: FileExport): { readonly name: string; readonly extensions: string[] } {
  const format = request.body.format;
  if (format === 'csv') return { name: 'CSV', extensions: ['csv'] };
  if (format === 'jsonl') return { name: 'JSON lines', extensions: ['jsonl'] };
  if (format === 'allowed-signers') return { name: 'allowed_signers', extensions: ['allowed_signers', 'txt'] };
  if (format === 'svg') return { name: 'SVG image', extensions: ['svg'] };
  return { name: format === 'csaf' ? 'CSAF JSON' : 'OSCAL JSON', extensions: ['json'] };
}

/**
 * The records by type, their ids listed (history events as ranges of their numbers), at most
 * GROUPED_IDS of each; past that, the SHA-256 of the whole list, one id a line, sorted, so an
 * auditor can check a list they are handed against it.
 */
function groupRecords(records: readonly ExportedRecord[]): Record<string, { readonly count: number; readonly ids: readonly string[]; readonly allIdsSha256?: string }> {
  const byType = new Map<string, string[]>();
  for (const r of records) byType.set(r.type, [...(byType.get(r.type) ?? []), r.id]);
  return Object.fromEntries(
    [...byType].map(([type, ids]) => {
      const unique = [...new Set(ids)];
      const listed = unique.every((id) => /^\d+$/.test(id)) ? ranges(unique.map(Number)) : unique;
      const all = listed.length > GROUPED_IDS ? { allIdsSha256: bytesToHex(sha256(new TextEncoder().encode([...unique].sort().join('\n')))) } : {};
      return [type, { count: unique.length, ids: listed.slice(0, GROUPED_IDS), ...all }];
    }),
  );
}

/** 1, 2, 3, 5 → "1-3", "5". */
function ranges(numbers: number[]): string[] {
  const sorted = [...numbers].sort((a, b) => a - b);
  const out: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] ?? 0) + 1) j++;
    out.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return out;
}

function afterSaved(fileName: string, problem: string): Result<never> {
  return err('failed', `${fileName} was saved, but the export could not be recorded in the review history (${problem}). Tell your security officer, and remove the file if it must not leave.`);
}
