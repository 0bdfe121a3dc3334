import { useLiveQuery } from 'dexie-react-hooks';
import type { StoredReport } from '../../../shared/report/stored-report.js';
import type { ReportStore } from './report-store.js';
import { useEffect, useMemo, useState } from 'react';
import type { AuditEvent } from '../../../shared/audit/audit-event.js';
import type { HistoryEvent } from '../../../shared/audit/history.js';
import type { Comment } from '../../../shared/comments/comment.js';
import type { SavedComparison } from '../../../shared/compare/saved-comparison.js';
import type { Finding } from '../../../shared/findings/finding.js';
import type { Profile } from '../../../shared/identity/profile.js';
import type { TrustedSigner } from '../../../shared/identity/trusted-signer.js';
import type { Packet } from '../../../shared/packet/packet.js';
import type { PlanVersion } from '../../../shared/plans/remediation-plan.js';
import type { BenchmarkRun, SampleRow } from '../../../shared/results/benchmark-run.js';
import type { Threshold } from '../../../shared/thresholds/threshold.js';
import type { BundleStore } from './bundle-store.js';
import type { CommentStore } from './comment-store.js';
import type { SeenHistoryCheckpoint } from './database.js';
import type { ComparisonStore } from './comparison-store.js';
import type { FindingStore } from './finding-store.js';
import type { HistoryLog } from './history-log.js';
import type { PlanStore } from './plan-store.js';
import type { ProfileStore } from './profile-store.js';
import type { ResultsStore } from './results-store.js';
import type { ReviewStore } from './review-store.js';
import type { ThresholdStore } from './threshold-store.js';
import type { TrustStore } from './trust-store.js';

/** What the page shows of the histories seen here, without reaching into the database module. */
export type { SeenHistoryCheckpoint };

/** All packets, kept current as they change (in this window or another). Undefined while loading. */
export function usePackets(store: ReviewStore): Packet[] | undefined {
  return useLiveQuery(() => store.listPackets(), [store]);
}

/** One packet as stored, kept current; undefined while loading, when gone, or for no id. */
export function usePacket(store: ReviewStore, packetId: string | null): Packet | undefined {
  return useLiveQuery(() => (packetId === null ? undefined : store.getPacket(packetId)), [store, packetId]);
}

export function usePacketHistory(store: ReviewStore, packetId: string): AuditEvent[] | undefined {
  return useLiveQuery(() => store.packetTimeline(packetId), [store, packetId]);
}

/** Ids of packets with unsaved drafts, so the list can show which have edits in progress. */
export function usePacketIdsWithDrafts(store: ReviewStore): ReadonlySet<string> {
  const ids = useLiveQuery(() => store.packetIdsWithDrafts(), [store]);
  return useMemo(() => new Set(ids ?? []), [ids]);
}

export function useAllRuns(results: ResultsStore): BenchmarkRun[] | undefined {
  return useLiveQuery(() => results.listAllRuns(), [results]);
}

export function useSavedComparisons(comparisons: ComparisonStore): SavedComparison[] | undefined {
  return useLiveQuery(() => comparisons.list(), [comparisons]);
}

export function useRuns(results: ResultsStore, packetId: string): BenchmarkRun[] | undefined {
  return useLiveQuery(() => results.listRuns(packetId), [results, packetId]);
}

/**
 * A run's sample rows. A large run's rows take a moment to load, so they load only after the
 * page has painted once: whatever led here (an import finishing, a run chosen) shows at once.
 */
export function useSampleRows(results: ResultsStore, runId: string): SampleRow[] | undefined {
  const [paintedFor, setPaintedFor] = useState<string | undefined>();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => (timer = setTimeout(() => setPaintedFor(runId))));
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [runId]);
  const ready = paintedFor === runId;
  return useLiveQuery(() => (ready ? results.sampleRows(runId) : undefined), [results, runId, ready]);
}

export function usePlanVersions(plans: PlanStore, packetId: string): PlanVersion[] | undefined {
  return useLiveQuery(() => plans.listVersions(packetId), [plans, packetId]);
}

export function useReportVersions(reports: ReportStore, packetId: string): StoredReport[] | undefined {
  return useLiveQuery(() => reports.versions(packetId), [reports, packetId]);
}

export function useThresholds(thresholds: ThresholdStore): Threshold[] | undefined {
  return useLiveQuery(() => thresholds.list(), [thresholds]);
}

export function useFindings(findings: FindingStore, packetId: string): Finding[] | undefined {
  return useLiveQuery(() => findings.list(packetId), [findings, packetId]);
}

export function useComments(comments: CommentStore, packetId: string): Comment[] | undefined {
  return useLiveQuery(() => comments.list(packetId), [comments, packetId]);
}

export function useProfiles(profiles: ProfileStore): Profile[] | undefined {
  return useLiveQuery(() => profiles.list(), [profiles]);
}

export function useTrustedSigners(trust: TrustStore): TrustedSigner[] | undefined {
  return useLiveQuery(() => trust.list(), [trust]);
}

/** Every event of the review history, oldest first; live, so an edit appears as it is made. */
export function useHistoryEvents(history: HistoryLog): HistoryEvent[] | undefined {
  return useLiveQuery(() => history.events(), [history]);
}

/** The latest signed head of the review history; live, so it moves with each edit. */
export function useLatestCheckpoint(history: HistoryLog): Awaited<ReturnType<HistoryLog['latestCheckpoint']>> {
  return useLiveQuery(() => history.latestCheckpoint(), [history]);
}

/** Other workstations' histories this one has seen in bundles, newest first. */
export function useSeenHistories(bundles: BundleStore): SeenHistoryCheckpoint[] | undefined {
  return useLiveQuery(() => bundles.seenHistories(), [bundles]);
}
