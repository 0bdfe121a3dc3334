import { buildSync } from 'esbuild';
import { fileURLToPath } from 'node:url';
import { expect, type BrowserContext, type Page } from '@playwright/test';
import type { MarkingGuardState } from './in-page.js';

/** The in-page guard, bundled once per worker with the same marking code the app uses. */
let script: string | undefined;
export function markingGuardScript(): string {
  script ??= buildSync({
    entryPoints: [fileURLToPath(new URL('./in-page.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  }).outputFiles[0]?.text;
  if (!script) throw new Error('The marking guard did not build.');
  return script;
}

/** What the guard in a page has recorded so far, after one more check of the page as it is now. */
export async function markingGuardState(page: Page): Promise<MarkingGuardState | undefined> {
  // A frame for any change still pending to be checked.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))).catch(() => undefined);
  return page.evaluate(() => window.__markingGuard).catch(() => undefined);
}

/** Every portion mark shown in any page of the context was under a banner that covered it. */
export async function expectBannersCovered(context: BrowserContext): Promise<void> {
  for (const page of context.pages()) {
    if (page.isClosed()) continue;
    const state = await markingGuardState(page);
    expect(state?.violations ?? [], 'portion marks shown under a banner that does not cover them').toEqual([]);
  }
}
