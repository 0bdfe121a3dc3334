import { build as esbuild } from 'esbuild';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build as viteBuild } from 'vite';
import { intakeBuildOptions, mainBuildOptions, preloadBuildOptions } from '../../build/scripts/build-electron.mjs';
import type { ElectronDouble } from './electron-double.js';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** Where a build made by `buildApp` lies: the same layout as dist/. */
export interface BuiltApp {
  readonly main: string;
  readonly preload: string;
  readonly intake: string;
  readonly renderer: string;
}

/**
 * Builds the app as `npm run build` does (the project's own esbuild options and Vite config) into
 * `outDir`, so what is tested is never a stale dist/ and never races another build of it.
 */
export async function buildApp(outDir: string): Promise<BuiltApp> {
  const built = { main: path.join(outDir, 'electron', 'main.cjs'), preload: path.join(outDir, 'electron', 'preload.cjs'), intake: path.join(outDir, 'electron', 'intake.cjs'), renderer: path.join(outDir, 'renderer') };
  await Promise.all([
    esbuild({ ...mainBuildOptions, outfile: built.main, logLevel: 'error' }),
    esbuild({ ...preloadBuildOptions, outfile: built.preload, logLevel: 'error' }),
    esbuild({ ...intakeBuildOptions, outfile: built.intake, logLevel: 'error' }),
    viteBuild({ configFile: path.join(root, 'renderer', 'vite.config.ts'), logLevel: 'error', build: { outDir: built.renderer, emptyOutDir: true } }),
  ]);
  return built;
}

/** Node's module loader, whose `_load` every `require` goes through. */
interface ModuleLoader {
  _load: (request: string, parent: unknown, isMain: boolean) => unknown;
}

/**
 * Runs the built main process under Node as Electron would start it with `argv`, with the double
 * as its `electron` module. Each call runs the file afresh.
 */
export function loadMain(mainFile: string, double: ElectronDouble, argv: readonly string[]): void {
  const loader = Module as unknown as ModuleLoader;
  const load = loader._load;
  const savedArgv = process.argv;
  const require = createRequire(import.meta.url);
  loader._load = (request, parent, isMain) => (request === 'electron' ? double.electron : load(request, parent, isMain));
  process.argv = [...argv];
  try {
    Reflect.deleteProperty(require.cache, mainFile);
    require(mainFile);
  } finally {
    loader._load = load;
    process.argv = savedArgv;
  }
}
