import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { AuditedEntity } from '../../../shared/audit/audit-event.js';
import type { BundleManifest } from '../../../shared/bundle/bundle-manifest.js';
import { blankFindingFields } from '../../../shared/findings/finding.js';
import { publicIdentityFile } from '../../../shared/identity/profile.js';
import { sha256Hex } from '../../../shared/hash/sha256.js';
import { readInspectLog } from '../../../shared/inspect/inspect-log.js';
import { bannerColours, UNCLASSIFIED } from '../../../shared/marking/marking.js';
import { markingBlockLines } from '../../../shared/marking/marking-blocks.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { guessMapping, runsFromTable, tableSignature } from '../../../shared/results/results-table.js';
import { SampleIndexBuilder } from '../../../shared/results/sample-index.js';
import { bytesSource } from '../../../shared/zip/byte-source.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../../test/fixtures/provided.js';
import { SAMPLE_PACKET_FIELDS, cybenchThreshold } from '../../../test/fixtures/review-data.js';
import { BundleStore } from './bundle-store.js';
import { ExportGateway, type ExportSink } from './export-gateway.js';
import { CommentStore } from './comment-store.js';
import { ComparisonStore } from './comparison-store.js';
import { FindingStore } from './finding-store.js';
import { openDataLayer } from './data-layer.js';
import { PlanStore } from './plan-store.js';
import { ProfileStore, unlockedKeysOf } from './profile-store.js';
import { ResultsStore } from './results-store.js';
import { ReviewStore } from './review-store.js';
import { ThresholdStore } from './threshold-store.js';
import { TrustStore } from './trust-store.js';
import { ReportGateway } from './report-exports.js';
import { ReportStore } from './report-store.js';
import { reportHtml } from '../features/report/document/report-html.js';
import { openTestWorkstation, type TestWorkstation } from './test-workstation.js';

/**
 * Every method of every store, sorted: those that change review data (each must write its audit
 * event, walked below), those that only read, and those that write what is not review data. A
 * method added to a store without being sorted here fails the first test.
 */
const METHODS = {
  ReviewStore: {
    changes: ['createPacket', 'updatePacket', 'assignReviewers', 'deletePacket', 'recordSettingsChange'],
    reads: ['listPackets', 'getPacket', 'checkPacket', 'listModels', 'historyOf', 'packetTimeline', 'packetAtRevision', 'packetChangesSince', 'holdingsAbove', 'settingsChangeProblem', 'loadPacketDraft', 'packetIdsWithDrafts'],
    // Drafts are a reviewer's unsaved typing, kept against crashes; saving one is the change.
    notReviewData: ['savePacketDraft', 'discardPacketDraft'],
  },
  ResultsStore: {
    changes: ['commitLogImport', 'commitTableImport', 'deleteRun', 'reattributeRun'],
    reads: ['databaseName', 'keptOriginal', 'listRuns', 'listAllRuns', 'getRun', 'sampleRows', 'sampleIndex', 'sampleChunk', 'rememberedMapping'],
    // Staged chunks are invisible until the import commits (with its event), or are swept.
    notReviewData: ['beginImport', 'stageSampleChunk', 'discardImport', 'sweepAbandonedImports'],
  },
  ThresholdStore: { changes: ['create', 'update', 'delete'], reads: ['list', 'check'], notReviewData: [] },
  PlanStore: { changes: ['importVersion', 'saveEdit'], reads: ['listVersions', 'exportVersion'], notReviewData: [] },
  FindingStore: { changes: ['create', 'importCsaf', 'update', 'delete'], reads: ['list', 'check'], notReviewData: [] },
  CommentStore: { changes: ['add', 'delete'], reads: ['list', 'check'], notReviewData: [] },
  ComparisonStore: { changes: ['create', 'delete'], reads: ['list', 'get'], notReviewData: [] },
  // Unlocking opens a profile's keys and the history key in memory; it changes no review data.
  ProfileStore: { changes: ['create', 'setRole'], reads: ['list', 'count', 'unlock'], notReviewData: [] },
  TrustStore: { changes: ['addSigners', 'revoke'], reads: ['list'], notReviewData: [] },
  BundleStore: { changes: ['recordExport', 'commitImport', 'forgetSeenHistory'], reads: ['exportProblem', 'contentFor', 'seenBundleIds', 'seenHistories', 'contentAboveCeiling', 'planImport', 'originalsFor'], notReviewData: [] },
  // What leaves the workstation is recorded as it leaves; deciding its marking changes nothing.
  ExportGateway: { changes: ['saveFile', 'print', 'recordScreenPrint', 'exportBundle'], reads: ['decide', 'markingBlocksFor'], notReviewData: [] },
  ReportStore: { changes: ['make'], reads: ['versions', 'changes'], notReviewData: [] },
  ReportGateway: { changes: ['saveReportPdf', 'saveReportHtml', 'saveReportJson'], reads: ['reportDecision'], notReviewData: [] },
} as const;

const CLASSES = { ReviewStore, ResultsStore, ThresholdStore, PlanStore, FindingStore, CommentStore, ComparisonStore, ProfileStore, TrustStore, BundleStore, ExportGateway, ReportStore, ReportGateway };

/** A class's own public methods: what its prototype holds, less the constructor and private helpers. */
function publicMethods(cls: { prototype: object }, privates: readonly string[]): string[] {
  return Object.getOwnPropertyNames(cls.prototype)
    .filter((name) => name !== 'constructor' && !privates.includes(name))
    .sort();
}

// TypeScript's private methods are on the prototype too; these are the ones each class has.
const PRIVATES: Readonly<Record<keyof typeof CLASSES, readonly string[]>> = {
  ReviewStore: ['validatePacket', 'ensureModel'],
  ResultsStore: ['checkFiling', 'checkPacketAndDuplicate', 'newRun'],
  ThresholdStore: [],
  PlanStore: [],
  FindingStore: ['record', 'linkProblem'],
  CommentStore: [],
  ComparisonStore: [],
  ProfileStore: [],
  TrustStore: [],
  BundleStore: ['checkHistory'],
  ExportGateway: ['record', 'blocksFor', 'sourcesOf'],
  ReportStore: ['creator', 'reviewers', 'changesTo', 'checkpoint'],
  ReportGateway: ['recordsOf', 'saveReportFile'],
};

let workstation: TestWorkstation;

beforeEach(async () => {
  workstation = await openTestWorkstation();
});

afterEach(() => workstation.close());

describe('every change to review data writes its audit event', () => {
  it.each(Object.keys(CLASSES) as (keyof typeof CLASSES)[])('%s: every method is sorted as a change, a read, or not review data', (name) => {
    const sorted = METHODS[name];
    expect(publicMethods(CLASSES[name], PRIVATES[name])).toEqual([...sorted.changes, ...sorted.reads, ...sorted.notReviewData].sort());
  });

  it('walks every change: each adds its event, of the entity it changed, to a history that still verifies', async () => {
    const { db, context } = workstation;
    // A host that saves and prints as asked; a bundle it is handed comes back written.
    const sink: ExportSink = {
      saveFile: (r) => Promise.resolve(ok({ saved: true as const, fileName: r.suggestedName })),
      print: () => Promise.resolve(),
      printToPdf: () => Promise.resolve(err('unsupported', 'A browser prints to PDF from its print dialog.')),
      exportBundle: (r) => Promise.resolve(ok({ saved: true as const, fileName: r.suggestedName, manifest: bundleManifest(r.header.bundleId), size: 1, sha256: '0'.repeat(64) })),
    };
    const { store, results, thresholds, plans, findings, comments, comparisons, profiles, trust, bundles, history, exports, reports } = openDataLayer(db, context, undefined, sink);
    let bundleManifest = (id: string): BundleManifest => ({ format: 'frontier-review-bundle', version: 1, bundleId: id, createdAt: workstation.clock.toISOString(), exporter: { name: 'x', agency: '', role: 'team-lead', publicKey: 'ssh-ed25519 x', fingerprint: 'SHA256:x' }, recipients: [], files: [] });
    const walked: string[] = [];

    /** Runs one change and checks the history grew by its event(s), the last of `entity`. */
    async function change<T>(name: string, entity: AuditedEntity, run: () => Promise<Result<T>>): Promise<T> {
      const before = await db.auditEvents.count();
      const result = await run();
      if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
      expect(await db.auditEvents.count(), name).toBeGreaterThan(before);
      expect((await db.auditEvents.orderBy('seq').last())?.entityType, name).toBe(entity);
      walked.push(name);
      return result.value;
    }

    const packet = await change('ReviewStore.createPacket', 'packet', () => store.createPacket(SAMPLE_PACKET_FIELDS));
    await change('ReviewStore.updatePacket', 'packet', () => store.updatePacket(packet.id, 1, { ...SAMPLE_PACKET_FIELDS, notes: 'Looked.' }));
    await change('ReviewStore.assignReviewers', 'packet', () => store.assignReviewers(packet.id, 2, ['quinn@nsa'], 'Quinn reviews it.'));
    await change('ReviewStore.recordSettingsChange', 'workstation-settings', () =>
      store.recordSettingsChange({ systemHigh: UNCLASSIFIED, bannerMode: 'system-high' }, { systemHigh: workstation.systemHigh, bannerMode: 'system-high' }),
    );

    const filing = { packetId: packet.id, provenance: 'government-reproduced' as const, marking: UNCLASSIFIED };
    const logBytes = providedBytes('inspect/log_formats.json');
    const importId = await results.beginImport('log_formats.json');
    let chunks = 0;
    const index = new SampleIndexBuilder();
    const parsed = await readInspectLog(bytesSource('log_formats.json', logBytes), {
      onRows: (rows) => {
        index.add(rows);
        return results.stageSampleChunk(importId, chunks++, rows);
      },
    });
    const source = { kind: parsed.sourceKind, fileName: 'log_formats.json', size: logBytes.length, sha256: await sha256Hex(logBytes) };
    const run = await change('ResultsStore.commitLogImport', 'benchmark-run', () => results.commitLogImport(importId, filing, 'subject', source, parsed, chunks, index.build()));
    const columns = ['task', 'model', 'metric', 'value'];
    const table = { columns, rows: [{ task: 'inspect_evals/cybench', model: 'lab/subject', metric: 'accuracy', value: '0.4' }] };
    const tableSource = { kind: 'results-table' as const, fileName: 'lab.csv', size: 60, sha256: 'c'.repeat(64) };
    await change('ResultsStore.commitTableImport', 'benchmark-run', () =>
      results.commitTableImport(filing, 'lab/subject', tableSource, runsFromTable('lab.csv', table, guessMapping(columns)), { signature: tableSignature(columns), mapping: guessMapping(columns) }),
    );
    await change('ResultsStore.reattributeRun', 'benchmark-run', () => results.reattributeRun(run.id, { provenance: 'developer-reported', role: 'reference' }, 'The log is of a reference model.'));
    const tableRun = (await results.listRuns(packet.id)).find((r) => r.id !== run.id);
    const compared = await change('ComparisonStore.create', 'comparison', () => comparisons.create({ name: 'Log against table', runIds: [run.id, tableRun?.id] }));
    await change('ComparisonStore.delete', 'comparison', () => comparisons.delete(compared.id));

    const threshold = await change('ThresholdStore.create', 'threshold', () => thresholds.create(cybenchThreshold()));
    await change('ThresholdStore.update', 'threshold', () => thresholds.update(threshold.id, 1, cybenchThreshold({ value: 0.6 }), 'Raised after review.'));

    const version = await change('PlanStore.importVersion', 'remediation-plan', () => plans.importVersion(packet.id, 'plan.json', providedBytes(NIST_POAM_EXAMPLE), UNCLASSIFIED));
    const owned = { ...version.content, items: version.content.items.map((item) => ({ ...item, owner: 'Product team' })) };
    await change('PlanStore.saveEdit', 'remediation-plan', () => plans.saveEdit(packet.id, version.id, owned, [], ''));

    const finding = await change('FindingStore.create', 'finding', () => findings.create(packet.id, { ...blankFindingFields(), title: 'Exploit chaining', description: 'Seen.' }));
    await change('FindingStore.update', 'finding', () => findings.update(finding.finding.id, 1, { ...blankFindingFields(), title: 'Exploit chaining across hosts', description: 'Seen.' }));
    await change('FindingStore.importCsaf', 'finding', () => findings.importCsaf(packet.id, 'bsi.json', providedBytes('csaf/csaf-2.0-bsi-2022-0001.json'), UNCLASSIFIED));
    const comment = await change('CommentStore.add', 'comment', () => comments.add(packet.id, { body: 'Reproduced on our range.', findingId: finding.finding.id, marking: UNCLASSIFIED }));
    await change('CommentStore.delete', 'comment', () => comments.delete(comment.id));
    await change('FindingStore.delete', 'finding', () => findings.delete(finding.finding.id));
    await change('ThresholdStore.delete', 'threshold', () => thresholds.delete(threshold.id));
    await change('ResultsStore.deleteRun', 'benchmark-run', () => results.deleteRun(run.id));
    await change('ReviewStore.deletePacket', 'packet', () => store.deletePacket(packet.id, 3));

    const profile = await change('ProfileStore.create', 'profile', () => profiles.create({ name: 'Dana Lead', agency: 'CISA', role: 'team-lead', principal: 'dana@cisa', idleLockMinutes: 15 }, 'correct horse battery', 10));
    workstation.acting = { kind: 'profile', profileId: profile.profile.id, role: 'team-lead' };
    workstation.keys = unlockedKeysOf(profile);
    const partner = await change('ProfileStore.create', 'profile', () => profiles.create({ name: 'Quinn', agency: 'NSA', role: 'reviewer', principal: 'quinn@nsa', idleLockMinutes: 15 }, 'correct horse battery', 10));
    await change('ProfileStore.setRole', 'profile', () => profiles.setRole(partner.profile.id, 'auditor', 'Moved to audit.'));
    const [signer] = await change('TrustStore.addSigners', 'trusted-signer', () => trust.addSigners(publicIdentityFile(partner.profile)));
    await change('TrustStore.revoke', 'trusted-signer', () => trust.revoke(signer?.id ?? '', 'Key lost.'));

    // A packet exported in a bundle by the team lead, and a bundle of it merged back (nothing differs).
    const exported = await change('ReviewStore.createPacket', 'packet', () => store.createPacket(SAMPLE_PACKET_FIELDS));
    const manifest: BundleManifest = {
      format: 'frontier-review-bundle',
      version: 1,
      bundleId: crypto.randomUUID(),
      createdAt: workstation.clock.toISOString(),
      exporter: { name: 'Dana Lead', agency: 'CISA', role: 'team-lead', publicKey: profile.profile.signingKey, fingerprint: profile.profile.fingerprint },
      recipients: [{ label: 'Quinn', recipient: partner.profile.ageRecipient }],
      files: [],
    };
    await change('BundleStore.recordExport', 'bundle', () => bundles.recordExport(manifest, [exported.id], 'atlas.frbundle', {}, { marking: UNCLASSIFIED, banner: 'UNCLASSIFIED', size: 1, sha256: '0'.repeat(64), records: {} }));
    const content = await bundles.contentFor([exported.id]);
    if (!content.ok) throw new Error(content.error.message);
    await change('BundleStore.commitImport', 'bundle', async () => bundles.commitImport(manifest, content.value, await bundles.planImport(content.value, manifest.exporter.fingerprint), new Map()));
    // The import remembered the bundle's history; a team lead forgets it.
    await change('BundleStore.forgetSeenHistory', 'history-checkpoint', async () => bundles.forgetSeenHistory((await bundles.seenHistories())[0]?.verifierKey ?? '', 'The workstation was rebuilt.'));

    // Files and printouts leave through the export gateway, each with its event.
    await change('ExportGateway.saveFile', 'file-export', () => exports.saveFile({ kind: 'packets-csv', what: 'the packet list', records: [{ type: 'packet', id: exported.id, marking: UNCLASSIFIED }], dialogTitle: 'Export', suggestedName: 'packets.csv', body: { format: 'csv', body: 'Model\r\nAtlas' } }));
    await change('ExportGateway.print', 'file-export', () => exports.print({ kind: 'comparison-print', what: 'a summary', records: [], render: () => Promise.resolve('<table></table>') }));
    await change('ExportGateway.recordScreenPrint', 'file-export', () => exports.recordScreenPrint(UNCLASSIFIED, '<html></html>'));
    bundleManifest = (id: string) => ({ ...manifest, bundleId: id });
    const bundled = await bundles.contentFor([exported.id]);
    if (!bundled.ok) throw new Error(bundled.error.message);
    await change('ExportGateway.exportBundle', 'bundle', () => exports.exportBundle({ what: 'a bundle', packetIds: [exported.id], content: bundled.value, request: { title: 'Save', suggestedName: 'b.frbundle', filters: [], sources: [], header: { bundleId: crypto.randomUUID(), createdAt: workstation.clock.toISOString(), signer: { name: 'Dana Lead', agency: 'CISA', role: 'team-lead', seed: new Uint8Array(32), publicKey: new Uint8Array(32) }, encryption: { passphrase: 'correct horse battery' } } } }));

    // A team lead's review report, and its three ways out (in a browser the PDF goes through the print dialog).
    const report = await change('ReportStore.make', 'review-report', () => reports.make(exported.id));
    await change('ReportGateway.saveReportPdf', 'file-export', () => exports.saveReportPdf(report, () => Promise.resolve('<table></table>')));
    await change('ReportGateway.saveReportHtml', 'file-export', () => exports.saveReportHtml(report, (d) => reportHtml({ report: report.report, chartSvg: null, banner: d.banner, bannerColours: bannerColours(d.marking), markingBlocks: markingBlockLines({ authority: d.authority, cui: d.cui }) }, '.report-document {}')));
    await change('ReportGateway.saveReportJson', 'file-export', () => exports.saveReportJson(report, null));

    // Every change the first test sorted was walked, and the history of them all verifies.
    const changes = Object.entries(METHODS).flatMap(([cls, m]) => m.changes.map((method) => `${cls}.${method}`));
    expect([...new Set(walked)].sort()).toEqual([...changes].sort());
    expect(await history.verify()).toMatchObject({ ok: true, size: await db.auditEvents.count() });
  });
});
