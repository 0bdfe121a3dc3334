import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH, PREVIEW_PORT, PREVIEW_URL } from './chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/**
 * End-to-end tests of the built renderer in Debian's Chromium (Playwright cannot download its
 * own browser here). `npm test` builds first; the preview server serves dist/renderer.
 */
export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: `${root}/test-results/e2e`,
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  retries: 0,
  reporter: [['list']],
  // A safety net against a hung test, not a speed check (speed is measured in `npm run bench`).
  // CI runs two workers and the preview server on two cores, where the longer scenarios with an
  // axe pass have taken over 30 s.
  timeout: 60_000,
  use: {
    baseURL: PREVIEW_URL,
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  webServer: {
    command: `npx vite preview --config renderer/vite.config.ts --port ${PREVIEW_PORT}`,
    cwd: root,
    url: PREVIEW_URL,
    // Always a fresh server: a leftover one could be serving an older build.
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
