import 'fake-indexeddb/auto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../../shared/errors/result.js';
import { marking } from '../../../shared/marking/marking.js';
import { readReportSignature } from '../../../shared/report/report-signature.js';
import { reportFileSchema } from '../../../shared/report/review-report.js';
import type { StoredReport } from '../../../shared/report/stored-report.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import { wholeFile, type SaveRequest } from '../host/host.js';
import { openDataLayer, type DataLayer } from './data-layer.js';
import type { ExportSink } from './export-gateway.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

const SECRET_NOFORN = marking('SECRET', { dissemination: ['NOFORN'] });
/** A PDF's end as Chromium writes it: the document information, its title in UTF-16BE hex when it is not ASCII. */
const pdfTitled = (title: string) => {
  const utf16 = [0xfe, 0xff, ...Array.from(title).flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff])];
  const written = /^[\x20-\x7e]*$/.test(title) ? `(${title.replace(/[()\\]/g, (c) => `\\${c}`)})` : `<${utf16.map((b) => b.toString(16).padStart(2, '0')).join('')}>`;
  return new TextEncoder().encode(`%PDF-1.4\n1 0 obj\n<</Type /Catalog>>\nendobj\n2 0 obj\n<</Title ${written} /Producer (Skia/PDF)>>\nendobj\ntrailer\n<</Root 1 0 R /Info 2 0 R>>\n%%EOF\n`);
};

let workstation: TestWorkstation;
let data: DataLayer;
let saved: (SaveRequest & { readonly data: Uint8Array })[];
let pdf: Uint8Array | undefined;
let printed: number;

beforeEach(async () => {
  workstation = await openTestWorkstation();
  saved = [];
  printed = 0;
  pdf = undefined;
  const sink: ExportSink = {
    saveFile: (request) => {
      saved.push({ ...request, data: wholeFile(request.data) });
      return Promise.resolve(ok({ saved: true as const, fileName: `/media/usb/${request.suggestedName}` }));
    },
    print: () => {
      printed++;
      return Promise.resolve();
    },
    // The desktop answers with the page's PDF; a browser (pdf unset) cannot.
    printToPdf: () => Promise.resolve(pdf ? ok(pdf) : err('unsupported', 'This browser saves a PDF from its print dialog.')),
    exportBundle: () => Promise.resolve(ok({ saved: false as const })),
  };
  data = openDataLayer(workstation.db, workstation.context, undefined, sink);
});
afterEach(() => workstation.close());

async function madeReport(): Promise<StoredReport> {
  const packet = await data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, marking: SECRET_NOFORN, authority: { classifiedBy: 'Dana Lead, Team Lead, CISA', derivedFrom: 'NSA/CSS CG 1-52, 20250101', declassifyOn: '20511231' } });
  if (!packet.ok) throw new Error(packet.error.message);
  const made = await data.reports.make(packet.value.id);
  if (!made.ok) throw new Error(made.error.message);
  return made.value;
}

const exportEvents = async () => (await workstation.db.auditEvents.toArray()).filter((e) => e.entityType === 'file-export').map((e) => e.after as Record<string, unknown>);

describe("a report's files", () => {
  it('on the desktop saves the PDF printed to bytes, records it, and lists it on the version', async () => {
    const report = await madeReport();
    pdf = pdfTitled('SECRET//NOFORN — Review report: Example AI Atlas (snapshot)');
    const result = await data.exports.saveReportPdf(report, () => Promise.resolve('<table class="report-print"></table>'));
    expect(result).toMatchObject({ ok: true, value: { saved: true, fileName: '/media/usb/Example-AI-Atlas-snapshot-2026-11-01-report-v1.pdf', banner: 'SECRET//NOFORN' } });
    expect(saved.map((s) => s.data)).toEqual([pdf]);
    expect(printed).toBe(0);
    expect(await exportEvents()).toEqual([expect.objectContaining({ kind: 'report-pdf', format: 'pdf', banner: 'SECRET//NOFORN', size: pdf.length })]);
    expect((await data.reports.versions(report.packetId))[0]?.outputs).toEqual([expect.objectContaining({ format: 'pdf', size: pdf.length, signed: false })]);
  });

  it('refuses a PDF whose title does not begin with its banner, and saves and records nothing', async () => {
    const report = await madeReport();
    pdf = pdfTitled('SECRET (draft)');
    const result = await data.exports.saveReportPdf(report, () => Promise.resolve(''));
    expect(result).toMatchObject({ ok: false, error: { message: "Nothing was saved: the PDF's title would read “SECRET (draft)”, not begin with SECRET//NOFORN." } });
    expect(saved).toEqual([]);
    expect(await exportEvents()).toEqual([]);
  });

  it('in a browser records the print and opens the print dialog instead', async () => {
    const report = await madeReport();
    const result = await data.exports.saveReportPdf(report, () => Promise.resolve('<table class="report-print"></table>'));
    expect(result).toMatchObject({ ok: true, value: { printed: true, banner: 'SECRET//NOFORN' } });
    expect(printed).toBe(1);
    expect(await exportEvents()).toEqual([expect.objectContaining({ kind: 'report-print', fileName: null })]);
  });

  it('signs the JSON over the report and the files saved before it, marked at its top', async () => {
    const report = await madeReport();
    pdf = pdfTitled('SECRET//NOFORN — Review report');
    await data.exports.saveReportPdf(report, () => Promise.resolve(''));
    const [stored] = await data.reports.versions(report.packetId);
    if (!stored) throw new Error('The version is gone.');
    const seed = new Uint8Array(32).fill(7);
    const result = await data.exports.saveReportJson(stored, { principal: 'dana.lead@cisa', seed });
    expect(result).toMatchObject({ ok: true, value: { saved: true, signedBy: 'dana.lead@cisa' } });
    const file = reportFileSchema.parse(JSON.parse(new TextDecoder().decode(saved.at(-1)?.data)));
    expect(file.banner).toBe('SECRET//NOFORN');
    expect(file.markingBlocks).toContain('Derived From: NSA/CSS CG 1-52, 20250101');
    expect(file.files).toEqual([expect.objectContaining({ format: 'pdf', size: pdf.length })]);
    const signature = readReportSignature(file);
    expect(signature).toMatchObject({ ok: true, principal: 'dana.lead@cisa' });
    expect(signature.ok && signature.publicKey).toEqual(ed25519.getPublicKey(seed));
    // Altered after signing: the PDF it names swapped for another.
    expect(readReportSignature({ ...file, files: [] })).toMatchObject({ ok: false, code: 'altered' });
  });
});
