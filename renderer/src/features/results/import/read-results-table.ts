import Papa from 'papaparse';
import { parseLenientJson, JsonProblem } from '../../../../../shared/json/lenient-json.js';
import { FileProblem } from '../../../../../shared/result/file-problem.js';
import { tableFromJson, type ResultsTable } from '../../../../../shared/results/results-table.js';
import { csvMarkings, firstCsvCell, tableMarkings, type CarriedMarking } from '../../../../../shared/export/file-marking.js';

/** Results tables are small (a row per metric); past this they are refused rather than read. */
export const TABLE_FILE_LIMIT = 32 * 1024 * 1024;

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
  if (file.size > TABLE_FILE_LIMIT) throw new FileProblem(file.name, `results tables up to ${TABLE_FILE_LIMIT / 1024 / 1024} MB are read; this file is larger.`);
  const bytes = new Uint8Array(await file.arrayBuffer());
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new FileProblem(file.name, 'this file is not UTF-8 text.');
  }
  if (/^\s*[[{]/.test(text)) {
    try {
      return { kind: 'table', table: tableFromJson(file.name, parseLenientJson(text)), bytes, markings: tableMarkings(bytes) };
    } catch (e) {
      if (e instanceof JsonProblem) throw new FileProblem(file.name, e.message);
      throw e;
    }
  }
  // Banner lines first and last are the file's marking, not its table: kept to check the import's marking against.
  const markings = csvMarkings(text);
  const lines = text.split(/\r?\n/);
  const banner = (line: string | undefined) => line !== undefined && markings.some((m) => m.portion !== true && m.text === firstCsvCell(line).trim());
  while (lines.length > 0 && lines.at(-1)?.trim() === '') lines.pop();
  if (banner(lines.at(-1)) && lines.length > 1) lines.pop();
  if (banner(lines[0])) lines.shift();
  const parsed = Papa.parse<Record<string, string>>(lines.join('\n'), { header: true, skipEmptyLines: 'greedy' });
  const columns = parsed.meta.fields ?? [];
  const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) throw new FileProblem(file.name, `${fatal.row === undefined ? '' : `row ${fatal.row + 2}: `}${fatal.message}.`);
  if (columns.length < 2) throw new FileProblem(file.name, 'this is neither an Inspect log nor a results table with a header row.');
  if (new Set(columns).size !== columns.length) throw new FileProblem(file.name, 'two columns have the same name; rename one so each can be mapped.');
  return { kind: 'table', table: { columns, rows: parsed.data }, bytes, markings };
}
