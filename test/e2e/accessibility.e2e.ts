import path from 'node:path';
import { fileURLToPath } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { createPacket, openApp, setSystemHigh } from './app.js';
import { expect, test } from './fixtures.js';

const NIST_PLAN = path.resolve(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared/fixtures/oscal/nist-ifa_plan-of-action-and-milestones.json');

/** WCAG 2.2 A and AA, plus axe's best practices. */
async function violations(page: Page) {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

test('every screen passes axe: empty list, list with packets, editor, results, plans, settings and shortcuts', async ({ page }) => {
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
  await page.getByRole('button', { name: 'Thresholds' }).click();
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
  await page.getByRole('tab', { name: 'Details' }).click();

  await page.getByRole('button', { name: 'Close editor' }).click();
  expect(await violations(page), 'list').toEqual([]);

  await page.getByRole('button', { name: 'Workstation settings' }).click();
  expect(await violations(page), 'settings dialog').toEqual([]);
  await page.keyboard.press('Escape');

  await page.getByRole('button', { name: 'Shortcuts' }).click();
  expect(await violations(page), 'shortcuts dialog').toEqual([]);
});
