import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_WORKSTATION_SETTINGS, type WorkstationSettings } from '../../../shared/settings/workstation-settings.js';
import { marking } from '../../../shared/marking/marking.js';
import { ok } from '../../../shared/errors/result.js';
import { openDataLayer, type DataLayer } from '../data/data-layer.js';
import { unlockedKeysOf } from '../data/profile-store.js';
import { openTestWorkstation, type TestWorkstation } from '../data/test-workstation.js';
import type { Host } from '../host/host.js';
import { Workstation } from './workstation.js';

let ws: TestWorkstation;
let data: DataLayer;
let written: WorkstationSettings[];
let workstation: Workstation;

beforeEach(async () => {
  ws = await openTestWorkstation();
  data = openDataLayer(ws.db, ws.context);
  written = [];
  const host = {
    updateWorkstationSettings: (settings: WorkstationSettings) => {
      written.push(settings);
      return Promise.resolve(ok({ settings, managed: false }));
    },
  } as unknown as Host;
  workstation = new Workstation({ settings: DEFAULT_WORKSTATION_SETTINGS, managed: false }, host, data.store);
});
afterEach(() => ws.close());

describe('changing the workstation settings', () => {
  const secret = { ...DEFAULT_WORKSTATION_SETTINGS, systemHigh: marking('SECRET') };

  it('saves and records a change by a team lead', async () => {
    const lead = await data.profiles.create({ name: 'Dana', agency: 'CISA', role: 'team-lead', principal: 'dana@cisa', idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!lead.ok) throw new Error(lead.error.message);
    ws.acting = { kind: 'profile', profileId: lead.value.profile.id, role: 'team-lead' };
    ws.keys = unlockedKeysOf(lead.value);
    expect(await workstation.update(secret)).toBeUndefined();
    expect(written).toEqual([secret]);
    expect(await ws.db.auditEvents.orderBy('seq').last()).toMatchObject({ entityType: 'workstation-settings', role: 'team-lead' });
  });

  it('writes nothing for an auditor or a reviewer, nor while locked', async () => {
    const lead = await data.profiles.create({ name: 'Dana', agency: 'CISA', role: 'team-lead', principal: 'dana@cisa', idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!lead.ok) throw new Error(lead.error.message);
    ws.acting = { kind: 'profile', profileId: lead.value.profile.id, role: 'team-lead' };
    ws.keys = unlockedKeysOf(lead.value);
    const auditor = await data.profiles.create({ name: 'Avery', agency: 'GAO', role: 'auditor', principal: 'avery@gao', idleLockMinutes: 15 }, 'correct horse battery', 10);
    const reviewer = await data.profiles.create({ name: 'Riley', agency: 'NIST', role: 'reviewer', principal: 'riley@nist', idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!auditor.ok || !reviewer.ok) throw new Error('profiles not made');
    ws.acting = { kind: 'profile', profileId: auditor.value.profile.id, role: 'auditor' };
    expect(await workstation.update(secret)).toBe('Auditors can read the review and its history but not change them.');
    ws.acting = { kind: 'profile', profileId: reviewer.value.profile.id, role: 'reviewer' };
    expect(await workstation.update(secret)).toBe("Only a team lead changes the workstation's settings.");
    ws.acting = { kind: 'locked' };
    expect(await workstation.update(secret)).toBe('No profile is unlocked on this workstation: unlock yours to make changes.');
    expect(written).toEqual([]);
    expect(workstation.current().settings).toEqual(DEFAULT_WORKSTATION_SETTINGS);
  });
});
