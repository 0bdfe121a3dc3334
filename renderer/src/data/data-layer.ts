import type { StoreContext } from './audited-store.js';
import { BundleStore } from './bundle-store.js';
import { CommentStore } from './comment-store.js';
import { ComparisonStore } from './comparison-store.js';
import type { ReviewDatabase } from './database.js';
import type { ExportSink } from './export-gateway.js';
import { FindingStore } from './finding-store.js';
import { HistoryLog } from './history-log.js';
import { PlanStore } from './plan-store.js';
import { ProfileStore, type ProfileKeystore } from './profile-store.js';
import { ReportGateway } from './report-exports.js';
import { ReportStore } from './report-store.js';
import { ResultsStore } from './results-store.js';
import { ReviewStore } from './review-store.js';
import { ThresholdStore } from './threshold-store.js';
import { TrustStore } from './trust-store.js';

/** The whole data layer over one database: every store that changes review data, and the history. */
export interface DataLayer {
  readonly store: ReviewStore;
  readonly results: ResultsStore;
  readonly thresholds: ThresholdStore;
  readonly plans: PlanStore;
  readonly findings: FindingStore;
  readonly comments: CommentStore;
  readonly comparisons: ComparisonStore;
  readonly profiles: ProfileStore;
  readonly trust: TrustStore;
  readonly bundles: BundleStore;
  readonly history: HistoryLog;
  readonly reports: ReportStore;
  /** The one way out: every file written and every printout. */
  readonly exports: ReportGateway;
}

/** For a data layer that never writes a file or prints (migrations, workers): every attempt is refused. */
const NO_EXPORTS: ExportSink = {
  saveFile: () => Promise.resolve({ ok: false, error: { code: 'failed', message: 'This workstation cannot save files here.' } }),
  print: () => Promise.reject(new Error('This workstation cannot print here.')),
  printToPdf: () => Promise.resolve({ ok: false, error: { code: 'failed', message: 'This workstation cannot print here.' } }),
  exportBundle: () => Promise.resolve({ ok: false, error: { code: 'failed', message: 'This workstation cannot save files here.' } }),
};

/**
 * `keystore`: the operating system's, where the app runs in Electron and the system has one.
 * `sink`: the host's file saving and printing, which only the export gateway reaches.
 */
export function openDataLayer(db: ReviewDatabase, context: StoreContext, keystore?: ProfileKeystore, sink: ExportSink = NO_EXPORTS): DataLayer {
  const bundles = new BundleStore(db, context);
  const exports = new ReportGateway(db, context, sink, bundles);
  return {
    store: new ReviewStore(db, context),
    results: new ResultsStore(db, context),
    thresholds: new ThresholdStore(db, context),
    plans: new PlanStore(db, context),
    findings: new FindingStore(db, context),
    comments: new CommentStore(db, context),
    comparisons: new ComparisonStore(db, context),
    profiles: new ProfileStore(db, context, keystore),
    trust: new TrustStore(db, context),
    bundles,
    history: new HistoryLog(db),
    reports: new ReportStore(db, context, (records, marking) => exports.markingBlocksFor(records, marking)),
    exports,
  };
}
