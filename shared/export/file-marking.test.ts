import { describe, expect, it } from 'vitest';
import { csafFailures } from '../../test/fixtures/csaf-validation.js';
import { csafRequest, storedFinding } from '../../test/fixtures/findings.js';
import { poamSchemaErrors } from '../../test/fixtures/oscal-schema.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import { writeCsaf } from '../csaf/csaf-write.js';
import { parseAllowedSigners } from '../identity/allowed-signers.js';
import { bannerText, marking } from '../marking/marking.js';
import { readPoam } from '../oscal/poam-read.js';
import { writePoam } from '../oscal/poam-write.js';
import { allowedSignersBlockLines, allowedSignersMarkings, csafBlockLines, csafMarkings, csvBlockLines, csvMarkings, documentMarkings, markAllowedSigners, markCsaf, markCsv, markOscal, markSvg, oscalBlockLines, oscalMarkings, svgBlockLines, svgMarkings } from './file-marking.js';

const SECRET_NOFORN = marking('SECRET', { dissemination: ['NOFORN'] });
const where = (found: { where: string; parsed: { marking: unknown } }[]) => found.map((f) => [f.where, bannerText(f.parsed.marking as never)]);

describe('each format carries its marking where its readers look', () => {
  it('CSV: the banner is the first and the last line, and the table between reads as before', () => {
    const text = markCsv('Marking,Title\r\n(S//NF),Atlas\r\n', SECRET_NOFORN);
    expect(text.split('\r\n')).toEqual(['SECRET//NOFORN', 'Marking,Title', '(S//NF),Atlas', 'SECRET//NOFORN', '']);
    expect(where(csvMarkings(text))).toEqual([
      ['first line', 'SECRET//NOFORN'],
      ['last line', 'SECRET//NOFORN'],
      // Each row's portion mark counts too: a spreadsheet that sorts the rows keeps it with them.
      ['Marking column, row 1', 'SECRET//NOFORN'],
    ]);
    // A banner with a comma is quoted, so a spreadsheet keeps it in one cell, and reads back whole.
    const released = markCsv('Model\r\nAtlas', marking('SECRET', { relTo: ['GBR'] }));
    expect(released.split('\r\n')[0]).toBe('"SECRET//REL TO USA, GBR"');
    expect(where(csvMarkings(released))[0]).toEqual(['first line', 'SECRET//REL TO USA, GBR']);
  });

  it('OSCAL: a marking property (OSCAL’s own and the app’s) and the banner first in the remarks; the document stays valid and reads back', async () => {
    const read = await readPoam('nist.json', providedBytes(NIST_POAM_EXAMPLE));
    if (!read.ok) throw new Error(read.message);
    const document = markOscal(writePoam(read.plan), SECRET_NOFORN);
    expect(poamSchemaErrors(document)).toEqual([]);
    expect(where(oscalMarkings(document))).toEqual([
      ['metadata/props marking', 'SECRET//NOFORN'],
      ['metadata/props marking (https://frontier-review.invalid/ns/oscal)', 'SECRET//NOFORN'],
      ['metadata/remarks', 'SECRET//NOFORN'],
    ]);
    // Marked again (a re-export), it carries one marking, not two.
    expect(oscalMarkings(markOscal(document, marking('CUI')))).toHaveLength(3);
    const again = await readPoam('again.json', new TextEncoder().encode(JSON.stringify(document)));
    expect(again.ok && again.plan.risks.length).toBe(read.plan.risks.length);
  });

  it('OSCAL: a file\'s own marking properties and remarks stay, after the export\'s marking, which is what a reader meets first', () => {
    const own = { name: 'marking', class: 'us-classification', value: 'UNCLASSIFIED', remarks: 'Set by the CSP.' };
    const document = { 'plan-of-action-and-milestones': { uuid: 'a', metadata: { title: 'Plan', props: [own, { name: 'version-note', value: 'x' }], remarks: 'UNCLASSIFIED\n\nDelivered monthly.' } } };
    const marked = markOscal(document, SECRET_NOFORN) as typeof document;
    expect(marked['plan-of-action-and-milestones'].metadata).toEqual({
      title: 'Plan',
      props: [{ name: 'marking', class: 'us-classification', value: 'SECRET//NOFORN' }, { name: 'marking', ns: 'https://frontier-review.invalid/ns/oscal', value: 'SECRET//NOFORN' }, own, { name: 'version-note', value: 'x' }],
      remarks: 'SECRET//NOFORN\n\nUNCLASSIFIED\n\nDelivered monthly.',
    });
    // The file's own lower marking is read as one it carried before, not as the file's marking.
    expect(oscalMarkings(marked).map((m) => [m.where, bannerText(m.parsed.marking), m.superseded ?? false])).toEqual([
      ['metadata/props marking', 'SECRET//NOFORN', false],
      ['metadata/props marking (https://frontier-review.invalid/ns/oscal)', 'SECRET//NOFORN', false],
      ['metadata/props marking', 'UNCLASSIFIED', true],
      ['metadata/remarks', 'SECRET//NOFORN', false],
    ]);
    // Re-marked, only what the app wrote is replaced: the file's own properties and remarks stay as they came.
    const again = markOscal(marked, marking('CUI')) as typeof document;
    expect(again['plan-of-action-and-milestones'].metadata.props.slice(2)).toEqual([own, { name: 'version-note', value: 'x' }]);
    expect(again['plan-of-action-and-milestones'].metadata.remarks).toBe('CUI\n\nUNCLASSIFIED\n\nDelivered monthly.');
  });

  it('CSAF: the distribution statement and a handling note; the advisory still passes the BSI validator', async () => {
    const finding = storedFinding({ type: 'software-vulnerability', title: 'XXE in the converter', cveId: 'CVE-2022-27193', affectedProducts: [{ vendor: 'CSAF Tools', product: 'Converter', version: '1.0.0' }] });
    const document = markCsaf(writeCsaf(csafRequest([finding])), SECRET_NOFORN) as { document: { title: string; distribution: { text: string; tlp: unknown } } };
    expect(document.document.title).toBe('Vulnerabilities found while reviewing Example AI Atlas');
    expect(document.document.distribution).toEqual({ text: 'SECRET//NOFORN', tlp: { label: 'AMBER', url: 'https://www.first.org/tlp/' } });
    expect(where(csafMarkings(document))).toEqual([
      ['document/distribution/text', 'SECRET//NOFORN'],
      ['document/notes', 'SECRET//NOFORN'],
    ]);
    expect(await csafFailures(document)).toEqual([]);
  });

  it('allowed_signers: a comment line with the banner first and last, which the signer list ignores', () => {
    const line = 'dana.lead@cisa ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6ZpH0zXq0b0Kq5Yd7n4m1s5k2H1mC2kQ3oQ7xZ9YvA Dana';
    const text = markAllowedSigners(`${line}\n`, marking('UNCLASSIFIED'));
    expect(text).toBe(`# UNCLASSIFIED\n${line}\n# UNCLASSIFIED\n`);
    expect(where(allowedSignersMarkings(text))).toEqual([
      ['first line', 'UNCLASSIFIED'],
      ['last line', 'UNCLASSIFIED'],
    ]);
    expect(parseAllowedSigners(text)).toEqual(parseAllowedSigners(line).map((s) => ({ ...s, line: 2 })));
  });

  it('reads OSCAL by its model’s name and JSON as the importers read it, so neither a key before the model nor a bare NaN hides a marking', () => {
    const topSecret = { $schema: 'x', 'plan-of-action-and-milestones': { metadata: { title: 'Plan', remarks: 'TOP SECRET//NOFORN\n\nRevised.' } } };
    expect(where(oscalMarkings(topSecret))).toEqual([['metadata/remarks', 'TOP SECRET//NOFORN']]);
    const lenient = new TextEncoder().encode('{"document":{"title":"A","distribution":{"text":"TLP:AMBER. SECRET//NOFORN"}},"x":NaN}');
    expect(where(documentMarkings('csaf', lenient))).toEqual([['document/distribution/text', 'SECRET//NOFORN']]);
  });

  it('finds no marking in a file that carries none', () => {
    expect(csvMarkings('Benchmark,Value\r\ncybench,0.4\r\n')).toEqual([]);
    expect(oscalMarkings({ 'plan-of-action-and-milestones': { metadata: { title: 'Plan', remarks: 'Revised after review.' } } })).toEqual([]);
    expect(csafMarkings({ document: { title: 'Advisory', distribution: { text: 'Copyright 2024 Example' } } })).toEqual([]);
  });
});

describe('the authority block and CUI designation indicator, in each format', () => {
  const BLOCKS = ['Classified By: Dana Lead, Team Lead, CISA', 'Derived From: NSA/CSS CG 1-52, 20250101', 'Declassify On: 25X1', 'Controlled by: CISA', 'CUI Category: Export Controlled (SP-EXPT)', 'POC: cui@cisa.example'];

  it('reads back from every format the lines it wrote, and a file without them yields none', async () => {
    const csv = markCsv('Marking,Title\r\n(S//NF),Atlas', SECRET_NOFORN, BLOCKS);
    expect(csvBlockLines(csv)).toEqual(BLOCKS);
    // The banner still closes the file, and the rows' portion marks read as before.
    expect(where(csvMarkings(csv))).toEqual([['first line', 'SECRET//NOFORN'], ['last line', 'SECRET//NOFORN'], ['Marking column, row 1', 'SECRET//NOFORN']]);
    const signers = markAllowedSigners('dana.lead@cisa ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB6ZpH0zXq0b0Kq5Yd7n4m1s5k2H1mC2kQ3oQ7xZ9YvA Dana\n', SECRET_NOFORN, BLOCKS);
    expect(allowedSignersBlockLines(signers)).toEqual(BLOCKS);
    expect(parseAllowedSigners(signers)).toHaveLength(1);
    const svg = markSvg('<svg xmlns="http://www.w3.org/2000/svg" width="100" height="50"></svg>', SECRET_NOFORN, BLOCKS);
    expect(svgBlockLines(svg)).toEqual(BLOCKS);
    const finding = storedFinding({ type: 'software-vulnerability', title: 'XXE in the converter', cveId: 'CVE-2022-27193', affectedProducts: [{ vendor: 'CSAF Tools', product: 'Converter', version: '1.0.0' }] });
    const csaf = markCsaf(writeCsaf(csafRequest([finding])), SECRET_NOFORN, BLOCKS);
    expect(csafBlockLines(csaf)).toEqual(BLOCKS);
    expect(await csafFailures(csaf)).toEqual([]);
    expect([csvBlockLines(markCsv('Model\r\nAtlas', SECRET_NOFORN)), svgBlockLines(markSvg('<svg width="1" height="1"></svg>', SECRET_NOFORN)), csafBlockLines(markCsaf(writeCsaf(csafRequest([finding])), SECRET_NOFORN))]).toEqual([[], [], []]);
  });

  it('OSCAL: the paragraph after the banner, which a re-export replaces rather than repeats, and the plan stays valid', async () => {
    const read = await readPoam('nist.json', providedBytes(NIST_POAM_EXAMPLE));
    if (!read.ok) throw new Error(read.message);
    const document = markOscal(writePoam(read.plan), SECRET_NOFORN, BLOCKS);
    expect(poamSchemaErrors(document)).toEqual([]);
    expect(oscalBlockLines(document)).toEqual(BLOCKS);
    const again = markOscal(document, SECRET_NOFORN, BLOCKS.slice(0, 3)) as { 'plan-of-action-and-milestones': { metadata: { remarks: string } } };
    expect(oscalBlockLines(again)).toEqual(BLOCKS.slice(0, 3));
    expect(again['plan-of-action-and-milestones'].metadata.remarks.split('\n\n').slice(0, 2)).toEqual(['SECRET//NOFORN', BLOCKS.slice(0, 3).join('\n')]);
    // Re-marked unclassified, the blocks go with the old banner.
    expect(oscalBlockLines(markOscal(again, marking('UNCLASSIFIED')))).toEqual([]);
  });
});

describe('a chart saved as SVG', () => {
  const chart = '<svg class="plot" fill="currentColor" width="640" height="120" viewBox="0 0 640 120" xmlns="http://www.w3.org/2000/svg"><g><title>A &amp; B</title><circle cx="10" cy="10" r="4"/></g></svg>';
  const REL = marking('SECRET', { relTo: ['USA', 'GBR'] });

  it('carries the banner across the top and bottom of the picture, in its title and metadata, and keeps the chart whole', () => {
    const text = markSvg(chart, REL);
    expect(where(svgMarkings(text))).toEqual([
      ['title', 'SECRET//REL TO USA, GBR'],
      ['metadata marking', 'SECRET//REL TO USA, GBR'],
      ['top banner', 'SECRET//REL TO USA, GBR'],
      ['bottom banner', 'SECRET//REL TO USA, GBR'],
    ]);
    // Two 22-pixel bands in the banner's colour, and the chart moved down between them.
    expect(text).toMatch(/^<\?xml[^>]*>\n<svg xmlns="http:\/\/www.w3.org\/2000\/svg" width="640" height="164" viewBox="0 0 640 164">/);
    expect(text.match(/fill="#c8102e"/g)).toHaveLength(2);
    expect(text).toContain('<svg y="22" class="plot"');
    expect(text).toContain('<title>A &amp; B</title><circle cx="10" cy="10" r="4"/>');
  });

  it('refuses what is not an SVG with a size of its own', () => {
    expect(() => markSvg('<div/>', SECRET_NOFORN)).toThrow('the chart is not an SVG image.');
    expect(() => markSvg('<svg viewBox="0 0 1 1"></svg>', SECRET_NOFORN)).toThrow('the chart has no width and height of its own.');
  });
});
