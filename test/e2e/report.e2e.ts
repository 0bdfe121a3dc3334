import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Download, Page } from '@playwright/test';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { CYBER_BENCHMARKS, generateInspectLog } from '../fixtures/inspect/generate-inspect-log.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../fixtures/provided.js';
import { LEAD_AUTHORITY, addThreshold, createPacket, firstProfile, importTwoRuns, openApp, openWorkstationMenu, recordFinding, setSystemHigh } from './app.js';
import { expect, test } from './fixtures.js';

const temp = mkdtempSync(path.join(tmpdir(), 'frontier-review-report-'));
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = path.join(ROOT, 'dist/cli/frontier-review.cjs');
const BANNER = 'SECRET//NOFORN';

async function saved(download: Promise<Download>, name: string): Promise<string> {
  const file = path.join(temp, name);
  await (await download).saveAs(file);
  return file;
}

async function saveBy(page: Page, button: string, name: string): Promise<string> {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: button, exact: true }).click();
  return saved(download, name);
}

/** The PDF's text, page by page, as pdftotext lays it out. */
function pdfPages(file: string): string[] {
  const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
  return text.split('\f').filter((page) => page.trim() !== '');
}

test('a team lead makes the review report at SECRET//NOFORN: the PDF carries banners, portion marks, the determination and a checkpoint audit verify accepts; the page loads nothing; the JSON validates and verifies', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const developer = await generateInspectLog(path.join(temp, 'cybench-developer.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.25, nanRate: 0, errorRate: 0, limitRate: 0, seed: 4 });
  const reproduced = await generateInspectLog(path.join(temp, 'cybench-government.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.6, nanRate: 0, errorRate: 0, limitRate: 0, seed: 9 });

  // The print dialog is the browser's own, which a test cannot drive: its opening is counted, and
  // Chromium's print-to-PDF of the page (what its "Save as PDF" writes) stands in for the user's choice.
  await page.addInitScript(() => {
    const counted = window as unknown as { printDialogs: number };
    counted.printDialogs = 0;
    window.print = () => {
      counted.printDialogs += 1;
    };
  });
  await openApp(page);
  await setSystemHigh(page, 'SECRET', ['NOFORN']);
  const identity = await firstProfile(page, 'Dana Lead', 'CISA', temp);
  await addThreshold(page, 'inspect_evals/cybench', 'accuracy', '0.5');

  await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10', level: 'SECRET', controls: ['NOFORN'], authority: LEAD_AUTHORITY });

  // Real Inspect logs (the same run in its two formats) and a developer/government pair that disagree.
  await page.getByRole('tab', { name: 'Results' }).click();
  await importTwoRuns(page, providedPath('inspect/log_formats.eval'), providedPath('inspect/log_formats.json'));
  await importTwoRuns(page, developer.path, reproduced.path);
  await page.getByRole('tab', { name: 'Findings' }).click();
  await recordFinding(page, { title: 'Autonomous exploit chaining', kind: 'Third-party software vulnerability', cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', cwe: 'CWE-1427', product: ['Example AI', 'Atlas', 'atlas-1'] });
  await page.getByRole('tab', { name: 'Plans' }).click();
  await page.getByRole('button', { name: 'Import plan…' }).click();
  const planDialog = page.getByRole('dialog', { name: /Import a remediation plan/ });
  await planDialog.getByLabel(/Plan file/).setInputFiles(providedPath(NIST_POAM_EXAMPLE));
  await planDialog.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(planDialog).toBeHidden();

  await page.getByRole('tab', { name: 'Report' }).click();
  await page.getByRole('button', { name: 'Make report' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Made version 1 of the report, marked ${BANNER}: covered.` })).toBeVisible();
  const preview = page.getByRole('region', { name: 'Review report, version 1' });
  await expect(preview.getByRole('heading', { name: /Determination/ })).toBeVisible();
  await expect(page.locator('.classification-banner--top')).toHaveText(BANNER);

  // The browser's print-to-PDF: the gateway records the print and opens the dialog; Chromium's PDF is what it saves.
  await page.getByRole('button', { name: 'Print or save as PDF…' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Sent version 1 to the print dialog, marked ${BANNER}` })).toBeVisible();
  expect(await page.evaluate(() => (window as unknown as { printDialogs: number }).printDialogs)).toBe(1);
  const pdf = path.join(temp, 'report.pdf');
  writeFileSync(pdf, await page.pdf({ format: 'Letter', printBackground: true }));
  // Its pages as pictures, beside the screens' screenshots, for a reviewer to look at (not kept in the repository).
  mkdirSync(path.join(import.meta.dirname, 'screens'), { recursive: true });
  execFileSync('pdftoppm', ['-r', '80', '-png', pdf, path.join(import.meta.dirname, 'screens', 'report-page')]);
  const pages = pdfPages(pdf);
  expect(pages.length).toBeGreaterThan(1);
  for (const [i, text] of pages.entries()) {
    const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
    expect(lines[0], `page ${i + 1} top`).toBe(BANNER);
    expect(lines.at(-1), `page ${i + 1} bottom`).toBe(BANNER);
  }
  const all = pages.join('\n');
  // Portion marks: on paragraphs, on each table's caption and its rows, and on the figure.
  expect(all).toContain('(S//NF) Covered.');
  expect(all).toContain('(S//NF) Capability thresholds and the evidence on each');
  expect(all).toMatch(/\(S\/\/NF\)\s+inspect_evals\/\s+accuracy\s+≥ 0.5/);
  expect(all).toContain('(S//NF) Figure 1.');
  expect(all).toContain('(S//NF) Developer-reported and government-reproduced results');
  expect(all).toMatch(/Classified By:\s+Dana Lead, Team lead, CISA/);
  // The developer's 25% against the government's 60% on 40 shared samples: beyond chance.
  expect(all).toMatch(/they\s+disagree\s+beyond\s+chance/);

  const html = await saveBy(page, 'Save HTML…', 'report.html');
  const json = await saveBy(page, 'Save JSON…', 'report.json');
  await expect(page.getByRole('status').filter({ hasText: 'signed by dana.lead@cisa' })).toBeVisible();

  // The JSON validates against the schema kept in the repository, and carries the checkpoint the PDF prints.
  const file = JSON.parse(readFileSync(json, 'utf8')) as { banner: string; report: { provenance: { checkpoint: { rootHash: string; treeSize: number; verifierKey: string } } } };
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'shared/report/review-report.schema.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  expect(validate(file), JSON.stringify(validate.errors)).toBe(true);
  expect(file.banner).toBe(BANNER);
  const { checkpoint } = file.report.provenance;
  expect(all.replace(/\s+/g, '')).toContain(checkpoint.rootHash);

  // The checkpoint proves the history the report was drawn from: audit verify accepts it against the
  // history exported now, with the workstation's verifier key as an auditor is handed it (not the report's copy).
  await openWorkstationMenu(page, 'History integrity');
  const key = (await page.getByRole('region', { name: 'Integrity' }).locator('dt:text-is("Verifier key") + dd').textContent())?.trim() ?? '';
  expect(key).toBe(checkpoint.verifierKey);
  const history = await saveBy(page, 'Export with proofs…', 'history.jsonl');
  const verified = spawnSync(process.execPath, [CLI, 'audit', 'verify', history, '--key', key, '--checkpoint', json], { encoding: 'utf8' });
  expect(verified.stdout + verified.stderr).toContain(`${checkpoint.treeSize} events`);
  expect(verified.status, verified.stderr).toBe(0);
  // And check names the report and its signer, whom the team lead's public identity vouches for.
  const checked = spawnSync(process.execPath, [CLI, 'check', json, '--allowed-signers', identity], { encoding: 'utf8' });
  expect(checked.status, checked.stderr).toBe(0);
  expect(checked.stdout).toContain(BANNER);

  // Made again after a new finding: version 2, and what changed since version 1.
  await page.getByRole('button', { name: 'Close the review history' }).click();
  await page.getByRole('tab', { name: 'Findings' }).click();
  await recordFinding(page, { title: 'Sandbox escape via tool calls', kind: 'Model capability' });
  await page.getByRole('tab', { name: 'Report' }).click();
  await page.getByRole('button', { name: 'Make a new version' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Made version 2 of the report' })).toBeVisible();
  const changes = page.getByRole('table', { name: 'Changes from version 1 to version 2' });
  await expect(changes.getByRole('row', { name: /^Findings “Sandbox escape via tool calls”/ })).toContainText('not in the report');
  await expect(changes.getByRole('row', { name: /^Remediation Findings no plan item answers/ })).toContainText('Sandbox escape via tool calls');
  // The versions newest first: the first is still there to read.
  await page.getByLabel('Report version').selectOption({ index: 1 });
  await expect(page.getByRole('region', { name: 'Review report, version 1' })).toBeVisible();

  // The web page opens with nothing fetched: every request is counted, and refused.
  const offline = await browser.newContext();
  const requests: string[] = [];
  await offline.route('**/*', (route) => {
    requests.push(route.request().url());
    return route.abort();
  });
  const reader = await offline.newPage();
  // Without its own content security policy, which would stop a fetch before any could be counted:
  // the page itself names nothing to load.
  const written = readFileSync(html, 'utf8');
  expect(written).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">`);
  await reader.setContent(written.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, ''), { waitUntil: 'load' });
  await expect(reader.locator('[data-banner]').first()).toHaveText(BANNER);
  expect(await reader.title()).toMatch(/^SECRET\/\/NOFORN/);
  expect(requests).toEqual([]);
  await offline.close();
});
