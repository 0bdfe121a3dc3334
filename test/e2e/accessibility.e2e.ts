import { createPacket, openApp, setSystemHigh, openWorkstationMenu, violations } from './app.js';
import { expect, test } from './fixtures.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../fixtures/provided.js';

const NIST_PLAN = providedPath(NIST_POAM_EXAMPLE);

/** WCAG 2.2 A and AA, plus axe's best practices. */
test('every screen passes axe: empty list, list with packets, editor, results, findings, plans, settings and shortcuts', async ({ page }) => {
  // Many screens, each scanned in full: more than the default time on a 2-core machine.
  test.setTimeout(180_000);
  await openApp(page);
  expect(await violations(page), 'empty list').toEqual([]);

  await setSystemHigh(page, 'TOP SECRET', ['SI', 'NOFORN']);
  await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', level: 'TOP SECRET', controls: ['SI'] });
  await createPacket(page, { developer: 'Other Lab', modelName: 'Borealis', modelVersion: 'v2', accessGranted: '2026-10-01', plannedRelease: '2026-11-20', level: 'CUI', controls: ['SP-PROPIN', 'FED ONLY'] });
  expect(await violations(page), 'list with the editor open').toEqual([]);

  await page.getByRole('tab', { name: 'Results' }).click();
  await expect(page.getByTestId('determination-outcome')).toHaveText('Undetermined');
  expect(await violations(page), 'results tab').toEqual([]);
  await page.getByRole('button', { name: 'Import results…' }).click();
  expect(await violations(page), 'import dialog').toEqual([]);
  await page.keyboard.press('Escape');
  await openWorkstationMenu(page, 'Thresholds');
  await page.getByRole('dialog', { name: 'Capability thresholds' }).getByRole('button', { name: 'Add threshold' }).click();
  expect(await violations(page), 'threshold form').toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Plans' }).click();
  await page.getByRole('button', { name: 'Import plan…' }).click();
  const importPlan = page.getByRole('dialog', { name: /Import a remediation plan/ });
  expect(await violations(page), 'plan import dialog').toEqual([]);
  await importPlan.getByLabel(/Plan file/).setInputFiles(NIST_PLAN);
  await importPlan.getByRole('button', { name: 'Import', exact: true }).click();
  await expect(page.getByRole('table', { name: /Items of version 1/ })).toBeVisible();
  expect(await violations(page), 'plans tab with a version').toEqual([]);
  await page.getByRole('button', { name: 'Edit latest version…' }).click();
  expect(await violations(page), 'plan editor').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('tab', { name: 'Findings' }).click();
  await page.getByRole('button', { name: 'Record finding…' }).click();
  const finding = page.getByRole('dialog', { name: /Record a finding/ });
  await finding.getByLabel('Kind').selectOption({ label: 'Third-party software vulnerability' });
  await finding.getByRole('button', { name: 'Add product' }).click();
  expect(await violations(page), 'finding dialog').toEqual([]);
  await finding.getByLabel('Title').fill('Heap overflow in an image library');
  await finding.getByLabel('Description').fill('The model wrote a working exploit.');
  await finding.getByLabel('CVSS vector').fill('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H');
  await finding.getByLabel('Vendor of product 1').fill('Example');
  await finding.getByLabel('Name of product 1').fill('libimg');
  await finding.getByLabel('Affected version of product 1').fill('2.1');
  await finding.getByRole('button', { name: 'Record finding' }).click();
  await expect(page.getByRole('table', { name: /Findings/ }).getByRole('row')).toHaveCount(2);
  expect(await violations(page), 'findings tab with a finding held against the plan').toEqual([]);
  await page.getByRole('button', { name: 'Export CSAF…' }).click();
  expect(await violations(page), 'CSAF export dialog').toEqual([]);
  await page.keyboard.press('Escape');
  await page.getByRole('tab', { name: 'Details' }).click();

  await page.getByRole('button', { name: 'Close editor' }).click();
  expect(await violations(page), 'list').toEqual([]);

  await openWorkstationMenu(page, 'Workstation settings');
  expect(await violations(page), 'settings dialog').toEqual([]);
  await page.keyboard.press('Escape');

  await openWorkstationMenu(page, 'History integrity');
  await expect(page.getByTestId('integrity-verdict')).toBeVisible();
  expect(await violations(page), 'review history page').toEqual([]);
  await page.keyboard.press('Escape');

  await openWorkstationMenu(page, 'Shortcuts');
  expect(await violations(page), 'shortcuts dialog').toEqual([]);
});
