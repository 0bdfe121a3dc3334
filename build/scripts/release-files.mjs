// What `npm run dist` leaves in release/: the unpacked app electron-builder packaged for each
// platform (read back by check-fuses.mjs and check-asar-integrity.mjs) and the installers made from it.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * @typedef {{
 *   readonly platform: 'linux' | 'win' | 'mac';
 *   readonly folder: string;
 *   readonly electronBinary: string;
 *   readonly resourcesDir: string;
 *   readonly infoPlist?: string;
 * }} PackagedApp
 * `electronBinary` is what @electron/fuses reads (the .app itself on macOS), `resourcesDir` holds app.asar.
 */

/** The package's names, as electron-builder derives the executable's from them. */
export function packageNames(root = ROOT) {
  const pkg = /** @type {{ name: string; productName?: string }} */ (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')));
  return { name: pkg.name, productName: pkg.productName ?? pkg.name };
}

/**
 * Every unpacked app under a release folder: linux-unpacked, win-unpacked, mac (or with an
 * architecture: linux-arm64-unpacked, mac-arm64, mac-universal).
 * @param {string} releaseDir
 * @param {{ readonly name: string; readonly productName: string }} names
 * @returns {PackagedApp[]}
 */
export function packagedApps(releaseDir, names) {
  if (!existsSync(releaseDir)) return [];
  /** @type {PackagedApp[]} */
  const apps = [];
  for (const folder of readdirSync(releaseDir).sort()) {
    const dir = path.join(releaseDir, folder);
    if (!statSync(dir).isDirectory()) continue;
    if (/^linux(-[a-z0-9]+)?-unpacked$/.test(folder)) {
      // electron-builder names the Linux executable after the package, lower-cased.
      apps.push({ platform: 'linux', folder, electronBinary: path.join(dir, names.name.toLowerCase()), resourcesDir: path.join(dir, 'resources') });
    } else if (/^win(-[a-z0-9]+)?-unpacked$/.test(folder)) {
      apps.push({ platform: 'win', folder, electronBinary: path.join(dir, `${names.productName}.exe`), resourcesDir: path.join(dir, 'resources') });
    } else if (/^mac(-[a-z0-9]+)?$/.test(folder)) {
      const app = path.join(dir, `${names.productName}.app`);
      apps.push({ platform: 'mac', folder, electronBinary: app, resourcesDir: path.join(app, 'Contents', 'Resources'), infoPlist: path.join(app, 'Contents', 'Info.plist') });
    }
  }
  return apps;
}

/** Installer file endings per electron-builder.yml's targets: deb and AppImage, NSIS, dmg. */
const INSTALLER = /\.(deb|AppImage|exe|dmg)$/;

/**
 * The installers in a release folder (its top level only: the unpacked apps are not installers).
 * @param {string} releaseDir
 */
export function installers(releaseDir) {
  if (!existsSync(releaseDir)) return [];
  return readdirSync(releaseDir)
    .filter((name) => INSTALLER.test(name) && statSync(path.join(releaseDir, name)).isFile())
    .sort();
}

/**
 * SHA256SUMS for the installers, in the format `sha256sum -c` checks: "<hex>  <name>" a line.
 * @param {string} releaseDir
 */
export async function sha256sums(releaseDir) {
  const names = installers(releaseDir);
  if (names.length === 0) throw new Error(`No installers (.deb, .AppImage, .exe, .dmg) in ${releaseDir}: run \`npm run dist\` first.`);
  const lines = [];
  for (const name of names) {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(path.join(releaseDir, name))) hash.update(/** @type {Buffer} */ (chunk));
    lines.push(`${hash.digest('hex')}  ${name}\n`);
  }
  return lines.join('');
}
