import { readResultsTable, tableSizeProblem } from '../../../../../shared/results/read-table.js';
import type { CarriedMarking } from '../../../../../shared/export/file-marking.js';
import type { ResultsTable } from '../../../../../shared/results/results-table.js';
import { MAX_READ_BYTES } from '../../../../../shared/ipc/host-contract.js';
import type { PickedFile } from '../../../host/host.js';

/** A results table, and the markings its own lines carry (a CSV exported under banners, as this app writes them). */
export type ChosenFile = { readonly kind: 'inspect-log' } | { readonly kind: 'table'; readonly table: ResultsTable; readonly bytes: Uint8Array; readonly markings: readonly CarriedMarking[] };

/**
 * Decides what a chosen file is by its content: an Inspect log (a ZIP, or a JSON object that
 * starts with Inspect's `version`), or a results table (CSV, or JSON records) to map.
 */
export async function examineResultsFile(file: File): Promise<ChosenFile> {
  return examine(file.name, file.size, async () => new Uint8Array(await file.slice(0, 4096).arrayBuffer()), async () => new Uint8Array(await file.arrayBuffer()));
}

/** The same for a file picked in the desktop's file dialog, read through the host a slice at a time. */
export async function examinePickedFile(file: PickedFile): Promise<ChosenFile> {
  return examine(file.name, file.size, () => file.read(0, Math.min(4096, file.size)), async () => {
    const bytes = new Uint8Array(file.size);
    for (let offset = 0; offset < file.size; ) {
      const slice = await file.read(offset, Math.min(MAX_READ_BYTES, file.size - offset));
      if (slice.length === 0) throw new Error(`the file ended at byte ${offset} of ${file.size}.`);
      bytes.set(slice, offset);
      offset += slice.length;
    }
    return bytes;
  });
}

async function examine(name: string, size: number, head: () => Promise<Uint8Array>, whole: () => Promise<Uint8Array>): Promise<ChosenFile> {
  const first = await head();
  if (first[0] === 0x50 && first[1] === 0x4b) return { kind: 'inspect-log' };
  const start = new TextDecoder().decode(first).replace(/^\uFEFF/, '');
  if (/^\s*\{\s*"version"\s*:\s*\d+/.test(start) || /\.eval$/i.test(name)) return { kind: 'inspect-log' };
  const tooLarge = tableSizeProblem(name, size);
  if (tooLarge) throw tooLarge;
  const bytes = await whole();
  return { kind: 'table', bytes, ...readResultsTable(name, bytes) };
}
