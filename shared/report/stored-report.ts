import type { Marking } from '../marking/marking.js';
import type { ReviewReport } from './review-report.js';

/** A file saved from a report version, as the export gateway recorded it. */
export interface ReportOutput {
  readonly format: 'pdf' | 'html' | 'json';
  readonly fileName: string;
  readonly size: number;
  readonly sha256: string;
  readonly at: string;
  readonly signed: boolean;
}

/** One version of a packet's review report, as it was made: never changed but to add a saved file. */
export interface StoredReport {
  readonly id: string;
  /** Shared by every version of the packet's report. */
  readonly reportId: string;
  readonly packetId: string;
  readonly version: number;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly marking: Marking;
  readonly report: ReviewReport;
  /** SHA-256 of the report's RFC 8785 canonical JSON: what the history records it by. */
  readonly sha256: string;
  readonly outputs: readonly ReportOutput[];
}
