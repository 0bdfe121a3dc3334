import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/** Unit tests: shared/ and the Electron-side policy under Node, the data layer over fake-indexeddb. */
export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: ['shared/**/*.test.ts', 'electron/**/*.test.ts', 'renderer/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/lint/**/*.test.ts'],
    environment: 'node',
    restoreMocks: true,
  },
});
