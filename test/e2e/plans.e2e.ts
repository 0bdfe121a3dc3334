import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { createPacket, openApp } from './app.js';
import { expect, test } from './fixtures.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../fixtures/provided.js';
import { fedrampPoam } from '../fixtures/fedramp-poam.js';
import { leavesNotKept } from '../fixtures/json-leaves.js';

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

  test('a FedRAMP POA&M imports whole, lists what the file gave twice, and exports every field it came with', async ({ page }) => {
    const fedramp = path.join(temp, 'fedramp-poam.json');
    writeFileSync(fedramp, JSON.stringify(fedrampPoam('rev5'), null, 2).replace('"title": "Weakness Name",', '"title": "Draft name", "title": "Weakness Name",'));
    await importPlan(page, fedramp);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported fedramp-poam.json as version 1, with 1 problem noted.');
    await expect(page.getByRole('note')).toContainText('/plan-of-action-and-milestones/risks/0/title: "title" is given twice in the same object; JSON keeps the last value, so the first is left out.');
    const items = page.getByRole('table', { name: /Items of version/ });
    await expect(items.getByRole('row').nth(1)).toContainText('[EXAMPLE]POA&M Item');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export OSCAL' }).click();
    const text = await (await (await download).createReadStream()).toArray().then((chunks) => Buffer.concat(chunks as Buffer[]).toString('utf8'));
    const root = '/plan-of-action-and-milestones/metadata';
    // Only the dates and version of the document, and the marking the export gives it, change.
    expect(leavesNotKept(fedrampPoam('rev5'), JSON.parse(text), [`${root}/last-modified`, `${root}/oscal-version`, `${root}/props/`, `${root}/remarks`])).toEqual([]);
    expect((JSON.parse(text) as { 'plan-of-action-and-milestones': { metadata: { props: unknown[] } } })['plan-of-action-and-milestones'].metadata.props).toContainEqual({ name: 'resolution-resource', ns: 'https://fedramp.gov/ns/oscal', value: 'ace2963d-ecb4-4be5-bdd0-1f6fd7610f41' });
  });

  test('the latest version is edited into the next one: owners, a deadline, a deviation request with its reason, a milestone and a new item', async ({ page }) => {
    await importPlan(page, NIST_EXAMPLE);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('as version 1');
    await page.getByRole('button', { name: 'Edit latest version…' }).click();
    const editor = page.getByRole('dialog', { name: 'Edit version 1 of the plan' });
    // Escape with changes made asks before it throws them away.
    await editor.getByLabel('Owner of item 2').fill('Someone');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog', { name: 'Discard your changes to the plan?' }).getByRole('button', { name: 'Cancel' }).click();
    await expect(editor.getByLabel('Owner of item 2')).toHaveValue('Someone');
    await editor.getByLabel('Owner of item 2').fill('GoodRead product team');
    const risk = 'IFA-GOODREAD-RISK-2: GoodRead System Engineers Have Over-Privileged Access to Cloud Infrastructure Account';
    await editor.getByLabel('Status of risk 1 of item 2').selectOption('deviation-requested');
    await editor.getByLabel('Deadline of risk 1 of item 2').fill('2026-12-20');
    const remediation = 'remediation 1 of risk 1 of item 2';
    await editor.getByRole('button', { name: `Add a milestone to ${remediation}` }).click();
    await editor.getByLabel(`Title of milestone 2 of ${remediation}`, { exact: true }).fill('Access review of engineer roles');
    await editor.getByLabel(`Date of milestone 2 of ${remediation}`, { exact: true }).fill('2026-12-15');
    await editor.getByLabel(`Owner of milestone 2 of ${remediation}`, { exact: true }).fill('J. Doe');
    await editor.getByRole('button', { name: 'Add item' }).click();
    await editor.getByLabel('Title of item 3').fill('Rotate the cloud root credentials');

    // A status that moves needs its reason; nothing is saved without it.
    await editor.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(editor.getByRole('alert')).toHaveText(`Say why the status of "${risk}" changed; the reason goes in the risk log.`);
    await editor.getByLabel(/Why the statuses changed/).fill('Least privilege needs the new identity provider, due in January.');
    await editor.getByRole('button', { name: 'Save as version 2' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Saved' })).toHaveText('Saved the edit as version 2.');

    const versions = page.getByRole('table', { name: /Plan versions/ });
    await expect(versions.getByRole('row').nth(2)).toContainText('edited in Frontier Review from version 1');
    const items = page.getByRole('table', { name: /Items of version 2/ });
    await expect(items.getByRole('row')).toHaveCount(4);
    await expect(items.getByRole('row').nth(2)).toContainText('Owner: GoodRead product team');
    await expect(items.getByRole('row').nth(2)).toContainText('deviation-requested');
    // The new item's own risk is named after it, not left with the placeholder.
    await expect(items.getByRole('row').nth(3).getByRole('cell').nth(1)).toHaveText('Rotate the cloud root credentials');
    // Added: the new item with its risk and remediation, and the milestone. Changed: item 2 (its
    // owner) and its risk (status and deadline, moved from 2023-06-23 to 2026-12-20).
    await expect(page.getByTestId('plan-comparison-summary')).toHaveText('4 added, 0 removed, 2 changed; 1 deadline slipped; 1 status change.');
  });
});
