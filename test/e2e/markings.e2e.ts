import type { Page } from '@playwright/test';
import { createPacket, editor, fillNewPacket, marking, markingProblemList, openApp, packetRows, setSystemHigh, openWorkstationMenu } from './app.js';
import { expect, test } from './fixtures.js';

const RED = 'rgb(200, 16, 46)';
const GREEN = 'rgb(0, 122, 51)';
const YELLOW = 'rgb(252, 232, 58)';
const WHITE = 'rgb(255, 255, 255)';
const BLACK = 'rgb(0, 0, 0)';

async function expectBanner(page: Page, text: string, background: string, color: string) {
  for (const position of ['top', 'bottom']) {
    const banner = page.getByTestId(`banner-${position}`);
    await expect(banner).toHaveText(text);
    await expect(banner).toHaveCSS('background-color', background);
    await expect(banner).toHaveCSS('color', color);
  }
}

test.describe('classification banner and markings', () => {
  test('the banner shows the highest marking on screen, top and bottom, in its colour', async ({ page }, testInfo) => {
    await openApp(page);
    await expectBanner(page, 'UNCLASSIFIED', GREEN, WHITE);
    await setSystemHigh(page, 'SECRET', ['NOFORN']);
    await expect(page.locator('.system-high')).toContainText('SECRET//NOFORN');

    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', level: 'SECRET', controls: ['NOFORN'] });
    await expect(packetRows(page).first()).toContainText('(S//NF)');
    await expectBanner(page, 'SECRET//NOFORN', RED, WHITE);
    await page.screenshot({ path: testInfo.outputPath('secret-banner.png') });

    // The banner follows what is on screen: filter the SECRET packet away and it drops.
    await editor(page).getByRole('button', { name: 'Close editor' }).click();
    await createPacket(page, { developer: 'Other Lab', modelName: 'Borealis', modelVersion: 'v2', plannedRelease: '2026-12-12', level: 'CUI' });
    await editor(page).getByRole('button', { name: 'Close editor' }).click();
    await page.getByLabel('Filter packets').fill('Borealis');
    await expectBanner(page, 'CUI', 'rgb(80, 43, 133)', WHITE);
  });

  test('TOP SECRET with SCI is shown in yellow with black text', async ({ page }) => {
    await openApp(page);
    await setSystemHigh(page, 'TOP SECRET', ['SI', 'TK', 'NOFORN']);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', level: 'TOP SECRET', controls: ['SI', 'NOFORN'] });
    await expectBanner(page, 'TOP SECRET//SI//NOFORN', YELLOW, BLACK);
  });

  test('in system-high mode the banner always shows the workstation level', async ({ page }) => {
    await openApp(page);
    await setSystemHigh(page, 'SECRET', [], 'system-high');
    await expectBanner(page, 'SECRET', RED, WHITE);
  });

  test('a marking above the banner is refused with a clear message and nothing is saved', async ({ page }, testInfo) => {
    await openApp(page);
    await fillNewPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', level: 'SECRET', controls: ['NOFORN'] });
    const form = editor(page);

    const message = 'This workstation is accredited to UNCLASSIFIED; nothing on it may be marked SECRET//NOFORN. SECRET is above UNCLASSIFIED.';
    await expect(markingProblemList(page)).toHaveText(message);
    // The banner does not understate what is on screen, even while it cannot be saved here.
    await expectBanner(page, 'SECRET//NOFORN', RED, WHITE);
    await page.screenshot({ path: testInfo.outputPath('marking-refused.png') });

    await form.getByRole('button', { name: 'Create packet' }).click();
    await expect(form.locator('.editor__error')).toContainText(`Not saved. ${message}`);
    await expect(packetRows(page)).toHaveCount(0);
    await marking(page).getByLabel('Level').selectOption('UNCLASSIFIED');
    await expectBanner(page, 'UNCLASSIFIED', GREEN, WHITE);
  });

  test('explains invalid marking combinations while they are chosen', async ({ page }) => {
    await openApp(page);
    await setSystemHigh(page, 'SECRET');
    await page.keyboard.press('Alt+N');
    await marking(page).getByLabel('Level').selectOption('SECRET');
    await marking(page).getByRole('checkbox', { name: 'NOFORN' }).check();
    await marking(page).getByLabel('REL TO USA,').fill('GBR');
    await expect(markingProblemList(page)).toContainText('REL TO and NOFORN cannot both apply');
    // While the combination is invalid, the banner still shows what the marking claims.
    await expectBanner(page, 'SECRET//NOFORN', RED, WHITE);
    await marking(page).getByRole('checkbox', { name: 'NOFORN' }).uncheck();
    await expect(markingProblemList(page)).toBeEmpty();
    await expect(marking(page).getByLabel('Marking preview')).toHaveText('SECRET//REL TO USA, GBR(S//REL TO USA, GBR)');
  });

  test('names a REL TO code it does not know, and offers the codes it does as they are typed', async ({ page }) => {
    await openApp(page);
    await setSystemHigh(page, 'SECRET');
    await page.keyboard.press('Alt+N');
    await marking(page).getByLabel('Level').selectOption('SECRET');
    const relTo = marking(page).getByLabel('REL TO USA,');
    await relTo.fill('GBR, XYZ');
    await expect(markingProblemList(page)).toHaveText('"XYZ" is not an ISO 3166-1 country code or a coalition tetragraph this workstation knows (such as GBR or FVEY).');

    // Each suggestion is the list typed so far plus one code not yet in it.
    await relTo.fill('GBR, FV');
    const suggestions = await relTo.evaluate((input: HTMLInputElement) => [...(input.list?.options ?? [])].map((o) => `${o.value} = ${o.label}`));
    expect(suggestions).toContain('GBR, FVEY = FVEY: Five Eyes: AUS, CAN, GBR, NZL, USA');
    expect(suggestions).toContain('GBR, TEYE = TEYE: Three Eyes (membership not published)');
    expect(suggestions.filter((s) => s.startsWith('GBR, GBR '))).toEqual([]);

    await relTo.fill('GBR, FVEY');
    await expect(markingProblemList(page)).toBeEmpty();
    await expect(marking(page).getByLabel('Marking preview')).toHaveText('SECRET//REL TO USA, GBR, FVEY(S//REL TO USA, GBR, FVEY)');
  });

  test('a classified marking shows the CUI it holds and keeps it as the fields change', async ({ page }) => {
    await openApp(page);
    await setSystemHigh(page, 'SECRET');
    await fillNewPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', level: 'CUI', controls: ['SP-EXPT', 'FED ONLY'] });
    // Raised to SECRET, the export-controlled CUI stays, shown beside the classification rather than dropped.
    await marking(page).getByLabel('Level').selectOption('SECRET');
    await expect(marking(page).getByText('Also holds CUI: SP-EXPT · FED ONLY')).toBeVisible();
    await expect(marking(page).getByLabel('Marking preview')).toHaveText('SECRET(S//CUI//SP-EXPT//FED ONLY)');
    await editor(page).getByRole('button', { name: 'Create packet' }).click();
    await expect(editor(page).getByText('Revision 1')).toBeVisible();
    await expect(packetRows(page).first()).toContainText('(S//CUI//SP-EXPT//FED ONLY)');
    await expectBanner(page, 'SECRET', RED, WHITE);

    await marking(page).getByRole('checkbox', { name: 'NOFORN' }).check();
    await editor(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(page).getByText('Revision 2')).toBeVisible();
    await expect(packetRows(page).first()).toContainText('(S//NF//CUI//SP-EXPT//FED ONLY)');
    await expect(marking(page).getByText('Also holds CUI: SP-EXPT · FED ONLY')).toBeVisible();
  });

  test('a workstation cannot be lowered below what it already holds', async ({ page }) => {
    await openApp(page);
    await setSystemHigh(page, 'SECRET');
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'v1', plannedRelease: '2026-12-10', level: 'SECRET' });
    await openWorkstationMenu(page, 'Workstation settings');
    const dialog = page.getByRole('dialog', { name: 'Workstation settings' });
    await dialog.getByLabel('Level').selectOption('CUI');
    await dialog.getByRole('button', { name: 'Save settings' }).click();
    await expect(dialog.getByRole('alert')).toHaveText(
      '1 packet is marked above CUI: Example AI Atlas v1 (SECRET). The review history holds 1 version of records marked above CUI. This workstation must stay accredited for what it holds.',
    );
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.locator('.system-high')).toContainText('SECRET');
  });
});
