import Papa from 'papaparse';
import { csvMarkings, firstCsvCell, tableMarkings, type CarriedMarking } from '../export/file-marking.js';
import { JsonProblem, parseLenientJson } from '../json/lenient-json.js';
import { isMarkingBlockLine } from '../marking/marking-blocks.js';
import { FileProblem } from '../errors/file-problem.js';
import { tableFromJson, type ResultsTable } from './results-table.js';

/** Results tables are small (a row per metric); past this they are refused rather than read. */
export const TABLE_FILE_LIMIT = 32 * 1024 * 1024;

/** Why a table of `size` bytes is not read, said before reading it; null when it is small enough. */
export function tableSizeProblem(fileName: string, size: number): FileProblem | null {
  return size > TABLE_FILE_LIMIT ? new FileProblem(fileName, `results tables up to ${TABLE_FILE_LIMIT / 1024 / 1024} MB are read; this file is larger.`) : null;
}

/** A results table, and the markings its own lines carry (a CSV exported under banners, as this app writes them). */
export interface ReadTable {
  readonly table: ResultsTable;
  readonly markings: readonly CarriedMarking[];
}

/**
 * A results table from its bytes: JSON records, or CSV with a header row, whose banner lines (first
 * and last, as this app writes them) are the file's marking rather than rows of its table.
 */
export function readResultsTable(fileName: string, bytes: Uint8Array): ReadTable {
  const tooLarge = tableSizeProblem(fileName, bytes.length);
  if (tooLarge) throw tooLarge;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new FileProblem(fileName, 'this file is not UTF-8 text.');
  }
  if (/^\s*[[{]/.test(text)) {
    try {
      return { table: tableFromJson(fileName, parseLenientJson(text)), markings: tableMarkings(bytes) };
    } catch (e) {
      if (e instanceof JsonProblem) throw new FileProblem(fileName, e.message);
      throw e;
    }
  }
  const markings = csvMarkings(text);
  const lines = text.split(/\r?\n/);
  const banner = (line: string | undefined) => line !== undefined && markings.some((m) => m.portion !== true && m.text === firstCsvCell(line).trim());
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  if (banner(lines.at(-1)) && lines.length > 1) lines.pop();
  if (banner(lines[0])) lines.shift();
  // The authority block and CUI indicator this app writes under the table, a line each, after an empty row.
  while (lines.length > 1 && (isMarkingBlockLine(firstCsvCell(lines.at(-1) ?? '')) || lines.at(-1)?.trim() === '')) lines.pop();
  const parsed = Papa.parse<Record<string, string>>(lines.join('\n'), { header: true, skipEmptyLines: 'greedy' });
  const columns = parsed.meta.fields ?? [];
  const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) throw new FileProblem(fileName, `${fatal.row === undefined ? '' : `row ${fatal.row + 2}: `}${fatal.message}.`);
  if (columns.length < 2) throw new FileProblem(fileName, 'this is neither an Inspect log nor a results table with a header row.');
  if (new Set(columns).size !== columns.length) throw new FileProblem(fileName, 'two columns have the same name; rename one so each can be mapped.');
  return { table: { columns, rows: parsed.data }, markings };
}
