import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { expectBannersCovered, markingGuardScript } from './marking-guard/guard.js';

/** The date every end-to-end test runs on, so review windows and day counts are fixed. */
export const TODAY = '2026-11-22';

/**
 * Guards checked when a test ends (the third, the marking guard, in marking-guard/):
 * - offline: any request that leaves the app's own origin fails the test (the app must never
 *   touch a network: no fonts, no telemetry, no update checks);
 * - clean console: any console error or uncaught exception fails it, which includes every
 *   Content-Security-Policy violation.
 */
export interface ContextGuard {
  /**
   * Takes out of the record the requests and console errors matching `pattern`, for a test that
   * provokes them on purpose (a fetch the CSP must stop), and returns them.
   */
  provoked(pattern: RegExp): { readonly requests: readonly string[]; readonly errors: readonly string[] };
  verify(): void;
}

export function guardContext(context: BrowserContext, origin: string): ContextGuard {
  const foreign: string[] = [];
  const errors: string[] = [];
  const watch = (page: Page) => {
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(message.text());
    });
    page.on('pageerror', (error) => errors.push(error.message));
  };
  context.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !url.startsWith(`blob:${origin}/`)) foreign.push(url);
  });
  context.on('page', watch);
  for (const page of context.pages()) watch(page);
  const takeOut = (list: string[], pattern: RegExp) => {
    const matched = list.filter((entry) => pattern.test(entry));
    list.splice(0, list.length, ...list.filter((entry) => !pattern.test(entry)));
    return matched;
  };
  return {
    provoked: (pattern) => ({ requests: takeOut(foreign, pattern), errors: takeOut(errors, pattern) }),
    verify() {
      expect(foreign, 'requests that left the app origin').toEqual([]);
      expect(errors, 'console errors and uncaught exceptions').toEqual([]);
    },
  };
}

export async function fixClock(page: Page): Promise<void> {
  await page.clock.setFixedTime(new Date(`${TODAY}T10:00:00`));
}

export const test = base.extend<{ guard: undefined }>({
  guard: [
    async ({ context, baseURL }, use) => {
      const guard = guardContext(context, new URL(baseURL ?? 'http://127.0.0.1').origin);
      // And a third: no portion mark is ever shown under a banner that does not cover it.
      await context.addInitScript({ content: markingGuardScript() });
      await use(undefined);
      guard.verify();
      await expectBannersCovered(context);
    },
    { auto: true },
  ],
  page: async ({ page }, use) => {
    await fixClock(page);
    await use(page);
  },
});

export { expect };
