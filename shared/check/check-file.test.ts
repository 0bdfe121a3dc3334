import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { exportAuditLog } from '../audit/log-export.js';
import { readCsaf } from '../csaf/csaf-read.js';
import { readInspectLog } from '../inspect/inspect-log.js';
import { readPoam } from '../oscal/poam-read.js';
import { readResultsTable } from '../results/read-table.js';
import { bytesSource } from '../zip/byte-source.js';
import { everyPartPoam, fedrampPoam } from '../../test/fixtures/fedramp-poam.js';
import { poamSchemaErrors } from '../../test/fixtures/oscal-schema.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import { sealedHistory, signer } from '../../test/fixtures/sealed-history.js';
import { REPORT_SCHEMA_ID } from '../report/review-report.js';
import { sampleReportFile } from '../../test/fixtures/report/sample-report.js';
import { bannerText, marking, UNCLASSIFIED } from '../marking/marking.js';
import { reportAtCheckpoint } from '../../test/fixtures/report/report-from-history.js';
import { checkFile, type CheckKind } from './check-file.js';

const encoder = new TextEncoder();
const OPTIONS = { generator: { name: 'Frontier Review', version: '0.1.0' }, now: new Date('2026-12-07T09:00:00Z') };
const json = (value: unknown) => encoder.encode(JSON.stringify(value));

type Poam = Record<string, Record<string, unknown>[] & Record<string, unknown>>;
function nistWith(edit: (poam: Poam) => void): Uint8Array {
  const document = JSON.parse(new TextDecoder().decode(providedBytes(NIST_POAM_EXAMPLE))) as { 'plan-of-action-and-milestones': Poam };
  edit(document['plan-of-action-and-milestones']);
  return json(document);
}

const BSI = 'csaf/csaf-2.0-bsi-2022-0001.json';
function advisoryWith(edit: (advisory: { document: Record<string, unknown>; vulnerabilities?: unknown[] }) => void): Uint8Array {
  const advisory = JSON.parse(new TextDecoder().decode(providedBytes(BSI))) as { document: Record<string, unknown>; vulnerabilities?: unknown[] };
  edit(advisory);
  return json(advisory);
}

/** What the app's own reader says of the file, the message it refuses it with. */
async function readerRefusal(kind: CheckKind, name: string, bytes: Uint8Array): Promise<string> {
  try {
    if (kind === 'oscal-poam') {
      const read = await readPoam(name, bytes);
      return read.ok ? 'accepted' : read.message;
    }
    if (kind === 'csaf') {
      const read = readCsaf(name, bytes);
      return read.ok ? 'accepted' : read.message;
    }
    if (kind === 'inspect-log') await readInspectLog(bytesSource(name, bytes), { onRows: () => Promise.resolve() });
    if (kind === 'results-table') readResultsTable(name, bytes);
    return 'accepted';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

const history = (() => {
  const events = sealedHistory(['opened', 'scored', 'closed']);
  return exportAuditLog(events, events, signer, 'every event', new Date('2026-12-01T09:00:00.000Z'));
})();

/** Files the app refuses, one or more of each kind, as a reviewer might be handed them. */
const BAD_INPUT: readonly { readonly name: string; readonly kind: CheckKind | 'unknown'; readonly bytes: Uint8Array }[] = [
  { name: 'cut.eval', kind: 'inspect-log', bytes: providedBytes('inspect/log_formats.eval').subarray(0, 400) },
  { name: 'archive.eval', kind: 'inspect-log', bytes: zipSync({ 'readme.txt': encoder.encode('not a log') }) },
  { name: 'header.eval', kind: 'inspect-log', bytes: zipSync({ 'header.json': encoder.encode('{ not json') }) },
  { name: 'v1.json', kind: 'inspect-log', bytes: json({ version: 1, eval: { task: 'x' } }) },
  { name: 'nostatus.json', kind: 'oscal-poam', bytes: nistWith((p) => delete p.risks![1]!.status) },
  { name: 'future.json', kind: 'oscal-poam', bytes: nistWith((p) => (p.metadata!['oscal-version'] = '2.0.0')) },
  { name: 'twice.json', kind: 'oscal-poam', bytes: nistWith((p) => (p.observations![1]!.uuid = p.observations![0]!.uuid)) },
  { name: 'extra.json', kind: 'oscal-poam', bytes: nistWith((p) => ((p as Record<string, unknown>).severity = 'high')) },
  { name: 'proto.json', kind: 'oscal-poam', bytes: encoder.encode('{"plan-of-action-and-milestones": {"__proto__": {"polluted": true}}}') },
  { name: 'csaf21.json', kind: 'csaf', bytes: advisoryWith((a) => (a.document.csaf_version = '2.1')) },
  { name: 'untracked.json', kind: 'csaf', bytes: advisoryWith((a) => (a.document.tracking = {})) },
  { name: 'empty-advisory.json', kind: 'csaf', bytes: advisoryWith((a) => delete a.vulnerabilities) },
  { name: 'latin1.csv', kind: 'results-table', bytes: new Uint8Array([0x54, 0x61, 0x73, 0x6b, 0x0a, 0xe9, 0xff, 0x0a]) },
  { name: 'empty.csv', kind: 'unknown', bytes: new Uint8Array() },
  { name: 'catalog.json', kind: 'unknown', bytes: json({ catalog: { uuid: 'x' } }) },
  { name: 'broken.json', kind: 'unknown', bytes: encoder.encode('{"hello": ') },
  { name: 'cut-plan.json', kind: 'oscal-poam', bytes: encoder.encode('{"plan-of-action-and-milestones": ') },
  { name: 'cut-advisory.json', kind: 'csaf', bytes: encoder.encode('{"document": {"csaf_version": "2.0", "title": ') },
  { name: 'tampered.jsonl', kind: 'history-export', bytes: encoder.encode(history.replace('"after":{"title":"scored"}', '"after":{"title":"never scored"}')) },
  { name: 'cut.jsonl', kind: 'history-export', bytes: encoder.encode(history.slice(0, Math.floor(history.length / 2))) },
  { name: 'kindless-report.json', kind: 'review-report', bytes: json({ ...sampleReportFile(), report: { ...sampleReportFile().report, kind: 'frontier-review/report' } }) },
  { name: 'cut-report.json', kind: 'review-report', bytes: encoder.encode(`{"$schema": "${REPORT_SCHEMA_ID}", "banner": `) },
  { name: 'twice-report.json', kind: 'review-report', bytes: encoder.encode(JSON.stringify(sampleReportFile()).replace('"banner":', '"banner":"UNCLASSIFIED","banner":')) },
];

describe('checkFile on the bad-input corpus', () => {
  it.each(BAD_INPUT)('refuses $name as a $kind, saying why as the app would', async ({ name, kind, bytes }) => {
    const { report, writeBack } = await checkFile(bytesSource(name, bytes), OPTIONS);
    expect(report).toMatchObject({ kind, accepted: false, dropped: [] });
    expect(report.problems).toHaveLength(1);
    expect(report.problems[0]).not.toMatch(/undefined|\[object/);
    if (kind !== 'unknown' && kind !== 'history-export' && kind !== 'review-bundle' && kind !== 'review-report') expect(report.problems[0]).toBe(await readerRefusal(kind, name, bytes));
    if (kind === 'unknown' || kind === 'inspect-log' || kind === 'results-table' || kind === 'review-report') expect(report.problems[0]).toContain(name);
    expect(writeBack).toBeUndefined();
  });
});

describe('checkFile on what FedRAMP and NIST publish', () => {
  it.each([
    ['FedRAMP rev4 template', fedrampPoam('rev4')],
    ['FedRAMP rev5 template', fedrampPoam('rev5')],
    ['a plan using every part of the schema', everyPartPoam()],
  ])('accepts the %s, counts it and writes back what the app exports, valid against NIST\'s schema and read again', async (_label, document) => {
    const { report, writeBack } = await checkFile(bytesSource('plan.json', json(document)), OPTIONS);
    expect(report).toMatchObject({ kind: 'oscal-poam', accepted: true, problems: [] });
    expect(report.counts['poam-items']).toBeGreaterThan(0);
    const written = JSON.parse(writeBack?.() ?? 'null') as { 'plan-of-action-and-milestones': { metadata: Record<string, unknown> } };
    expect(poamSchemaErrors(written)).toEqual([]);
    expect(written['plan-of-action-and-milestones'].metadata['oscal-version']).toBe('1.1.2');
    expect((await readPoam('back.json', json(written))).ok).toBe(true);
  });
});

describe('checkFile on review reports', () => {
  it('knows a report by what it holds, wherever its keys are, and what it is not', async () => {
    const file = reportAtCheckpoint(sealedHistory(['opened', 'scored']), 2);
    // The kind last in the report, the report first in the file: nothing near the top names it.
    const { kind, ...content } = file.report;
    const { report: _report, ...outer } = file;
    const reordered = { report: { ...content, kind }, ...Object.fromEntries(Object.entries(outer).reverse()) };
    const { report, notes } = await checkFile(bytesSource('report.json', json(reordered)), OPTIONS);
    expect(report).toMatchObject({ kind: 'review-report', accepted: true, problems: [], banner: 'SECRET//NOFORN', report: { version: 1, outcome: 'covered', checkpoint: { treeSize: 2 }, signedBy: null } });
    expect(notes).toEqual(['the report is not signed.']);
    // A bare report, without the file around it, is not a report file: it has no $schema.
    const bare = await checkFile(bytesSource('bare.json', json(file.report)), OPTIONS);
    expect(bare.report.kind).toBe('unknown');
  });

  it('refuses a banner below what the report holds, and accepts a file marked above its report', async () => {
    const file = reportAtCheckpoint(sealedHistory(['opened', 'scored']), 2);
    // Relabelled UNCLASSIFIED while every part stays SECRET//NOFORN.
    const lowered = { ...file, banner: 'UNCLASSIFIED', marking: UNCLASSIFIED, report: { ...file.report, banner: 'UNCLASSIFIED', marking: UNCLASSIFIED } };
    const { report } = await checkFile(bytesSource('lowered.json', json(lowered)), OPTIONS);
    expect(report.accepted).toBe(false);
    expect(report.problems).toContain('lowered.json: /report/determination: marked SECRET//NOFORN, above the report\'s UNCLASSIFIED.');
    // A portion mark that is not its marking's.
    const mislabelled = { ...file, report: { ...file.report, findings: { ...file.report.findings, portion: '(U)' } } };
    expect((await checkFile(bytesSource('mislabelled.json', json(mislabelled)), OPTIONS)).report.problems).toContain('mislabelled.json: /report/findings/portion: "(U)" is not the portion mark of its marking ((S//NF)).');
    // The packet raised to TOP SECRET after the report was made: the file is marked above the report, which is right.
    const raised = marking('TOP SECRET', { dissemination: ['NOFORN'] });
    const above = await checkFile(bytesSource('above.json', json({ ...file, banner: bannerText(raised), marking: raised })), OPTIONS);
    expect(above.report).toMatchObject({ accepted: true, banner: 'TOP SECRET//NOFORN' });
  });

  it('lists each problem the schema finds, with a JSON pointer, up to twenty', async () => {
    const file = sampleReportFile();
    const rows = Array.from({ length: 25 }, (_, i) => ({ ...file.report.findings.rows[0], id: i }));
    const { report } = await checkFile(bytesSource('many.json', json({ ...file, report: { ...file.report, findings: { ...file.report.findings, rows } } })), OPTIONS);
    expect(report.problems).toHaveLength(21);
    expect(report.problems[0]).toBe('many.json: /report/findings/rows/0/id: Invalid input: expected string, received number');
    expect(report.problems[20]).toBe('many.json: and 5 more problems like these.');
  });
});
