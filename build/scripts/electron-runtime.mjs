// Finds the Electron runtime without `require('electron')`, which would start a download.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
 * The Electron executable when it is present on disk, else undefined. Honours
 * ELECTRON_OVERRIDE_DIST_PATH (an unpacked Electron carried onto an offline machine).
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
  const binary = override ? path.join(override, relative ?? executableName()) : relative ? path.join(dir, 'dist', relative) : undefined;
  return binary !== undefined && existsSync(binary) ? binary : undefined;
}

function executableName() {
  if (process.platform === 'win32') return 'electron.exe';
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}
