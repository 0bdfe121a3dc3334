import type { Page } from '@playwright/test';
import { PASSPHRASE, createPacket, fillNewPacket, openApp, editor, openWorkstationMenu, unlock, violations } from './app.js';
import { expect, test } from './fixtures.js';

/** Fills the new-profile form of the open Profiles dialog and makes the profile. */
async function makeProfile(page: Page, fields: { name: string; agency: string; role?: string; principal?: string }) {
  const dialog = page.getByRole('dialog', { name: 'Profiles' });
  await dialog.getByLabel('Name', { exact: true }).fill(fields.name);
  await dialog.getByLabel('Agency').fill(fields.agency);
  if (fields.principal) await dialog.getByLabel('Principal').fill(fields.principal);
  if (fields.role) await dialog.getByLabel('Role').selectOption({ label: fields.role });
  await dialog.getByLabel('Passphrase', { exact: true }).fill(PASSPHRASE);
  await dialog.getByLabel('Passphrase again').fill(PASSPHRASE);
  await dialog.getByRole('button', { name: 'Make profile' }).click();
  await expect(page.getByRole('status').filter({ hasText: `Made the profile of ${fields.name}` })).toBeVisible({ timeout: 30_000 });
}

test.describe('profiles and roles', () => {
  test.setTimeout(120_000);

  test('the first profile takes over, the workstation locks and unlocks with its passphrase, and the history names the profile', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Profiles' }).click();
    const dialog = page.getByRole('dialog', { name: 'Profiles' });
    await expect(dialog.getByText('No profile exists on this workstation yet')).toBeVisible();
    expect(await violations(page), 'profiles dialog, first profile').toEqual([]);
    await makeProfile(page, { name: 'Dana Lead', agency: 'CISA' });
    await expect(dialog.getByRole('heading', { name: 'Signed in as Dana Lead, team lead' })).toBeVisible();
    await expect(dialog.locator('.identity__fingerprint')).toHaveText(/^SHA256:[A-Za-z0-9+/]{43}$/);
    await expect(dialog.getByRole('cell', { name: 'dana.lead@cisa' })).toBeVisible();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(page.getByRole('button', { name: 'Dana Lead · Team lead' })).toBeVisible();

    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await page.getByRole('button', { name: 'Dana Lead · Team lead' }).click();
    await page.getByRole('dialog', { name: 'Profiles' }).getByRole('button', { name: 'Lock now' }).click();
    // Locked: nothing of the review is on screen.
    await expect(page.getByRole('heading', { name: 'Frontier Review is locked' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Evaluation packets' })).toHaveCount(0);
    await expect(page.getByText('Atlas')).toHaveCount(0);
    expect(await violations(page), 'lock screen').toEqual([]);

    await unlock(page, 'Dana Lead', 'not my passphrase');
    await expect(page.getByRole('alert')).toHaveText('That passphrase does not unlock this profile.');
    await unlock(page, 'Dana Lead');
    await expect(page.getByRole('heading', { name: 'Evaluation packets' })).toBeVisible();

    // A reload keeps the workstation locked: profiles exist.
    await page.reload();
    await expect(page.getByRole('heading', { name: 'Frontier Review is locked' })).toBeVisible();
    await unlock(page, 'Dana Lead');
    await page.getByRole('row', { name: /Atlas/ }).click();
    await editor(page).getByText(/^History \(\d+\)$/).click();
    await expect(editor(page).getByText(/Created\s+by Dana Lead/)).toBeVisible();
  });

  test('an auditor can read but not change, and the app locks after the profile’s idle time', async ({ page }) => {
    await page.clock.install();
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await page.getByRole('button', { name: 'Profiles' }).click();
    await makeProfile(page, { name: 'Dana Lead', agency: 'CISA' });
    await makeProfile(page, { name: 'Avery Auditor', agency: 'GAO', role: 'Auditor' });
    // A team lead changes a role with a reason; the table shows it at once.
    const profilesDialog = page.getByRole('dialog', { name: 'Profiles' });
    await profilesDialog.getByRole('row', { name: /Avery Auditor/ }).getByRole('button', { name: 'Change role…' }).click();
    await profilesDialog.getByLabel('New role').selectOption({ label: 'Reviewer' });
    await profilesDialog.getByLabel('Reason').fill('Joins the review team.');
    await profilesDialog.getByRole('button', { name: 'Change role', exact: true }).click();
    await expect(profilesDialog.getByRole('row', { name: /Avery Auditor/ })).toContainText('Reviewer');
    await profilesDialog.getByRole('row', { name: /Avery Auditor/ }).getByRole('button', { name: 'Change role…' }).click();
    await profilesDialog.getByLabel('New role').selectOption({ label: 'Auditor' });
    await profilesDialog.getByLabel('Reason').fill('Back to audit duty.');
    await profilesDialog.getByRole('button', { name: 'Change role', exact: true }).click();
    await expect(profilesDialog.getByRole('row', { name: /Avery Auditor/ })).toContainText('Auditor');
    await profilesDialog.getByRole('button', { name: 'Lock now' }).click();
    await unlock(page, 'Avery Auditor');
    await expect(page.getByRole('button', { name: 'Avery Auditor · Auditor' })).toBeVisible();
    // Reading works; saving a change is refused by the data layer, with the reason.
    await expect(page.getByRole('row', { name: /Atlas/ })).toBeVisible();
    // What an auditor may not do is not offered, and the panel says why; exports stay.
    await page.getByRole('row', { name: /Atlas/ }).click();
    for (const [tab, action] of [['Results', 'Import results…'], ['Findings', 'Record finding…'], ['Plans', 'Import plan…']] as const) {
      await page.getByRole('tab', { name: tab }).click();
      await expect(page.getByText('Auditors read the review and its history but do not change them.')).toBeVisible();
      await expect(page.getByRole('button', { name: action })).toHaveCount(0);
      if (tab === 'Findings') await expect(page.getByRole('button', { name: 'Export CSAF…' })).toBeVisible();
    }
    await page.getByRole('button', { name: 'Close packet' }).click();
    await fillNewPacket(page, { developer: 'Other Lab', modelName: 'Borealis', modelVersion: 'b-2', plannedRelease: '2026-12-20' });
    await editor(page).getByRole('button', { name: 'Create packet' }).click();
    await expect(editor(page).getByRole('alert')).toContainText('Auditors can read the review and its history but not change them.');

    // Fifteen minutes without a key press or click.
    await page.clock.fastForward('15:05');
    await expect(page.getByRole('heading', { name: 'Frontier Review is locked' })).toBeVisible();
    await expect(page.getByText('Locked after 15 minutes without activity.')).toBeVisible();
  });

  test('a team lead trusts another profile’s public identity, with its fingerprint, and revokes it with a reason', async ({ page }) => {
    await openApp(page);
    await page.getByRole('button', { name: 'Profiles' }).click();
    await makeProfile(page, { name: 'Dana Lead', agency: 'CISA' });
    await makeProfile(page, { name: 'Quinn Partner', agency: 'NSA', role: 'Reviewer' });
    const quinn = page.getByRole('dialog', { name: 'Profiles' }).getByRole('row', { name: /Quinn Partner/ });
    const fingerprint = (await quinn.getByText(/^SHA256:/).textContent()) ?? '';
    await page.getByRole('dialog', { name: 'Profiles' }).getByRole('button', { name: 'Close' }).click();

    // Quinn's identity file, as "Save public identity…" writes it, read from the profiles table.
    const identity = await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const open = indexedDB.open('frontier-review');
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(new Error('open failed'));
      });
      const all = await new Promise<{ name: string; principal: string; signingKey: string; ageRecipient: string }[]>((resolve) => {
        const request = db.transaction('profiles').objectStore('profiles').getAll();
        request.onsuccess = () => resolve(request.result as { name: string; principal: string; signingKey: string; ageRecipient: string }[]);
      });
      const q = all.find((p) => p.name === 'Quinn Partner');
      return q ? `# age-recipient: ${q.ageRecipient}\n${q.principal} ${q.signingKey}\n` : '';
    });
    await openWorkstationMenu(page, 'Trusted signers');
    const trust = page.getByRole('dialog', { name: 'Trusted signers' });
    await expect(trust.getByText('The workstation trusts no one yet')).toBeVisible();
    await trust.getByLabel('allowed_signers lines or a public identity file').fill(identity);
    await trust.getByRole('button', { name: 'Trust these signers' }).click();
    const row = trust.getByRole('row', { name: /quinn\.partner@nsa/ });
    await expect(row.getByRole('cell', { name: fingerprint })).toBeVisible();
    await expect(row.getByRole('cell', { name: 'Yes' })).toBeVisible();
    await expect(row).toContainText('by Dana Lead');
    expect(await violations(page), 'trust store').toEqual([]);

    await row.getByRole('button', { name: 'Revoke…' }).click();
    await trust.getByLabel('Why revoke quinn.partner@nsa?').fill('Laptop lost.');
    await trust.getByRole('button', { name: 'Revoke', exact: true }).click();
    await expect(row).toContainText('Revoked');
    await expect(page.getByRole('status').filter({ hasText: 'Revoked quinn.partner@nsa' })).toHaveText(/Revoked quinn.partner@nsa: bundles they sign are refused from now on./);
  });

  test('a team lead assigns a reviewer to a packet; the reviewer edits it, and is told and refused on a packet not theirs', async ({ page }) => {
    await openApp(page);
    await createPacket(page, { developer: 'Example AI', modelName: 'Atlas', modelVersion: 'atlas-1', plannedRelease: '2026-12-10' });
    await createPacket(page, { developer: 'Other Lab', modelName: 'Borealis', modelVersion: 'b-2', plannedRelease: '2026-12-20' });
    await page.getByRole('button', { name: 'Profiles' }).click();
    await makeProfile(page, { name: 'Dana Lead', agency: 'CISA' });
    await makeProfile(page, { name: 'Riley Reviewer', agency: 'CISA', role: 'Reviewer', principal: 'riley@cisa' });
    await page.getByRole('dialog', { name: 'Profiles' }).getByRole('button', { name: 'Close' }).click();

    await page.getByRole('row', { name: /Atlas/ }).click();
    await expect(editor(page).getByTestId('assigned-reviewers')).toHaveText('none assigned');
    await editor(page).getByRole('button', { name: 'Assign reviewers…' }).click();
    const assign = page.getByRole('dialog', { name: 'Assign reviewers' });
    await assign.getByRole('checkbox', { name: 'Riley Reviewer (riley@cisa)' }).check();
    await assign.getByLabel('Reason (kept in the history)').fill('Riley takes the cyber evaluations.');
    expect(await violations(page), 'assign reviewers').toEqual([]);
    await assign.getByRole('button', { name: 'Save' }).click();
    await expect(editor(page).getByTestId('assigned-reviewers')).toHaveText('riley@cisa');

    await page.getByRole('button', { name: 'Dana Lead · Team lead' }).click();
    await page.getByRole('dialog', { name: 'Profiles' }).getByRole('button', { name: 'Lock now' }).click();
    await unlock(page, 'Riley Reviewer');
    await page.getByRole('row', { name: /Atlas/ }).click();
    await expect(editor(page).getByRole('note')).toHaveCount(0);
    await editor(page).getByLabel('Notes').fill('Riley: cybench reproduced.');
    await editor(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(page).getByText('Revision 3')).toBeVisible();

    await page.getByRole('row', { name: /Borealis/ }).click();
    await expect(editor(page).getByRole('note')).toHaveText('You are not assigned to this packet: you can read it, but only its assigned reviewers and team leads change it.');
    await editor(page).getByLabel('Notes').fill('Not mine to write.');
    await editor(page).getByRole('button', { name: 'Save changes' }).click();
    await expect(editor(page).getByRole('alert')).toContainText('Reviewers change only the packets they are assigned to, and Other Lab Borealis b-2 is not assigned to riley@cisa.');
  });
});
