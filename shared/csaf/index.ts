/**
 * CSAF 2.0 in and out, for the app and for `frontier-review check`: `readCsaf` reads an advisory as
 * the importer does (its findings, what it did not carry as `dropped`, and `counts`), and
 * `csafAfterImport` gives the advisory the app would export right after importing it.
 */
export { CSAF_LIMITS, readCsaf, type CsafFinding, type CsafProblem, type CsafRead, type CsafReadCounts } from './csaf-read.js';
export { csafAfterImport, type CsafAfterImportOptions } from './csaf-after-import.js';
export { writeCsaf, csafRequestProblem, csafTrackingId, type CsafDocument, type CsafExportRequest } from './csaf-write.js';
export type { Dropped } from '../import/dropped.js';
