import { fileURLToPath } from 'node:url';
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
// BENCH_PORT: another port, when another checkout's benchmarks are running.
const PORT = Number(process.env.BENCH_PORT ?? 4175);

/** Benchmarks (`npm run bench`): the built renderer in Chromium, one worker, nothing else running. */
export default defineConfig({
  testDir: '.',
  testMatch: '*.bench.ts',
  outputDir: `${root}/test-results/bench`,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  timeout: 15 * 60_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    viewport: { width: 1440, height: 900 },
    launchOptions: { executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS },
  },
  webServer: {
    command: `npx vite preview --config renderer/vite.config.ts --port ${PORT}`,
    cwd: root,
    url: `http://127.0.0.1:${PORT}`,
    reuseExistingServer: false,
    timeout: 30_000,
  },
});
