import { readFileSync } from 'node:fs';
import type { Download } from '@playwright/test';
import { csafFailures } from '../fixtures/csaf-validation.js';
import { vendorAdvisory } from '../fixtures/csaf-vendor.js';
import { poamSchemaErrors } from '../fixtures/oscal-schema.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../fixtures/provided.js';
import { createPacket, fillFinding, findingDialog, importResults, openApp, recordFinding, violations, type FindingInput } from './app.js';
import { expect, test } from './fixtures.js';

async function downloaded(download: Promise<Download>): Promise<unknown> {
  const path = await (await download).path();
  return JSON.parse(readFileSync(path, 'utf8')) as unknown;
}

const XXE: FindingInput = {
  title: 'XML external entities in the CVRF converter',
  kind: 'Third-party software vulnerability',
  cvss: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N',
  cwe: 'CWE-611',
  product: ['CSAF Tools', 'CVRF-CSAF-Converter', '1.0.0-rc1'],
};

test.describe('findings', () => {
  test.beforeEach(async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10', agencies: ['CISA'] });
    await page.getByRole('tab', { name: 'Findings' }).click();
    await expect(page.getByText('No findings yet.')).toBeVisible();
  });

  test('a vulnerability is scored from its vector, the same one reported again is merged, and it exports as CSAF that the BSI validator accepts', async ({ page }) => {
    await page.getByRole('button', { name: 'Record finding…' }).click();
    await fillFinding(page, XXE);
    const dialog = findingDialog(page);
    await expect(dialog.getByText('CVSS 3.1 base score 6.1 (Medium)')).toBeVisible();
    await expect(dialog.getByText('Improper Restriction of XML External Entity Reference')).toBeVisible();
    await expect(dialog.getByLabel('Severity')).toBeDisabled();
    await dialog.getByRole('button', { name: 'Record finding' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Recorded' })).toHaveText('Recorded "XML external entities in the CVRF converter".');
    const table = page.getByRole('table', { name: /Findings/ });
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('medium 6.1');

    // A colleague reports the same issue, titled a little differently.
    await recordFinding(page, { ...XXE, title: 'XML External Entities in the CVRF Converter' });
    await expect(page.getByRole('status').filter({ hasText: 'merged' })).toHaveText(
      '"XML External Entities in the CVRF Converter" is the same issue as "XML external entities in the CVRF converter"; the reports were merged (2 reports).',
    );
    await expect(table.getByRole('row')).toHaveCount(2);
    await expect(table.getByRole('row').nth(1)).toContainText('2 reports');
    // The search box finds a finding by its CWE as well as its title.
    await page.getByRole('searchbox', { name: 'Search' }).fill('cwe-611');
    await expect(table.getByRole('row')).toHaveCount(2);
    await page.getByRole('searchbox', { name: 'Search' }).fill('CWE-79');
    await expect(page.getByText('No findings match.')).toBeVisible();
    await page.getByRole('searchbox', { name: 'Search' }).fill('');

    await page.getByRole('button', { name: 'Export CSAF…' }).click();
    const exportDialog = page.getByRole('dialog', { name: /CSAF 2.0/ });
    await expect(exportDialog.getByTestId('csaf-export-summary')).toHaveText('1 third-party software vulnerability; the advisory is marked UNCLASSIFIED in its distribution statement.');
    await expect(exportDialog.getByLabel('Publisher', { exact: true })).toHaveValue('Cybersecurity and Infrastructure Security Agency');
    const download = page.waitForEvent('download');
    await exportDialog.getByRole('button', { name: 'Export advisory' }).click();
    const advisory = (await downloaded(download)) as { document: { publisher: { namespace: string } }; vulnerabilities: { cwe: { id: string } }[] };
    expect(advisory.document.publisher.namespace).toBe('https://www.cisa.gov');
    expect(advisory.vulnerabilities.map((v) => v.cwe.id)).toEqual(['CWE-611']);
    expect(await csafFailures(advisory)).toEqual([]);
    await expect(page.getByRole('status').filter({ hasText: 'Exported' })).toContainText('Exported 1 vulnerability as CSAF 2.0 advisory FR-');
  });

  test('bad input is named on its field and nothing is saved; a status change asks for a reason', async ({ page }) => {
    await page.getByRole('button', { name: 'Record finding…' }).click();
    await fillFinding(page, { ...XXE, cve: 'CVE-26-1' });
    const dialog = findingDialog(page);
    await dialog.getByRole('button', { name: 'Record finding' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('A CVE id looks like CVE-2026-12345.');
    await expect(dialog.getByLabel('CVE')).toHaveAttribute('aria-invalid', 'true');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByText('No findings yet.')).toBeVisible();

    // Evidence: a run imported on the Results tab, and one of its samples.
    await page.getByRole('tab', { name: 'Results' }).click();
    await importResults(page, providedPath('inspect/log_formats.eval'), 'Government-reproduced');
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toBeVisible();
    await page.getByRole('tab', { name: 'Findings' }).click();
    await page.getByRole('button', { name: 'Record finding…' }).click();
    await fillFinding(page, { title: 'Autonomous exploit chaining', kind: 'Model capability' });
    await dialog.getByLabel('Sample id (optional)').fill('42');
    await dialog.getByRole('button', { name: 'Add run' }).click();
    await expect(dialog.getByRole('button', { name: /^Remove .*, sample 42 from the evidence$/ })).toBeVisible();
    await dialog.getByRole('button', { name: 'Record finding' }).click();
    await expect(page.getByRole('table', { name: /Findings/ }).getByRole('row').nth(1)).toContainText('· sample 42');
    // The evidence links to its run and sample on the Results tab, and back.
    await page.getByRole('button', { name: /· sample 42$/ }).click();
    await expect(page.getByRole('tab', { name: 'Results' })).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByRole('table', { name: /Sample scores of log_formats\.eval/ })).toBeVisible();
    await expect(page.getByLabel('Filter samples by id')).toHaveValue('42');
    await page.getByRole('tab', { name: 'Findings' }).click();
    await page.getByRole('button', { name: 'Edit the finding Autonomous exploit chaining' }).click();
    await dialog.getByLabel('Status').selectOption('investigating');
    await dialog.getByRole('button', { name: 'Save finding' }).click();
    await expect(dialog.getByRole('alert')).toHaveText('Say why the status moves from "open" to "investigating".');
    await dialog.getByLabel(/Reason for moving/).fill('Reproduced on the second snapshot.');
    await dialog.getByRole('button', { name: 'Save finding' }).click();
    await expect(page.getByRole('table', { name: /Findings/ }).getByRole('row').nth(1)).toContainText('investigating');
  });

  test('findings are held against the developer\'s plan, and model weaknesses export as OSCAL risks NIST\'s schema accepts', async ({ page }) => {
    await recordFinding(page, { title: 'Autonomous exploit chaining', kind: 'Model capability' });
    await recordFinding(page, { title: 'Refusals bypassed by role-play framing', kind: 'Safeguard gap', cwe: 'CWE-1427' });
    await expect(page.getByText('No remediation plan yet. Import the developer')).toBeVisible();

    await page.getByRole('tab', { name: 'Plans' }).click();
    await page.getByRole('button', { name: 'Import plan…' }).click();
    const importDialog = page.getByRole('dialog', { name: /Import a remediation plan/ });
    await importDialog.getByLabel(/Plan file/).setInputFiles(providedPath(NIST_POAM_EXAMPLE));
    await importDialog.getByRole('button', { name: 'Import', exact: true }).click();
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('as version 1');

    await page.getByRole('tab', { name: 'Findings' }).click();
    const counts = page.getByTestId('findings-plan-counts');
    // NIST's example is from 2023-24: its one open risk's deadline and milestone are both past.
    await expect(counts).toHaveText(/2 open findings without a remediation.*1 remediation with no finding.*0 dates after the planned release \(2026-12-10\).*2 overdue dates/);

    await page.getByRole('button', { name: 'Edit the finding Autonomous exploit chaining' }).click();
    const dialog = findingDialog(page);
    await dialog.getByRole('checkbox', { name: 'GoodRead System Engineers Have Over-Privileged Access to Cloud Infrastructure Account' }).check();
    await dialog.getByRole('button', { name: 'Save finding' }).click();
    await expect(counts).toHaveText(/1 open finding without a remediation.*0 remediations with no finding/);
    await expect(page.getByRole('region', { name: /Findings against the plan/ })).toContainText('Refusals bypassed by role-play framing (open): No plan item answers it.');

    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Export OSCAL risks' }).click();
    const poam = (await downloaded(download)) as { 'plan-of-action-and-milestones': { risks: { title: string }[] } };
    expect(poamSchemaErrors(poam as object)).toEqual([]);
    expect(poam['plan-of-action-and-milestones'].risks.map((r) => r.title).sort()).toEqual(['Autonomous exploit chaining', 'Refusals bypassed by role-play framing']);
  });

  test('a CSAF advisory imports as findings with the advisory as evidence, and the same file twice is refused', async ({ page }) => {
    const importAdvisory = async () => {
      await page.getByRole('button', { name: 'Import CSAF…' }).click();
      const dialog = page.getByRole('dialog', { name: /Import a CSAF advisory/ });
      await dialog.getByLabel(/Advisory file/).setInputFiles(providedPath('csaf/csaf-2.0-bsi-2022-0001.json'));
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      return dialog;
    };
    await importAdvisory();
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported BSI-2022-0001: 1 new finding, 0 merged into findings of the same issue.');
    const row = page.getByRole('table', { name: /Findings/ }).getByRole('row').nth(1);
    await expect(row).toContainText('CVRF-CSAF-Converter: XML External Entities Vulnerability');
    await expect(row).toContainText('CVE-2022-27193 · CWE-611');
    // The advisory states the same base score, 6.1.
    await expect(row).toContainText('medium 6.1');
    await expect(row).toContainText('csaf-2.0-bsi-2022-0001.json');

    const dialog = await importAdvisory();
    await expect(dialog.getByRole('alert')).toHaveText(
      'csaf-2.0-bsi-2022-0001.json was already imported into this packet (same SHA-256; it is evidence of "CVRF-CSAF-Converter: XML External Entities Vulnerability").',
    );
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('table', { name: /Findings/ }).getByRole('row')).toHaveCount(2);
  });

  test('a fixed-only advisory comes in closed with every product on its platform, what did not come across is listed with its pointer, and the export keeps every status', async ({ page }) => {
    const importFile = async (file: string | { name: string; mimeType: string; buffer: Buffer }) => {
      await page.getByRole('button', { name: 'Import CSAF…' }).click();
      const dialog = page.getByRole('dialog', { name: /Import a CSAF advisory/ });
      await dialog.getByLabel(/Advisory file/).setInputFiles(file);
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(dialog).toHaveCount(0);
    };
    await importFile(providedPath('csaf/rhsa-2022_0011.json'));
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toHaveText('Imported RHSA-2022:0011: 1 new finding, 0 merged into findings of the same issue; 1 note below.');
    const notes = page.getByRole('note', { name: 'What the advisory held that did not come across' });
    await expect(notes).toContainText('/vulnerabilities/0: "CVE-2020-10188 telnet-server');
    const table = page.getByRole('table', { name: /Findings/ });
    const row = table.getByRole('row').nth(1);
    await expect(row).toContainText('closed');
    // Fifteen packages on three platforms, none folded into another; listed on request.
    await row.getByText('15 fixed').click();
    await expect(row.locator('details').getByRole('listitem')).toHaveCount(15);
    await expect(row).toContainText('telnet-server-1:0.17-65.el7_6.x86_64 as a component of Red Hat Enterprise Linux Server TUS (v. 7.6)');
    expect(await violations(page), 'findings with products by status, and the import notes').toEqual([]);

    // An advisory holding what CSAF 2.0 does not define: it is listed with its JSON pointer.
    const bsi = JSON.parse(readFileSync(providedPath('csaf/csaf-2.0-bsi-2022-0001.json'), 'utf8')) as { document: Record<string, unknown> };
    bsi.document.x_vendor_rating = 'urgent';
    await importFile({ name: 'bsi-extended.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(bsi)) });
    await expect(notes).toContainText('/document/x_vendor_rating: The document has no "x_vendor_rating" in CSAF 2.0, so it is not kept.');
    await page.getByRole('button', { name: 'Edit the finding CVRF-CSAF-Converter: XML External Entities Vulnerability' }).click();
    const dialog = findingDialog(page);
    await expect(dialog.getByRole('region', { name: 'From the advisories' })).toContainText('vendor fix: Update to the latest version of the product. At least version 1.0.0-rc2 (5 products)');
    await expect(dialog.getByText('5 affected · 1 first fixed · 1 fixed')).toBeVisible();
    expect(await violations(page), 'a finding read from an advisory').toEqual([]);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    await page.getByRole('button', { name: 'Export CSAF…' }).click();
    const exportDialog = page.getByRole('dialog', { name: /CSAF 2.0/ });
    const download = page.waitForEvent('download');
    await exportDialog.getByRole('button', { name: 'Export advisory' }).click();
    const advisory = (await downloaded(download)) as { vulnerabilities: { cve: string; product_status: Record<string, string[]>; remediations: unknown[] }[] };
    expect(await csafFailures(advisory)).toEqual([]);
    const byCve = new Map(advisory.vulnerabilities.map((v) => [v.cve, v]));
    expect(Object.fromEntries(Object.entries(byCve.get('CVE-2020-10188')?.product_status ?? {}).map(([s, ids]) => [s, ids.length]))).toEqual({ fixed: 15 });
    expect(Object.fromEntries(Object.entries(byCve.get('CVE-2022-27193')?.product_status ?? {}).map(([s, ids]) => [s, ids.length]))).toEqual({ known_affected: 5, first_fixed: 1, fixed: 1 });
    expect(byCve.get('CVE-2022-27193')?.remediations).toHaveLength(1);
  });

  test('a vendor advisory that leaves out thousands of products lists the first 50 and counts the rest; a later report that one version is fixed shows beside the first', async ({ page }) => {
    const importFile = async (name: string, document: unknown) => {
      await page.getByRole('button', { name: 'Import CSAF…' }).click();
      const dialog = page.getByRole('dialog', { name: /Import a CSAF advisory/ });
      await dialog.getByLabel(/Advisory file/).setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(document)) });
      await dialog.getByRole('button', { name: 'Import', exact: true }).click();
      await expect(dialog).toHaveCount(0);
    };
    // 2,520 releases given three times; 296 are named (259 affected, 37 fixed), each other definition is left out.
    const { document } = vendorAdvisory({ trains: 42, releasesPerTrain: 60, affected: 259, duplicates: true });
    await importFile('vendor.json', document);
    const left = 3 * (42 * 60 - 259 - 37);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText(`${left.toLocaleString('en-US')} notes below`);
    const notes = page.getByRole('note', { name: 'What the advisory held that did not come across' });
    await expect(notes.getByText(`What the advisory held that did not come across, and why (${left.toLocaleString('en-US')}):`)).toBeVisible();
    await expect(notes.getByRole('listitem')).toHaveCount(50);
    await expect(notes).toContainText(`…and ${(left - 50).toLocaleString('en-US')} more, not shown here.`);

    // The BSI's advisory, then a later statement that 1.0.0-rc1 is fixed: one open finding, naming the version under both.
    const bsi = JSON.parse(readFileSync(providedPath('csaf/csaf-2.0-bsi-2022-0001.json'), 'utf8')) as { document: { tracking: { id: string } }; vulnerabilities: { product_status: unknown }[] };
    await importFile('bsi.json', bsi);
    bsi.document.tracking.id = 'BSI-2022-0001-VEX';
    bsi.vulnerabilities[0]!.product_status = { fixed: ['CSAFPID-0005'] };
    await importFile('bsi-fixed.json', bsi);
    await expect(page.getByRole('status').filter({ hasText: 'Imported' })).toContainText('0 new findings, 1 merged');
    const row = page.getByRole('table', { name: /Findings/ }).getByRole('row').filter({ hasText: 'CVE-2022-27193' });
    await expect(row).toContainText('open');
    await row.getByText('5 affected · 1 first fixed · 2 fixed').click();
    const groups = row.locator('.finding-statuses__group');
    await expect(groups.filter({ hasText: 'Affected' }).getByRole('listitem').filter({ hasText: '1.0.0-rc1' })).toHaveCount(1);
    await expect(groups.filter({ hasText: /^Fixed/ }).getByRole('listitem').filter({ hasText: '1.0.0-rc1' })).toHaveCount(1);
  });
});
