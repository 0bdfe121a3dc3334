import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, type Download, type Page } from '@playwright/test';

/** What axe finds wrong on the page as it is, against WCAG 2.2 AA and best practice; one line each. */
export async function violations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/** How a reviewer fills in a packet; unspecified fields keep the editor's defaults. */
export interface PacketInput {
  readonly developer: string;
  readonly modelName: string;
  readonly modelVersion: string;
  readonly accessGranted?: string;
  readonly plannedRelease: string;
  readonly agencies?: readonly string[];
  readonly level?: string;
  readonly controls?: readonly string[];
  readonly notes?: string;
  /** Its classification authority block, as the editor's three fields take it. */
  readonly authority?: { readonly classifiedBy: string; readonly derivedFrom: string; readonly declassifyOn: string };
}

/** The block of the SECRET//NOFORN packets the export and report tests make: classified by the team lead from NSA's guide. */
export const LEAD_AUTHORITY = { classifiedBy: 'Dana Lead, Team Lead, CISA', derivedFrom: 'NSA/CSS Classification Guide 1-52, 20250101', declassifyOn: '20511231' } as const;

export async function openApp(page: Page): Promise<void> {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'Evaluation packets' })).toBeVisible();
}

export function editor(page: Page) {
  return page.locator('section.editor');
}

export function marking(page: Page) {
  return editor(page).getByRole('group', { name: 'Marking' });
}

/** The problems listed under a set of marking fields. */
export function markingProblemList(page: Page) {
  return marking(page).locator('.field-error');
}

/** Opens a new packet and fills it in, as a reviewer would, without saving it. */
export async function fillNewPacket(page: Page, input: PacketInput): Promise<void> {
  await page.keyboard.press('Alt+N');
  const form = editor(page);
  await expect(form.getByRole('heading', { name: 'New packet' })).toBeVisible();
  await form.getByLabel('AI developer').fill(input.developer);
  await form.getByLabel('Model name').fill(input.modelName);
  await form.getByLabel('Version or snapshot id').fill(input.modelVersion);
  if (input.accessGranted) await form.getByLabel('Access granted').fill(input.accessGranted);
  await form.getByLabel('Planned public release').fill(input.plannedRelease);
  for (const agency of input.agencies ?? ['NSA']) await form.getByRole('checkbox', { name: agency, exact: true }).check();
  if (input.level) await marking(page).getByLabel('Level').selectOption(input.level);
  for (const control of input.controls ?? []) await marking(page).getByRole('checkbox', { name: control, exact: true }).check();
  if (input.notes) await form.getByLabel('Notes').fill(input.notes);
  if (input.authority) {
    await form.getByLabel('Classified by').fill(input.authority.classifiedBy);
    await form.getByLabel('Derived from').fill(input.authority.derivedFrom);
    await form.getByLabel('Declassify on').fill(input.authority.declassifyOn);
  }
}

/** Creates a packet through the editor and waits until it is saved. */
export async function createPacket(page: Page, input: PacketInput): Promise<void> {
  await fillNewPacket(page, input);
  await editor(page).getByRole('button', { name: 'Create packet' }).click();
  await expect(editor(page).getByText('Revision 1')).toBeVisible();
}

/** Imports a results file on the Results tab, as developer-reported or government-reproduced. */
export async function importResults(page: Page, file: string, provenance: 'Developer-reported' | 'Government-reproduced'): Promise<void> {
  await page.getByRole('button', { name: 'Import results…' }).click();
  const dialog = page.getByRole('dialog', { name: /Import results/ });
  await dialog.getByLabel(/Results file/).setInputFiles(file);
  await dialog.getByRole('radio', { name: provenance }).check();
  await dialog.getByRole('button', { name: 'Import', exact: true }).click();
}

/** Sets the workstation's system high (and banner mode) in the settings dialog. */
export async function setSystemHigh(page: Page, level: string, controls: readonly string[] = [], mode?: 'highest-on-screen' | 'system-high'): Promise<void> {
  await openWorkstationMenu(page, 'Workstation settings');
  const dialog = page.getByRole('dialog', { name: 'Workstation settings' });
  await dialog.getByLabel('Level').selectOption(level);
  for (const control of controls) await dialog.getByRole('checkbox', { name: control, exact: true }).check();
  if (mode === 'system-high') await dialog.getByLabel("Always the workstation's system high").check();
  if (mode === 'highest-on-screen') await dialog.getByLabel('The highest marking of what is on screen').check();
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
}

/** Names who designates the CUI on this workstation's files and printouts, in Workstation settings. */
export async function setCuiDesignator(page: Page, designator: { readonly agency: string; readonly office: string; readonly poc: string }): Promise<void> {
  await openWorkstationMenu(page, 'Workstation settings');
  const dialog = page.getByRole('dialog', { name: 'Workstation settings' });
  await dialog.getByLabel('Designating agency').fill(designator.agency);
  await dialog.getByLabel('Designating office').fill(designator.office);
  await dialog.getByLabel('CUI point of contact').fill(designator.poc);
  await dialog.getByRole('button', { name: 'Save settings' }).click();
  await expect(dialog).toBeHidden();
}

export function packetRows(page: Page) {
  return page.getByRole('table', { name: 'Evaluation packets' }).locator('tbody tr');
}

/** The Open button of the row at `index`: the row's one focusable control. */
export function rowButton(page: Page, index: number) {
  return packetRows(page).nth(index).getByRole('button', { name: /^Open / });
}

/** Opens one of the workstation's dialogs from the header's Workstation menu. */
export async function openWorkstationMenu(page: Page, item: 'Thresholds' | 'Trusted signers' | 'History integrity' | 'Workstation settings' | 'Shortcuts'): Promise<void> {
  await page.getByRole('button', { name: 'Workstation', exact: true }).click();
  await page.getByRole('button', { name: item, exact: true }).click();
}

/** The passphrase the end-to-end tests give every profile and passphrase bundle. */
export const PASSPHRASE = 'correct horse battery staple';

/** Unlocks the locked workstation as the profile named `name`. */
export async function unlock(page: Page, name: string, passphrase = PASSPHRASE): Promise<void> {
  const lock = page.getByRole('form', { name: 'Frontier Review is locked' });
  await lock.getByRole('radio', { name: new RegExp(name) }).check();
  await lock.getByLabel('Passphrase').fill(passphrase);
  await lock.getByRole('button', { name: 'Unlock' }).click();
}

/**
 * How a test answers the file dialogs the app opens: in a browser, its file chooser and downloads;
 * in the desktop app, the main process's own dialogs (see test/electron/desktop-dialogs.ts).
 */
export interface FileDialogs {
  /** Clicks what opens an open dialog, and picks `files` in it. */
  open(files: readonly string[], click: () => Promise<void>): Promise<void>;
  /** Clicks what saves a file, and saves it in `dir` under a name of its own; returns its path once written. */
  save(dir: string, click: () => Promise<void>): Promise<string>;
}

/** Where a file saved in `dir` goes: under its suggested name, numbered when that name is taken, so two saves never collide. */
export function savePath(dir: string, suggested: string): string {
  let file = path.join(dir, suggested);
  for (let n = 2; existsSync(file); n++) file = path.join(dir, `${n}-${suggested}`);
  return file;
}

export function browserDialogs(page: Page): FileDialogs {
  return {
    open: async (files, click) => {
      const chooser = page.waitForEvent('filechooser');
      await click();
      await (await chooser).setFiles([...files]);
    },
    save: async (dir, click) => {
      const download = page.waitForEvent('download');
      await click();
      const file = savePath(dir, (await download).suggestedFilename());
      await (await download).saveAs(file);
      return file;
    },
  };
}

/** Makes the workstation's first profile, a team lead's, and saves its public identity file. */
export async function firstProfile(page: Page, name: string, agency: string, dir: string, dialogs: FileDialogs = browserDialogs(page)): Promise<string> {
  await page.getByRole('button', { name: 'Profiles' }).click();
  const dialog = page.getByRole('dialog', { name: 'Profiles' });
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog.getByLabel('Agency').fill(agency);
  await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await dialog.getByLabel('Passphrase again').fill(PASSPHRASE);
  await dialog.getByRole('button', { name: 'Make profile' }).click();
  await expect(dialog.getByRole('heading', { name: `Signed in as ${name}, team lead` })).toBeVisible({ timeout: 30_000 });
  const file = await dialogs.save(dir, () => dialog.getByRole('button', { name: 'Save public identity…' }).click());
  await dialog.getByRole('button', { name: 'Close' }).click();
  return file;
}

/** A download's text, once it has finished. */
export async function downloadedText(download: Promise<Download>): Promise<string> {
  return readFileSync(await (await download).path(), 'utf8');
}

export interface FindingInput {
  readonly title: string;
  readonly kind?: string;
  readonly description?: string;
  readonly cvss?: string;
  readonly cwe?: string;
  readonly cve?: string;
  readonly product?: readonly [string, string, string];
}

export function findingDialog(page: Page) {
  return page.getByRole('dialog', { name: /finding/i });
}

export async function fillFinding(page: Page, input: FindingInput): Promise<void> {
  const dialog = findingDialog(page);
  await dialog.getByLabel('Title').fill(input.title);
  if (input.kind) await dialog.getByLabel('Kind').selectOption({ label: input.kind });
  await dialog.getByLabel('Description').fill(input.description ?? `${input.title}, found during the review.`);
  if (input.cvss) await dialog.getByLabel('CVSS vector').fill(input.cvss);
  if (input.cwe) await dialog.getByLabel('CWE').fill(input.cwe);
  if (input.cve) await dialog.getByLabel('CVE').fill(input.cve);
  if (input.product) {
    await dialog.getByRole('button', { name: 'Add product' }).click();
    await dialog.getByLabel('Vendor of product 1').fill(input.product[0]);
    await dialog.getByLabel('Name of product 1').fill(input.product[1]);
    await dialog.getByLabel('Affected version of product 1').fill(input.product[2]);
  }
}

export async function recordFinding(page: Page, input: FindingInput): Promise<void> {
  await page.getByRole('button', { name: 'Record finding…' }).click();
  await fillFinding(page, input);
  await findingDialog(page).getByRole('button', { name: 'Record finding' }).click();
  await expect(findingDialog(page)).toHaveCount(0);
}

/** Adds a capability threshold in the Workstation › Thresholds dialog. */
export async function addThreshold(page: Page, task: string, metric: string, value: string): Promise<void> {
  await openWorkstationMenu(page, 'Thresholds');
  const dialog = page.getByRole('dialog', { name: 'Capability thresholds' });
  await dialog.getByRole('button', { name: 'Add threshold' }).click();
  await dialog.getByLabel('Task', { exact: true }).fill(task);
  await dialog.getByLabel('Metric').fill(metric);
  await dialog.getByLabel('Threshold value').fill(value);
  await dialog.getByLabel('Rationale').fill('Solving this share of challenges marks advanced offensive capability.');
  await dialog.getByRole('button', { name: 'Save threshold' }).click();
  await expect(dialog.getByRole('cell', { name: task, exact: true })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
}

/** Trusts the signers of an allowed_signers or public identity file, in Workstation › Trusted signers. */
export async function trustFile(page: Page, file: string, dialogs: FileDialogs = browserDialogs(page)) {
  await openWorkstationMenu(page, 'Trusted signers');
  const dialog = page.getByRole('dialog', { name: 'Trusted signers' });
  await dialogs.open([file], () => dialog.getByRole('button', { name: 'Open file…' }).click());
  await dialog.getByRole('button', { name: 'Trust these signers' }).click();
  await expect(page.getByRole('status').filter({ hasText: 'Now trusting' })).toBeVisible();
  await dialog.getByRole('button', { name: 'Close' }).click();
}

export interface BundleExportOptions {
  /** Evaluation logs to attach. */
  readonly originals?: readonly string[];
  readonly dialogs?: FileDialogs;
  /** Checked with axe before the export; not in the desktop app, where axe cannot open the blank page it finishes in. */
  readonly checkAccessibility?: boolean;
}

/** Exports the chosen packets as a bundle for `recipient`; returns the bundle's path. */
export async function exportBundle(page: Page, recipient: RegExp, dir: string, { originals = [], dialogs = browserDialogs(page), checkAccessibility = true }: BundleExportOptions = {}): Promise<string> {
  await page.getByRole('button', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'Export bundle…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export a review bundle' });
  await dialog.getByRole('checkbox', { name: recipient }).check();
  if (originals.length > 0) {
    const logs = dialog.getByRole('list', { name: 'Original logs' });
    await expect(logs).toContainText('not attached: its runs travel without it');
    await dialogs.open(originals, () => dialog.getByRole('button', { name: 'Attach original logs…' }).click());
    await expect(logs).toHaveText(originals.map((o) => `${path.basename(o)} attached`).join(''));
  }
  if (checkAccessibility) expect(await violations(page), 'export dialog').toEqual([]);
  const file = await dialogs.save(dir, () => dialog.getByRole('button', { name: 'Sign and export…' }).click());
  await expect(page.getByRole('status').filter({ hasText: 'Exported 1 packet' })).toBeVisible();
  return file;
}

/** Opens the import dialog and picks the bundle at `file`; returns the dialog, showing what the check found. */
export async function openBundleFile(page: Page, file: string, dialogs: FileDialogs = browserDialogs(page)) {
  await page.getByRole('button', { name: 'Bundles' }).click();
  await page.getByRole('button', { name: 'Import bundle…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Import a review bundle' });
  await dialogs.open([file], () => dialog.getByRole('button', { name: 'Choose bundle…' }).click());
  return dialog;
}

/** Picks runs (matched by their labels) for a new comparison, names it and opens it. */
export async function newComparison(page: Page, pick: readonly RegExp[], name: string): Promise<void> {
  await page.getByRole('button', { name: 'New comparison…' }).click();
  const dialog = page.getByRole('dialog', { name: 'New comparison' });
  for (const run of pick) await dialog.getByRole('checkbox', { name: run }).check();
  await dialog.getByLabel('Name').fill(name);
  await dialog.getByRole('button', { name: 'Compare' }).click();
  await expect(dialog).toBeHidden();
}

/** Imports the developer's log and the government's reproduction of it on the open packet's Results tab. */
export async function importTwoRuns(page: Page, developer: string, reproduced: string): Promise<void> {
  await importResults(page, developer, 'Developer-reported');
  await expect(page.getByRole('status').filter({ hasText: `Imported 1 run from ${path.basename(developer)}` })).toBeVisible();
  await importResults(page, reproduced, 'Government-reproduced');
  await expect(page.getByRole('status').filter({ hasText: `Imported 1 run from ${path.basename(reproduced)}` })).toBeVisible();
}
