import 'fake-indexeddb/auto';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import { blankFindingFields } from '../../../shared/findings/finding.js';
import { marking, UNCLASSIFIED } from '../../../shared/marking/marking.js';
import { csvBlockLines } from '../../../shared/export/file-marking.js';
import type { SaveFileResponse } from '../../../shared/ipc/host-contract.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { wholeFile, type SaveRequest } from '../host/host.js';
import { openDataLayer, type DataLayer } from './data-layer.js';
import type { ExportSink, FileExport } from './export-gateway.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';
import { withProfiles } from './test-profiles.js';

/** A JSON lines body in two pieces split inside its first line, as a large export may come. */
const pieces = (text: string): Uint8Array[] => {
  const bytes = new TextEncoder().encode(text);
  return [bytes.subarray(0, 5), bytes.subarray(5)];
};

const SECRET_NOFORN = marking('SECRET', { dissemination: ['NOFORN'] });

/** A host that records what it was asked to write and print, and answers as a user would. */
function recordingSink(answer: 'save' | 'cancel' = 'save') {
  const saved: (SaveRequest & { readonly data: Uint8Array })[] = [];
  const printed: string[] = [];
  const sink: ExportSink = {
    saveFile: (request): Promise<Result<SaveFileResponse>> => {
      saved.push({ ...request, data: wholeFile(request.data) });
      return Promise.resolve(ok(answer === 'save' ? { saved: true as const, fileName: request.suggestedName } : { saved: false as const }));
    },
    print: () => {
      printed.push(new Date().toISOString());
      return Promise.resolve();
    },
    printToPdf: () => Promise.resolve(err('unsupported', 'A browser prints to PDF from its print dialog.')),
    exportBundle: () => Promise.resolve(ok({ saved: false as const })),
  };
  return { sink, saved, printed };
}

const csvExport = (records: FileExport['records']): FileExport => ({
  kind: 'packets-csv',
  what: `${records.length} packets of the packet list`,
  records,
  dialogTitle: 'Export packets',
  suggestedName: 'packets.csv',
  body: { format: 'csv', body: 'Marking,Model\r\n(S//NF),Atlas\r\n(U),Borealis' },
});

let ws: TestWorkstation;
let recording: ReturnType<typeof recordingSink>;
let data: DataLayer;

beforeEach(async () => {
  ws = await openTestWorkstation();
  recording = recordingSink();
  data = openDataLayer(ws.db, ws.context, undefined, recording.sink);
});
afterEach(() => ws.close());

const lastEvent = () => ws.db.auditEvents.orderBy('seq').last();

describe('the export gateway', () => {
  it('marks a file at the highest marking of its records, writes it, and records what left in the history', async () => {
    const records = [
      { type: 'packet', id: 'p1', marking: SECRET_NOFORN },
      { type: 'packet', id: 'p2', marking: UNCLASSIFIED },
    ];
    const result = await data.exports.saveFile(csvExport(records));
    expect(result).toMatchObject({ ok: true, value: { saved: true, fileName: 'packets.csv', banner: 'SECRET//NOFORN' } });
    const [written] = recording.saved;
    const text = new TextDecoder().decode(written?.data);
    expect(text.split('\r\n')[0]).toBe('SECRET//NOFORN');
    expect(text.trimEnd().split('\r\n').at(-1)).toBe('SECRET//NOFORN');
    expect(written?.filters).toEqual([{ name: 'CSV', extensions: ['csv'] }]);
    // One event: what, which records, the marking, the file, its size and the SHA-256 of the bytes written.
    expect(await lastEvent()).toMatchObject({
      action: 'export',
      entityType: 'file-export',
      actor: 'jdoe',
      after: {
        kind: 'packets-csv',
        format: 'csv',
        what: '2 packets of the packet list',
        fileName: 'packets.csv',
        banner: 'SECRET//NOFORN',
        marking: SECRET_NOFORN,
        size: written?.data.length,
        sha256: bytesToHex(sha256(written?.data ?? new Uint8Array())),
        records: { packet: { count: 2, ids: ['p1', 'p2'] } },
      },
    });
    expect(await data.history.verify()).toMatchObject({ ok: true, size: 1 });
  });

  it('shows an export in the history of each packet it took out', async () => {
    const packet = await data.store.createPacket(SAMPLE_PACKET_FIELDS);
    if (!packet.ok) throw new Error(packet.error.message);
    expect((await data.exports.saveFile(csvExport([{ type: 'packet', id: packet.value.id, marking: packet.value.marking }]))).ok).toBe(true);
    expect((await data.store.packetTimeline(packet.value.id)).map((e) => [e.action, e.entityType])).toEqual([
      ['create', 'packet'],
      ['export', 'file-export'],
    ]);
  });

  it('records nothing when the user cancels the save dialog', async () => {
    const cancelled = recordingSink('cancel');
    const layer = openDataLayer(ws.db, ws.context, undefined, cancelled.sink);
    expect(await layer.exports.saveFile(csvExport([{ type: 'packet', id: 'p1', marking: UNCLASSIFIED }]))).toEqual({ ok: true, value: { saved: false } });
    expect(await ws.db.auditEvents.count()).toBe(0);
  });

  it('refuses, before anything is written, a file above what removable media here are accredited to, or above its destination', async () => {
    const media = { ...ws.context, exportCeiling: () => marking('CONFIDENTIAL') };
    const layer = openDataLayer(ws.db, media, undefined, recording.sink);
    const refused = await layer.exports.saveFile(csvExport([{ type: 'packet', id: 'p1', marking: SECRET_NOFORN }]));
    expect(refused).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('would be marked SECRET//NOFORN, and removable media and printers on this workstation are accredited to CONFIDENTIAL') as unknown } });
    const tlp = await data.exports.saveFile({ ...csvExport([{ type: 'finding', id: 'f1', marking: marking('CUI') }]), destination: { label: 'a TLP:WHITE advisory allows at most', ceiling: UNCLASSIFIED } });
    expect(tlp).toMatchObject({ ok: false, error: { message: expect.stringContaining('a TLP:WHITE advisory allows at most UNCLASSIFIED') as unknown } });
    expect(recording.saved).toEqual([]);
    expect(await ws.db.auditEvents.count()).toBe(0);
  });

  it('refuses a file whose writer leaves out the marking it was given, rather than let it leave unmarked', async () => {
    const lying: FileExport = { ...csvExport([{ type: 'packet', id: 'p1', marking: SECRET_NOFORN }]), kind: 'history-jsonl', body: { format: 'jsonl', write: () => Promise.resolve(pieces('{"banner":"UNCLASSIFIED"}\n{"seq":1}\n')) } };
    expect(await data.exports.saveFile(lying)).toMatchObject({ ok: false, error: { message: 'Nothing was saved: the file would say UNCLASSIFIED in its header banner, not SECRET//NOFORN.' } });
    const silent: FileExport = { ...lying, body: { format: 'jsonl', write: () => Promise.resolve(pieces('{"seq":1}\n')) } };
    expect(await data.exports.saveFile(silent)).toMatchObject({ ok: false, error: { message: expect.stringContaining('no marking where a jsonl file') as unknown } });
    expect(recording.saved).toEqual([]);
  });

  it('writes an OSCAL file with its own lower marking kept after the export\'s, and refuses one that keeps a higher one', async () => {
    const plan = (own: string): FileExport => ({
      kind: 'plan-oscal',
      what: 'version 1 of the plan GoodRead',
      records: [{ type: 'remediation-plan', id: 'v1', marking: SECRET_NOFORN }],
      dialogTitle: 'Export the plan as OSCAL',
      suggestedName: 'goodread-v1.oscal.json',
      body: { format: 'oscal', document: { 'plan-of-action-and-milestones': { uuid: 'a', metadata: { title: 'GoodRead', props: [{ name: 'marking', value: own }], remarks: `${own}\n\nMonthly.` } } } },
    });
    expect(await data.exports.saveFile(plan('UNCLASSIFIED'))).toMatchObject({ ok: true, value: { saved: true, banner: 'SECRET//NOFORN' } });
    const written = JSON.parse(new TextDecoder().decode(recording.saved[0]?.data)) as { 'plan-of-action-and-milestones': { metadata: { props: { value: string }[]; remarks: string } } };
    expect(written['plan-of-action-and-milestones'].metadata.props.map((p) => p.value)).toEqual(['SECRET//NOFORN', 'SECRET//NOFORN', 'UNCLASSIFIED']);
    // The authority block follows the banner: the one exporting classified it; the plan here names no packet to derive it from.
    expect(written['plan-of-action-and-milestones'].metadata.remarks).toBe('SECRET//NOFORN\n\nClassified By: jdoe\nDerived From: (not recorded on the packet)\nDeclassify On: (not recorded on the packet)\n\nUNCLASSIFIED\n\nMonthly.');
    expect(await data.exports.saveFile(plan('TOP SECRET//NOFORN'))).toMatchObject({
      ok: false,
      error: { message: 'Nothing was saved: the file keeps TOP SECRET//NOFORN in its metadata/props marking, which SECRET//NOFORN does not cover.' },
    });
    expect(recording.saved).toHaveLength(1);
  });

  it('lets an auditor export, and nobody while the workstation is locked', async () => {
    const actAs = await withProfiles(ws, data, [
      { name: 'Dana Lead', role: 'team-lead', principal: 'dana@cisa' },
      { name: 'Avery Auditor', role: 'auditor', principal: 'avery@oig' },
    ]);
    actAs('avery@oig');
    expect((await data.exports.saveFile(csvExport([{ type: 'history-event', id: '1', marking: UNCLASSIFIED }]))).ok).toBe(true);
    expect(await lastEvent()).toMatchObject({ actor: 'Avery Auditor', role: 'auditor', action: 'export' });
    ws.acting = { kind: 'locked' };
    expect(await data.exports.saveFile(csvExport([]))).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(recording.saved).toHaveLength(1);
  });

  it('puts the authority block on a classified file and the CUI designation indicator on one that holds CUI, and refuses a file that leaves them out', async () => {
    const designated = openDataLayer(ws.db, { ...ws.context, cuiDesignator: () => ({ agency: 'Cybersecurity and Infrastructure Security Agency', office: '', poc: 'cui@cisa.example' }) }, undefined, recording.sink);
    const packet = await designated.store.createPacket({ ...SAMPLE_PACKET_FIELDS, marking: SECRET_NOFORN, authority: { classifiedBy: 'Dana Lead, Team Lead, CISA', derivedFrom: 'NSA/CSS CG 1-52, 20250101', declassifyOn: '25X1' } });
    if (!packet.ok) throw new Error(packet.error.message);
    const exportControlled = marking('CUI', { cuiCategories: ['SP-EXPT'], dissemination: ['FED ONLY'] });
    const rows = [{ type: 'packet', id: packet.value.id, marking: SECRET_NOFORN }, { type: 'finding', id: 'f1', marking: exportControlled }];

    expect(await designated.exports.saveFile(csvExport(rows))).toMatchObject({ ok: true, value: { banner: 'SECRET//NOFORN' } });
    const both = new TextDecoder().decode(recording.saved[0]?.data);
    // Under the table, after an empty row: the block drawn from the packet, then the CUI indicator; the banner last.
    expect(both).toContain('(U),Borealis\r\n\r\nClassified By: jdoe\r\n');
    expect(both.trimEnd().split('\r\n').at(-1)).toBe('SECRET//NOFORN');
    expect(csvBlockLines(both)).toEqual([
      'Classified By: jdoe',
      'Derived From: NSA/CSS CG 1-52, 20250101',
      'Declassify On: 25X1',
      'Source: Example AI Atlas snapshot-2026-11-01; classified by Dana Lead, Team Lead, CISA; derived from NSA/CSS CG 1-52, 20250101',
      'Controlled by: Cybersecurity and Infrastructure Security Agency',
      'CUI Category: Export Controlled (SP-EXPT)',
      'Limited Dissemination Control: FED ONLY',
      'POC: cui@cisa.example',
    ]);

    // CUI alone: the indicator, no authority block; nothing classified or controlled: neither.
    expect(await designated.exports.saveFile(csvExport([{ type: 'finding', id: 'f1', marking: exportControlled }]))).toMatchObject({ ok: true, value: { banner: 'CUI//SP-EXPT//FED ONLY' } });
    const cuiOnly = new TextDecoder().decode(recording.saved[1]?.data);
    expect(cuiOnly).toContain('CUI Category: Export Controlled (SP-EXPT)');
    expect(cuiOnly).not.toContain('Classified By');
    await designated.exports.saveFile(csvExport([{ type: 'finding', id: 'f2', marking: UNCLASSIFIED }]));
    expect(new TextDecoder().decode(recording.saved[2]?.data)).not.toMatch(/Classified By|Controlled by/);

    // A writer that drops the blocks is refused before anything is saved.
    const dropping: FileExport = { ...csvExport(rows), kind: 'history-jsonl', body: { format: 'jsonl', write: () => Promise.resolve(pieces('{"banner":"SECRET//NOFORN"}\n{"seq":1}\n')) } };
    expect(await designated.exports.saveFile(dropping)).toMatchObject({ ok: false, error: { message: expect.stringContaining('would leave out its classification authority block or CUI designation indicator (Classified By: jdoe;') as unknown } });
    expect(recording.saved).toHaveLength(3);
  });

  it('takes a finding’s own authority block in place of its packet’s, where it has one', async () => {
    const packet = await data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, marking: SECRET_NOFORN, authority: { classifiedBy: 'Dana Lead, Team Lead, CISA', derivedFrom: 'NSA/CSS CG 1-52, 20250101', declassifyOn: '20451231' } });
    if (!packet.ok) throw new Error(packet.error.message);
    const fields = { ...blankFindingFields(), title: 'Exploit chain from a partner report', description: 'Seen in a partner agency’s report.', severity: 'high' as const, marking: SECRET_NOFORN };
    const own = await data.findings.create(packet.value.id, { ...fields, authority: { classifiedBy: 'R. Analyst, FBI', derivedFrom: 'FBI SCG 7, 20260301', declassifyOn: '25X1' } });
    const inherits = await data.findings.create(packet.value.id, { ...fields, title: 'Sandbox escape' });
    if (!own.ok || !inherits.ok) throw new Error('not recorded');
    const exported = async (ids: readonly string[]) => {
      await data.exports.saveFile(csvExport(ids.map((id) => ({ type: 'finding', id, marking: SECRET_NOFORN }))));
      return csvBlockLines(new TextDecoder().decode(recording.saved.at(-1)?.data));
    };
    expect(await exported([own.value.finding.id])).toEqual(expect.arrayContaining(['Derived From: FBI SCG 7, 20260301', 'Declassify On: 25X1']));
    expect(await exported([inherits.value.finding.id])).toEqual(expect.arrayContaining(['Derived From: NSA/CSS CG 1-52, 20250101', 'Declassify On: 20451231']));
    // Both: two sources, the later instruction of the two.
    expect(await exported([own.value.finding.id, inherits.value.finding.id])).toEqual(expect.arrayContaining(['Derived From: Multiple Sources', 'Declassify On: 25X1']));
  });

  it('prints between banners of what is printed, with the packets’ authority block, recorded before the print dialog opens', async () => {
    const packet = await data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, marking: SECRET_NOFORN, authority: { classifiedBy: 'Dana Lead, Team Lead, CISA', derivedFrom: 'NSA/CSS CG 1-52, 20250101', declassifyOn: '20510101' } });
    if (!packet.ok) throw new Error(packet.error.message);
    const eventsBefore = await ws.db.auditEvents.count();
    let eventsWhenPrinted = 0;
    const printing = openDataLayer(ws.db, ws.context, undefined, { ...recording.sink, print: async () => void (eventsWhenPrinted = await ws.db.auditEvents.count()) });
    const result = await printing.exports.print({
      kind: 'comparison-print',
      what: 'the summary of the comparison Atlas vs reference',
      records: [{ type: 'packet', id: packet.value.id, marking: packet.value.marking }, { type: 'benchmark-run', id: 'r1', marking: SECRET_NOFORN }],
      render: (decision) => Promise.resolve(`<table><thead><tr><td>${decision.banner}</td></tr></thead></table>`),
    });
    // The one printing is named as its derivative classifier; the packet's own block is what it is derived from.
    expect(result).toMatchObject({ ok: true, value: { banner: 'SECRET//NOFORN', authority: { classifiedBy: 'jdoe', derivedFrom: 'NSA/CSS CG 1-52, 20250101', declassifyOn: '20510101', sources: ['Example AI Atlas snapshot-2026-11-01; classified by Dana Lead, Team Lead, CISA; derived from NSA/CSS CG 1-52, 20250101'] } } });
    expect(eventsWhenPrinted).toBe(eventsBefore + 1);
    expect(await lastEvent()).toMatchObject({ action: 'print', entityType: 'file-export', after: { kind: 'comparison-print', format: 'print', fileName: null, banner: 'SECRET//NOFORN', records: { 'benchmark-run': { count: 1, ids: ['r1'] }, packet: { count: 1, ids: [packet.value.id] } } } });
    // Nothing printed is CUI: no designation indicator. A run that is, beside it, brings one.
    expect(result.ok && result.value.cui).toBeUndefined();
    const withCui = await printing.exports.print({ kind: 'comparison-print', what: 'a summary with an export-controlled run', records: [{ type: 'packet', id: packet.value.id, marking: packet.value.marking }, { type: 'benchmark-run', id: 'r2', marking: marking('CUI', { cuiCategories: ['SP-EXPT'] }) }], render: () => Promise.resolve('<table></table>') });
    expect(withCui).toMatchObject({ ok: true, value: { banner: 'SECRET//NOFORN', cui: { categories: ['Export Controlled (SP-EXPT)'], controlledBy: ['(not set in the workstation settings)'] } } });
  });
});
