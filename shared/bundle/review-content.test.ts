import { describe, expect, it } from 'vitest';
import { accuracy, benchmarkRun, gradedRows } from '../../test/fixtures/benchmark-runs.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import { SAMPLE_PACKET_FIELDS } from '../../test/fixtures/review-data.js';
import { sha256Hex } from '../hash/sha256.js';
import { UNCLASSIFIED } from '../marking/marking.js';
import { modelId } from '../model/model.js';
import { readPoam } from '../oscal/poam-read.js';
import { writePoam } from '../oscal/poam-write.js';
import { everyPartPoam } from '../../test/fixtures/fedramp-poam.js';
import type { PlanVersion } from '../plans/remediation-plan.js';
import { bytesStream, collect, createBundle, openBundle } from './review-bundle.js';
import { bundleSigner, openOptions } from '../../test/fixtures/bundle-parties.js';
import { bytesSource } from '../zip/byte-source.js';
import { ContentProblem, receivedFromMemory, REVIEW_CONTENT_FORMAT, REVIEW_CONTENT_PATH, attachmentPath, parseReviewDocument, planPath, readReviewContent, reviewBundleFiles, samplesPath, type ReviewContent } from './review-content.js';

const model = { id: modelId(SAMPLE_PACKET_FIELDS.developer, SAMPLE_PACKET_FIELDS.modelName), developer: SAMPLE_PACKET_FIELDS.developer, name: SAMPLE_PACKET_FIELDS.modelName, createdAt: '2026-11-20T10:00:00.000Z' };
const packet = { ...SAMPLE_PACKET_FIELDS, id: 'p1', modelId: model.id, createdAt: '2026-11-20T10:00:00.000Z', updatedAt: '2026-11-20T10:00:00.000Z', revision: 1, assignees: [] };
const lead = bundleSigner(1);
const content = (over: Record<string, unknown> = {}) => ({ format: REVIEW_CONTENT_FORMAT, version: 1, packets: [packet], models: [model], findings: [], history: [], ...over });

describe('the review data a bundle carries', () => {
  it('reads packets and models checked as the editors check them', () => {
    expect(parseReviewDocument(content()).packets[0]).toMatchObject({ id: 'p1', modelName: SAMPLE_PACKET_FIELDS.modelName });
  });

  it('reads a packet from before packets kept an authority block as having none, and says plainly when a bundle is from a newer version', () => {
    const { authority: _authority, ...older } = packet;
    expect(parseReviewDocument(content({ packets: [older] })).packets[0]?.authority).toEqual({ classifiedBy: '', derivedFrom: '', declassifyOn: '' });
    expect(() => parseReviewDocument(content({ version: 6 }))).toThrow(`${REVIEW_CONTENT_PATH} was made by a newer version of Frontier Review (review content version 6; this one reads up to 5). Update Frontier Review to import it.`);
  });

  it('reads a finding from before findings kept other product statuses and advisory detail as having none, and keeps them when it has them', () => {
    const envelope = { id: 'f1', packetId: 'p1', reports: 1, createdAt: '2026-11-21T10:00:00.000Z', updatedAt: '2026-11-21T10:00:00.000Z', revision: 1 };
    const older = { ...envelope, title: 'Exploit chaining', description: 'Seen.', type: 'model-capability', severity: 'high', cvssVector: null, cwe: null, cveId: null, affectedProducts: [], evidence: [], status: 'open', likelihood: null, impact: null, planItemUuids: [], marking: UNCLASSIFIED };
    const [read] = parseReviewDocument(content({ findings: [older] })).findings;
    expect(read?.productStatus).toEqual({ first_fixed: [], fixed: [], recommended: [], known_not_affected: [], under_investigation: [] });
    expect(read?.csaf).toMatchObject({ notes: [], remediations: [], scores: [], sources: [], releaseDate: null });
    const rc2 = { vendor: 'CSAF Tools', product: 'CVRF-CSAF-Converter', version: '1.0.0-rc2', csaf: { id: 'CSAFPID-0006', name: 'CSAF Tools CVRF-CSAF-Converter 1.0.0-rc2', branches: [{ category: 'vendor', name: 'CSAF Tools' }], helper: null, relationship: null } };
    const newer = {
      ...older,
      type: 'software-vulnerability',
      cveId: 'CVE-2022-27193',
      productStatus: { fixed: [rc2] },
      csaf: { remediations: [{ category: 'vendor_fix', details: 'Upgrade.', product_ids: ['CSAFPID-0006'] }] },
    };
    const [kept] = parseReviewDocument(content({ findings: [newer] })).findings;
    expect(kept?.productStatus.fixed).toEqual([rc2]);
    expect(kept?.csaf.remediations).toEqual([{ category: 'vendor_fix', details: 'Upgrade.', product_ids: ['CSAFPID-0006'] }]);
    // A remediation must name a product the finding holds.
    expect(() => parseReviewDocument(content({ findings: [{ ...newer, csaf: { remediations: [{ category: 'vendor_fix', details: 'Upgrade.', product_ids: ['ELSEWHERE'] }] } }] }))).toThrow(
      "finding 1: csaf: The advisory's detail names the product ELSEWHERE, which this finding does not hold.",
    );
  });

  it('refuses a packet linked to another model than its own, an invalid field, and a __proto__ key', () => {
    const other = { ...model, id: modelId('Someone', 'Else'), developer: 'Someone', name: 'Else' };
    expect(() => parseReviewDocument(content({ packets: [{ ...packet, modelId: other.id }], models: [model, other] }))).toThrow(`Packet p1 names model someone/else, not the model of ${SAMPLE_PACKET_FIELDS.developer} ${SAMPLE_PACKET_FIELDS.modelName}.`);
    expect(() => parseReviewDocument(content({ packets: [{ ...packet, modelName: '' }] }))).toThrow(ContentProblem);
    const polluted = JSON.parse(JSON.stringify(packet).replace(/^\{/, '{"__proto__":{"revision":99},')) as unknown;
    expect(() => parseReviewDocument(content({ packets: [polluted] }))).toThrow(/packet 1: /);
    expect(() => parseReviewDocument(content({ format: 'something-else' }))).toThrow(ContentProblem);
  });
});

describe('runs, plans and original logs in a bundle', () => {
  const runId = '0b7e3f4a-1c2d-4e5f-8a9b-0c1d2e3f4a5b';
  const planId = '5f1e2d3c-4b5a-4968-8776-655443322110';
  const log = new TextEncoder().encode('{"version": 2, "status": "success"}');

  async function fullContent(): Promise<ReviewContent> {
    const rows = gradedRows('CCICI');
    const sha256 = await sha256Hex(log);
    // NaN is what a log reports when nothing was scored; JSON carries it as null.
    const run = benchmarkRun({ id: runId, packetId: 'p1', marking: UNCLASSIFIED, sampleChunks: 1, metrics: [accuracy(0.6, 0.1), accuracy(Number.NaN, null, 'other')], samples: { total: 5, completed: 5, read: 5, scored: 5, unscored: 0, errored: 0, limited: 0 }, source: { kind: 'inspect-eval', fileName: 'cybench run/1.eval', size: log.length, sha256 } });
    const read = await readPoam('plan.json', providedBytes(NIST_POAM_EXAMPLE));
    if (!read.ok) throw new Error(read.message);
    const plan: PlanVersion = { id: planId, packetId: 'p1', version: 1, content: read.plan, document: read.document, problems: read.problems, source: { fileName: 'plan.json', size: 10, sha256: 'b'.repeat(64) }, marking: UNCLASSIFIED, importedAt: '2026-11-21T10:00:00.000Z', editedFrom: null };
    return { packets: [packet], models: [model], findings: [], runs: [run], samples: new Map([[runId, rows]]), plans: [plan], attachments: [{ sha256, fileName: 'cybench run/1.eval', source: bytesSource('cybench run/1.eval', log) }], comments: [{ id: 'c1', packetId: 'p1', author: 'Riley Reviewer', authorPrincipal: 'riley@cisa', authorRole: 'reviewer', createdAt: '2026-11-21T10:05:00.000Z', body: 'Run 1 looks contaminated: the flags appear in the prompt.', findingId: null, marking: UNCLASSIFIED }], history: [] };
  }

  const filesOf = async (c: ReviewContent) => new Map(await Promise.all(reviewBundleFiles(c).map(async (f) => [f.path, await collect(f.stream())] as const)));

  it('writes each run’s scores, each plan version as OSCAL and each original log to files of their own, and reads them back the same', async () => {
    const sent = await fullContent();
    const files = await filesOf(sent);
    expect([...files.keys()].sort()).toEqual([attachmentPath(sent.attachments[0]?.sha256 ?? '', 'cybench run/1.eval'), REVIEW_CONTENT_PATH, planPath(planId), samplesPath(runId)].sort());
    expect(attachmentPath('a'.repeat(64), 'cybench run/1.eval')).toBe(`attachments/${'a'.repeat(64)}/cybench run_1.eval`);
    expect(attachmentPath('a'.repeat(64), 'nul.eval')).toBe(`attachments/${'a'.repeat(64)}/_nul.eval`);
    expect(attachmentPath('a'.repeat(64), 'log.eval.')).toBe(`attachments/${'a'.repeat(64)}/log.eval_`);
    // The plan file is an OSCAL POA&M any OSCAL tool reads: the version's document, every field as it came.
    expect(JSON.parse(new TextDecoder().decode(files.get(planPath(planId))))).toEqual(JSON.parse(new TextDecoder().decode(providedBytes(NIST_POAM_EXAMPLE))));
    const received = await readReviewContent(receivedFromMemory(files));
    expect(received.runs).toEqual(sent.runs);
    expect(received.runs[0]?.metrics[1]?.value).toBeNaN();
    expect(received.samples.get(runId)).toEqual(sent.samples.get(runId));
    expect(received.plans).toEqual(sent.plans);
    expect(received.comments).toEqual(sent.comments);
    expect(received.attachments.map((a) => [a.fileName, a.source.size])).toEqual([['cybench run/1.eval', log.length]]);
    expect(await received.attachments[0]?.source.read(0, log.length)).toEqual(log);
  });

  it('carries every field of a FedRAMP POA&M through a bundle, and a version kept from before versions had documents as its plan written out', async () => {
    const sent = await fullContent();
    const fedramp = await readPoam('fedramp.json', new TextEncoder().encode(JSON.stringify(everyPartPoam())));
    if (!fedramp.ok) throw new Error(fedramp.message);
    const legacyId = '6a2f3e4d-5c6b-4a79-8887-766554433221';
    const plans: PlanVersion[] = [
      { ...sent.plans[0]!, content: fedramp.plan, document: fedramp.document },
      { ...sent.plans[0]!, id: legacyId, version: 2, document: null },
    ];
    const received = await readReviewContent(receivedFromMemory(await filesOf({ ...sent, plans })));
    expect(received.plans[0]).toEqual(plans[0]);
    expect(received.plans[0]?.document).toEqual(everyPartPoam());
    expect(received.plans[1]).toEqual({ ...plans[1], document: writePoam(sent.plans[0]!.content) });
  });

  it('refuses scores that do not fill the run, a log whose bytes are not the run’s, a plan that is not OSCAL, and a file nothing names', async () => {
    const sent = await fullContent();
    const tampered = async (change: (files: Map<string, Uint8Array>) => void) => {
      const files = await filesOf(sent);
      change(files);
      return readReviewContent(receivedFromMemory(files));
    };
    const encode = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));
    await expect(tampered((f) => f.set(samplesPath(runId), encode(gradedRows('CCIC'))))).rejects.toThrow(`${samplesPath(runId)}: run ${runId} says it read 5 samples, but 4 rows came with it.`);
    // A score named "__proto__", as JSON can say and an object literal cannot, never becomes a prototype.
    const polluted = JSON.stringify(gradedRows('CCICI')).replace('"scores":{', '"scores":{"__proto__":{"value":1,"answer":null},');
    const row = (await tampered((f) => f.set(samplesPath(runId), new TextEncoder().encode(polluted)))).samples.get(runId)?.[0];
    expect(row && Object.getPrototypeOf(row.scores)).toBe(Object.prototype);
    expect(row && Object.keys(row.scores)).toEqual(['includes']);
    const logPath = attachmentPath(sent.attachments[0]?.sha256 ?? '', 'cybench run/1.eval');
    await expect(tampered((f) => f.set(logPath, new TextEncoder().encode('{"version": 2, "status": "error!!"}')))).rejects.toThrow(`The attachment ${logPath} is not the log its runs were read from: its size or SHA-256 differs.`);
    await expect(tampered((f) => f.set(planPath(planId), encode({ catalog: {} })))).rejects.toThrow(/OSCAL catalog, not a plan of action and milestones/);
    await expect(tampered((f) => f.set('review/extra.json', encode({})))).rejects.toThrow('The bundle holds "review/extra.json", which its review data does not mention.');
    await expect(tampered((f) => f.delete(samplesPath(runId)))).rejects.toThrow(`The bundle holds no ${samplesPath(runId)}.`);
  });

  it('takes a log’s SHA-256 from the bundle’s checked manifest without reading it, and still refuses a log that is not the runs’ original', async () => {
    const sent = await fullContent();
    const header = { createdAt: '2026-11-30T10:00:00.000Z', marking: UNCLASSIFIED, signer: lead, encryption: { passphrase: 'correct horse battery staple', scryptLogN: 10 } } as const;
    const opening = { ...openOptions(lead, '', ''), decryption: { passphrase: 'correct horse battery staple' } };
    const logPath = attachmentPath(sent.attachments[0]?.sha256 ?? '', 'cybench run/1.eval');
    // The log's bytes are never read: the check that opened the bundle hashed them.
    const unread = (opened: Awaited<ReturnType<typeof openBundle>>) => {
      const files = receivedFromMemory(opened.files);
      return { ...files, source: (path: string) => (path === logPath ? { ...bytesSource(path, log), read: () => Promise.reject(new Error('the log was read again')) } : files.source(path)) };
    };
    const good = await openBundle((await createBundle({ ...header, bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a11', sources: reviewBundleFiles(sent) })).bytes, opening);
    const received = await readReviewContent(unread(good), { checked: good });
    expect(received.attachments.map((a) => a.sha256)).toEqual([sent.attachments[0]?.sha256]);
    // Other bytes of the same size under the log's name, listed by their own hash and signed: the bundle opens, and its review data is refused.
    const other = new TextEncoder().encode('{"version": 2, "status": "error!!"}');
    const swapped = reviewBundleFiles(sent).map((f) => (f.path === logPath ? { path: f.path, size: other.length, stream: () => bytesStream(other) } : f));
    const wrong = await openBundle((await createBundle({ ...header, bundleId: '0b6a3c52-2f0e-4c41-9a0e-1f6f3c1b2a12', sources: swapped })).bytes, opening);
    await expect(readReviewContent(unread(wrong), { checked: wrong })).rejects.toThrow(`The attachment ${logPath} is not the log its runs were read from: its size or SHA-256 differs.`);
  });

  it('refuses a run of a packet the bundle does not carry, and a log that is no run’s original', async () => {
    const sent = await fullContent();
    const document = JSON.parse(new TextDecoder().decode((await filesOf(sent)).get(REVIEW_CONTENT_PATH))) as { runs: { packetId: string }[]; attachments: { sha256: string }[] };
    const run = document.runs[0];
    if (run) run.packetId = 'elsewhere';
    expect(() => parseReviewDocument(document)).toThrow(`Run ${runId} belongs to packet elsewhere, which the bundle does not carry.`);
    if (run) run.packetId = 'p1';
    const comment = (document as unknown as { comments: { packetId: string; findingId: string | null }[] }).comments[0];
    if (comment) comment.findingId = 'f-elsewhere';
    expect(() => parseReviewDocument(document)).toThrow("Comment c1 is about finding f-elsewhere, which is not among its packet's findings in the bundle.");
    if (comment) comment.findingId = null;
    const attachment = document.attachments[0];
    if (attachment) attachment.sha256 = 'c'.repeat(64);
    expect(() => parseReviewDocument(document)).toThrow(/is filed as .* not under its SHA-256/);
  });
});
