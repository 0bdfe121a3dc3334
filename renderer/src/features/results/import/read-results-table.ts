import { readResultsTable, tableSizeProblem } from '../../../../../shared/results/read-table.js';
import type { CarriedMarking } from '../../../../../shared/export/file-marking.js';
import type { ResultsTable } from '../../../../../shared/results/results-table.js';

/** A results table, and the markings its own lines carry (a CSV exported under banners, as this app writes them). */
export type ChosenFile = { readonly kind: 'inspect-log' } | { readonly kind: 'table'; readonly table: ResultsTable; readonly bytes: Uint8Array; readonly markings: readonly CarriedMarking[] };

/**
 * Decides what a chosen file is by its content: an Inspect log (a ZIP, or a JSON object that
 * starts with Inspect's `version`), or a results table (CSV, or JSON records) to map.
 */
export async function examineResultsFile(file: File): Promise<ChosenFile> {
  const head = new Uint8Array(await file.slice(0, 4096).arrayBuffer());
  if (head[0] === 0x50 && head[1] === 0x4b) return { kind: 'inspect-log' };
  const start = new TextDecoder().decode(head).replace(/^\uFEFF/, '');
  if (/^\s*\{\s*"version"\s*:\s*\d+/.test(start) || /\.eval$/i.test(file.name)) return { kind: 'inspect-log' };
  const tooLarge = tableSizeProblem(file.name, file.size);
  if (tooLarge) throw tooLarge;
  const bytes = new Uint8Array(await file.arrayBuffer());
  return { kind: 'table', bytes, ...readResultsTable(file.name, bytes) };
}
