// Bundles the main process, the preload and the intake utility process. The preload runs sandboxed, where only a few
// modules can be required, so each entry becomes one self-contained CommonJS file.
// Also bundles the `frontier-review` command line, which runs under plain Node.
import { build } from 'esbuild';
import { chmodSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const production = process.env.NODE_ENV === 'production';

/** @type {import('esbuild').BuildOptions} */
const common = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
};

const CLI_OUTFILE = 'dist/cli/frontier-review.cjs';

/** The command line has no Electron to lean on: fail the build if anything pulls it in. */
/** @type {import('esbuild').Plugin} */
const refuseElectron = {
  name: 'refuse-electron',
  setup(pluginBuild) {
    pluginBuild.onResolve({ filter: /^electron(\/.*)?$/ }, (args) => ({
      errors: [{ text: `${args.importer} imports "${args.path}"; the command line runs under plain Node, without Electron.` }],
    }));
  },
};

/**
 * The code of the threads `audit verify` checks a large export's pages in, bundled on its own and
 * handed to the command as text: each thread starts on a few kilobytes, not on the whole command,
 * and the command stays one file.
 */
const hashThread = await build({ ...common, target: 'node20', external: [], plugins: [refuseElectron], entryPoints: ['electron/cli/audit-hash-worker.ts'], write: false, sourcemap: false, minify: true });

/**
 * Options for the command line bundle; the tests build with these too. Everything is bundled,
 * so the file runs with nothing installed beside it.
 * @type {import('esbuild').BuildOptions}
 */
export const cliBuildOptions = {
  ...common,
  // Runs under the user's Node, not Electron's: the oldest Node package.json allows.
  target: 'node20',
  external: [],
  plugins: [refuseElectron],
  banner: { js: '#!/usr/bin/env node' },
  entryPoints: ['electron/cli/frontier-review.ts'],
  outfile: CLI_OUTFILE,
  define: { AUDIT_HASH_THREAD_SOURCE: JSON.stringify(hashThread.outputFiles[0]?.text ?? '') },
};

/** The main process and the preload; the boot test builds with these too, into a folder of its own. */
/** @type {import('esbuild').BuildOptions} */
export const mainBuildOptions = { ...common, entryPoints: ['electron/main/main.ts'], outfile: 'dist/electron/main.cjs' };
/** @type {import('esbuild').BuildOptions} */
export const preloadBuildOptions = { ...common, entryPoints: ['electron/preload/preload.ts'], outfile: 'dist/electron/preload.cjs' };
/**
 * The utility process Inspect logs picked in the desktop's file dialog are read in
 * (`utilityProcess.fork`), beside main.cjs. It runs on Node's modules alone: never Electron's.
 * @type {import('esbuild').BuildOptions}
 */
export const intakeBuildOptions = { ...common, external: [], plugins: [refuseElectron], entryPoints: ['electron/intake/intake-process.ts'], outfile: 'dist/electron/intake.cjs' };

// Build only when run as a script, not when a test imports the options above.
if (process.argv[1] !== undefined && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await Promise.all([build(mainBuildOptions), build(preloadBuildOptions), build(intakeBuildOptions), build(cliBuildOptions)]);
  // Executable, so `./dist/cli/frontier-review.cjs` runs through its #! line.
  chmodSync(path.join(root, CLI_OUTFILE), 0o755);
}
