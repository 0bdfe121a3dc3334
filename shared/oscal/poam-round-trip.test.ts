import { describe, expect, it } from 'vitest';
import { everyPartPoam, fedrampPoam, FEDRAMP_NS } from '../../test/fixtures/fedramp-poam.js';
import { jsonLeaves, leavesNotKept } from '../../test/fixtures/json-leaves.js';
import { poamSchemaErrors } from '../../test/fixtures/oscal-schema.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import { documentMarkings, FRONTIER_REVIEW_OSCAL_NS, markOscal } from '../export/file-marking.js';
import { bannerText, marking } from '../marking/marking.js';
import { finishEdit, newMilestone, newPlanItem, onDate, syncAddedItems, withoutItem, type EditClock } from '../plans/plan-edit.js';
import type { PlanRisk, RemediationPlanContent } from '../plans/remediation-plan.js';
import { applyPlanEdit } from './poam-edit.js';
import type { PoamDocument } from './poam-document.js';
import { readPoam, type PoamReadOk } from './poam-read.js';
import { POAM_SCHEMA_WRITTEN, poamAfterImport, poamForExport } from './poam-write.js';

const NOW = new Date('2026-12-07T15:04:05.678Z');
const ROOT = '/plan-of-action-and-milestones';
/** What an export may change: the metadata's last-modified, version and oscal-version, and a `$schema` naming the schema of another OSCAL version (everyPartPoam's names 1.0.4's). */
const ON_EXPORT = [`${ROOT}/metadata/last-modified`, `${ROOT}/metadata/version`, `${ROOT}/metadata/oscal-version`, '/$schema'];
const BANNER = 'SECRET//NOFORN';
/** What the export gateway's marking adds, first: OSCAL's marking property and the app's. */
const MARKING_PROPS = [{ name: 'marking', class: 'us-classification', value: BANNER }, { name: 'marking', ns: FRONTIER_REVIEW_OSCAL_NS, value: BANNER }];

/** A marked document without exactly what the marking adds: its two properties first, and its banner as the first paragraph of the remarks. */
function withoutMarking(marked: PoamDocument): PoamDocument {
  const copy = structuredClone(marked) as { 'plan-of-action-and-milestones': { metadata: { props?: unknown[]; remarks?: string } } };
  const metadata = copy['plan-of-action-and-milestones'].metadata;
  expect(metadata.props?.slice(0, 2)).toEqual(MARKING_PROPS);
  expect(metadata.remarks?.split('\n\n')[0]).toBe(BANNER);
  const props = metadata.props?.slice(2) ?? [];
  if (props.length > 0) metadata.props = props;
  else delete metadata.props;
  const remarks = metadata.remarks ?? '';
  if (remarks === BANNER) delete metadata.remarks;
  else metadata.remarks = remarks.slice(BANNER.length + 2);
  return copy as unknown as PoamDocument;
}
const encoder = new TextEncoder();

const DOCUMENTS: readonly [string, unknown][] = [
  ['the NIST example', JSON.parse(new TextDecoder().decode(providedBytes(NIST_POAM_EXAMPLE)))],
  ["FedRAMP's rev4 template", fedrampPoam('rev4')],
  ["FedRAMP's rev5 template", fedrampPoam('rev5')],
  ['a POA&M with every part OSCAL allows', everyPartPoam()],
];

async function imported(document: unknown): Promise<PoamReadOk> {
  const read = await readPoam('plan.json', encoder.encode(JSON.stringify(document)));
  if (!read.ok) throw new Error(read.message);
  return read;
}

function clock(): EditClock {
  let n = 0;
  return { now: new Date('2026-12-06T10:00:00Z'), newUuid: () => `0e9c1d2b-3a4f-4b5c-8d6e-${String(++n).padStart(12, '0')}` };
}

/** The plan with its edit finished, and the document that edit makes, exported. */
function edited(read: PoamReadOk, edit: (plan: RemediationPlanContent) => RemediationPlanContent, reason = 'Agreed at the review meeting.') {
  const finished = finishEdit(read.plan, edit(read.plan), reason, clock());
  if (!finished.ok) throw new Error(finished.message);
  const document = applyPlanEdit(read.document, read.plan, finished.content);
  return { content: finished.content, document, exported: poamForExport(document, NOW) };
}

const withRisk = (plan: RemediationPlanContent, index: number, change: (r: PlanRisk) => PlanRisk): RemediationPlanContent => ({ ...plan, risks: plan.risks.map((r, i) => (i === index ? change(r) : r)) });

describe.each(DOCUMENTS)('%s, imported and exported', (_name, input) => {
  it('keeps every leaf of the input, as it came, but the metadata\'s last-modified, version and oscal-version, and validates as OSCAL 1.1.2', async () => {
    const read = await imported(input);
    const exported = poamAfterImport(read, NOW);
    expect(poamSchemaErrors(exported)).toEqual([]);
    expect(leavesNotKept(input, exported, ON_EXPORT)).toEqual([]);
    expect(exported['plan-of-action-and-milestones'].metadata).toMatchObject({ 'last-modified': '2026-12-07T15:04:05Z', 'oscal-version': '1.1.2' });
    // A schema reference the file gave names the schema of the version it now claims.
    expect(exported.$schema).toBe('$schema' in (input as object) ? POAM_SCHEMA_WRITTEN : undefined);
    // Every item goes out with the UUID the app knows it by (one OSCAL 1.0 left out is derived), the same in every export.
    const uuids = (document: PoamDocument) => (document['plan-of-action-and-milestones']['poam-items'] as { uuid?: string }[]).map((item) => item.uuid);
    expect(uuids(exported)).toEqual(read.plan.items.map((item) => item.uuid));
    expect(uuids(poamAfterImport(await imported(input), new Date('2027-03-01T00:00:00Z')))).toEqual(uuids(exported));
    expect(uuids(poamAfterImport(await imported(exported), new Date('2027-03-01T00:00:00Z')))).toEqual(uuids(exported));
    // The input itself is untouched, and the export reads back to the same plan with the same problems.
    expect(input).toEqual(DOCUMENTS.find(([, d]) => d === input)?.[1]);
    const again = await imported(exported);
    expect(again.plan).toEqual({ ...read.plan, lastModified: '2026-12-07T15:04:05Z', oscalVersion: '1.1.2' });
    expect(again.problems).toEqual(read.problems);
  });

  it('goes through the export gateway\'s marking with its marking added first and everything of the file kept after it, and still validates', async () => {
    const read = await imported(input);
    const marked = markOscal(poamAfterImport(read, NOW), marking('SECRET', { dissemination: ['NOFORN'] })) as PoamDocument;
    expect(poamSchemaErrors(marked)).toEqual([]);
    // Without exactly the two properties and the banner paragraph the marking adds, every leaf of the input is as it came.
    expect(leavesNotKept(input, withoutMarking(marked), ON_EXPORT)).toEqual([]);
    const carried = documentMarkings('oscal', encoder.encode(JSON.stringify(marked)));
    expect(new Set(carried.filter((m) => m.superseded !== true).map((m) => bannerText(m.parsed.marking)))).toEqual(new Set([BANNER]));
    // Marked again (a re-export), it carries the app's marking once, and the file's own as before.
    expect(markOscal(marked, marking('SECRET', { dissemination: ['NOFORN'] }))).toEqual(marked);
  });

  it('an edit of a status and a milestone changes those, logs the status change, and leaves every other leaf as it was', async () => {
    const read = await imported(input);
    const r = read.plan.risks.findIndex((risk) => risk.remediations.some((m) => m.milestones.length > 0));
    const m = read.plan.risks[r]!.remediations.findIndex((x) => x.milestones.length > 0);
    const { content, exported } = edited(read, (plan) =>
      withRisk(plan, r, (risk) => ({
        ...risk,
        status: 'deviation-requested',
        remediations: risk.remediations.map((x, j) => (j === m ? { ...x, milestones: x.milestones.map((t, k) => (k === 0 ? { ...t, title: 'Rescoped milestone', end: onDate(t.end, '2027-01-15', 0) } : t)) } : x)),
      })),
    );
    expect(poamSchemaErrors(exported)).toEqual([]);
    const risk = `${ROOT}/risks/${r}`;
    const task = `${risk}/remediations/${m}/tasks/0`;
    const timing = jsonLeaves(exported).has(`${task}/timing/within-date-range/end`) ? `${task}/timing/within-date-range/end` : `${task}/timing/on-date/date`;
    expect(leavesNotKept(input, exported, [...ON_EXPORT, `${risk}/status`, `${task}/title`, timing])).toEqual([]);
    const leaves = jsonLeaves(exported);
    expect([leaves.get(`${risk}/status`), leaves.get(`${task}/title`), String(leaves.get(timing)).slice(0, 10)]).toEqual(['deviation-requested', 'Rescoped milestone', '2027-01-15']);
    const log = (exported['plan-of-action-and-milestones'].risks as { 'risk-log': { entries: object[] } }[])[r]!['risk-log'].entries;
    expect(log.at(-1)).toEqual({ uuid: '0e9c1d2b-3a4f-4b5c-8d6e-000000000001', title: 'Deviation requested', description: 'Agreed at the review meeting.', start: '2026-12-06T10:00:00Z', 'status-change': 'deviation-requested' });
    // What the edit wrote reads back to the edited plan.
    expect((await imported(exported)).plan).toEqual({ ...content, lastModified: '2026-12-07T15:04:05Z', oscalVersion: '1.1.2' });
  });
});

describe('edits applied to the document', () => {
  it('keeps a link the app does not follow, until its item is removed', async () => {
    const read = await imported(DOCUMENTS[0]![1]);
    const reworded = edited(read, (plan) => ({ ...plan, items: plan.items.map((i, n) => (n === 0 ? { ...i, title: 'Disable the admin panel' } : i)) }));
    expect(reworded.document['plan-of-action-and-milestones']['poam-items']).toMatchObject([{ title: 'Disable the admin panel', 'related-risks': [{ 'risk-uuid': '401c15c9-ad6b-4d4a-a591-7d53a3abb3b6' }] }, {}]);
    expect((await imported(reworded.exported)).problems).toHaveLength(1);
    const removed = edited(read, (plan) => withoutItem(plan, plan.items[0]!.uuid));
    expect(poamSchemaErrors(removed.exported)).toEqual([]);
    expect(removed.document['plan-of-action-and-milestones']['poam-items']).toEqual([(read.document['plan-of-action-and-milestones']['poam-items'] as object[])[1]]);
    expect((await imported(removed.exported)).problems).toEqual([]);
  });

  it('adds an owner beside FedRAMP\'s POAM-ID, a milestone and an item with its own risk, writing each in, and removes a milestone', async () => {
    const read = await imported(fedrampPoam('rev5'));
    const c = clock();
    const { item, risk } = newPlanItem('Rotate credentials', 'Rotate and vault them.', c);
    const { content, document, exported } = edited(read, (plan) => {
      const rescheduled = withRisk(plan, 1, (r) => ({
        ...r,
        remediations: r.remediations.map((x, j) => (j === 1 ? { ...x, milestones: [...x.milestones.slice(1), newMilestone('Patch window', '2027-02-01', 'J. Doe', -300, c)] } : x)),
      }));
      return syncAddedItems(plan, { ...rescheduled, items: [...plan.items.map((i, n) => (n === 0 ? { ...i, owner: 'CSP ISSO' } : i)), item], risks: [...rescheduled.risks, risk] });
    });
    expect(poamSchemaErrors(exported)).toEqual([]);
    const poam = document['plan-of-action-and-milestones'] as { 'poam-items': { props?: object[] }[]; risks: { remediations: { tasks: { title: string; props?: object[] }[] }[] }[] };
    expect(poam['poam-items'][0]?.props).toEqual([{ name: 'POAM-ID', ns: FEDRAMP_NS, value: 'V-1' }, { name: 'owner', ns: 'https://frontier-review.invalid/ns/oscal', value: 'CSP ISSO' }]);
    expect(poam['poam-items']).toHaveLength(3);
    expect(poam.risks[1]?.remediations[1]?.tasks.map((t) => t.title)).toEqual(['[Example]Milestone 2', 'Patch window']);
    expect(poam.risks[1]?.remediations[1]?.tasks[0]?.props).toEqual([{ name: 'milestone-status', ns: FEDRAMP_NS, value: 'pending' }]);
    expect((await imported(exported)).plan).toEqual({ ...content, lastModified: '2026-12-07T15:04:05Z', oscalVersion: '1.1.2' });
  });

  it('gives an item OSCAL 1.0 left without a UUID the one the app knew it by, so renaming it keeps it the same item', async () => {
    const read = await imported(everyPartPoam());
    const known = read.plan.items[2]!.uuid;
    const { document, exported } = edited(read, (plan) => ({ ...plan, items: plan.items.map((i, n) => (n === 2 ? { ...i, title: 'Quarterly account reviews' } : i)) }));
    expect((document['plan-of-action-and-milestones']['poam-items'] as { uuid?: string }[])[2]?.uuid).toBe(known);
    expect((await imported(exported)).plan.items[2]).toMatchObject({ uuid: known, title: 'Quarterly account reviews' });
  });

  it('changes a likelihood as a facet beside the others a tool gave, keeping theirs', async () => {
    const read = await imported(fedrampPoam('rev5'));
    const { document } = edited(read, (plan) => withRisk(plan, 1, (r) => ({ ...r, likelihood: 'low' })));
    const characterizations = (document['plan-of-action-and-milestones'].risks as { characterizations: { facets: { name: string; value: string }[] }[] }[])[1]!.characterizations;
    expect(characterizations.map((c) => c.facets.map((f) => `${f.name}=${f.value}`))).toEqual([['iavm-severity=high', 'cve-id=CVE-2020-00000'], ['risk=moderate'], ['likelihood=low', 'impact=high']]);
    expect(poamSchemaErrors(document)).toEqual([]);
  });
});
