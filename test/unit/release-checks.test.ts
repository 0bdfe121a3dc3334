import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createPackage } from '@electron/asar';
import { FuseV1Options } from '@electron/fuses';
import { FuseState, SENTINEL } from '@electron/fuses/dist/constants.js';
import plist from 'plist';
import { NtExecutable, NtExecutableResource } from 'resedit';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asarHeaderHash, checkAsarIntegrity, integrityProblems, readMacIntegrity, readWindowsIntegrity } from '../../build/scripts/check-asar-integrity.mjs';
import { checkFuses, expectedFuses, fuseDifferences } from '../../build/scripts/check-fuses.mjs';
import { packagedApps, sha256sums } from '../../build/scripts/release-files.mjs';

const config = readFileSync(new URL('../../electron-builder.yml', import.meta.url), 'utf8');
const names = { name: 'frontier-review', productName: 'Frontier Review' };
const ON = FuseState.ENABLE;
const OFF = FuseState.DISABLE;

/** The fuses electron-builder.yml asks for, as a packaged Electron's wire holds them (index: state). */
const wanted = (): number[] => {
  const wire: number[] = [];
  for (const { index, on } of expectedFuses(config)) wire[index] = on ? ON : OFF;
  return wire;
};

/** A wire as @electron/fuses reads it: each fuse's state under its index. */
const asWire = (states: readonly number[]) => Object.fromEntries(states.map((state, index) => [index, state]));

/** Bytes standing in for an Electron binary: something, the fuse sentinel, wire version 1, its length, the states. */
const electronBinary = (wire: readonly number[]) => Buffer.concat([Buffer.from('\0ELF not really\0'), Buffer.from(SENTINEL), Buffer.from([1, wire.length, ...wire]), Buffer.from('\0rest')]);

let release: string;
beforeEach(() => {
  release = mkdtempSync(path.join(tmpdir(), 'frontier-review-release-'));
});
afterEach(() => {
  rmSync(release, { recursive: true, force: true });
});

/** An app.asar holding a little of the app, as electron-builder packs it. */
async function packAsar(resources: string, marker = 'main'): Promise<string> {
  const source = path.join(release, `asar-source-${marker}`);
  mkdirSync(path.join(source, 'dist', 'electron'), { recursive: true });
  writeFileSync(path.join(source, 'package.json'), '{"name":"frontier-review"}');
  writeFileSync(path.join(source, 'dist', 'electron', 'main.cjs'), `// ${marker}`);
  mkdirSync(resources, { recursive: true });
  const asar = path.join(resources, 'app.asar');
  await createPackage(source, asar);
  return asar;
}

function linuxApp(wire: readonly number[]): string {
  const dir = path.join(release, 'linux-unpacked');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'frontier-review'), electronBinary(wire));
  return dir;
}

async function macApp(wire: readonly number[], recordedHash?: (asarHash: string) => string): Promise<string> {
  const contents = path.join(release, 'mac-arm64', 'Frontier Review.app', 'Contents');
  const framework = path.join(contents, 'Frameworks', 'Electron Framework.framework');
  mkdirSync(framework, { recursive: true });
  writeFileSync(path.join(framework, 'Electron Framework'), electronBinary(wire));
  const hash = asarHeaderHash(await packAsar(path.join(contents, 'Resources')));
  const info: Record<string, unknown> = { CFBundleName: 'Frontier Review' };
  if (recordedHash) info.ElectronAsarIntegrity = { 'Resources/app.asar': { algorithm: 'SHA256', hash: recordedHash(hash) } };
  writeFileSync(path.join(contents, 'Info.plist'), plist.build(info));
  return contents;
}

/** A Windows executable with electron-builder's INTEGRITY/ELECTRONASAR resource, and the fuse wire after it. */
function windowsExecutable(integrity: readonly { file: string; alg: string; value: string }[] | undefined, wire: readonly number[]): Buffer {
  const executable = NtExecutable.createEmpty();
  const resources = NtExecutableResource.from(executable);
  if (integrity) resources.entries.push({ type: 'INTEGRITY', id: 'ELECTRONASAR', lang: 1033, codepage: 1200, bin: new TextEncoder().encode(JSON.stringify(integrity)).buffer });
  resources.outputResource(executable);
  return Buffer.concat([Buffer.from(executable.generate()), electronBinary(wire)]);
}

describe('the fuses read back from a packaged app', () => {
  it("are electron-builder.yml's eight, each at @electron/fuses' place for it", () => {
    expect(expectedFuses(config)).toEqual([
      { key: 'runAsNode', index: FuseV1Options.RunAsNode, on: false },
      { key: 'enableNodeOptionsEnvironmentVariable', index: FuseV1Options.EnableNodeOptionsEnvironmentVariable, on: false },
      { key: 'enableNodeCliInspectArguments', index: FuseV1Options.EnableNodeCliInspectArguments, on: false },
      { key: 'enableCookieEncryption', index: FuseV1Options.EnableCookieEncryption, on: true },
      { key: 'enableEmbeddedAsarIntegrityValidation', index: FuseV1Options.EnableEmbeddedAsarIntegrityValidation, on: true },
      { key: 'onlyLoadAppFromAsar', index: FuseV1Options.OnlyLoadAppFromAsar, on: true },
      { key: 'grantFileProtocolExtraPrivileges', index: FuseV1Options.GrantFileProtocolExtraPrivileges, on: false },
      { key: 'loadBrowserProcessSpecificV8Snapshot', index: FuseV1Options.LoadBrowserProcessSpecificV8Snapshot, on: false },
    ]);
    expect(() => expectedFuses('electronFuses:\n  runAsNodes: false\n')).toThrow('electron-builder.yml sets electronFuses.runAsNodes, which @electron/fuses does not know as a fuse.');
    expect(() => expectedFuses('electronFuses:\n  runAsNode: "no"\n')).toThrow('electron-builder.yml sets electronFuses.runAsNode to "no"; a fuse is true or false.');
    expect(() => expectedFuses('appId: x\n')).toThrow('electron-builder.yml sets no electronFuses');
  });

  it('differ in words: a fuse flipped the other way, removed from Electron, or missing from a shorter wire', () => {
    const expected = expectedFuses(config);
    expect(fuseDifferences(expected, asWire(wanted()))).toEqual([]);
    const wire = wanted();
    wire[FuseV1Options.RunAsNode] = ON;
    wire[FuseV1Options.OnlyLoadAppFromAsar] = FuseState.REMOVED;
    expect(fuseDifferences(expected, asWire(wire))).toEqual([
      'runAsNode: electron-builder.yml sets it off, but the package has it on.',
      'onlyLoadAppFromAsar: electron-builder.yml sets it on, but the package has it removed from this Electron.',
    ]);
    expect(fuseDifferences(expected, asWire(wanted().slice(0, 6)))).toEqual([
      'grantFileProtocolExtraPrivileges: electron-builder.yml sets it off, but the package has it absent from its fuse wire.',
      'loadBrowserProcessSpecificV8Snapshot: electron-builder.yml sets it off, but the package has it absent from its fuse wire.',
    ]);
  });

  it('pass for packaged apps whose binaries carry the fuses as set, and fail naming the app and the fuse that differs', async () => {
    linuxApp(wanted());
    await macApp(wanted(), (hash) => hash);
    const passing = await checkFuses(release, config, names);
    expect(passing.ok).toBe(true);
    expect(passing.report).toContain('linux-unpacked: all 8 fuses as electron-builder.yml sets them');
    expect(passing.report).toContain('mac-arm64: all 8 fuses as electron-builder.yml sets them');

    const flipped = wanted();
    flipped[FuseV1Options.EnableNodeCliInspectArguments] = ON;
    linuxApp(flipped);
    const failing = await checkFuses(release, config, names);
    expect(failing.ok).toBe(false);
    expect(failing.report).toContain('linux-unpacked: 1 fuse(s) differ');
    expect(failing.report).toContain('  DIFFERS enableNodeCliInspectArguments: electron-builder.yml sets it off, but the package has it on.');
    expect(failing.report).toContain('mac-arm64: all 8 fuses as electron-builder.yml sets them');
  });

  it('fail when there is no packaged app to read', async () => {
    expect(await checkFuses(release, config, names)).toEqual({ ok: false, report: [`No packaged app in ${release} (linux-unpacked, win-unpacked, mac…): run \`npm run dist\` first.`] });
  });
});

describe('ASAR integrity of a packaged app', () => {
  it("hashes an archive's header as Electron does: SHA-256 of the header's JSON as stored", async () => {
    const asar = await packAsar(path.join(release, 'resources'));
    const bytes = readFileSync(asar);
    // Pickled: [4][header pickle size], then the header pickle: [payload size][string length][JSON].
    const json = bytes.subarray(16, 16 + bytes.readInt32LE(12));
    expect(JSON.parse(json.toString('utf8'))).toMatchObject({ files: { 'package.json': {} } });
    expect(asarHeaderHash(asar)).toBe(createHash('sha256').update(json).digest('hex'));
    expect(asarHeaderHash(await packAsar(path.join(release, 'other'), 'changed main'))).not.toBe(asarHeaderHash(asar));
  });

  it('compares what the package records with the archives it holds', () => {
    const asars = { 'Resources/app.asar': 'a'.repeat(64) };
    const recorded = { 'Resources/app.asar': { algorithm: 'SHA256', hash: 'a'.repeat(64) } };
    expect(integrityProblems({ platform: 'mac', validationFuse: true, asars, recorded })).toEqual([]);
    // Windows names it with backslashes; either separator is the same file.
    expect(integrityProblems({ platform: 'win', validationFuse: true, asars: { 'resources\\app.asar': 'b'.repeat(64) }, recorded: { 'resources/app.asar': { algorithm: 'SHA256', hash: 'B'.repeat(64) } } })).toEqual([]);
    expect(integrityProblems({ platform: 'mac', validationFuse: true, asars, recorded: { 'Resources/app.asar': { algorithm: 'SHA256', hash: 'c'.repeat(64) } } })).toEqual([
      `Info.plist's ElectronAsarIntegrity records ${'c'.repeat(64)} for Resources/app.asar, but its header hashes to ${'a'.repeat(64)}: Electron would refuse to start.`,
    ]);
    expect(integrityProblems({ platform: 'win', validationFuse: false, asars: { 'resources\\app.asar': 'a'.repeat(64) }, recorded: undefined })).toEqual([
      'The EnableEmbeddedAsarIntegrityValidation fuse is off: Electron would load app.asar without checking it.',
      "The package records no ASAR integrity (the executable's INTEGRITY/ELECTRONASAR resource): Electron, validating, would refuse to start.",
    ]);
    expect(integrityProblems({ platform: 'mac', validationFuse: true, asars, recorded: { ...recorded, 'Resources/extra.asar': { algorithm: 'SHA256', hash: 'd'.repeat(64) } } })).toEqual([
      "Info.plist's ElectronAsarIntegrity records Resources/extra.asar, which the package does not hold.",
    ]);
    expect(integrityProblems({ platform: 'mac', validationFuse: true, asars, recorded: { 'Resources/app.asar': { algorithm: 'SHA1', hash: 'a'.repeat(64) } } })).toEqual([
      "Info.plist's ElectronAsarIntegrity hashes Resources/app.asar with SHA1; Electron checks SHA256.",
    ]);
    // Linux Electron embeds no integrity: the archive and the fuse are what there is to check.
    expect(integrityProblems({ platform: 'linux', validationFuse: true, asars: { 'resources/app.asar': 'a'.repeat(64) } })).toEqual([]);
    expect(integrityProblems({ platform: 'linux', validationFuse: true, asars: {} })).toEqual([
      'The package holds no app.asar: the app is not packed into an archive, so there is nothing whose integrity Electron could check.',
    ]);
  });

  it("reads what electron-builder records: macOS Info.plist's ElectronAsarIntegrity, Windows' INTEGRITY resource", () => {
    const infoPlist = path.join(release, 'Info.plist');
    writeFileSync(infoPlist, plist.build({ CFBundleName: 'Frontier Review', ElectronAsarIntegrity: { 'Resources/app.asar': { algorithm: 'SHA256', hash: 'e'.repeat(64) } } }));
    expect(readMacIntegrity(infoPlist)).toEqual({ 'Resources/app.asar': { algorithm: 'SHA256', hash: 'e'.repeat(64) } });
    writeFileSync(infoPlist, plist.build({ CFBundleName: 'Frontier Review' }));
    expect(readMacIntegrity(infoPlist)).toBeUndefined();

    const exe = path.join(release, 'app.exe');
    writeFileSync(exe, windowsExecutable([{ file: 'resources\\app.asar', alg: 'SHA256', value: 'f'.repeat(64) }], wanted()));
    expect(readWindowsIntegrity(exe)).toEqual({ 'resources\\app.asar': { algorithm: 'SHA256', hash: 'f'.repeat(64) } });
    writeFileSync(exe, windowsExecutable(undefined, wanted()));
    expect(readWindowsIntegrity(exe)).toBeUndefined();
  });

  it('passes packaged apps whose recorded hashes match their archives, and fails one without app.asar or whose Info.plist records another hash', async () => {
    linuxApp(wanted());
    await macApp(wanted(), (hash) => hash);
    const win = path.join(release, 'win-unpacked');
    const winHash = asarHeaderHash(await packAsar(path.join(win, 'resources'), 'windows'));
    writeFileSync(path.join(win, 'Frontier Review.exe'), windowsExecutable([{ file: 'resources\\app.asar', alg: 'SHA256', value: winHash }], wanted()));
    const linuxUnpacked = await checkAsarIntegrity(release, names);
    expect(linuxUnpacked.ok).toBe(false);
    expect(linuxUnpacked.report.filter((line) => !line.startsWith(' '))).toEqual([
      'linux-unpacked: 1 problem(s)',
      'mac-arm64: recorded ASAR hashes match the archives',
      'win-unpacked: recorded ASAR hashes match the archives',
    ]);
    await packAsar(path.join(release, 'linux-unpacked', 'resources'), 'linux');
    const passing = await checkAsarIntegrity(release, names);
    expect(passing.ok).toBe(true);
    expect(passing.report).toContain('linux-unpacked: app.asar present, validation fuse on (Linux Electron embeds no integrity to compare)');

    await macApp(wanted(), () => '0'.repeat(64));
    const failing = await checkAsarIntegrity(release, names);
    expect(failing.ok).toBe(false);
    expect(failing.report).toContain('mac-arm64: 1 problem(s)');
    const off = wanted();
    off[FuseV1Options.EnableEmbeddedAsarIntegrityValidation] = OFF;
    linuxApp(off);
    expect((await checkAsarIntegrity(release, names)).report).toContain('  PROBLEM The EnableEmbeddedAsarIntegrityValidation fuse is off: Electron would load app.asar without checking it.');
  });
});

describe('the release folder', () => {
  it('finds the unpacked app of each platform and architecture electron-builder writes', () => {
    for (const folder of ['linux-unpacked', 'linux-arm64-unpacked', 'win-unpacked', 'mac', 'mac-arm64', 'not-an-app']) mkdirSync(path.join(release, folder));
    writeFileSync(path.join(release, 'builder-debug.yml'), '');
    expect(packagedApps(release, names).map((app) => [app.platform, app.folder, path.relative(release, app.electronBinary)])).toEqual([
      ['linux', 'linux-arm64-unpacked', path.join('linux-arm64-unpacked', 'frontier-review')],
      ['linux', 'linux-unpacked', path.join('linux-unpacked', 'frontier-review')],
      ['mac', 'mac', path.join('mac', 'Frontier Review.app')],
      ['mac', 'mac-arm64', path.join('mac-arm64', 'Frontier Review.app')],
      ['win', 'win-unpacked', path.join('win-unpacked', 'Frontier Review.exe')],
    ]);
  });

  it('writes SHA256SUMS for the installers only, in the format sha256sum -c reads', async () => {
    await expect(sha256sums(release)).rejects.toThrow(`No installers (.deb, .AppImage, .exe, .dmg) in ${release}: run \`npm run dist\` first.`);
    const installers = { 'frontier-review_0.1.0_amd64.deb': 'deb', 'Frontier Review-0.1.0.AppImage': 'appimage', 'Frontier Review Setup 0.1.0.exe': 'nsis', 'Frontier Review-0.1.0-arm64.dmg': 'dmg' };
    for (const [name, content] of Object.entries(installers)) writeFileSync(path.join(release, name), content);
    writeFileSync(path.join(release, 'Frontier Review Setup 0.1.0.exe.blockmap'), 'not an installer');
    writeFileSync(path.join(release, 'builder-debug.yml'), 'not an installer');
    mkdirSync(path.join(release, 'win-unpacked'));
    writeFileSync(path.join(release, 'win-unpacked', 'Frontier Review.exe'), 'the unpacked app, not an installer');
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    expect(await sha256sums(release)).toBe(
      Object.entries(installers)
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([name, content]) => `${sha256(content)}  ${name}\n`)
        .join(''),
    );
  });
});
