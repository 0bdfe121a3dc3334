import 'fake-indexeddb/auto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SAMPLE_PACKET_FIELDS } from '../../../test/fixtures/review-data.js';
import { readReviewContent, receivedFromMemory, reviewBundleFiles, type BundledAttachment } from '../../../shared/bundle/review-content.js';
import { createBundle, openBundle } from '../../../shared/bundle/review-bundle.js';
import { blankFindingFields } from '../../../shared/findings/finding.js';
import { publicIdentityFile } from '../../../shared/identity/profile.js';
import { allowedSignersOf } from '../../../shared/identity/trusted-signer.js';
import { sha256Hex } from '../../../shared/hash/sha256.js';
import { readInspectLog } from '../../../shared/inspect/inspect-log.js';
import { UNCLASSIFIED, marking } from '../../../shared/marking/marking.js';
import { SampleIndexBuilder } from '../../../shared/results/sample-index.js';
import { bytesSource } from '../../../shared/zip/byte-source.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../../test/fixtures/provided.js';
import { recordKey, type Resolution } from './bundle-store.js';
import { EMPTY_FRONTIER, historySigner, sealEvent, type HistoryKey, type SealedEvent } from '../../../shared/audit/history.js';
import { historyVerifierKey, sealHistoryKey } from '../../../shared/audit/history-key.js';
import { ok } from '../../../shared/errors/result.js';
import { HISTORY_FRONTIER_ID, HISTORY_KEY_ID } from './schema.js';
import { openDataLayer, type DataLayer } from './data-layer.js';
import type { SealedHistoryKeyRecord } from './database.js';
import { unlockedKeysOf, type UnlockedProfile } from './profile-store.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

/** A workstation with its data layer and an unlocked team lead. */
interface Station {
  readonly ws: TestWorkstation;
  readonly data: DataLayer;
  readonly lead: UnlockedProfile;
}

async function station(name: string, principal: string): Promise<Station> {
  const ws = await openTestWorkstation();
  const data = openDataLayer(ws.db, ws.context);
  const made = await data.profiles.create({ name, agency: 'CISA', role: 'team-lead', principal, idleLockMinutes: 15 }, 'correct horse battery', 10);
  if (!made.ok) throw new Error(made.error.message);
  ws.acting = { kind: 'profile', profileId: made.value.profile.id, role: 'team-lead' };
  ws.actor = name;
  ws.keys = unlockedKeysOf(made.value);
  return { ws, data, lead: made.value };
}

let a: Station;
let b: Station;
beforeEach(async () => {
  a = await station('Dana Lead', 'dana@cisa');
  b = await station('Quinn Lead', 'quinn@nsa');
  // Each trusts the other, from their public identity files.
  expect((await a.data.trust.addSigners(publicIdentityFile(b.lead.profile))).ok).toBe(true);
  expect((await b.data.trust.addSigners(publicIdentityFile(a.lead.profile))).ok).toBe(true);
});
afterEach(async () => {
  await a.ws.close();
  await b.ws.close();
});

/** What the export gateway records of a bundle file. */
function bundleFile(bytes: Uint8Array) {
  return { marking: UNCLASSIFIED, banner: 'UNCLASSIFIED', size: bytes.length, sha256: bytesToHex(sha256(bytes)), records: {} };
}

/** Exports packets from `from` to `to`, as the export dialog does, and opens the bundle on `to`. */
async function exchange(from: Station, to: Station, packetIds: string[], originals: readonly BundledAttachment[] = []) {
  const content = await from.data.bundles.contentFor(packetIds, originals);
  if (!content.ok) throw new Error(content.error.message);
  const { bytes, manifest } = await createBundle({
    bundleId: crypto.randomUUID(),
    createdAt: from.ws.clock.toISOString(), marking: UNCLASSIFIED,
    signer: { name: from.lead.profile.name, agency: from.lead.profile.agency, role: 'team-lead', seed: from.lead.keys.signingSeed, publicKey: ed25519.getPublicKey(from.lead.keys.signingSeed) },
    encryption: { recipients: [{ label: to.lead.profile.name, recipient: to.lead.profile.ageRecipient }] },
    sources: reviewBundleFiles(content.value),
  });
  // As the export dialog does once the bundle is saved: the next bundle proves it extends this one's history.
  const recorded = await from.data.bundles.recordExport(manifest, packetIds, 'review.frbundle', content.value, bundleFile(bytes));
  if (!recorded.ok) throw new Error(recorded.error.message);
  const opened = await openBundle(bytes, {
    trust: allowedSignersOf(await to.data.trust.list()),
    decryption: { identities: [to.lead.keys.ageIdentity] },
    ownRecipients: [to.lead.profile.ageRecipient],
    seenBundleIds: await to.data.bundles.seenBundleIds(),
    now: to.ws.clock,
  });
  const review = await readReviewContent(receivedFromMemory(opened.files));
  return { opened, review, plan: await to.data.bundles.planImport(review, opened.manifest.exporter.fingerprint) };
}

/** The history key the workstation's unlocked team lead holds. */
function openKey(at: Station): HistoryKey {
  const key = at.ws.keys?.historyKey;
  if (!key?.ok) throw new Error('no history key open');
  return key.value;
}

/** Re-seals a workstation's whole history (the bytes each event is kept as, too) with its own key after editing its first event: what its key's holder could do. */
async function rewriteHistory(at: Station, edit: (event: SealedEvent) => SealedEvent): Promise<void> {
  const db = at.ws.db;
  const key = openKey(at);
  let frontier = EMPTY_FRONTIER;
  const resealed = (await db.auditEvents.orderBy('seq').toArray()).map((event, i) => {
    const changed = i === 0 ? edit(event) : event;
    const sealed = sealEvent(changed, frontier, key.origin, historySigner(key));
    frontier = sealed.frontier;
    return { ...changed, ...sealed.seal, canonical: sealed.canonical };
  });
  await db.auditEvents.bulkPut(resealed);
  await db.historySeal.put({ id: HISTORY_FRONTIER_ID, ...frontier });
}

/** Imports a provided Inspect log into a packet, as the results dialog does; returns the run and the log. */
async function importLog(at: Station, packetId: string, fixture = 'inspect/2025-02-11T15-18-04-05-00_popularity_mj7khqpMM4GBCfVQozKgzB.eval') {
  const bytes = providedBytes(fixture);
  const importId = await at.data.results.beginImport('popularity.eval');
  const index = new SampleIndexBuilder();
  let chunks = 0;
  const parsed = await readInspectLog(bytesSource('popularity.eval', bytes), {
    onRows: (rows) => {
      index.add(rows);
      return at.data.results.stageSampleChunk(importId, chunks++, rows);
    },
  });
  const sha256 = await sha256Hex(bytes);
  const run = await at.data.results.commitLogImport(importId, { packetId, provenance: 'government-reproduced', marking: UNCLASSIFIED }, 'subject', { kind: parsed.sourceKind, fileName: 'popularity.eval', size: bytes.length, sha256 }, parsed, chunks, index.build());
  if (!run.ok) throw new Error(run.error.message);
  return { run: run.value, original: { sha256, fileName: 'popularity.eval', source: bytesSource('popularity.eval', bytes) } };
}

/** A packet made on A and merged into B: the start of every exchange that follows it. */
async function sharedPacket() {
  const packet = await a.data.store.createPacket(SAMPLE_PACKET_FIELDS);
  if (!packet.ok) throw new Error(packet.error.message);
  const first = await exchange(a, b, [packet.value.id]);
  expect((await b.data.bundles.commitImport(first.opened.manifest, first.review, first.plan, new Map())).ok).toBe(true);
  return packet.value;
}

describe('review bundles between two workstations', () => {
  it('carries packets, their models, findings and history to another workstation, which records the import', async () => {
    const packet = await a.data.store.createPacket(SAMPLE_PACKET_FIELDS);
    if (!packet.ok) throw new Error(packet.error.message);
    const made = await a.data.findings.create(packet.value.id, { ...blankFindingFields(), title: 'Exploit chaining', description: 'Seen in cybench.', severity: 'critical', cvssVector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' });
    expect(made.ok && made.value, made.ok ? '' : made.error.message).toBeTruthy();
    const said = await a.data.comments.add(packet.value.id, { body: 'Critical: reproduced twice.', findingId: made.ok ? made.value.finding.id : null, marking: UNCLASSIFIED });
    if (!said.ok) throw new Error(said.error.message);
    const { opened, review, plan } = await exchange(a, b, [packet.value.id]);
    expect(review.history.map((e) => e.entityType)).toEqual(['model', 'packet', 'finding', 'comment']);
    expect(plan).toMatchObject({ adds: 3, same: 0, conflicts: [] });
    expect(await b.data.bundles.commitImport(opened.manifest, review, plan, new Map())).toEqual({ ok: true, value: { added: 3, replaced: 0, kept: 0 } });
    expect((await b.data.store.getPacket(packet.value.id))?.modelName).toBe(SAMPLE_PACKET_FIELDS.modelName);
    // The discussion comes with it, under its author's name, on the same finding.
    expect(await b.data.comments.list(packet.value.id)).toEqual([said.value]);
    const finding = (await b.data.findings.list(packet.value.id))[0];
    expect(finding?.cvss?.baseScore).toBe(9.8);
    expect(await b.ws.db.auditEvents.orderBy('seq').last()).toMatchObject({ action: 'import', entityType: 'bundle', actor: 'Quinn Lead', role: 'team-lead' });
    expect(await b.data.history.verify()).toMatchObject({ ok: true });
    // The same bundle again is refused, and changes nothing.
    const count = await b.ws.db.auditEvents.count();
    expect(await b.data.bundles.commitImport(opened.manifest, review, plan, new Map())).toMatchObject({ ok: false, error: { code: 'conflict' } });
    expect(await b.ws.db.auditEvents.count()).toBe(count);
  });

  it("proves its history in the exporter's signed history, and the next bundle proves it extends what was seen; a rewrite between exports is refused", async () => {
    const packet = await sharedPacket();
    const verifierKey = (await a.data.history.verifierKey()) ?? '';
    const origin = verifierKey.split('+')[0] ?? '';
    const first = await b.ws.db.historyCheckpoints.get(verifierKey);
    // Its profile, the signer it trusts, the model and the packet.
    expect(first).toMatchObject({ origin, size: 4 });
    expect((await a.data.store.updatePacket(packet.id, 1, { ...SAMPLE_PACKET_FIELDS, notes: 'Reproduced.' })).ok).toBe(true);
    const second = await exchange(a, b, [packet.id]);
    // The first export recorded (one event, naming the packet), then the edit: the packet's four events, proven in six.
    expect(second.plan.history).toEqual({ origin, keyId: verifierKey.split('+')[1], size: 6, events: 4, seenBefore: 4, extends: 4, olderThanSeen: false });
    // A bundled event changed after it was signed is refused before anything is merged.
    const forged = { ...second.review, history: second.review.history.map((e, i) => (i === 0 ? { ...e, actor: 'mallory' } : e)) };
    // One stripped of its proof is shown as suspect: this signer's bundles carried one before.
    const { historyProof: _stripped, ...proofless } = second.review;
    expect(await b.data.bundles.planImport(proofless, second.opened.manifest.exporter.fingerprint)).toMatchObject({ history: null, proofMissing: true });
    await expect(b.data.bundles.planImport(forged, second.opened.manifest.exporter.fingerprint)).rejects.toThrow(`Event #${second.review.history[0]?.seq} of ${origin}'s history in this bundle is not in the history its checkpoint signs`);
    expect((await b.data.bundles.commitImport(second.opened.manifest, second.review, second.plan, new Map([[recordKey({ kind: 'packet', id: packet.id }), 'theirs']]))).ok).toBe(true);
    expect(await b.ws.db.historyCheckpoints.get(verifierKey)).toMatchObject({ size: 6, bundleId: second.opened.manifest.bundleId, signerFingerprints: [a.lead.profile.fingerprint] });

    // Someone with a's database and its key rewrites an old event and re-seals everything after it.
    await rewriteHistory(a, (e) => ({ ...e, actor: 'someone else' }));
    expect(await a.data.history.verify()).toMatchObject({ ok: true });
    expect((await a.data.store.updatePacket(packet.id, 2, { ...SAMPLE_PACKET_FIELDS, notes: 'Reproduced again.' })).ok).toBe(true);
    await expect(exchange(a, b, [packet.id])).rejects.toThrow(`The history of ${origin} was rewritten: the 6 events seen here before are not the start of the`);
    // A team lead who has looked into it may forget the history seen, with a reason; the next bundle starts afresh.
    expect(await b.data.bundles.forgetSeenHistory(verifierKey, '')).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await b.data.bundles.seenHistories()).toHaveLength(1);
    expect((await b.data.bundles.forgetSeenHistory(verifierKey, 'Workstation A restored from backup; checked with its lead.')).ok).toBe(true);
    expect(await b.data.bundles.seenHistories()).toEqual([]);
    expect((await exchange(a, b, [packet.id])).plan.history).toMatchObject({ seenBefore: null, extends: null });
  });

  it('refuses the history of a known workstation signed by another key: re-signed, or an impostor', async () => {
    const packet = await sharedPacket();
    // The same name, a new key sealed to the workstation's profile (its public recipient is enough), and every event re-sealed with it.
    const forged = { origin: openKey(a).origin, seed: 'ab'.repeat(32) };
    const sealedForged: SealedHistoryKeyRecord = { id: HISTORY_KEY_ID, verifierKey: historyVerifierKey(forged), sealed: await sealHistoryKey(forged, [a.lead.profile.ageRecipient]) };
    await a.ws.db.historySeal.put(sealedForged);
    a.ws.keys = { ageIdentity: a.lead.keys.ageIdentity, historyKey: ok(forged) };
    await rewriteHistory(a, (e) => e);
    expect(await a.data.history.verify()).toMatchObject({ ok: true });
    await expect(exchange(a, b, [packet.id])).rejects.toThrow('A workstation never changes its history key: its history may have been rewritten and re-signed.');
  });

  it('shows a record edited on both sides as a conflict, and keeps or replaces it only as the reviewer chooses', async () => {
    const packet = await sharedPacket();
    expect((await a.data.store.updatePacket(packet.id, 1, { ...SAMPLE_PACKET_FIELDS, notes: 'A: reproduced the cybench runs.' })).ok).toBe(true);
    expect((await b.data.store.updatePacket(packet.id, 1, { ...SAMPLE_PACKET_FIELDS, notes: 'B: developer plan received.' })).ok).toBe(true);

    const second = await exchange(a, b, [packet.id]);
    expect(second.plan.conflicts.map((c) => [c.kind, c.mine && 'notes' in c.mine ? c.mine.notes : null, 'notes' in c.theirs ? c.theirs.notes : null])).toEqual([['packet', 'B: developer plan received.', 'A: reproduced the cybench runs.']]);
    // Without a choice, nothing is written.
    expect(await b.data.bundles.commitImport(second.opened.manifest, second.review, second.plan, new Map())).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    const keep = new Map<string, Resolution>([[recordKey(second.plan.conflicts[0] ?? { kind: 'packet', id: '' }), 'mine']]);
    expect(await b.data.bundles.commitImport(second.opened.manifest, second.review, second.plan, keep)).toEqual({ ok: true, value: { added: 0, replaced: 0, kept: 1 } });
    expect((await b.data.store.getPacket(packet.id))?.notes).toBe('B: developer plan received.');

    const third = await exchange(a, b, [packet.id]);
    const take = new Map<string, Resolution>([[recordKey(third.plan.conflicts[0] ?? { kind: 'packet', id: '' }), 'theirs']]);
    expect(await b.data.bundles.commitImport(third.opened.manifest, third.review, third.plan, take)).toEqual({ ok: true, value: { added: 0, replaced: 1, kept: 0 } });
    // Replaced, it takes the next revision here: an edit based on the one before is refused.
    expect(await b.data.store.getPacket(packet.id)).toMatchObject({ notes: 'A: reproduced the cybench runs.', revision: 3 });
    expect(await b.data.store.updatePacket(packet.id, 2, { ...SAMPLE_PACKET_FIELDS, notes: 'stale' })).toMatchObject({ ok: false });
    expect(await b.data.history.verify()).toMatchObject({ ok: true });
    // The same content again, whatever its revision number, is no conflict.
    const fourth = await exchange(a, b, [packet.id]);
    expect(fourth.plan).toMatchObject({ adds: 0, same: 1, conflicts: [] });
  });

  it('sees a change deep inside a record, such as a raised marking, as a conflict rather than the same', async () => {
    const packet = await sharedPacket();
    expect((await a.data.store.updatePacket(packet.id, 1, { ...SAMPLE_PACKET_FIELDS, marking: marking('SECRET', { dissemination: ['NOFORN'] }) })).ok).toBe(true);
    const second = await exchange(a, b, [packet.id]);
    expect(second.plan).toMatchObject({ same: 0, conflicts: [{ kind: 'packet', id: packet.id }] });
  });

  it('refuses to show a bundle whose history, or whose manifest, holds more than this workstation may, though its records do not', async () => {
    // A packet once SECRET//NOFORN, now downgraded to CUI: its history carries the SECRET version.
    const packet = await a.data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, marking: marking('SECRET', { dissemination: ['NOFORN'] }) });
    if (!packet.ok) throw new Error(packet.error.message);
    expect((await a.data.store.updatePacket(packet.value.id, 1, SAMPLE_PACKET_FIELDS)).ok).toBe(true);
    const { opened, review, plan } = await exchange(a, b, [packet.value.id]);
    b.ws.systemHigh = marking('CUI', { cuiCategories: ['SP-PROPIN'] });
    expect(b.data.bundles.contentAboveCeiling(review)).toMatchObject({ ok: false, error: { message: expect.stringContaining('holds a version of a record in its history marked above') as unknown } });
    expect(await b.data.bundles.commitImport(opened.manifest, review, plan, new Map())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const withoutHistory = { ...review, history: [] };
    expect(b.data.bundles.contentAboveCeiling(withoutHistory)).toBeUndefined();
    expect(b.data.bundles.contentAboveCeiling(withoutHistory, marking('SECRET'))).toMatchObject({ ok: false, error: { message: expect.stringContaining("The bundle's signed manifest marks it above") as unknown } });
  });

  it('refuses a merge if the review changed after the plan was shown, or a record above the system high', async () => {
    const packet = await a.data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, marking: marking('SECRET') });
    if (!packet.ok) throw new Error(packet.error.message);
    const { opened, review, plan } = await exchange(a, b, [packet.value.id]);
    b.ws.systemHigh = marking('CONFIDENTIAL');
    expect(b.data.bundles.contentAboveCeiling(review)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('so none of it is shown or merged') as unknown } });
    expect(await b.data.bundles.commitImport(opened.manifest, review, plan, new Map())).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    b.ws.systemHigh = marking('SECRET');
    expect((await b.data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, modelVersion: 'other' })).ok).toBe(true);
    const sneaked = await b.data.store.createPacket({ ...SAMPLE_PACKET_FIELDS, modelVersion: 'x' });
    expect(sneaked.ok).toBe(true);
    // A local record with the bundle's id appears after the plan: the plan no longer holds.
    await b.ws.db.packets.put({ ...(await b.ws.db.packets.get(sneaked.ok ? sneaked.value.id : '')), id: packet.value.id } as never);
    expect(await b.data.bundles.commitImport(opened.manifest, review, plan, new Map())).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringContaining('changed on this workstation') as unknown } });
  });

  it('lets only a team lead record an export', async () => {
    const packet = await a.data.store.createPacket(SAMPLE_PACKET_FIELDS);
    if (!packet.ok) throw new Error(packet.error.message);
    const { opened } = await exchange(a, b, [packet.value.id]);
    const reviewer = await a.data.profiles.create({ name: 'Riley', agency: 'CISA', role: 'reviewer', principal: 'riley@cisa', idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!reviewer.ok) throw new Error(reviewer.error.message);
    a.ws.acting = { kind: 'profile', profileId: reviewer.value.profile.id, role: 'reviewer' };
    const file = bundleFile(new Uint8Array([1, 2, 3]));
    expect(await a.data.bundles.recordExport(opened.manifest, [packet.value.id], 'x.frbundle', {}, file)).toMatchObject({ ok: false, error: { message: 'Only a team lead signs and exports review bundles.' } });
    a.ws.acting = { kind: 'profile', profileId: a.lead.profile.id, role: 'team-lead' };
    expect((await a.data.bundles.recordExport(opened.manifest, [packet.value.id], 'x.frbundle', {}, file)).ok).toBe(true);
    // One event for the export, naming the packets it took out, the file and its marking.
    expect(await a.ws.db.auditEvents.orderBy('seq').last()).toMatchObject({ action: 'export', entityType: 'bundle', actor: 'Dana Lead', after: { packets: [packet.value.id], fileName: 'x.frbundle', banner: 'UNCLASSIFIED', size: 3 } });
  });

  it('carries runs with every sample score, plan versions and the original log, which the other workstation keeps and can send on', async () => {
    const packet = await a.data.store.createPacket(SAMPLE_PACKET_FIELDS);
    if (!packet.ok) throw new Error(packet.error.message);
    const { run, original } = await importLog(a, packet.value.id);
    const version = await a.data.plans.importVersion(packet.value.id, 'poam.json', providedBytes(NIST_POAM_EXAMPLE), UNCLASSIFIED);
    if (!version.ok) throw new Error(version.error.message);

    const { opened, review, plan } = await exchange(a, b, [packet.value.id], [original]);
    expect(plan.records.map((r) => [r.kind, r.status])).toEqual([['packet', 'add'], ['run', 'add'], ['plan', 'add'], ['attachment', 'add']]);
    expect(await b.data.bundles.commitImport(opened.manifest, review, plan, new Map())).toEqual({ ok: true, value: { added: 4, replaced: 0, kept: 0 } });

    expect(await b.data.results.listRuns(packet.value.id)).toEqual([run]);
    expect(await b.data.results.sampleRows(run.id)).toEqual(await a.data.results.sampleRows(run.id));
    expect(await b.data.results.sampleIndex(run.id)).toEqual(await a.data.results.sampleIndex(run.id));
    expect(await b.data.plans.listVersions(packet.value.id)).toEqual([version.value]);
    const kept = await b.ws.db.attachments.get(original.sha256);
    expect(kept && (await sha256Hex(new Uint8Array(await kept.data.arrayBuffer())))).toBe(original.sha256);
    const imported = (await b.ws.db.auditEvents.orderBy('seq').toArray()).filter((e) => e.action === 'import').map((e) => e.entityType);
    expect(imported).toEqual(['model', 'packet', 'benchmark-run', 'remediation-plan', 'attachment', 'bundle']);
    expect(await b.data.history.verify()).toMatchObject({ ok: true });

    // B keeps the original, so B's own bundle carries it without asking for the file again.
    const onward = await b.data.bundles.contentFor([packet.value.id]);
    expect(onward.ok && onward.value.attachments.map((x) => x.sha256)).toEqual([original.sha256]);
    // And the same bundle's content again is the same record for record.
    const again = await exchange(a, b, [packet.value.id], [original]);
    expect(again.plan).toMatchObject({ adds: 0, same: 4, conflicts: [] });
  });

  it('numbers plan versions after those already here, and keeps the same log imported on both sides once', async () => {
    const packet = await sharedPacket();
    // Each workstation imports a plan version 1 of its own, and the same log separately.
    const mine = await b.data.plans.importVersion(packet.id, 'b-poam.json', providedBytes(NIST_POAM_EXAMPLE), UNCLASSIFIED);
    const theirs = await a.data.plans.importVersion(packet.id, 'a-poam.json', new TextEncoder().encode(new TextDecoder().decode(providedBytes(NIST_POAM_EXAMPLE)).replace('"title"', '"title" ')), UNCLASSIFIED);
    expect([mine.ok && mine.value.version, theirs.ok && theirs.value.version]).toEqual([1, 1]);
    const onA = await importLog(a, packet.id);
    const onB = await importLog(b, packet.id);
    // A's finding cites A's run, which B holds under its own id.
    const cited = await a.data.findings.create(packet.id, { ...blankFindingFields(), title: 'Exploit chaining', description: 'Seen.', evidence: [{ kind: 'run', runId: onA.run.id, sampleId: null }] });
    expect(cited.ok, cited.ok ? '' : cited.error.message).toBe(true);

    const second = await exchange(a, b, [packet.id]);
    expect(second.plan.records.filter((r) => r.kind !== 'packet').map((r) => [r.kind, r.status])).toEqual([['finding', 'add'], ['run', 'same'], ['plan', 'add']]);
    expect(second.plan.records.find((r) => r.kind === 'run')?.label).toMatch(/already here as popularity\.eval$/);
    expect((await b.data.bundles.commitImport(second.opened.manifest, second.review, second.plan, new Map())).ok).toBe(true);
    expect((await b.data.plans.listVersions(packet.id)).map((v) => [v.version, v.source.fileName])).toEqual([[1, 'b-poam.json'], [2, 'a-poam.json']]);
    expect(await b.data.results.listRuns(packet.id)).toHaveLength(1);
    expect((await b.data.findings.list(packet.id))[0]?.evidence).toEqual([{ kind: 'run', runId: onB.run.id, sampleId: null }]);
  });

  it('asks before bringing back a packet deleted here, and leaves it and its records deleted if so chosen', async () => {
    const packet = await sharedPacket();
    expect((await b.data.store.deletePacket(packet.id, 1, 'Withdrawn by the developer.')).ok).toBe(true);
    const { original } = await importLog(a, packet.id);

    const second = await exchange(a, b, [packet.id], [original]);
    expect(second.plan.conflicts).toMatchObject([{ kind: 'packet', status: 'deleted-here', deleted: { actor: 'Quinn Lead' } }]);
    const leave = new Map<string, Resolution>([[recordKey({ kind: 'packet', id: packet.id }), 'mine']]);
    expect(await b.data.bundles.commitImport(second.opened.manifest, second.review, second.plan, leave)).toEqual({ ok: true, value: { added: 0, replaced: 0, kept: 3 } });
    expect(await b.data.store.getPacket(packet.id)).toBeUndefined();
    expect(await b.data.results.listRuns(packet.id)).toEqual([]);
    // Nor is the log of the run left out kept.
    expect(await b.ws.db.attachments.count()).toBe(0);

    const third = await exchange(a, b, [packet.id]);
    const restore = new Map<string, Resolution>([[recordKey({ kind: 'packet', id: packet.id }), 'theirs']]);
    expect(await b.data.bundles.commitImport(third.opened.manifest, third.review, third.plan, restore)).toEqual({ ok: true, value: { added: 1, replaced: 1, kept: 0 } });
    expect(await b.data.store.getPacket(packet.id)).toMatchObject({ revision: 1 });
    expect(await b.data.results.listRuns(packet.id)).toHaveLength(1);
  });

  it('lets only a team lead bring back, through a merge, a comment a team lead deleted here', async () => {
    const made = await a.data.store.createPacket(SAMPLE_PACKET_FIELDS);
    if (!made.ok) throw new Error(made.error.message);
    const packet = made.value;
    const said = await a.data.comments.add(packet.id, { body: 'Off topic.', findingId: null, marking: UNCLASSIFIED });
    if (!said.ok) throw new Error(said.error.message);
    expect((await a.data.store.assignReviewers(packet.id, packet.revision, ['riley@nsa'])).ok).toBe(true);
    const first = await exchange(a, b, [packet.id]);
    expect((await b.data.bundles.commitImport(first.opened.manifest, first.review, first.plan, new Map())).ok).toBe(true);
    expect((await b.data.comments.delete(said.value.id, 'Moderated.')).ok).toBe(true);
    // A reviewer assigned to the packet on b merges the next bundle, which still carries the comment.
    const reviewer = await b.data.profiles.create({ name: 'Riley Reviewer', agency: 'NSA', role: 'reviewer', principal: 'riley@nsa', idleLockMinutes: 15 }, 'correct horse battery', 10);
    if (!reviewer.ok) throw new Error(reviewer.error.message);
    const second = await exchange(a, b, [packet.id]);
    b.ws.acting = { kind: 'profile', profileId: reviewer.value.profile.id, role: 'reviewer' };
    b.ws.actor = 'Riley Reviewer';
    expect(second.plan.conflicts.map((c) => [c.kind, c.status, c.deleted?.role])).toEqual([['comment', 'deleted-here', 'team-lead']]);
    const restore = new Map<string, Resolution>([[recordKey({ kind: 'comment', id: said.value.id }), 'theirs']]);
    expect(await b.data.bundles.commitImport(second.opened.manifest, second.review, second.plan, restore)).toMatchObject({ ok: false, error: { code: 'forbidden', message: expect.stringContaining('only a team lead may bring it back') as unknown } });
    expect(await b.data.comments.list(packet.id)).toEqual([]);
    // Keeping it deleted merges; a team lead could have brought it back.
    const keep = new Map<string, Resolution>([[recordKey({ kind: 'comment', id: said.value.id }), 'mine']]);
    expect((await b.data.bundles.commitImport(second.opened.manifest, second.review, second.plan, keep)).ok).toBe(true);
    expect(await b.data.comments.list(packet.id)).toEqual([]);
    b.ws.acting = { kind: 'profile', profileId: b.lead.profile.id, role: 'team-lead' };
    b.ws.actor = 'Quinn Lead';
    const third = await exchange(a, b, [packet.id]);
    expect((await b.data.bundles.commitImport(third.opened.manifest, third.review, third.plan, restore)).ok).toBe(true);
    expect(await b.data.comments.list(packet.id)).toEqual([said.value]);
  });

  it('leaves out a comment about a finding left deleted here, so the next bundle from here still opens on the other side', async () => {
    const packet = await sharedPacket();
    const made = await a.data.findings.create(packet.id, { ...blankFindingFields(), title: 'Exploit chaining', description: 'Seen.' });
    if (!made.ok) throw new Error(made.error.message);
    const findingId = made.value.finding.id;
    const first = await exchange(a, b, [packet.id]);
    expect((await b.data.bundles.commitImport(first.opened.manifest, first.review, first.plan, new Map())).ok).toBe(true);
    expect((await b.data.findings.delete(findingId, 'A duplicate of our own.')).ok).toBe(true);
    expect((await a.data.comments.add(packet.id, { body: 'Reproduced.', findingId, marking: UNCLASSIFIED })).ok).toBe(true);

    const second = await exchange(a, b, [packet.id]);
    expect(second.plan.conflicts.map((c) => [c.kind, c.status])).toEqual([['finding', 'deleted-here']]);
    const leave = new Map<string, Resolution>([[recordKey({ kind: 'finding', id: findingId }), 'mine']]);
    expect(await b.data.bundles.commitImport(second.opened.manifest, second.review, second.plan, leave)).toEqual({ ok: true, value: { added: 0, replaced: 0, kept: 2 } });
    expect(await b.data.comments.list(packet.id)).toEqual([]);
    // What b sends back is whole: no comment points at a finding it does not carry.
    const back = await exchange(b, a, [packet.id]);
    expect(back.review.comments).toEqual([]);
  });
});
