import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Locator, Page } from '@playwright/test';
import { CYBER_BENCHMARKS, generateInspectLog } from '../fixtures/inspect/generate-inspect-log.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../fixtures/provided.js';
import { PASSPHRASE, addThreshold, createPacket, editor, firstProfile, importTwoRuns, openApp, openWorkstationMenu, packetRows, recordFinding, setSystemHigh, trustFile, violations } from './app.js';
import { expect, test } from './fixtures.js';
import { LAYOUT_SIZES, layoutProblems } from './layout/layout-problems.js';
import { markingGuardState } from './marking-guard/guard.js';
import { SCREEN_WALKS, type ScreenWalk } from './screens.js';

/**
 * Every screen and dialog, opened at SECRET//NOFORN over a mix of markings (SECRET//NOFORN, CUI,
 * UNCLASSIFIED). The marking guard checks the banner against every portion mark on screen before
 * each frame; each visit also checks the guard saw nothing wrong up to then. Where it can, a walk
 * opens a dialog over a page that shows less than the dialog does, so the dialog must raise the
 * banner itself.
 */

/** Every screen and dialog at the three sizes, for a reviewer to look at (not kept in the repository). */
const SCREENSHOTS = path.join(import.meta.dirname, 'screens');
const walkIndex = (walk: ScreenWalk) => Object.keys(SCREEN_WALKS).indexOf(walk) + 1;
const temp = mkdtempSync(path.join(tmpdir(), 'frontier-review-screens-'));
const BANNER = 'SECRET//NOFORN';
const ATLAS = { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10', level: 'SECRET', controls: ['NOFORN'] };
const CIRRUS = { developer: 'Open Lab', modelName: 'Cirrus', modelVersion: 'c-2', plannedRelease: '2026-12-20' };

function walker<W extends ScreenWalk>(page: Page, walk: W) {
  const seen = new Set<string>();
  return {
    /** `shown` is on screen, and no portion mark so far has been under a banner that does not cover it. */
    async visit(name: (typeof SCREEN_WALKS)[W][number], shown: Locator, options: { readonly banner?: string; readonly axe?: boolean; readonly screenshot?: boolean } = {}) {
      await expect(shown, name).toBeVisible();
      if (options.banner) await expect(page.getByTestId('banner-top'), name).toHaveText(options.banner);
      const state = await markingGuardState(page);
      expect(state?.violations ?? [], name).toEqual([]);
      expect(state?.checks ?? 0, `${name}: the guard checked the page`).toBeGreaterThan(0);
      if (options.axe) expect(await violations(page), name).toEqual([]);
      // At each size a reviewer works at: nothing cut off or crushed, and a screenshot to look at.
      for (const [width, height] of LAYOUT_SIZES) {
        await page.setViewportSize({ width, height });
        await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
        expect.soft(await layoutProblems(page), `${name} at ${width}×${height}`).toEqual([]);
        if (options.screenshot !== false) await page.screenshot({ path: path.join(SCREENSHOTS, `${walkIndex(walk)}-${name}-${width}x${height}.png`) });
      }
      await page.setViewportSize({ width: 1440, height: 900 });
      seen.add(name);
    },
    /** The walk opened every screen listed for it. */
    done() {
      expect([...seen].sort()).toEqual([...SCREEN_WALKS[walk]].sort());
    },
  };
}

test.describe('every screen under the banner of what it shows', () => {
  test('a packet and its tabs', async ({ page }) => {
    test.setTimeout(180_000);
    const walk = walker(page, 'a packet and its tabs');
    const log = await generateInspectLog(path.join(temp, 'atlas.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.4, nanRate: 0, errorRate: 0, limitRate: 0, seed: 5 });
    const nist = JSON.parse(readFileSync(providedPath(NIST_POAM_EXAMPLE), 'utf8')) as { 'plan-of-action-and-milestones': { metadata: { remarks?: string } } };
    nist['plan-of-action-and-milestones'].metadata.remarks = `${BANNER}\n\nAs the developer sent it.`;
    const markedPlan = path.join(temp, 'nist-plan-marked.json');
    writeFileSync(markedPlan, JSON.stringify(nist));
    await openApp(page);
    await setSystemHigh(page, 'SECRET', ['NOFORN']);
    await createPacket(page, CIRRUS);
    // Over the unclassified packet, what a dialog brings in raises the banner by itself: the marking
    // chosen for an import, and what a chosen file says of its own marking (which refuses a lower one).
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByRole('button', { name: 'Import results…' }).click();
    const declaring = page.getByRole('dialog', { name: /Import results/ });
    await expect(page.getByTestId('banner-top')).toHaveText('UNCLASSIFIED');
    await declaring.getByRole('group', { name: 'Marking of these results' }).getByLabel('Level').selectOption('SECRET');
    await declaring.getByRole('group', { name: 'Marking of these results' }).getByRole('checkbox', { name: 'NOFORN' }).check();
    await expect(page.getByTestId('banner-top')).toHaveText(BANNER);
    await declaring.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByTestId('banner-top')).toHaveText('UNCLASSIFIED');
    await page.getByRole('tab', { name: 'Plans' }).click();
    await page.getByRole('button', { name: 'Import plan…' }).click();
    const secretPlan = page.getByRole('dialog', { name: /Import a remediation plan/ });
    await secretPlan.getByLabel(/Plan file/).setInputFiles(markedPlan);
    await expect(secretPlan.getByTestId('file-marking')).toContainText(`The file marks itself ${BANNER} (metadata/remarks)`);
    await expect(page.getByTestId('banner-top')).toHaveText(BANNER);
    await secretPlan.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(secretPlan.getByRole('alert')).toContainText(`nist-plan-marked.json is marked ${BANNER} in its metadata/remarks; imported as UNCLASSIFIED it would be held under less than it says`);
    await secretPlan.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByText('No remediation plan yet.')).toBeVisible();

    await createPacket(page, ATLAS);
    await walk.visit('PacketEditor', editor(page), { banner: BANNER, axe: true, screenshot: true });
    await walk.visit('PacketList', page.getByRole('table', { name: 'Evaluation packets' }));
    await addThreshold(page, 'inspect_evals/cybench', 'accuracy', '0.3');
    await openWorkstationMenu(page, 'Thresholds');
    await walk.visit('ThresholdsDialog', page.getByRole('dialog', { name: 'Capability thresholds' }));
    await page.getByRole('dialog', { name: 'Capability thresholds' }).getByRole('button', { name: 'Close' }).click();

    // Results: the import dialog, the runs, the determination, a transcript, and the run's own dialogs.
    await page.getByRole('tab', { name: 'Results' }).click();
    await page.getByRole('button', { name: 'Import results…' }).click();
    const importing = page.getByRole('dialog', { name: /Import results/ });
    // A results table first: its column mapping must fit the dialog at every size.
    const table = path.join(temp, 'lab-results.csv');
    writeFileSync(table, 'Eval,Model Name,Metric,Score,SE,N\ninspect_evals/cybench,atlas-1,accuracy,0.62,0.05,40\n');
    await importing.getByLabel(/Results file/).setInputFiles(table);
    await expect(importing.getByText('results table, 1 row')).toBeVisible();
    await walk.visit('ImportResultsDialog', importing.getByLabel('Model under review in this table'), { banner: BANNER });
    await importing.getByLabel(/Results file/).setInputFiles(log.path);
    await walk.visit('ImportResultsDialog', importing, { banner: BANNER });
    await importing.getByRole('radio', { name: 'Government-reproduced' }).check();
    await importing.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported 1 run' })).toBeVisible();
    await walk.visit('ResultsPanel', page.locator('.runs-table'));
    await walk.visit('DeterminationView', page.getByRole('region', { name: /Covered-model determination/ }));
    await page.locator('.runs-table tbody tr').getByRole('button', { name: 'Samples' }).click();
    await page.getByRole('table', { name: /Sample scores/ }).getByRole('button', { name: /Open the transcript of sample/ }).first().click();
    const transcript = page.getByRole('dialog', { name: /^Sample .*, epoch 1$/ });
    await walk.visit('TranscriptDialog', transcript);
    await walk.visit('TranscriptView', transcript.locator('.transcript__message').first());
    await transcript.getByRole('button', { name: 'Close' }).click();
    await page.getByRole('button', { name: 'Change provenance and role of atlas.eval' }).click();
    await walk.visit('ReattributeRunDialog', page.getByRole('dialog', { name: 'Change provenance and role' }));
    await page.getByRole('dialog', { name: 'Change provenance and role' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Delete run atlas.eval' }).click();
    await walk.visit('DeleteRunDialog', page.getByRole('dialog', { name: 'Delete this run?' }));
    await page.getByRole('dialog', { name: 'Delete this run?' }).getByRole('button', { name: 'Cancel' }).click();

    // Findings: one at CUI beside the packet's, the CSAF import and export dialogs.
    await page.getByRole('tab', { name: 'Findings' }).click();
    await recordFinding(page, { title: 'Autonomous exploit chaining', kind: 'Model capability' });
    await walk.visit('FindingsPanel', page.getByRole('table', { name: /Findings/ }));
    await page.getByRole('button', { name: 'Edit the finding Autonomous exploit chaining' }).click();
    await walk.visit('FindingDialog', page.getByRole('dialog', { name: /Edit finding/ }));
    await page.getByRole('dialog', { name: /Edit finding/ }).getByRole('button', { name: /Cancel|Close/ }).first().click();
    await page.getByRole('button', { name: 'Export CSAF…' }).click();
    await walk.visit('ExportCsafDialog', page.getByRole('dialog', { name: 'Export for the clearinghouse (CSAF 2.0)' }), { banner: BANNER });
    await page.getByRole('dialog', { name: 'Export for the clearinghouse (CSAF 2.0)' }).getByRole('button', { name: 'Cancel' }).click();

    // Plans: a plan imported, the import dialog, the editor.
    await page.getByRole('tab', { name: 'Plans' }).click();
    await page.getByRole('button', { name: 'Import plan…' }).click();
    const planImport = page.getByRole('dialog', { name: /Import a remediation plan/ });
    await planImport.getByLabel(/Plan file/).setInputFiles(providedPath(NIST_POAM_EXAMPLE));
    await walk.visit('ImportDocumentDialog', planImport, { banner: BANNER });
    await planImport.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'as version 1' })).toBeVisible();
    await walk.visit('PlansPanel', page.getByRole('region', { name: /Plan versions/ }));
    await page.getByRole('button', { name: 'Edit latest version…' }).click();
    await walk.visit('PlanEditorDialog', page.getByRole('dialog', { name: 'Edit version 1 of the plan' }));
    await page.getByRole('dialog', { name: 'Edit version 1 of the plan' }).getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('tab', { name: 'Discussion' }).click();
    await walk.visit('DiscussionPanel', page.getByRole('heading', { name: /Discussion/ }).first(), { banner: BANNER });

    // The review report, made from all of the above: its document under the banner of what it holds.
    await page.getByRole('tab', { name: 'Report' }).click();
    await page.getByRole('button', { name: 'Make report' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Made version 1 of the report' })).toBeVisible();
    await walk.visit('ReportPanel', page.getByRole('region', { name: 'Review report, version 1' }), { banner: BANNER, axe: true });
    walk.done();
  });

  test('the workstation, bundles and the history', async ({ page }) => {
    test.setTimeout(180_000);
    const walk = walker(page, 'the workstation, bundles and the history');
    await openApp(page);
    await setSystemHigh(page, 'SECRET', ['NOFORN']);
    await openWorkstationMenu(page, 'Workstation settings');
    await walk.visit('WorkstationSettingsDialog', page.getByRole('dialog', { name: 'Workstation settings' }), { axe: true });
    await page.getByRole('dialog', { name: 'Workstation settings' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Profiles' }).click();
    await walk.visit('ProfilesDialog', page.getByRole('dialog', { name: 'Profiles' }));
    await page.getByRole('dialog', { name: 'Profiles' }).getByRole('button', { name: 'Close' }).click();
    const identity = await firstProfile(page, 'Dana Lead', 'CISA', temp);
    await openWorkstationMenu(page, 'Trusted signers');
    const trust = page.getByRole('dialog', { name: 'Trusted signers' });
    await walk.visit('TrustStoreDialog', trust);
    await trust.getByRole('button', { name: 'Close' }).click();
    // The workstation trusts its own lead, so it opens the bundle it exports below.
    await trustFile(page, identity);
    await openWorkstationMenu(page, 'Shortcuts');
    await walk.visit('ShortcutsDialog', page.getByRole('dialog', { name: 'Keyboard shortcuts' }));
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).getByRole('button', { name: 'Close' }).click();

    await createPacket(page, CIRRUS);
    await editor(page).getByRole('button', { name: 'Close editor' }).click();
    await createPacket(page, ATLAS);
    await editor(page).getByRole('button', { name: 'Assign reviewers…' }).click();
    await walk.visit('AssignDialog', page.getByRole('dialog', { name: 'Assign reviewers' }), { banner: BANNER });
    await page.getByRole('dialog', { name: 'Assign reviewers' }).getByRole('button', { name: 'Cancel' }).click();
    await editor(page).getByRole('button', { name: 'Close editor' }).click();

    // Over a list that shows only the unclassified packet, the bundle dialogs must raise the banner themselves.
    await page.getByLabel('Filter packets').fill('Cirrus');
    await expect(packetRows(page)).toHaveCount(1);
    await expect(page.getByTestId('banner-top')).toHaveText('UNCLASSIFIED');
    await page.getByRole('button', { name: 'Bundles' }).click();
    await page.getByRole('button', { name: 'Export bundle…' }).click();
    const exporting = page.getByRole('dialog', { name: 'Export a review bundle' });
    await walk.visit('ExportBundleDialog', exporting, { banner: BANNER, axe: true });
    await exporting.getByRole('checkbox', { name: /Example AI Atlas atlas-1/ }).check();
    await exporting.getByRole('radio', { name: /A passphrase/ }).check();
    await exporting.getByLabel('Bundle passphrase').fill(PASSPHRASE);
    const download = page.waitForEvent('download');
    await exporting.getByRole('button', { name: 'Sign and export…' }).click();
    const bundle = path.join(temp, (await download).suggestedFilename());
    await (await download).saveAs(bundle);
    // The message names the bundle's file, after its packet: it shows under the bundle's marking until dismissed.
    await expect(page.getByRole('status').filter({ hasText: 'Exported 1 packet' })).toBeVisible();
    await expect(page.getByTestId('banner-top')).toHaveText(BANNER);
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    await expect(page.getByTestId('banner-top')).toHaveText('UNCLASSIFIED');
    // It stays in the session's notifications, which show under its marking while open.
    await page.getByRole('button', { name: /^Notifications \(\d+\)$/ }).click();
    const notices = page.getByRole('region', { name: 'Notifications of this session' });
    await walk.visit('NotificationList', notices, { banner: BANNER });
    await expect(notices.getByRole('listitem').first()).toContainText('Exported 1 packet');
    await page.keyboard.press('Escape');
    await expect(notices).toBeHidden();
    await expect(page.getByTestId('banner-top')).toHaveText('UNCLASSIFIED');

    await page.getByRole('button', { name: 'Bundles' }).click();
    await page.getByRole('button', { name: 'Import bundle…' }).click();
    const importing = page.getByRole('dialog', { name: 'Import a review bundle' });
    await importing.getByLabel(/Bundle passphrase/).fill(PASSPHRASE);
    const chooser = page.waitForEvent('filechooser');
    await importing.getByRole('button', { name: 'Choose bundle…' }).click();
    await (await chooser).setFiles(bundle);
    const held = importing.getByRole('table', { name: 'What the bundle holds' });
    await walk.visit('ImportBundleDialog', held, { banner: BANNER, axe: true, screenshot: true });
    // Each record of the preview carries its portion mark; the manifest says the bundle's marking.
    const rows = held.locator('tbody tr');
    await expect(rows.first()).toBeVisible();
    expect(await rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) await expect(row.getByRole('cell').first()).toHaveText(/^\((U|CUI|C|S|TS)(\/\/[^)]*)?\)$/);
    await expect(importing.getByTestId('bundle-marking')).toHaveText(`The bundle's signed manifest marks it ${BANNER}.`);
    // Merged, the bundle leaves its history's checkpoint seen here, which a team lead may forget.
    await importing.getByRole('button', { name: 'Merge' }).click();
    await expect(importing).toBeHidden();

    await page.keyboard.press('Alt+H');
    await walk.visit('HistoryPage', page.getByRole('grid', { name: 'Review history events' }), { banner: BANNER, screenshot: true });
    await walk.visit('IntegrityPanel', page.getByRole('region', { name: /integrity/i }).first());
    await page.getByText(/histories seen here \(1\)/).click();
    await page.getByRole('button', { name: /^Forget the history of / }).click();
    await walk.visit('ForgetHistory', page.getByRole('dialog', { name: 'Forget this history?' }));
    await page.getByRole('dialog', { name: 'Forget this history?' }).getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: 'Dana Lead · Team lead' }).click();
    await page.getByRole('dialog', { name: 'Profiles' }).getByRole('button', { name: 'Lock now' }).click();
    await walk.visit('LockScreen', page.getByRole('heading', { name: 'Frontier Review is locked' }));
    walk.done();
  });

  test('comparisons', async ({ page }) => {
    test.setTimeout(120_000);
    const walk = walker(page, 'comparisons');
    const developer = await generateInspectLog(path.join(temp, 'developer.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.3, nanRate: 0, errorRate: 0, limitRate: 0, seed: 6 });
    const reproduced = await generateInspectLog(path.join(temp, 'reproduced.eval'), { benchmark: CYBER_BENCHMARKS.cybench, model: 'example/atlas', solveRate: 0.5, nanRate: 0, errorRate: 0, limitRate: 0, seed: 7 });
    await openApp(page);
    await setSystemHigh(page, 'SECRET', ['NOFORN']);
    await createPacket(page, ATLAS);
    await page.getByRole('tab', { name: 'Results' }).click();
    await importTwoRuns(page, developer.path, reproduced.path);

    await page.keyboard.press('Alt+C');
    await walk.visit('ComparePage', page.getByRole('heading', { name: 'Compare runs' }));
    await page.getByRole('button', { name: 'New comparison…' }).click();
    const picker = page.getByRole('dialog', { name: 'New comparison' });
    await walk.visit('RunPickerDialog', picker, { banner: BANNER });
    await picker.getByRole('checkbox', { name: /developer\.eval/ }).check();
    await picker.getByRole('checkbox', { name: /reproduced\.eval/ }).check();
    await picker.getByLabel('Name').fill('Atlas reproduction');
    await picker.getByRole('button', { name: 'Compare' }).click();
    await walk.visit('ComparisonView', page.getByRole('list', { name: 'Runs in this comparison' }), { banner: BANNER });
    await page.getByRole('tab', { name: 'Samples' }).click();
    const grid = page.getByRole('grid', { name: 'Samples across the runs' });
    await grid.getByRole('row').nth(1).click();
    await page.getByRole('button', { name: /side by side/ }).click();
    await walk.visit('SampleSideBySide', page.getByRole('dialog', { name: /: transcripts$/ }), { banner: BANNER });
    walk.done();
  });
});
