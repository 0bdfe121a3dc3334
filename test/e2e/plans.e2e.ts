import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createPacket, openApp } from './app.js';
import { expect, test } from './fixtures.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../fixtures/provided.js';

const NIST_EXAMPLE = providedPath(NIST_POAM_EXAMPLE);
const temp = mkdtempSync(path.join(tmpdir(), 'frontier-review-plans-'));

async function importPlan(page: Page, file: string): Promise<void> {
  await page.getByRole('button', { name: 'Import plan…' }).click();
  const dialog = page.getByRole('dialog', { name: /Import a remediation plan/ });
  await dialog.getByLabel(/Plan file/).setInputFiles(file);
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
}

test.describe('remediation plans', () => {
  test.beforeEach(async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await page.getByRole('tab', { name: 'Plans' }).click();
    await expect(page.getByText('No remediation plan yet.')).toBeVisible();
  });

  test('the developer\'s plan imports as version 1 with its broken reference shown, and a revised plan becomes version 2', async ({ page }) => {
    await importPlan(page, NIST_EXAMPLE);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported nist-ifa_plan-of-action-and-milestones.json as version 1, with 1 problem noted.');
    const versions = page.getByRole('table', { name: /Plan versions/ });
    await expect(versions.getByRole('row')).toHaveCount(2);
    await expect(page.getByRole('note')).toContainText('which is a mitigating factor of risk "IFA-GOODREAD-RISK-1');
    const items = page.getByRole('table', { name: /Items of version/ });
    await expect(items.getByRole('row')).toHaveCount(3);
    await expect(items.getByRole('row').nth(2)).toContainText('IFA-GOODREAD-RISK-2');

    // The developer's revision: the first risk closed a month late, the first item dropped.
    const document = JSON.parse(readFileSync(NIST_EXAMPLE, 'utf8')) as {
      'plan-of-action-and-milestones': { metadata: { version: string }; risks: { status: string; deadline: string }[]; 'poam-items': unknown[] };
    };
    const poam = document['plan-of-action-and-milestones'];
    poam.metadata.version = '1.2';
    poam.risks[0]!.status = 'closed';
    poam.risks[0]!.deadline = '2024-01-31T05:00:00-04:00';
    poam['poam-items'].splice(0, 1);
    const revised = path.join(temp, 'goodread-poam-rev2.json');
    writeFileSync(revised, JSON.stringify(document));
    await importPlan(page, revised);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported goodread-poam-rev2.json as version 2.');
    await expect(versions.getByRole('row')).toHaveCount(3);
    await expect(page.getByRole('heading', { name: /Items of version 2/ })).toBeVisible();

    // Version 1 against version 2.
    await expect(page.getByTestId('plan-comparison-summary')).toHaveText('0 added, 1 removed, 1 changed; 1 deadline slipped; 1 status change.');
    const comparison = page.getByRole('table', { name: 'Compare versions' });
    await expect(comparison.getByRole('row')).toHaveCount(3);
    await page.getByRole('checkbox', { name: 'Only status changes' }).check();
    await expect(comparison.getByRole('row')).toHaveCount(2);
    await expect(comparison.getByRole('row').nth(1)).toContainText('deviation-approved → closed');
    await expect(comparison.getByRole('row').nth(1)).toContainText('30 days later');
  });

  test('a file that is not a plan is refused with its fault named, and nothing is saved', async ({ page }) => {
    const wrong = path.join(temp, 'ssp.json');
    writeFileSync(wrong, JSON.stringify({ 'system-security-plan': { uuid: '714210d2-f8df-448c-be3e-e2213816cf79' } }));
    await importPlan(page, wrong);
    await expect(page.getByRole('alert')).toHaveText('ssp.json: it is an OSCAL system security plan, not a plan of action and milestones.');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();
    await expect(page.getByText('No remediation plan yet.')).toBeVisible();
  });

  test('a version exports as OSCAL JSON that reads as the same plan', async ({ page }) => {
    await importPlan(page, NIST_EXAMPLE);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('as version 1');
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export OSCAL' }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('IFA-GoodRead-Plan-of-Action-and-Milestones-v1.oscal.json');
    const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]).toString('utf8'));
    const exported = JSON.parse(text) as { 'plan-of-action-and-milestones': { metadata: Record<string, string>; 'poam-items': unknown[] } };
    expect(exported['plan-of-action-and-milestones'].metadata).toMatchObject({ title: 'IFA GoodRead Plan of Action and Milestones', version: '1.1', 'oscal-version': '1.1.2' });
    expect(exported['plan-of-action-and-milestones']['poam-items']).toHaveLength(2);
  });
});
