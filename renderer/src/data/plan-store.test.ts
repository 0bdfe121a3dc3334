import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UNCLASSIFIED, marking } from '../../../shared/marking/marking.js';
import { readPoam } from '../../../shared/oscal/poam-read.js';
import { POAM_SCHEMA_WRITTEN, writePoam } from '../../../shared/oscal/poam-write.js';
import { everyPartPoam } from '../../../test/fixtures/fedramp-poam.js';
import { leavesNotKept } from '../../../test/fixtures/json-leaves.js';
import { poamSchemaErrors } from '../../../test/fixtures/oscal-schema.js';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import type { ReviewDatabase } from './database.js';
import { blankFindingFields } from '../../../shared/findings/finding.js';
import { newMilestone, onDate, withoutItem } from '../../../shared/plans/plan-edit.js';
import type { RemediationPlanContent } from '../../../shared/plans/remediation-plan.js';
import { FindingStore } from './finding-store.js';
import { PlanStore, type FindingLinkChange } from './plan-store.js';
import { ReviewStore } from './review-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';
import { NIST_POAM_EXAMPLE, providedPath } from '../../../test/fixtures/provided.js';

const NIST_EXAMPLE = providedPath(NIST_POAM_EXAMPLE);
/** What an export may change: the metadata's last-modified, version and oscal-version. */
const ON_EXPORT = ['last-modified', 'version', 'oscal-version'].map((k) => `/plan-of-action-and-milestones/metadata/${k}`);
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
    expect(result.value.problems.map((p) => p.where)).toEqual(['/plan-of-action-and-milestones/poam-items/0/related-risks/0/risk-uuid']);
    expect(result.value.content.items).toHaveLength(2);
    // The file itself is kept with the version, every field as it came.
    expect(result.value.document).toEqual(JSON.parse(new TextDecoder().decode(nistBytes)));
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

  it('keeps the CUI the plan says it holds beside the classification chosen for it', async () => {
    const document = JSON.parse(new TextDecoder().decode(nistBytes)) as { 'plan-of-action-and-milestones': { metadata: { title: string } } };
    const metadata = document['plan-of-action-and-milestones'].metadata;
    metadata.title = `(CUI//SP-PRVCY) ${metadata.title}`;
    const result = await plans.importVersion(packetId, 'privacy-poam.json', new TextEncoder().encode(JSON.stringify(document)), marking('SECRET'));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.marking).toEqual(marking('SECRET', { cuiCategories: ['SP-PRVCY'] }));
  });

  it('refuses a plan marked above the workstation\'s system high', async () => {
    workstation.systemHigh = UNCLASSIFIED;
    const result = await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, marking('SECRET'));
    expect(result.ok).toBe(false);
    expect(await db.remediationPlans.count()).toBe(0);
  });

  it('exports a version as its own document, every field as it came, dated now as OSCAL 1.1.2, which reads back to the same plan', async () => {
    const imported = await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, UNCLASSIFIED);
    if (!imported.ok) throw new Error(imported.error.message);
    const exported = plans.exportVersion(imported.value);
    expect(poamSchemaErrors(exported)).toEqual([]);
    expect(leavesNotKept(imported.value.document, exported, ON_EXPORT)).toEqual([]);
    const again = await readPoam('export.json', new TextEncoder().encode(JSON.stringify(exported)));
    expect(again.ok && again.plan).toEqual({ ...imported.value.content, lastModified: '2026-11-22T15:00:00Z', oscalVersion: '1.1.2' });
  });

  it('keeps all of a FedRAMP POA&M, lists what the file gave twice, and exports and edits it without losing a field', async () => {
    const text = JSON.stringify(everyPartPoam()).replace('"title":"Weakness Name",', '"title":"Old name","title":"Weakness Name",');
    const imported = await plans.importVersion(packetId, 'fedramp-poam.json', new TextEncoder().encode(text), UNCLASSIFIED);
    if (!imported.ok) throw new Error(imported.error.message);
    expect(imported.value.document).toEqual(everyPartPoam());
    expect(imported.value.problems).toEqual([{ where: '/plan-of-action-and-milestones/risks/0/title', message: '"title" is given twice in the same object; JSON keeps the last value, so the first is left out.' }]);
    const first = plans.exportVersion(imported.value);
    expect(leavesNotKept(everyPartPoam(), first, [...ON_EXPORT, '/$schema'])).toEqual([]);
    // The OSCAL 1.0 item goes out with the UUID the app knows it by, and the file's schema reference names 1.1.2's.
    expect((first['plan-of-action-and-milestones']['poam-items'] as { uuid?: string }[])[2]?.uuid).toBe(imported.value.content.items[2]?.uuid);
    expect(first.$schema).toBe(POAM_SCHEMA_WRITTEN);

    const risk = imported.value.content.risks[0]!;
    const edited = { ...imported.value.content, risks: imported.value.content.risks.map((r) => (r === risk ? { ...r, status: 'closed' } : r)) };
    const saved = await plans.saveEdit(packetId, imported.value.id, edited, [], 'Patched.');
    if (!saved.ok || !saved.value.version) throw new Error(saved.ok ? 'no version' : saved.error.message);
    expect(saved.value.version.problems).toEqual([]);
    const exported = plans.exportVersion(saved.value.version);
    expect(poamSchemaErrors(exported)).toEqual([]);
    expect(leavesNotKept(everyPartPoam(), exported, [...ON_EXPORT, '/$schema', '/plan-of-action-and-milestones/risks/0/status'])).toEqual([]);
    expect(exported['plan-of-action-and-milestones'].risks).toMatchObject([{ status: 'closed', 'risk-log': { entries: [{ title: 'Status changed to closed', description: 'Patched.', 'status-change': 'closed' }] } }, {}]);
  });

  it('exports and edits a version stored before versions kept their documents from its plan, as before', async () => {
    const imported = await plans.importVersion(packetId, 'goodread-poam.json', nistBytes, UNCLASSIFIED);
    if (!imported.ok) throw new Error(imported.error.message);
    const legacy = { ...imported.value, document: null, problems: [{ where: 'poam-items[0]', message: 'An older reader left a link out.' }] };
    await db.remediationPlans.put(legacy);
    expect(plans.exportVersion(legacy)).toEqual(writePoam(legacy.content));
    const edited = { ...legacy.content, items: legacy.content.items.map((i, n) => (n === 1 ? { ...i, owner: 'GoodRead product team' } : i)) };
    const saved = await plans.saveEdit(packetId, legacy.id, edited, [], '');
    if (!saved.ok || !saved.value.version) throw new Error(saved.ok ? 'no version' : saved.error.message);
    expect(leavesNotKept(writePoam(legacy.content), saved.value.version.document, ON_EXPORT)).toEqual([]);
    expect(saved.value.version.content.items[1]?.owner).toBe('GoodRead product team');
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
      // The link the app does not follow is still in the document, and still shown.
      expect(saved).toMatchObject({ version: 2, editedFrom: 1, problems: base.problems, content: { version: '1.1, edited 2026-11-30' } });
      expect(leavesNotKept(base.document, saved.document, [...ON_EXPORT, '/plan-of-action-and-milestones/risks/1/status', '/plan-of-action-and-milestones/risks/1/deadline'])).toEqual([]);
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
      const spacedStatus = { ...base.content, risks: base.content.risks.map((r, index) => (index === 0 ? { ...r, status: 'open again' } : r)) };
      expect(await plans.saveEdit(packetId, base.id, spacedStatus, noLinks, 'Reopened.')).toMatchObject({ ok: false, error: { message: 'The edited plan is not valid OSCAL: risks[0].status is not a single word (an OSCAL token).' } });
      // An edit cannot point an item at something that is not a risk.
      const misLinked = { ...base.content, items: base.content.items.map((i, index) => (index === 1 ? { ...i, relatedRisks: [...i.relatedRisks, base.content.observations[0]!.uuid] } : i)) };
      const refused = await plans.saveEdit(packetId, base.id, misLinked, noLinks, '');
      expect(refused.ok ? 'saved' : refused.error.message).toMatch(/^The edited plan has a problem at \/plan-of-action-and-milestones\/poam-items\/1\/related-risks\/1\/risk-uuid: Item .* refers to risk 0c4de4fc-9bde-46af-b6fe-3b5e78194dcf, which is observation "Django Framework Examination"/);
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

    it('is refused when it breaks a reference, whatever else the base could not carry or the edit took away', async () => {
      const noLinks: FindingLinkChange[] = [];
      const misLink = (content: RemediationPlanContent, index: number): RemediationPlanContent => ({ ...content, items: content.items.map((i, n) => (n === index ? { ...i, relatedRisks: [...i.relatedRisks, content.observations[0]!.uuid] } : i)) });
      const broken = /^The edited plan has a problem at \/plan-of-action-and-milestones\/poam-items\/\d\/related-risks\/\d\/risk-uuid: Item "GoodRead System Engineers .*" refers to risk 0c4de4fc-9bde-46af-b6fe-3b5e78194dcf, which is observation/;
      // A file that gives a key twice: the base lists that beside its unfollowed link, but the edit's document no longer has it.
      const twice = new TextEncoder().encode(new TextDecoder().decode(nistBytes).replace('"version": "1.1",', '"version": "1.0", "version": "1.1",'));
      const doubled = await plans.importVersion(packetId, 'goodread-twice.json', twice, UNCLASSIFIED);
      if (!doubled.ok) throw new Error(doubled.error.message);
      expect(doubled.value.problems).toHaveLength(2);
      const refused = await plans.saveEdit(packetId, doubled.value.id, misLink(doubled.value.content, 1), noLinks, '');
      expect(refused.ok ? 'saved' : refused.error.message).toMatch(broken);
      // Taking away the item with the unfollowed link does not pay for breaking another.
      const base = doubled.value;
      const swapped = misLink(withoutItem(base.content, base.content.items[0]!.uuid), 0);
      const alsoRefused = await plans.saveEdit(packetId, base.id, swapped, noLinks, '');
      expect(alsoRefused.ok ? 'saved' : alsoRefused.error.message).toMatch(broken);
      expect(await plans.listVersions(packetId)).toHaveLength(1);
    });

    it('keeps a link the base could not follow when an edit moves or renames its item, and saves', async () => {
      // The item with the unfollowed link second, so taking the first away moves it.
      const document = JSON.parse(new TextDecoder().decode(nistBytes)) as { 'plan-of-action-and-milestones': { 'poam-items': unknown[] } };
      document['plan-of-action-and-milestones']['poam-items'].reverse();
      const base = await plans.importVersion(packetId, 'goodread-reordered.json', new TextEncoder().encode(JSON.stringify(document)), UNCLASSIFIED);
      if (!base.ok) throw new Error(base.error.message);
      expect(base.value.problems.map((p) => p.where)).toEqual(['/plan-of-action-and-milestones/poam-items/1/related-risks/0/risk-uuid']);
      const [engineers, django] = base.value.content.items;
      const edited = withoutItem({ ...base.value.content, items: base.value.content.items.map((i) => (i === django ? { ...i, title: 'Disable the Django admin panel' } : i)) }, engineers!.uuid);
      const saved = await plans.saveEdit(packetId, base.value.id, edited, [], 'Engineers moved to another plan.');
      if (!saved.ok || !saved.value.version) throw new Error(saved.ok ? 'no version' : saved.error.message);
      expect(saved.value.version.problems).toEqual([
        { where: '/plan-of-action-and-milestones/poam-items/0/related-risks/0/risk-uuid', message: expect.stringMatching(/^Item "Disable the Django admin panel" refers to risk 401c15c9-ad6b-4d4a-a591-7d53a3abb3b6, which is a mitigating factor/) as unknown },
      ]);
    });
  });
});
