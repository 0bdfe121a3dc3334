import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Download, Page } from '@playwright/test';
import { openBundle } from '../../shared/bundle/review-bundle.js';
import { csvBlockLines, svgBlockLines } from '../../shared/export/file-marking.js';
import { parseAllowedSigners } from '../../shared/identity/allowed-signers.js';
import { CYBER_BENCHMARKS, generateInspectLog } from '../fixtures/inspect/generate-inspect-log.js';
import { poamSchemaErrors } from '../fixtures/oscal-schema.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../fixtures/provided.js';
import { LEAD_AUTHORITY, PASSPHRASE, createPacket, firstProfile, importTwoRuns, newComparison, openApp, openWorkstationMenu, recordFinding, setCuiDesignator, setSystemHigh, trustFile, findingDialog, fillFinding } from './app.js';
import { expect, test } from './fixtures.js';

const temp = mkdtempSync(path.join(tmpdir(), 'frontier-review-exports-'));
const BANNER = 'SECRET//NOFORN';
// The authority block every classified file carries: the one exporting classified it, from the packet's source.
const AUTHORITY = [
  'Classified By: Dana Lead, Team lead, CISA',
  'Derived From: NSA/CSS Classification Guide 1-52, 20250101',
  'Declassify On: 20511231',
  'Source: Example AI Atlas atlas-1; classified by Dana Lead, Team Lead, CISA; derived from NSA/CSS Classification Guide 1-52, 20250101',
];
// The CUI designation indicator of files that hold the export-controlled finding.
const CUI_INDICATOR = ['Controlled by: Cybersecurity and Infrastructure Security Agency', 'Controlled by: AI Security Center', 'CUI Category: Export Controlled (SP-EXPT)', 'Limited Dissemination Control: NOFORN, FED ONLY', 'POC: Dana Lead, cui@cisa.example'];

/** A file the app saved: where it is, and its bytes. */
async function saved(download: Promise<Download>): Promise<{ readonly name: string; readonly bytes: Buffer; readonly text: string }> {
  const d = await download;
  const file = path.join(temp, `${Date.now()}-${d.suggestedFilename()}`);
  await d.saveAs(file);
  const bytes = readFileSync(file);
  return { name: d.suggestedFilename(), bytes, text: bytes.toString('utf8') };
}

async function click(page: Page, name: string | RegExp) {
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name, exact: typeof name === 'string' }).click();
  return saved(download);
}

const lines = (text: string) => text.trimEnd().split(/\r?\n/);

/** The export and print events of the review history, oldest first, as the data layer wrote them. */
async function exportEvents(page: Page): Promise<{ action: string; entityType: string; after: Record<string, unknown> }[]> {
  return page.evaluate(
    () =>
      new Promise((resolve, reject) => {
        const open = indexedDB.open('frontier-review');
        open.onerror = () => reject(new Error('no database'));
        open.onsuccess = () => {
          const all = open.result.transaction('auditEvents').objectStore('auditEvents').getAll();
          all.onsuccess = () => {
            resolve((all.result as { action: string; entityType: string; after: Record<string, unknown> }[]).filter((e) => e.action === 'print' || (e.action === 'export' && (e.entityType === 'file-export' || e.entityType === 'bundle'))));
            open.result.close();
          };
        };
      }),
  );
}

test('every export and print at SECRET//NOFORN is marked where its format says, and each is one history event naming the file, its size and its SHA-256', async ({ page }) => {
  test.setTimeout(240_000);
  const developer = await generateInspectLog(path.join(temp, 'developer.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.3, nanRate: 0, errorRate: 0, limitRate: 0, seed: 4 });
  const reproduced = await generateInspectLog(path.join(temp, 'reproduced.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.5, nanRate: 0, errorRate: 0, limitRate: 0, seed: 9 });
  const files = new Map<string, { readonly name: string; readonly bytes: Buffer }>();
  const keep = (kind: string, file: { readonly name: string; readonly bytes: Buffer }) => files.set(kind, file);

  await openApp(page);
  await setSystemHigh(page, 'SECRET', ['NOFORN']);
  await setCuiDesignator(page, { agency: 'Cybersecurity and Infrastructure Security Agency', office: 'AI Security Center', poc: 'Dana Lead, cui@cisa.example' });
  // The team lead's profile; its public identity is the first file to leave (unclassified: keys and a name).
  const identityPath = await firstProfile(page, 'Dana Lead', 'CISA', temp);
  const identity = readFileSync(identityPath, 'utf8');
  expect([lines(identity)[0], lines(identity).at(-1)]).toEqual(['# UNCLASSIFIED', '# UNCLASSIFIED']);
  keep('public-identity', { name: path.basename(identityPath), bytes: readFileSync(identityPath) });

  // A SECRET//NOFORN packet with its authority block.
  await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10', level: 'SECRET', controls: ['NOFORN'], authority: LEAD_AUTHORITY });

  const packets = await click(page, 'Export CSV');
  expect([lines(packets.text)[0], lines(packets.text).at(-1)]).toEqual([BANNER, BANNER]);
  // Under the table, before the bottom banner: the authority block, and no CUI indicator (no packet holds CUI).
  expect(csvBlockLines(packets.text)).toEqual(AUTHORITY);
  keep('packets-csv', packets);

  // Runs, findings and a plan, each at the packet's marking (the import dialogs start from it).
  await page.getByRole('tab', { name: 'Results' }).click();
  await importTwoRuns(page, developer.path, reproduced.path);

  await page.getByRole('tab', { name: 'Findings' }).click();
  await page.getByRole('button', { name: 'Import CSAF…' }).click();
  const csafImport = page.getByRole('dialog', { name: /Import a CSAF advisory/ });
  await csafImport.getByLabel(/Advisory file/).setInputFiles(providedPath('csaf/csaf-2.0-bsi-2022-0001.json'));
  await csafImport.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Imported BSI-2022-0001' })).toBeVisible();
  await recordFinding(page, { title: 'Autonomous exploit chaining', kind: 'Model capability' });
  // An export-controlled finding, CUI with FED ONLY (and NOFORN, kept from the packet's marking the dialog starts from): the files that take it out carry the CUI designation indicator.
  await page.getByRole('button', { name: 'Record finding…' }).click();
  await fillFinding(page, { title: 'Weights exfiltration path', kind: 'Model capability' });
  await findingDialog(page).getByLabel('Level').selectOption('CUI');
  await findingDialog(page).getByRole('checkbox', { name: 'SP-EXPT', exact: true }).check();
  await findingDialog(page).getByRole('checkbox', { name: 'FED ONLY', exact: true }).check();
  await findingDialog(page).getByRole('button', { name: 'Record finding' }).click();
  await expect(findingDialog(page)).toHaveCount(0);

  await page.getByRole('button', { name: 'Export CSAF…' }).click();
  const csafDialog = page.getByRole('dialog', { name: 'Export for the clearinghouse (CSAF 2.0)' });
  // A destination that allows less is refused before anything is written: TLP:WHITE puts no limit on disclosure.
  await csafDialog.getByLabel('Traffic Light Protocol').selectOption('WHITE');
  await csafDialog.getByRole('button', { name: 'Export advisory' }).click();
  await expect(csafDialog.getByRole('alert')).toContainText(`TLP:WHITE puts no limit on disclosure, but the advisory holds ${BANNER} information`);
  await csafDialog.getByLabel('Traffic Light Protocol').selectOption('AMBER');
  let download = page.waitForEvent('download');
  await csafDialog.getByRole('button', { name: 'Export advisory' }).click();
  const csaf = await saved(download);
  const advisory = JSON.parse(csaf.text) as { document: { distribution: { text: string }; notes: { category: string; title: string; text: string }[] } };
  expect(advisory.document.distribution.text).toBe(BANNER);
  expect(advisory.document.notes).toContainEqual({ category: 'legal_disclaimer', title: 'Classification and handling', text: expect.stringContaining(BANNER) as unknown });
  expect(advisory.document.notes.find((n) => n.title === 'Classification authority and CUI designation')?.text.split('\n')).toEqual(expect.arrayContaining(AUTHORITY));
  keep('findings-csaf', csaf);

  const risks = await click(page, 'Export OSCAL risks');
  const risksDoc = JSON.parse(risks.text) as { 'plan-of-action-and-milestones': { metadata: { props: { name: string; ns?: string; value: string }[]; remarks: string } } };
  expect(poamSchemaErrors(risksDoc)).toEqual([]);
  const riskMeta = risksDoc['plan-of-action-and-milestones'].metadata;
  expect(riskMeta.props).toContainEqual({ name: 'marking', ns: 'https://frontier-review.invalid/ns/oscal', value: BANNER });
  expect(riskMeta.remarks.split('\n')[0]).toBe(BANNER);
  // The paragraph after the banner: the authority block, then the CUI indicator of the export-controlled finding.
  expect(riskMeta.remarks.split('\n\n')[1]?.split('\n')).toEqual([...AUTHORITY, ...CUI_INDICATOR]);
  keep('findings-oscal', risks);

  await page.getByRole('tab', { name: 'Plans' }).click();
  await page.getByRole('button', { name: 'Import plan…' }).click();
  const planImport = page.getByRole('dialog', { name: /Import a remediation plan/ });
  await planImport.getByLabel(/Plan file/).setInputFiles(providedPath(NIST_POAM_EXAMPLE));
  await planImport.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: 'as version 1' })).toBeVisible();
  const plan = await click(page, 'Export OSCAL');
  const planMeta = (JSON.parse(plan.text) as typeof risksDoc)['plan-of-action-and-milestones'].metadata;
  expect(planMeta.props).toContainEqual({ name: 'marking', ns: 'https://frontier-review.invalid/ns/oscal', value: BANNER });
  expect(planMeta.remarks.split('\n')[0]).toBe(BANNER);
  expect(planMeta.remarks.split('\n\n')[1]?.split('\n')).toEqual(AUTHORITY);
  keep('plan-oscal', plan);

  // A comparison of the two runs: both CSVs, and the summary printed.
  await page.keyboard.press('Alt+C');
  await newComparison(page, [/developer\.eval/, /reproduced\.eval/], 'Atlas reproduction');
  await expect(page.getByRole('button', { name: 'Export summary CSV' })).toBeEnabled({ timeout: 30_000 });
  for (const [kind, button] of [['comparison-summary-csv', 'Export summary CSV'], ['comparison-samples-csv', 'Export samples CSV']] as const) {
    const csv = await click(page, button);
    expect([lines(csv.text)[0], lines(csv.text).at(-1)], kind).toEqual([BANNER, BANNER]);
    keep(kind, csv);
  }
  await page.getByRole('button', { name: 'Print summary' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Printed the summary, marked ${BANNER}.` })).toBeVisible();
  // On paper: the banner of what is printed at the top and bottom of every page, and the packet's authority block.
  await page.emulateMedia({ media: 'print' });
  await expect(page.locator('.print-frame > thead .print-banner')).toHaveText(BANNER);
  await expect(page.locator('.print-frame > tfoot .print-banner')).toHaveText(BANNER);
  await expect(page.locator('.page-foot-banner')).toHaveText(BANNER);
  await expect(page.locator('.page-foot-banner')).toBeVisible();
  // The one who printed it is its derivative classifier; what it is derived from and when it is declassified come from the packet.
  await expect(page.locator('.authority-block')).toContainText('Classified By:Dana Lead, Team lead, CISA');
  await expect(page.locator('.authority-block')).toContainText('Example AI Atlas atlas-1; classified by Dana Lead, Team Lead, CISA');
  await expect(page.locator('.authority-block')).toContainText('Derived From:NSA/CSS Classification Guide 1-52, 20250101');
  await expect(page.locator('.authority-block')).toContainText('Declassify On:20511231');
  await page.emulateMedia({ media: 'screen' });
  await expect(page.locator('.authority-block')).toBeHidden();
  // A chart, saved as a picture: the banner across its top and bottom, in its title and metadata.
  await page.keyboard.press('2');
  const chart = await click(page, /^Export chart SVG of /);
  expect(chart.text).toContain(`<title>${BANNER}</title>`);
  expect(chart.text.match(new RegExp(`<text data-banner="(top|bottom)"[^>]*>${BANNER}</text>`, 'g'))).toHaveLength(2);
  expect(svgBlockLines(chart.text)).toEqual(AUTHORITY);
  keep('comparison-chart-svg', chart);
  await page.keyboard.press('1');

  // The trust store, and a review bundle sealed with a passphrase.
  await trustFile(page, identityPath);
  await openWorkstationMenu(page, 'Trusted signers');
  const trust = page.getByRole('dialog', { name: 'Trusted signers' });
  download = page.waitForEvent('download');
  await trust.getByRole('button', { name: 'Save as allowed_signers…' }).click();
  const signers = await saved(download);
  expect([lines(signers.text)[0], lines(signers.text).at(-1)]).toEqual(['# UNCLASSIFIED', '# UNCLASSIFIED']);
  // Unclassified and no CUI: neither block.
  expect(signers.text).not.toContain('Classified By');
  keep('trusted-signers', signers);
  await trust.getByRole('button', { name: 'Close' }).click();

  await page.getByRole('button', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const bundleDialog = page.getByRole('dialog', { name: 'Export a review bundle' });
  await bundleDialog.getByRole('checkbox', { name: /Example AI Atlas atlas-1/ }).check();
  await bundleDialog.getByRole('radio', { name: /A passphrase/ }).check();
  await bundleDialog.getByLabel('Bundle passphrase').fill(PASSPHRASE);
  download = page.waitForEvent('download');
  await bundleDialog.getByRole('button', { name: 'Sign and export…' }).click();
  const bundle = await saved(download);
  await expect(page.getByRole('status').filter({ hasText: `Its contents are marked ${BANNER}.` })).toBeVisible();
  const opened = await openBundle(new Uint8Array(bundle.bytes), { trust: { signers: parseAllowedSigners(identity), revoked: [] }, decryption: { passphrase: PASSPHRASE }, ownRecipients: [], seenBundleIds: new Set(), now: new Date('2026-11-22T12:00:00Z') });
  // The banner is the classification's; the structured marking keeps the CUI commingled in it.
  expect(opened.manifest.marking).toEqual({ banner: BANNER, level: 'SECRET', sci: [], cuiCategories: ['SP-EXPT'], dissemination: ['NOFORN', 'FED ONLY'], relTo: [] });
  // Signed with the manifest: the authority block, and the CUI indicator of the export-controlled finding it carries.
  expect(opened.manifest.markingBlocks).toEqual([...AUTHORITY, ...CUI_INDICATOR]);
  keep('review-bundle', bundle);

  // The history's own exports.
  await page.keyboard.press('Alt+H');
  const proofs = await click(page, 'Export with proofs…');
  expect(JSON.parse(lines(proofs.text)[0] ?? '{}')).toMatchObject({ banner: BANNER, marking: { level: 'SECRET', cuiCategories: ['SP-EXPT'], dissemination: ['NOFORN', 'FED ONLY'] }, markingBlocks: [...AUTHORITY, ...CUI_INDICATOR] });
  keep('history-jsonl', proofs);
  const historyCsv = await click(page, 'Export CSV…');
  expect([lines(historyCsv.text)[0], lines(historyCsv.text).at(-1)]).toEqual([BANNER, BANNER]);
  expect(csvBlockLines(historyCsv.text)).toEqual([...AUTHORITY, ...CUI_INDICATOR]);
  keep('history-csv', historyCsv);

  // One event per export and print, in order, each naming its file, marking, size and SHA-256.
  const events = await exportEvents(page);
  const kindOf = (e: (typeof events)[number]) => (e.entityType === 'bundle' ? 'review-bundle' : String(e.after.kind));
  expect(events.map(kindOf)).toEqual(['public-identity', 'packets-csv', 'findings-csaf', 'findings-oscal', 'plan-oscal', 'comparison-summary-csv', 'comparison-samples-csv', 'comparison-print', 'comparison-chart-svg', 'trusted-signers', 'review-bundle', 'history-jsonl', 'history-csv']);
  for (const event of events) {
    const kind = kindOf(event);
    expect(event.after.banner, kind).toBe(kind === 'public-identity' || kind === 'trusted-signers' ? 'UNCLASSIFIED' : BANNER);
    const file = files.get(kind);
    if (!file) {
      expect(event.action, kind).toBe('print');
      continue;
    }
    expect(event.after, kind).toMatchObject({ size: file.bytes.length, sha256: createHash('sha256').update(file.bytes).digest('hex') });
    // The name asked for; a browser may add an extension of its own to a name without one.
    expect(file.name.startsWith(String(event.after.fileName)), `${kind}: ${file.name}`).toBe(true);
  }
  // The history page lists them under its filter of files and printouts, beside the bundle.
  await page.getByLabel('Entity').selectOption({ label: 'file or printout' });
  await expect(page.getByRole('status').filter({ hasText: /^12 of / })).toBeVisible();
});
