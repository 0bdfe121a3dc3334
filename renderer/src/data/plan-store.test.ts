import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNCLASSIFIED, marking } from '../../../shared/marking/marking.js';
import { readPoam } from '../../../shared/oscal/poam-read.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import type { ReviewDatabase } from './database.js';
import { blankFindingFields } from '../../../shared/findings/finding.js';
import { newMilestone, onDate } from '../../../shared/plans/plan-edit.js';
import { FindingStore } from './finding-store.js';
import { PlanStore, type FindingLinkChange } from './plan-store.js';
import { ReviewStore } from './review-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../../../test/fixtures/provided.js';

const NIST_EXAMPLE = providedPath(NIST_POAM_EXAMPLE);
const nistBytes = new Uint8Array(readFileSync(NIST_EXAMPLE));

/** The NIST example as the developer might revise it: a new plan version, one risk closed. */
function revised(): Uint8Array {
  const document = JSON.parse(new TextDecoder().decode(nistBytes)) as { 'plan-of-action-and-milestones': { metadata: { version: string }; risks: { status: string }[] } };
  const poam = document['plan-of-action-and-milestones'];
  poam.metadata.version = '1.2';
  poam.risks[1]!.status = 'closed';
  return new TextEncoder().encode(JSON.stringify(document));
}

let workstation: TestWorkstation;
let db: ReviewDatabase;
let plans: PlanStore;
let packetId: string;

beforeEach(async () => {
  workstation = await openTestWorkstation();
  db = workstation.db;
  const packet = await new ReviewStore(db, workstation.context).createPacket(SAMPLE_PACKET_FIELDS);
  if (!packet.ok) throw new Error(packet.error.message);
  packetId = packet.value.id;
  plans = new PlanStore(db, workstation.context);
});

afterEach(() => workstation.close());

async function dump() {
  return { plans: await db.remediationPlans.toArray(), auditEvents: await db.auditEvents.orderBy('seq').toArray() };
}

describe('PlanStore', () => {
  it('imports the NIST example as version 1, with the broken reference recorded on it, and audits it', async () => {
    const result = await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, UNCLASSIFIED);
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({ version: 1, source: { fileName: 'goodread-poam.json', size: nistBytes.length } });
    expect(result.value.source.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(result.value.problems.map((p) => p.where)).toEqual(['poam-items[0]']);
    expect(result.value.content.items).toHaveLength(2);
    const events = await db.auditEvents.where('[entityType+entityId]').equals(['remediation-plan', result.value.id]).toArray();
    expect(events.map((e) => [e.action, e.actor])).toEqual([['create', 'jdoe']]);
  });

  it('keeps the developer\'s revised plan as version 2 beside version 1', async () => {
    await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, UNCLASSIFIED);
    const second = await plans.importVersion(packetId, 'goodread-poam-rev.json', revised(), UNCLASSIFIED);
    expect(second.ok).toBe(true);
    const versions = await plans.listVersions(packetId);
    expect(versions.map((v) => [v.version, v.content.version, v.content.risks[1]?.status])).toEqual([
      [1, '1.1', 'open'],
      [2, '1.2', 'closed'],
    ]);
  });

  it('refuses the same file twice, and a file that is not a plan, changing nothing', async () => {
    await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, UNCLASSIFIED);
    const before = await dump();
    expect(await plans.importVersion(packetId, 'copy.json', nistBytes, UNCLASSIFIED)).toMatchObject({
      ok: false,
      error: { code: 'conflict', message: "copy.json is already version 1 of this packet's plan (same SHA-256)." },
    });
    expect(await plans.importVersion(packetId, 'notes.json', new TextEncoder().encode('{"hello": 1}'), UNCLASSIFIED)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input', message: 'notes.json: it is not an OSCAL plan of action and milestones (no "plan-of-action-and-milestones" at its top).' },
    });
    expect(await dump()).toEqual(before);
  });

  it('refuses a plan marked above the workstation\'s system high', async () => {
    workstation.systemHigh = UNCLASSIFIED;
    const result = await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, marking('SECRET'));
    expect(result.ok).toBe(false);
    expect(await db.remediationPlans.count()).toBe(0);
  });

  it('exports a version as OSCAL that reads back to the same plan', async () => {
    const imported = await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, UNCLASSIFIED);
    if (!imported.ok) throw new Error(imported.error.message);
    const again = await readPoam('export.json', new TextEncoder().encode(JSON.stringify(plans.exportVersion(imported.value))));
    expect(again.ok && { ...again.plan, oscalVersion: imported.value.content.oscalVersion }).toEqual(imported.value.content);
  });

  describe('an edit in the app', () => {
    async function imported() {
      const result = await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, UNCLASSIFIED);
      if (!result.ok) throw new Error(result.error.message);
      return result.value;
    }

    it('becomes the next version, with owners, a new milestone, a logged deviation request and a finding linked, all audited together', async () => {
      const base = await imported();
      const finding = await new FindingStore(db, workstation.context).create(packetId, { ...blankFindingFields(), title: 'Engineers over-privileged', description: 'Seen in the agent transcripts.' });
      if (!finding.ok) throw new Error(finding.error.message);
      const risk = base.content.risks[1]!;
      const remediation = risk.remediations[0]!;
      const item = base.content.items[1]!;
      const edited = {
        ...base.content,
        items: base.content.items.map((i) => (i === item ? { ...i, owner: 'GoodRead product team' } : i)),
        risks: base.content.risks.map((r) =>
          r === risk
            ? { ...r, status: 'deviation-requested', deadline: onDate(r.deadline, '2026-12-20', 0), remediations: [{ ...remediation, milestones: [...remediation.milestones, newMilestone('Access review', '2026-12-15', 'J. Doe', 0, { now: workstation.clock, newUuid: () => crypto.randomUUID() })] }] }
            : r,
        ),
      };
      workstation.clock = new Date('2026-11-30T09:00:00Z');
      const link = { findingId: finding.value.finding.id, baseRevision: 1, planItemUuids: [item.uuid] };
      const result = await plans.saveEdit(packetId, base.id, edited, [link], 'Cloud roles need a new identity provider first.');
      if (!result.ok) throw new Error(result.error.message);
      expect(result.value.linksChanged).toBe(1);
      const saved = result.value.version;
      if (!saved) throw new Error('no version was made');
      expect(saved).toMatchObject({ version: 2, editedFrom: 1, problems: [], content: { version: '1.1, edited 2026-11-30' } });
      const savedRisk = saved.content.risks[1]!;
      expect(savedRisk.status).toBe('deviation-requested');
      expect(savedRisk.deadline).toBe('2026-12-20T17:00:00-04:00');
      expect(savedRisk.riskLog.at(-1)).toMatchObject({ title: 'Deviation requested', description: 'Cloud roles need a new identity provider first.', statusChange: 'deviation-requested' });
      expect(savedRisk.remediations[0]?.milestones.map((m) => [m.title, m.owner])).toEqual([
        ['Completion of GoodRead Sprint Ending June 23, 2023', null],
        ['Access review', 'J. Doe'],
      ]);
      expect(saved.content.items[1]?.owner).toBe('GoodRead product team');
      expect((await db.findings.get(finding.value.finding.id))?.planItemUuids).toEqual([item.uuid]);
      const events = (await db.auditEvents.orderBy('seq').toArray()).slice(-2);
      expect(events.map((e) => [e.action, e.entityType, e.reason])).toEqual([
        ['create', 'remediation-plan', 'Cloud roles need a new identity provider first.'],
        ['update', 'finding', 'Linked to the items of plan version 2.'],
      ]);
      // Version 1, the developer's, is untouched.
      expect((await plans.listVersions(packetId))[0]).toEqual(base);

      // A change of links alone changes the finding and makes no version; a stale one is refused.
      const unlink = await plans.saveEdit(packetId, saved.id, saved.content, [{ ...link, baseRevision: 2, planItemUuids: [] }], '');
      expect(unlink).toMatchObject({ ok: true, value: { version: null, linksChanged: 1 } });
      expect(await db.remediationPlans.count()).toBe(2);
      expect(await plans.saveEdit(packetId, saved.id, saved.content, [{ ...link, baseRevision: 2 }], '')).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: 'The finding "Engineers over-privileged" was changed elsewhere while you edited; close the editor and open it again to see the change.' },
      });
    });

    it('is refused whole when it would not be valid OSCAL, changes nothing, lacks a reason, or starts from an older version', async () => {
      const base = await imported();
      const before = await dump();
      const noLinks: FindingLinkChange[] = [];
      const blankTitle = { ...base.content, items: base.content.items.map((i, index) => (index === 0 ? { ...i, title: '' } : i)) };
      expect(await plans.saveEdit(packetId, base.id, blankTitle, noLinks, '')).toMatchObject({ ok: false, error: { message: 'The edited plan is not valid OSCAL: poam-items[0].title is empty.' } });
      const badOwner = { ...base.content, items: base.content.items.map((i, index) => (index === 0 ? { ...i, owner: ' spaced ' } : i)) };
      expect(await plans.saveEdit(packetId, base.id, badOwner, noLinks, '')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(await plans.saveEdit(packetId, base.id, base.content, noLinks, '')).toMatchObject({ ok: false, error: { message: 'Nothing was changed, so no new version was made.' } });
      const closed = { ...base.content, risks: base.content.risks.map((r) => ({ ...r, status: 'closed' })) };
      expect(await plans.saveEdit(packetId, base.id, closed, noLinks, '')).toMatchObject({ ok: false, error: { code: 'invalid-input', message: 'Say why the status of 2 risks changed; the reason goes in the risk log.' } });
      expect(await dump()).toEqual(before);

      const second = await plans.importVersion(packetId, 'goodread-poam-rev.json', revised(), UNCLASSIFIED);
      expect(second.ok).toBe(true);
      expect(await plans.saveEdit(packetId, base.id, closed, noLinks, 'All fixed.')).toMatchObject({
        ok: false,
        error: { code: 'conflict', message: 'Version 2 of the plan was added while you edited version 1; edit the latest version instead, so its changes are not lost.' },
      });
      expect(await db.remediationPlans.count()).toBe(2);
    });
  });
});
