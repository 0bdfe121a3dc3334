import Papa from 'papaparse';
import { parseLenientJson, JsonProblem } from '../../../../../shared/json/lenient-json.js';
import { FileProblem } from '../../../../../shared/result/file-problem.js';
import { tableFromJson, type ResultsTable } from '../../../../../shared/results/results-table.js';

/** Results tables are small (a row per metric); past this they are refused rather than read. */
export const TABLE_FILE_LIMIT = 32 * 1024 * 1024;

export type ChosenFile = { readonly kind: 'inspect-log' } | { readonly kind: 'table'; readonly table: ResultsTable; readonly bytes: Uint8Array };

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
      return { kind: 'table', table: tableFromJson(file.name, parseLenientJson(text)), bytes };
    } catch (e) {
      if (e instanceof JsonProblem) throw new FileProblem(file.name, e.message);
      throw e;
    }
  }
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy' });
  const columns = parsed.meta.fields ?? [];
  const fatal = parsed.errors.find((e) => e.type !== 'Delimiter');
  if (fatal) throw new FileProblem(file.name, `${fatal.row === undefined ? '' : `row ${fatal.row + 2}: `}${fatal.message}.`);
  if (columns.length < 2) throw new FileProblem(file.name, 'this is neither an Inspect log nor a results table with a header row.');
  if (new Set(columns).size !== columns.length) throw new FileProblem(file.name, 'two columns have the same name; rename one so each can be mapped.');
  return { kind: 'table', table: { columns, rows: parsed.data }, bytes };
}
