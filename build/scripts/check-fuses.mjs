// Reads the Electron fuses back from each app `npm run dist` packaged, with @electron/fuses (the
// library electron-builder flips them with), and fails if one differs from electronFuses in
// electron-builder.yml. Usage: node build/scripts/check-fuses.mjs [release folder]
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { FuseState } from '@electron/fuses/dist/constants.js';
import { parse } from 'yaml';
import { packagedApps, packageNames, ROOT } from './release-files.mjs';

/** Keys of electronFuses that tell electron-builder how to flip, not a fuse's state. */
const NOT_FUSES = new Set(['resetAdHocDarwinSignature', 'strictlyRequireAllFuses']);

/**
 * electron-builder.yml's fuses, each with its place on Electron's fuse wire. electron-builder's key
 * is @electron/fuses' option name with a lower-case first letter (runAsNode: RunAsNode).
 * @param {string} configText electron-builder.yml
 * @returns {{ readonly key: string; readonly index: number; readonly on: boolean }[]}
 */
export function expectedFuses(configText) {
  const config = /** @type {{ electronFuses?: Record<string, unknown> } | null} */ (parse(configText));
  const fuses = config?.electronFuses;
  if (fuses == null || Object.keys(fuses).length === 0) throw new Error('electron-builder.yml sets no electronFuses, so there is nothing to check the package against.');
  const expected = [];
  for (const [key, on] of Object.entries(fuses)) {
    if (NOT_FUSES.has(key)) continue;
    const option = `${key.charAt(0).toUpperCase()}${key.slice(1)}`;
    const index = /** @type {Record<string, unknown>} */ (/** @type {unknown} */ (FuseV1Options))[option];
    if (typeof index !== 'number') throw new Error(`electron-builder.yml sets electronFuses.${key}, which @electron/fuses does not know as a fuse.`);
    if (typeof on !== 'boolean') throw new Error(`electron-builder.yml sets electronFuses.${key} to ${JSON.stringify(on)}; a fuse is true or false.`);
    expected.push({ key, index, on });
  }
  return expected;
}

/** @param {number | undefined} state */
function describeState(state) {
  if (state === FuseState.ENABLE) return 'on';
  if (state === FuseState.DISABLE) return 'off';
  if (state === FuseState.REMOVED) return 'removed from this Electron';
  return state === undefined ? 'absent from its fuse wire' : `in an unknown state (${state})`;
}

/**
 * Each fuse whose state in the package differs from electron-builder.yml, in words.
 * @param {ReturnType<typeof expectedFuses>} expected
 * @param {Readonly<Record<string | number, unknown>>} wire what getCurrentFuseWire read: the state of fuse i at key i
 * @returns {string[]}
 */
export function fuseDifferences(expected, wire) {
  const problems = [];
  for (const { key, index, on } of expected) {
    const state = wire[index];
    const actual = typeof state === 'number' ? state : undefined;
    if (actual !== (on ? FuseState.ENABLE : FuseState.DISABLE)) problems.push(`${key}: electron-builder.yml sets it ${on ? 'on' : 'off'}, but the package has it ${describeState(actual)}.`);
  }
  return problems;
}

/**
 * The fuses of the wire that electron-builder.yml leaves at Electron's default (a newer Electron's, say).
 * @param {ReturnType<typeof expectedFuses>} expected
 * @param {Readonly<Record<string | number, unknown>>} wire
 */
export function unconfiguredFuses(expected, wire) {
  const configured = new Set(expected.map((fuse) => fuse.index));
  return Object.keys(wire)
    .filter((key) => /^\d+$/.test(key) && !configured.has(Number(key)))
    .map((key) => `${String(/** @type {Record<number, unknown>} */ (/** @type {unknown} */ (FuseV1Options))[Number(key)] ?? `fuse ${key}`)} (${describeState(/** @type {number | undefined} */ (wire[key]))})`);
}

/**
 * Checks every packaged app in a release folder; returns a report and whether all matched.
 * @param {string} releaseDir
 * @param {string} configText electron-builder.yml
 * @param {{ readonly name: string; readonly productName: string }} names
 */
export async function checkFuses(releaseDir, configText, names) {
  const expected = expectedFuses(configText);
  const apps = packagedApps(releaseDir, names);
  if (apps.length === 0) return { ok: false, report: [`No packaged app in ${releaseDir} (linux-unpacked, win-unpacked, mac…): run \`npm run dist\` first.`] };
  const report = [];
  let ok = true;
  for (const app of apps) {
    const wire = /** @type {Readonly<Record<string | number, unknown>>} */ (/** @type {unknown} */ (await getCurrentFuseWire(app.electronBinary)));
    const differences = fuseDifferences(expected, wire);
    ok &&= differences.length === 0;
    report.push(`${app.folder}: ${differences.length === 0 ? `all ${expected.length} fuses as electron-builder.yml sets them` : `${differences.length} fuse(s) differ`}`);
    for (const line of [...expected.map((fuse) => `${fuse.key} ${describeState(/** @type {number | undefined} */ (wire[fuse.index]))}`), ...differences.map((d) => `DIFFERS ${d}`)]) report.push(`  ${line}`);
    const others = unconfiguredFuses(expected, wire);
    if (others.length > 0) report.push(`  not set by electron-builder.yml (Electron's default): ${others.join(', ')}`);
  }
  return { ok, report };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const releaseDir = path.resolve(process.argv[2] ?? path.join(ROOT, 'release'));
  try {
    const { ok, report } = await checkFuses(releaseDir, readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8'), packageNames());
    (ok ? console.log : console.error)(report.join('\n'));
    if (!ok) process.exit(1);
  } catch (error) {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  }
}
