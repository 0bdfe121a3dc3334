import { describe, expect, it } from 'vitest';
import type { RemediationPlanContent } from '../plans/remediation-plan.js';
import { POAM_LIMITS, readPoam, type PoamRead } from './poam-read.js';
import { poamAfterImport, writePoam } from './poam-write.js';
import { poamSchemaErrors } from '../../test/fixtures/oscal-schema.js';
import { everyPartPoam, fedrampPoam } from '../../test/fixtures/fedramp-poam.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';

const NIST_EXAMPLE = 'nist-ifa_plan-of-action-and-milestones.json';
const encoder = new TextEncoder();

const fixture = providedBytes;

function read(name: string, bytes: Uint8Array): Promise<PoamRead> {
  return readPoam(name, bytes);
}

async function readPlan(name: string, bytes: Uint8Array): Promise<Extract<PoamRead, { ok: true }>> {
  const result = await read(name, bytes);
  if (!result.ok) throw new Error(result.message);
  return result;
}

async function refusal(name: string, document: unknown): Promise<string> {
  const result = await read(name, typeof document === 'string' ? encoder.encode(document) : encoder.encode(JSON.stringify(document)));
  if (result.ok) throw new Error(`expected ${name} to be refused`);
  return result.message;
}

type Poam = Record<string, unknown> & { risks: Record<string, unknown>[]; observations: Record<string, unknown>[]; metadata: Record<string, unknown> };

/** The NIST example, changed by `edit` (which receives the plan-of-action-and-milestones object). */
function nistWith(edit: (poam: Poam) => void): unknown {
  const document = JSON.parse(new TextDecoder().decode(fixture(`oscal/${NIST_EXAMPLE}`))) as { 'plan-of-action-and-milestones': never };
  edit(document['plan-of-action-and-milestones']);
  return document;
}

const nist = await readPlan(NIST_EXAMPLE, fixture(`oscal/${NIST_EXAMPLE}`));

describe('readPoam: the NIST example plan', () => {
  const { plan, problems } = nist;

  it('reads its metadata, observations, risks and items', () => {
    expect(plan).toMatchObject({ title: 'IFA GoodRead Plan of Action and Milestones', version: '1.1', oscalVersion: '1.1.2', systemId: '8101e04d-8305-4e73-bb95-6b59f645b143' });
    expect(plan.observations.map((o) => o.methods)).toEqual([['EXAMINE'], ['TEST']]);
    expect(plan.risks.map((r) => r.title.slice(0, 19))).toEqual(['IFA-GOODREAD-RISK-1', 'IFA-GOODREAD-RISK-2']);
    expect(plan.items.map((i) => i.title)).toEqual([
      'Update Django Framework Configuration to Disable Default Admin Panel',
      'GoodRead System Engineers Have Over-Privileged Access to Cloud Infrastructure Account',
    ]);
  });

  it('reads a risk\'s status, likelihood and impact, deadline, and its remediation with milestones', () => {
    const risk = plan.risks[0];
    expect(risk).toMatchObject({ status: 'deviation-approved', likelihood: 'low', impact: 'high', deadline: '2024-01-01T05:00:00-04:00' });
    expect(risk?.mitigatingFactors.map((m) => m.uuid)).toEqual(['401c15c9-ad6b-4d4a-a591-7d53a3abb3b6']);
    expect(risk?.remediations[0]).toMatchObject({ lifecycle: 'planned', responseType: 'accept' });
    expect(risk?.remediations[0]?.milestones[0]).toMatchObject({ type: 'milestone', start: '2023-09-29T09:00:00-04:00', end: '2024-01-01T05:00:00-04:00' });
  });

  it('keeps in its document the parts of a plan the app does not show, and reports none of them as problems', async () => {
    const finding = { uuid: '2b8e0f0c-8b6a-4c1e-9a57-0d7e2f3a4b5c', title: 'F', description: 'D', target: { type: 'objective-id', 'target-id': 'ac-2_obj', status: { state: 'not-satisfied' } } };
    const withFindings = await readPlan('findings.json', encoder.encode(JSON.stringify(nistWith((p) => (p.findings = [finding])))));
    expect(withFindings.problems).toHaveLength(1);
    expect(withFindings.document['plan-of-action-and-milestones'].findings).toEqual([finding]);
    // NIST's observation types, subjects and remarks, which the app does not show, are in the document as they came.
    expect(nist.document).toEqual(JSON.parse(new TextDecoder().decode(fixture(NIST_POAM_EXAMPLE))));
    expect(nist.counts).toEqual({ 'poam-items': 2, risks: 2, observations: 2, remediations: 2, milestones: 2, findings: 0 });
    expect(nist.dropped).toEqual([]);
  });

  it('keeps the item\'s link to a mitigating factor posing as a risk, does not follow it, and says so; the sound link is followed', () => {
    expect(problems).toEqual([
      {
        where: '/plan-of-action-and-milestones/poam-items/0/related-risks/0/risk-uuid',
        message:
          'Item "Update Django Framework Configuration to Disable Default Admin Panel" refers to risk 401c15c9-ad6b-4d4a-a591-7d53a3abb3b6, which is a mitigating factor of risk "IFA-GOODREAD-RISK-1: PAO Staff Have Over-Privileged Access to GoodRead System", not a risk. The link stays in the plan and its exports, but is not followed here.',
      },
    ]);
    expect(plan.items[0]?.relatedRisks).toEqual([]);
    expect(plan.items[0]?.relatedObservations).toEqual(['0c4de4fc-9bde-46af-b6fe-3b5e78194dcf']);
    expect(plan.items[1]?.relatedRisks).toEqual(['1c65d2d3-7735-47fa-8f68-a236744beab7']);
    expect(nist.document['plan-of-action-and-milestones']['poam-items']).toMatchObject([{ 'related-risks': [{ 'risk-uuid': '401c15c9-ad6b-4d4a-a591-7d53a3abb3b6' }] }, {}]);
  });
});

describe('readPoam: FedRAMP\'s templates and what else NIST\'s schema accepts', () => {
  it.each([
    ['rev4', fedrampPoam('rev4')],
    ['rev5', fedrampPoam('rev5')],
    ['every part', everyPartPoam()],
  ])('reads a POA&M built as FedRAMP\'s %s template is, OSCAL 1.0.4, empty observation description and all, and keeps the document whole', async (_label, document) => {
    expect(poamSchemaErrors(document)).toEqual([]);
    const read = await readPlan('fedramp.json', encoder.encode(JSON.stringify(document)));
    expect(read.document).toEqual(document);
    expect(read.problems).toEqual([]);
    expect(read.dropped).toEqual([]);
    expect(read.plan).toMatchObject({ oscalVersion: '1.0.4', systemId: 'F00000000' });
    expect(read.plan.observations[0]).toMatchObject({ title: null, description: '' });
    // The template's item UUID in capitals is read as it is, and its risk is followed whatever the case.
    expect(read.plan.items[0]).toMatchObject({ uuid: '6F5FFF73-CAC6-4DA0-A0D9-0F931A5EFAFA', relatedRisks: ['9cbd98f3-abcb-4948-ad06-14e0bcba742f'] });
    expect(read.plan.risks[1]).toMatchObject({ likelihood: 'moderate', impact: 'high', judgedBy: [{ type: 'tool', actorUuid: '9d194268-a9d1-4c38-839f-9c4aa57bf71e' }] });
    expect(read.plan.risks[1]?.remediations[1]).toMatchObject({ responseType: 'mitigate', milestones: [{ end: '2023-07-02T00:00:00Z' }, { start: null, end: '2023-07-07T00:00:00Z' }] });
  });

  it('counts each kind from the file itself: items, risks, observations, remediations, milestones and findings', async () => {
    expect((await readPlan('rev5.json', encoder.encode(JSON.stringify(fedrampPoam('rev5'))))).counts).toEqual({ 'poam-items': 2, risks: 2, observations: 4, remediations: 4, milestones: 4, findings: 0 });
    // The repeating action is a task but not a milestone; its sub-task is not the remediation's own.
    expect((await readPlan('every.json', encoder.encode(JSON.stringify(everyPartPoam())))).counts).toEqual({ 'poam-items': 3, risks: 2, observations: 4, remediations: 4, milestones: 4, findings: 1 });
  });

  it('names an item OSCAL 1.0 gave no UUID the same way each time, and a second of the same title another way', async () => {
    const document = everyPartPoam() as { 'plan-of-action-and-milestones': { 'poam-items': Record<string, unknown>[] } };
    const items = document['plan-of-action-and-milestones']['poam-items'];
    items.push({ ...items[2] });
    const first = await readPlan('every.json', encoder.encode(JSON.stringify(document)));
    const again = await readPlan('every.json', encoder.encode(JSON.stringify(document)));
    expect(first.plan.items.map((i) => i.uuid)).toEqual(again.plan.items.map((i) => i.uuid));
    expect(new Set(first.plan.items.map((i) => i.uuid)).size).toBe(4);
    expect(first.plan.items[2]?.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('reads OSCAL 1.0.0 to 1.1.x, and empty text wherever OSCAL allows it', async () => {
    for (const version of ['1.0.0', '1.0.6', '1.1.0', '1.1.3']) {
      expect((await read('v.json', encoder.encode(JSON.stringify(nistWith((p) => (p.metadata['oscal-version'] = version)))))).ok, version).toBe(true);
    }
    const blank = nistWith((p) => {
      p.metadata.title = '';
      Object.assign(p.risks[0]!, { title: '', description: '', statement: '' });
      (p['poam-items'] as Record<string, unknown>[])[1]!.description = '';
    });
    expect(poamSchemaErrors(blank as object)).toEqual([]);
    expect((await readPlan('blank.json', encoder.encode(JSON.stringify(blank)))).plan).toMatchObject({ title: '', risks: [{ title: '', statement: '' }, {}] });
  });

  it('reads what OSCAL 1.1 added to a POA&M (metadata actions, a link\'s resource fragment, a property\'s group, an item\'s related findings), and exports it as it came', async () => {
    const added = nistWith((p) => {
      p.metadata.actions = [{ uuid: 'b1c7e6a2-4f3d-4e8a-9b0c-1d2e3f4a5b6c', type: 'approval', system: 'https://fedramp.gov', date: '2024-02-02T09:00:00-04:00' }];
      p.metadata.props = [{ name: 'priority', value: 'high', group: 'ranking' }];
      p.metadata.links = [{ href: '#401c15c9-ad6b-4d4a-a591-7d53a3abb3b6', rel: 'related', 'resource-fragment': 'remediations' }];
      p.findings = [{ uuid: '8e2f4a6c-1b3d-4e5f-9a7b-2c4d6e8f0a1b', title: 'AC-2', description: 'Accounts.', target: { type: 'objective-id', 'target-id': 'ac-2_obj', status: { state: 'not-satisfied' } } }];
      (p['poam-items'] as Record<string, unknown>[])[1]!['related-findings'] = [{ 'finding-uuid': '8e2f4a6c-1b3d-4e5f-9a7b-2c4d6e8f0a1b' }];
    });
    const read = await readPlan('v1-1.json', encoder.encode(JSON.stringify(added)));
    expect(read.document).toEqual(added);
    expect(poamSchemaErrors(poamAfterImport(read, new Date('2026-12-07T00:00:00Z')))).toEqual([]);
  });

  it('lists a key the file gives twice in one object, whose first value JSON drops, and reads the rest', async () => {
    const text = new TextDecoder().decode(fixture(NIST_POAM_EXAMPLE)).replace('"title": "IFA GoodRead Plan of Action and Milestones",', '"title": "Draft", "title": "IFA GoodRead Plan of Action and Milestones",');
    const read = await readPlan('twice.json', encoder.encode(text));
    expect(read.plan.title).toBe('IFA GoodRead Plan of Action and Milestones');
    expect(read.dropped).toEqual([{ path: '/plan-of-action-and-milestones/metadata/title', why: '"title" is given twice in the same object; JSON keeps the last value, so the first is left out.' }]);
  });
});

describe('writePoam', () => {
  const { plan } = nist;

  it('writes the NIST example back as a plan that passes NIST\'s POA&M schema', () => {
    expect(poamSchemaErrors(writePoam(plan))).toEqual([]);
  });

  it('round-trips: what it writes reads back to the same plan, with no problems', async () => {
    const written = encoder.encode(JSON.stringify(writePoam(plan)));
    const again = await readPlan('exported.json', written);
    expect(again.problems).toEqual([]);
    expect({ ...again.plan, oscalVersion: plan.oscalVersion }).toEqual(plan);
  });

  it('writes a plan edited down to its bare minimum (no observations, risks, facets or milestones) that still passes the schema', async () => {
    const bare: RemediationPlanContent = {
      ...plan,
      systemId: null,
      systemIdType: null,
      observations: [],
      risks: [{ ...plan.risks[1]!, likelihood: null, impact: null, facetSystem: null, judgedBy: [], deadline: null, mitigatingFactors: [], remediations: [], riskLog: [], relatedObservations: [] }],
      items: [{ uuid: '5b0b0d3c-2f5e-4c64-9f1e-7f0c4a4c7b11', title: 'Disable the admin panel', description: 'As agreed.', relatedObservations: [], relatedRisks: [plan.risks[1]!.uuid], owner: null }],
    };
    expect(poamSchemaErrors(writePoam(bare))).toEqual([]);
    expect((await readPlan('bare.json', encoder.encode(JSON.stringify(writePoam(bare))))).plan).toEqual({ ...bare, oscalVersion: '1.1.2' });
  });

  it('keeps the owners of items and milestones, as properties in the app\'s own namespace', async () => {
    const risk = plan.risks[1]!;
    const remediation = risk.remediations[0]!;
    const owned: RemediationPlanContent = {
      ...plan,
      items: plan.items.map((item, index) => (index === 1 ? { ...item, owner: 'GoodRead product team' } : item)),
      risks: plan.risks.map((r) =>
        r === risk ? { ...r, remediations: [{ ...remediation, milestones: remediation.milestones.map((m) => ({ ...m, owner: 'J. Doe (ISSO)' })) }] } : r,
      ),
    };
    const document = writePoam(owned) as { 'plan-of-action-and-milestones': { 'poam-items': { props?: unknown }[] } };
    expect(poamSchemaErrors(document)).toEqual([]);
    expect(document['plan-of-action-and-milestones']['poam-items'][1]?.props).toEqual([{ name: 'owner', ns: 'https://frontier-review.invalid/ns/oscal', value: 'GoodRead product team' }]);
    const again = await readPlan('owned.json', encoder.encode(JSON.stringify(document)));
    expect(again.plan.items.map((i) => i.owner)).toEqual([null, 'GoodRead product team']);
    expect(again.plan.risks[1]?.remediations[0]?.milestones.map((m) => m.owner)).toEqual(['J. Doe (ISSO)']);
    // A property of that name in another namespace is someone else's, not an owner.
    document['plan-of-action-and-milestones']['poam-items'][1]!.props = [{ name: 'owner', ns: 'https://example.com/ns', value: 'Someone' }];
    expect((await readPlan('other-ns.json', encoder.encode(JSON.stringify(document)))).plan.items[1]?.owner).toBeNull();
  });

  it('is caught by the schema test when it writes something unsound', () => {
    // The check is real: a plan whose risk has an invalid status fails it.
    const document = writePoam(plan) as { 'plan-of-action-and-milestones': { risks: { status: string }[] } };
    document['plan-of-action-and-milestones'].risks[0]!.status = 'open risk';
    expect(poamSchemaErrors(document).length).toBeGreaterThan(0);
  });
});

describe('readPoam: bad input is refused whole, naming the fault', () => {
  it.each([
    ['not JSON', 'plan.json', '{"plan-of-action-and-milestones": ', /^plan\.json: it is not valid JSON \(.+\)\.$/],
    ['a JSON list', 'list.json', '[1, 2]', /^list\.json: it is not an OSCAL document \(not a JSON object\)\.$/],
    ['another OSCAL model', 'ssp.json', { 'system-security-plan': { uuid: 'x' } }, /^ssp\.json: it is an OSCAL system security plan, not a plan of action and milestones\.$/],
    ['an unrelated object', 'other.json', { hello: 'world' }, /^other\.json: it is not an OSCAL plan of action and milestones \(no "plan-of-action-and-milestones" at its top\)\.$/],
  ])('%s', async (_label, name, document, message) => {
    expect(await refusal(name, document)).toMatch(message);
  });

  it('a CSAF advisory, named as such', async () => {
    const result = await read('advisory.json', fixture('csaf/csaf-2.0-bsi-2022-0001.json'));
    expect(result).toEqual({ ok: false, message: 'advisory.json: it looks like a CSAF advisory, not an OSCAL plan of action and milestones.' });
  });

  it('an OSCAL version it does not know', async () => {
    expect(await refusal('future.json', nistWith((p) => (p.metadata['oscal-version'] = '2.0.0')))).toBe('future.json: it uses OSCAL version 2.0.0; versions 1.0.0 to 1.1.x are read.');
  });

  it('a missing required field, with its path', async () => {
    expect(await refusal('nostatus.json', nistWith((p) => delete p.risks[1]!.status))).toBe('nostatus.json: risks[1].status is missing, and OSCAL requires it.');
  });

  it('a risk status that is not an OSCAL token; a token OSCAL does not list is kept', async () => {
    expect(await refusal('status.json', nistWith((p) => (p.risks[0]!.status = 'fixed now')))).toBe('status.json: risks[0].status is not a single word (an OSCAL token).');
    const accepted = await read('accepted.json', encoder.encode(JSON.stringify(nistWith((p) => (p.risks[0]!.status = 'risk-accepted')))));
    expect(accepted.ok && accepted.plan.risks[0]?.status).toBe('risk-accepted');
  });

  it.each([
    ['a date-time without seconds', (p: Poam) => (p.risks[0]!.deadline = '2024-01-01T05:00Z'), 'risks[0].deadline is not a date and time with a time zone (as 2024-01-31T09:00:00-05:00).'],
    ['a date that does not exist', (p: Poam) => (p.risks[0]!.deadline = '2024-02-30T05:00:00Z'), 'risks[0].deadline is not a date and time with a time zone (as 2024-01-31T09:00:00-05:00).'],
    ['a time zone no place uses', (p: Poam) => (p.risks[0]!.deadline = '2024-01-01T05:00:00+05:17'), 'risks[0].deadline is not a date and time with a time zone (as 2024-01-31T09:00:00-05:00).'],
    ['a version with a trailing space', (p: Poam) => (p.metadata.version = '1.1 '), 'metadata.version is empty, spans lines, or starts or ends with a space.'],
    ['a likelihood scale that is not a URI', (p: Poam) => ((p.risks[0]!.characterizations as { facets: { system: string }[] }[])[0]!.facets[0]!.system = 'my scale'), 'risks[0].characterizations[0].facets[0].system is not a URI.'],
    ['a plan with no items', (p: Poam) => (p['poam-items'] = []), 'poam-items holds no items, and OSCAL requires at least one.'],
  ])('%s, which NIST\'s schema would refuse on export', async (_label, edit, message) => {
    expect(await refusal('bad.json', nistWith(edit))).toBe(`bad.json: ${message}`);
  });

  it('a UUID two risks share; a UUID a finding shares with a risk is read, as the app tells findings apart by nothing', async () => {
    expect(await refusal('risks.json', nistWith((p) => (p.risks[1]!.uuid = String(p.risks[0]!.uuid).toUpperCase())))).toBe(
      'risks.json: the UUID 8B8BAE66-B28C-4FA5-9A20-B79E7322FC00 is used twice, by risks[0] and by risks[1]; each must name one thing.',
    );
    const shared = nistWith((p) => (p.findings = [{ uuid: p.risks[1]!.uuid, title: 'Finding', description: 'Same UUID as a risk.', target: { type: 'objective-id', 'target-id': 'ac-6', status: { state: 'not-satisfied' } } }]));
    expect((await read('shared.json', encoder.encode(JSON.stringify(shared)))).ok).toBe(true);
  });

  it('what NIST\'s schema refuses anywhere, even in a part the app does not show, with the field named', async () => {
    expect(await refusal('extra.json', nistWith((p) => (p.severity = 'high')))).toBe('extra.json: severity is not a field OSCAL defines there.');
    expect(await refusal('import.json', nistWith((p) => (p['import-ssp'] = {})))).toBe('import.json: import-ssp.href is missing, and OSCAL requires it.');
    expect(await refusal('subject.json', nistWith((p) => ((p.observations[0]!.subjects as { type: string }[])[0]!.type = 'a component')))).toBe('subject.json: observations[0].subjects[0].type is not a single word (an OSCAL token).');
    expect(await refusal('methods.json', nistWith((p) => (p.observations[0]!.methods = [])))).toBe('methods.json: observations[0].methods holds no items, and OSCAL requires at least one.');
    expect(await refusal('top.json', { ...(nistWith(() => undefined) as object), notes: 'x' })).toBe('top.json: "notes" at the top of the file is not part of an OSCAL plan of action and milestones.');
  });

  it('a document nested deeper than can be walked', async () => {
    const task = '{"uuid": "6b9d3f20-8c4e-4dab-9f70-2e3d4c5b6f70", "type": "action", "title": "deep", "tasks": [';
    const nested = `${task.repeat(20_000)}{"uuid": "6b9d3f20-8c4e-4dab-9f70-2e3d4c5b6f70", "type": "action", "title": "deep"}${']}'.repeat(20_000)}`;
    const text = new TextDecoder().decode(fixture(NIST_POAM_EXAMPLE)).replace('"type": "milestone",', `"type": "milestone", "tasks": [${nested}],`);
    expect(await refusal('deep.json', text)).toBe('deep.json: it is nested too deeply to read.');
  });

  it('a UUID used twice, naming both places', async () => {
    const message = await refusal('twice.json', nistWith((p) => (p.observations[1]!.uuid = p.observations[0]!.uuid)));
    expect(message).toBe('twice.json: the UUID 0c4de4fc-9bde-46af-b6fe-3b5e78194dcf is used twice, by observations[0] and by observations[1]; each must name one thing.');
  });

  it('a key that reaches the prototype', async () => {
    expect(await refusal('proto.json', '{"plan-of-action-and-milestones": {"__proto__": {"polluted": true}}}')).toMatch(/^proto\.json: it contains the key "__proto__"/);
  });

  it('a file larger than the limit, before parsing it', async () => {
    const result = await read('huge.json', new Uint8Array(POAM_LIMITS.fileBytes + 8 * 1024 * 1024));
    expect(result).toEqual({ ok: false, message: 'huge.json: this file is 40 MB; plans of action and milestones up to 32 MB are read.' });
  });
});
