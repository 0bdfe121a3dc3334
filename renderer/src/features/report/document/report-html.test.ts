import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { bannerText, BANNER_COLOURS } from '../../../../../shared/marking/marking.js';
import type { ReviewReport } from '../../../../../shared/report/review-report.js';
import { sampleReport } from '../../../../../test/fixtures/report/sample-report.js';
import { htmlBlockLines, htmlMarkings, htmlUnescape } from '../../../../../shared/export/html-markings.js';
import { REPORT_HTML_CSP, reportHtml, type ReportHtmlInput } from './report-html.js';

// Vite inlines the stylesheet in the app; under Node it is read from the files it is made of.
const STYLESHEET = ['../../../styles/tokens.css', './report.css', '../../marking/page-foot-banner.css'].map((file) => readFileSync(new URL(file, import.meta.url), 'utf8')).join('\n');

/** A chart as the app serialises one: namespaced, with a tooltip, and something that must not survive. */
const CHART = '<svg xmlns="http://www.w3.org/2000/svg" width="680" height="120" viewBox="0 0 680 120"><g fill="#1f4f99"><circle cx="306" cy="42" r="5"><title>cybench Developer: 0.45</title></circle></g><script>fetch("https://tracker.example")</script><image href="https://tracker.example/p.png"/></svg>';

const FILE_BLOCKS = ['Classified By: Dana Lead, Team lead, CISA', 'Derived From: Multiple Sources', 'Declassify On: 20510620', 'Source: NSA/CSS CG 1-52, 20250101'];

function inputFor(report: ReviewReport = sampleReport()): ReportHtmlInput {
  return { report, chartSvg: CHART, banner: report.banner, bannerColours: BANNER_COLOURS.SECRET, markingBlocks: FILE_BLOCKS };
}

/** The words as a reader sees them: tags gone (a <wbr> joins what it splits), entities read. */
function textOf(html: string): string {
  return htmlUnescape(html.replace(/<wbr\/?>/g, '').replace(/<[^>]*>/g, ' ')).replace(/\s+/g, ' ');
}

const MARK = '<span class="portion-mark">';

/** Each paragraph, list item, heading of the title, table caption and figure caption whose text does not open with a portion mark. */
function unmarkedPortions(html: string): string[] {
  return [...html.matchAll(/<(p|li|h1|h2|caption|figcaption)(?:\s[^>]*)?>/g)].filter((m) => !html.startsWith(MARK, (m.index) + m[0].length)).map((m) => `${m[0]}${textOf(html.slice(m.index, m.index + 200)).slice(0, 60)}`);
}

/** The portion marks of each report table's body rows, table by table. */
function rowMarks(html: string): string[][] {
  return [...html.matchAll(/<table class="report-table[^"]*">[\s\S]*?<tbody>([\s\S]*?)<\/tbody>/g)].map((body) => [...(body[1] ?? '').matchAll(/<tr><td class="report-table__portion"><span class="portion-mark">([^<]*)<\/span><\/td>|<tr>/g)].map((m) => m[1] ?? 'UNMARKED ROW'));
}

/** Every mark inside each numbered section, by the section's heading. */
function marksBySection(html: string): Map<string, Set<string>> {
  const sections = new Map<string, Set<string>>();
  for (const section of html.split('<section ').slice(1)) {
    const heading = textOf(/<h2[^>]*>([\s\S]*?)<\/h2>/.exec(section)?.[1] ?? '').trim();
    sections.set(heading, new Set([...section.matchAll(/<span class="portion-mark">([^<]*)<\/span>/g)].map((m) => m[1] ?? '')));
  }
  return sections;
}

/** The sample report with a different mark on every part and row, so a mark in the wrong place shows. */
function distinctlyMarked(): ReviewReport {
  const r = sampleReport();
  return {
    ...r,
    cover: { ...r.cover, portion: '(CUI)' },
    determination: { ...r.determination, portion: '(C)', thresholds: r.determination.thresholds.map((t) => ({ ...t, portion: '(S)' })) },
    reproduction: { ...r.reproduction, portion: '(S//NF)', rows: r.reproduction.rows.map((row) => ({ ...row, portion: '(S//REL TO USA, GBR)' })), unpaired: [{ benchmark: 'wmdp_bio', has: 'developer-reported only' }] },
    findings: { ...r.findings, portion: '(U)', rows: r.findings.rows.map((f) => ({ ...f, portion: '(C//NF)' })) },
    remediation: { ...r.remediation, portion: '(CUI//SP-EXPT)' },
    provenance: { ...r.provenance, portion: '(U//FED ONLY)' },
  };
}

describe('the review report as a self-contained HTML file', () => {
  const html = reportHtml(inputFor(), STYLESHEET);

  it('carries its banner in the classification meta tag, at the start of its title, and at the top and the bottom of the page', () => {
    const banner = bannerText(sampleReport().marking);
    expect(banner).toBe('SECRET//NOFORN');
    expect(htmlMarkings(html).filter((c) => c.portion !== true).map((c) => [c.where, bannerText(c.parsed.marking)])).toEqual([
      ['classification meta tag', banner],
      ['title', banner],
      ['top banner', banner],
      ['bottom banner', banner],
    ]);
    expect(html).toMatch(/<title>SECRET\/\/NOFORN — Review report: Example Labs Atlas 2\.1, version 1<\/title>/);
    // The frame's header and footer rows: the browser repeats them on every printed page.
    expect(html).toMatch(/<thead><tr><td><div class="report-banner" data-banner="top">SECRET\/\/NOFORN<\/div><\/td><\/tr><\/thead><tfoot><tr><td><div class="report-banner banner-room" data-banner="bottom">SECRET\/\/NOFORN<\/div>/);
    expect(html).toContain('.report-banner { background-color: #c8102e; color: #ffffff; }');
  });

  it('is read back place by place, so a banner changed or left out in one of them shows', () => {
    const altered = html.replace('data-banner="bottom">SECRET//NOFORN<', 'data-banner="bottom">UNCLASSIFIED<').replace(/<meta name="classification"[^>]*>/, '');
    expect(htmlMarkings(altered).filter((c) => c.portion !== true).map((c) => [c.where, bannerText(c.parsed.marking)])).toEqual([
      ['title', 'SECRET//NOFORN'],
      ['top banner', 'SECRET//NOFORN'],
      ['bottom banner', 'UNCLASSIFIED'],
    ]);
  });

  it('carries the authority block it was given, line by line, on its cover', () => {
    expect(htmlBlockLines(html)).toEqual(FILE_BLOCKS);
    expect(textOf(html)).toContain('Classified By: Dana Lead, Team lead, CISA Derived From: Multiple Sources Declassify On: 20510620 Source: NSA/CSS CG 1-52, 20250101');
  });

  it('opens every paragraph, list item, table and figure with a portion mark, and every table row with its own', () => {
    const marked = reportHtml(inputFor(distinctlyMarked()), STYLESHEET);
    expect(unmarkedPortions(marked)).toEqual([]);
    expect(marked).toContain('<figcaption><span class="portion-mark">(S//NF)</span> Figure 1.');
    expect(rowMarks(marked)).toEqual([
      Array<string>(7).fill('(CUI)'), // the packet's facts
      ['(S)'], // thresholds
      ['(S//REL TO USA, GBR)'], // reproduced results
      ['(U)'], // findings by severity
      ['(U)'], // by status
      ['(C//NF)'], // findings
      ['(U//FED ONLY)', '(U//FED ONLY)'], // sources
      Array<string>(4).fill('(U//FED ONLY)'), // the checkpoint
      ['(U//FED ONLY)'], // people
    ]);
    expect(marksBySection(marked)).toEqual(
      new Map([
        // Each heading is marked (U): it names the section and nothing else.
        ['(U) 1 Cover', new Set(['(U)', '(CUI)'])],
        ['(U) 2 Determination', new Set(['(U)', '(C)', '(S)'])],
        ['(U) 3 Reproduction', new Set(['(U)', '(S//NF)', '(S//REL TO USA, GBR)'])],
        ['(U) 4 Findings', new Set(['(U)', '(C//NF)'])],
        ['(U) 5 Remediation', new Set(['(U)', '(CUI//SP-EXPT)'])],
        ['(U) 6 Provenance', new Set(['(U)', '(U//FED ONLY)'])],
      ]),
    );
  });

  it('reaches nothing outside itself: no script, no link, no URL but data: and the page’s own #ids', () => {
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${REPORT_HTML_CSP}">`);
    expect(REPORT_HTML_CSP).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script|<link|<iframe|<object|<embed|<image|@import|https?:|\/\/[a-z0-9.-]+\.[a-z]/i);
    const references = [...html.matchAll(/\b(?:src|href|xlink:href|action|poster)\s*=\s*["']?([^"'\s>]*)|url\(\s*["']?([^"')\s]*)/gi)].map((m) => m[1] ?? m[2] ?? '');
    expect(references.filter((r) => !r.startsWith('data:') && !r.startsWith('#'))).toEqual([]);
    // The chart the app drew is in it, drawn; what it must not carry is not.
    expect(html).toContain('<circle cx="306" cy="42" r="5"><title>cybench Developer: 0.45</title></circle>');
  });

  it('escapes what the report says, so a title cannot open a script', () => {
    const report = sampleReport();
    const hostile = reportHtml(inputFor({ ...report, cover: { ...report.cover, title: 'Atlas</title><script>alert(1)</script>' } }), STYLESHEET);
    expect(hostile).not.toContain('<script');
    expect(hostile).toContain('<title>SECRET//NOFORN — Atlas&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;, version 1</title>');
  });

  it('says in words what a reader of each section needs, and "None" for a list with nothing in it', () => {
    const text = textOf(html);
    expect(text).toContain('2026-06-05 to 2026-07-05 · day 15 of 30');
    expect(text).toContain('(CUI//SP-EXPT) Report version 1 · 2026-06-20');
    expect(text).toContain('(S//NF) Covered. The evidence reaches at least one capability threshold');
    expect(text).toContain('(S//NF) inspect_evals/cybench includes/accuracy ≥ 0.5 0.62 ± 0.04 Government-reproduced, cybench-gov.eval, n = 40 0.542 to 0.698 Yes');
    expect(text).toContain('+0.17 0.05 to 0.29 0.008 McNemar, 40 shared samples Yes: beyond chance');
    expect(text).toContain('(CUI//SP-EXPT) Findings no item of the plan answers: None.');
    expect(text).toContain('(CUI//SP-EXPT) Open deviation requests: None.');
    expect(text).toContain('(CUI//SP-EXPT) Deadlines that slipped (1): (CUI//SP-EXPT) Ship refusal classifier (milestone): +14 days');
    expect(text).toContain('(CUI//SP-EXPT) Exploit generation: open → remediating');
    expect(text).toContain('(S//NF) Benchmarks with only one side’s results: None.');
  });

  it('gives provenance whole: every SHA-256 in full, the checkpoint note verbatim, and the command that proves it', () => {
    const text = textOf(html);
    expect(text).toContain(`Benchmark log cybench-gov.eval 123,456 bytes ${'a'.repeat(64)}`);
    expect(text).toContain(`Root hash ${'c'.repeat(64)}`);
    expect(html).toContain('<pre class="report-note-text">frontier-review.invalid/history/ws-1\n42\nw8w8w8w8w8w8w8w8w8w8w8w8w8w8w8w8w8w8w8w8w8w=\n\n— ws-1 AAAAAAAA\n</pre>');
    expect(text).toContain('frontier-review audit verify history.jsonl --key ws-1+00000000+AQ== --checkpoint report.json');
    expect(text).toContain('Riley Reviewer Reviewer 12 2026-06-06 09:00 UTC 2026-06-19 17:00 UTC');
  });

  it('refuses to write a file that would print unstyled, or a banner colour that is not a colour', () => {
    expect(() => reportHtml(inputFor(), '')).toThrow('the report’s stylesheet is missing, so the HTML file would print unstyled.');
    expect(() => reportHtml({ ...inputFor(), bannerColours: { background: 'red; } body { display: none', text: '#fff' } }, STYLESHEET)).toThrow('"red; } body { display: none" is not a banner colour (a #hex colour or a var(--token)).');
  });
});
