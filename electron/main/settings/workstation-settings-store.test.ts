import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNCLASSIFIED, marking } from '../../../shared/marking/marking.js';
import { DEFAULT_WORKSTATION_SETTINGS } from '../../../shared/settings/workstation-settings.js';
import { settingsLocations } from './settings-locations.js';
import { WorkstationSettingsStore } from './workstation-settings-store.js';

let dir: string;
let warnings: string[];
let store: WorkstationSettingsStore;
let locations: { policyFile: string; userFile: string };

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-settings-'));
  await mkdir(path.join(dir, 'etc'));
  await mkdir(path.join(dir, 'user'));
  locations = { policyFile: path.join(dir, 'etc', 'workstation.json'), userFile: path.join(dir, 'user', 'workstation.json') };
  warnings = [];
  store = new WorkstationSettingsStore(locations, (m) => warnings.push(m));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const secret = { systemHigh: marking('SECRET', { dissemination: ['NOFORN'] }), bannerMode: 'system-high' as const };

describe('workstation settings', () => {
  it('start at UNCLASSIFIED and keep what the reviewer saves', async () => {
    expect(await store.load()).toEqual({ settings: DEFAULT_WORKSTATION_SETTINGS, managed: false });
    expect(DEFAULT_WORKSTATION_SETTINGS.systemHigh).toEqual(UNCLASSIFIED);
    await store.save(secret);
    expect(JSON.parse(await readFile(locations.userFile, 'utf8'))).toEqual(secret);
    expect(await store.load()).toEqual({ settings: secret, managed: false });
  });

  it("follow an administrator's policy file, which the reviewer cannot override", async () => {
    await writeFile(locations.policyFile, JSON.stringify(secret));
    await writeFile(locations.userFile, JSON.stringify({ systemHigh: marking('TOP SECRET'), bannerMode: 'highest-on-screen' }));
    expect(await store.load()).toEqual({ settings: secret, managed: true });
    await expect(store.save(DEFAULT_WORKSTATION_SETTINGS)).rejects.toThrow('managed by your administrator');
  });

  it('fall back to UNCLASSIFIED with a warning when a file is damaged, and never to an editable default under a broken policy', async () => {
    await writeFile(locations.userFile, '{ not json');
    expect(await store.load()).toEqual({ settings: DEFAULT_WORKSTATION_SETTINGS, managed: false });
    await writeFile(locations.policyFile, JSON.stringify({ systemHigh: { level: 'SECRET', sci: [], cuiCategories: [], dissemination: ['NOFORN'], relTo: ['GBR'] }, bannerMode: 'system-high' }));
    expect(await store.load()).toEqual({ settings: DEFAULT_WORKSTATION_SETTINGS, managed: true });
    expect(warnings).toEqual([
      `${locations.userFile} is not JSON; using the defaults (UNCLASSIFIED).`,
      `${locations.policyFile} is not valid workstation settings (REL TO and NOFORN cannot both apply: NOFORN forbids any foreign release.); using the defaults (UNCLASSIFIED).`,
    ]);
  });

  it('look for the policy where administrators put it on each platform', () => {
    expect(settingsLocations('linux', {}, '/home/jdoe/.config/Frontier Review')).toEqual({
      policyFile: '/etc/frontier-review/workstation.json',
      userFile: '/home/jdoe/.config/Frontier Review/workstation.json',
    });
    expect(settingsLocations('win32', { ProgramData: 'D:\\ProgramData' }, 'C:\\Users\\jdoe\\AppData\\Roaming\\Frontier Review').policyFile).toBe(
      'D:\\ProgramData\\Frontier Review\\workstation.json',
    );
    expect(settingsLocations('darwin', {}, '/Users/jdoe/Library/Application Support/Frontier Review').policyFile).toBe(
      '/Library/Application Support/Frontier Review/workstation.json',
    );
  });
});
