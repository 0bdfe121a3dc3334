import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The desktop app itself, driven through Playwright's Electron support. Needs `npm run build` first. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.e2e.ts',
  outputDir: `${root}/test-results/electron`,
  workers: 1,
  reporter: [['list']],
  timeout: 60_000,
});
