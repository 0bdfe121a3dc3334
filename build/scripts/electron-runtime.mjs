// Finds the Electron runtime without `require('electron')`, which would start a download.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** The electron npm package folder, or undefined when it is not installed. */
export function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/**
 * The Electron executable when it is present on disk, else undefined: the one under
 * ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron carried onto an offline machine), or the one
 * the electron package unpacked into its dist/ (from its download cache, too).
 * @returns {string | undefined}
 */
export function electronBinaryPath(env = process.env) {
  const dir = electronPackageDir();
  if (dir === undefined) return undefined;
  let relative;
  try {
    relative = readFileSync(path.join(dir, 'path.txt'), 'utf8').trim();
  } catch {
    relative = undefined;
  }
  const override = env.ELECTRON_OVERRIDE_DIST_PATH;
  // Without path.txt (an install whose download step did not run), the platform's own name in dist/.
  const binary = path.join(override || path.join(dir, 'dist'), relative ?? executableName());
  return existsSync(binary) ? binary : undefined;
}

function executableName() {
  if (process.platform === 'win32') return 'electron.exe';
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/** Where Electron's downloader (@electron/get) keeps what it fetched: ELECTRON_CACHE, or the platform's cache folder. */
export function electronCacheDir(env = process.env) {
  if (env.ELECTRON_CACHE) return env.ELECTRON_CACHE;
  if (process.platform === 'darwin') return path.join(os.homedir(), 'Library', 'Caches', 'electron');
  if (process.platform === 'win32') return path.join(env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local'), 'electron', 'Cache');
  return path.join(env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'), 'electron');
}

/**
 * The downloaded archive of the installed electron package's runtime for this machine, when the
 * downloader's cache holds one (it keeps each under a folder named by a hash of where it came from).
 * @returns {string | undefined}
 */
export function cachedElectronDownload(env = process.env) {
  const dir = electronPackageDir();
  if (dir === undefined) return undefined;
  const { version } = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const name = `electron-v${version}-${process.platform}-${process.arch}.zip`;
  const cache = electronCacheDir(env);
  let entries;
  try {
    entries = readdirSync(cache, { withFileTypes: true });
  } catch {
    return undefined;
  }
  return [path.join(cache, name), ...entries.filter((e) => e.isDirectory()).map((e) => path.join(cache, e.name, name))].find((candidate) => existsSync(candidate));
}

/**
 * The Electron executable, unpacking a cached download first where that is all there is: the
 * package's own installer reads the cache before any network, so this works offline.
 * @returns {string | undefined}
 */
export function electronBinaryFromCache(env = process.env) {
  const found = electronBinaryPath(env);
  const dir = electronPackageDir();
  if (found !== undefined || dir === undefined || cachedElectronDownload(env) === undefined) return found;
  spawnSync(process.execPath, [path.join(dir, 'install.js')], { stdio: 'ignore', timeout: 5 * 60_000, env });
  return electronBinaryPath(env);
}
