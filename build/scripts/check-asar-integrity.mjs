// Checks each packaged app's ASAR integrity as Electron will at start: the app.asar is there, the
// EnableEmbeddedAsarIntegrityValidation fuse is on, and where Electron validates (macOS and
// Windows) the hash the package records for each .asar is the SHA-256 of that archive's header.
// Linux Electron has no embedded integrity to check. Usage: node build/scripts/check-asar-integrity.mjs [release folder]
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { getRawHeader } from '@electron/asar';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants.js';
import plist from 'plist';
import { NtExecutable, NtExecutableResource } from 'resedit';
import { packagedApps, packageNames, ROOT } from './release-files.mjs';

/** @typedef {Readonly<Record<string, { readonly algorithm: string; readonly hash: string }>>} RecordedIntegrity */

/**
 * The hash Electron checks an archive against: SHA-256 of its header's JSON, as stored.
 * @param {string} asarPath
 */
export function asarHeaderHash(asarPath) {
  return createHash('sha256').update(getRawHeader(asarPath).headerString).digest('hex');
}

/** Names as the package records them use either separator; compare them with one. */
const slashes = (/** @type {string} */ name) => name.replaceAll('\\', '/');

/**
 * What is wrong with a packaged app's ASAR integrity, in words; empty when nothing is.
 * @param {{
 *   readonly platform: 'linux' | 'win' | 'mac';
 *   readonly validationFuse: boolean;
 *   readonly asars: Readonly<Record<string, string>>;
 *   readonly recorded?: RecordedIntegrity | undefined;
 * }} app `asars`: each archive's name as the package records it (Resources/app.asar) and its header's hash
 * @returns {string[]}
 */
export function integrityProblems({ platform, validationFuse, asars, recorded }) {
  const problems = [];
  const names = Object.keys(asars);
  if (!names.some((name) => slashes(name).toLowerCase().endsWith('/app.asar'))) problems.push('The package holds no app.asar: the app is not packed into an archive, so there is nothing whose integrity Electron could check.');
  if (!validationFuse) problems.push('The EnableEmbeddedAsarIntegrityValidation fuse is off: Electron would load app.asar without checking it.');
  if (platform === 'linux') return problems;
  const where = platform === 'mac' ? "Info.plist's ElectronAsarIntegrity" : "the executable's INTEGRITY/ELECTRONASAR resource";
  if (recorded === undefined) return [...problems, `The package records no ASAR integrity (${where}): Electron, validating, would refuse to start.`];
  const byName = new Map(Object.entries(recorded).map(([name, entry]) => [slashes(name), entry]));
  for (const [name, hash] of Object.entries(asars)) {
    const entry = byName.get(slashes(name));
    if (entry === undefined) problems.push(`${where} has no entry for ${name}.`);
    else if (entry.algorithm !== 'SHA256') problems.push(`${where} hashes ${name} with ${entry.algorithm}; Electron checks SHA256.`);
    else if (entry.hash.toLowerCase() !== hash) problems.push(`${where} records ${entry.hash} for ${name}, but its header hashes to ${hash}: Electron would refuse to start.`);
  }
  const packed = new Set(names.map(slashes));
  for (const name of byName.keys()) if (!packed.has(name)) problems.push(`${where} records ${name}, which the package does not hold.`);
  return problems;
}

/**
 * ElectronAsarIntegrity from a macOS app's Info.plist (XML, as electron-builder writes it).
 * @param {string} infoPlist
 * @returns {RecordedIntegrity | undefined}
 */
export function readMacIntegrity(infoPlist) {
  const info = /** @type {{ ElectronAsarIntegrity?: RecordedIntegrity } | null} */ (plist.parse(readFileSync(infoPlist, 'utf8')));
  return info?.ElectronAsarIntegrity;
}

/**
 * The INTEGRITY/ELECTRONASAR resource electron-builder adds to a Windows executable: a JSON list of
 * { file, alg, value }.
 * @param {string} executable
 * @returns {RecordedIntegrity | undefined}
 */
export function readWindowsIntegrity(executable) {
  const resources = NtExecutableResource.from(NtExecutable.from(readFileSync(executable), { ignoreCert: true }));
  const entry = resources.entries.find((e) => e.type === 'INTEGRITY' && e.id === 'ELECTRONASAR');
  if (entry === undefined) return undefined;
  const list = /** @type {{ file: string; alg: string; value: string }[]} */ (JSON.parse(Buffer.from(entry.bin).toString('utf8')));
  return Object.fromEntries(list.map(({ file, alg, value }) => [file, { algorithm: alg, hash: value }]));
}

/**
 * Every packaged app's problems, read from a release folder.
 * @param {string} releaseDir
 * @param {{ readonly name: string; readonly productName: string }} names
 */
export async function checkAsarIntegrity(releaseDir, names) {
  const apps = packagedApps(releaseDir, names);
  if (apps.length === 0) return { ok: false, report: [`No packaged app in ${releaseDir} (linux-unpacked, win-unpacked, mac…): run \`npm run dist\` first.`] };
  const report = [];
  let ok = true;
  for (const app of apps) {
    // Named as electron-builder records them: relative to Contents/ on macOS, to the app folder elsewhere.
    const prefix = app.platform === 'mac' ? 'Resources' : 'resources';
    const archives = existsSync(app.resourcesDir) ? readdirSync(app.resourcesDir).filter((file) => file.endsWith('.asar')) : [];
    const asars = Object.fromEntries(archives.map((file) => [`${prefix}${app.platform === 'win' ? '\\' : '/'}${file}`, asarHeaderHash(path.join(app.resourcesDir, file))]));
    const wire = /** @type {Readonly<Record<number, unknown>>} */ (/** @type {unknown} */ (await getCurrentFuseWire(app.electronBinary)));
    const recorded = app.platform === 'mac' && app.infoPlist ? readMacIntegrity(app.infoPlist) : app.platform === 'win' ? readWindowsIntegrity(app.electronBinary) : undefined;
    const problems = integrityProblems({ platform: app.platform, validationFuse: wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation] === FuseState.ENABLE, asars, recorded });
    ok &&= problems.length === 0;
    const checked = app.platform === 'linux' ? 'app.asar present, validation fuse on (Linux Electron embeds no integrity to compare)' : 'recorded ASAR hashes match the archives';
    report.push(`${app.folder}: ${problems.length === 0 ? checked : `${problems.length} problem(s)`}`);
    for (const [name, hash] of Object.entries(asars)) report.push(`  ${name} header SHA-256 ${hash}`);
    for (const problem of problems) report.push(`  PROBLEM ${problem}`);
  }
  return { ok, report };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const releaseDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'release'));
  try {
    const { ok, report } = await checkAsarIntegrity(releaseDir, packageNames());
    (ok ? console.log : console.error)(report.join('\n'));
    if (!ok) process.exit(1);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
