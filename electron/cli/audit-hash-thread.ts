import { checkExportPage, type ExportPage, type ExportTree } from '../../shared/audit/export-page.js';
import { BatchHasher } from '../../shared/hash/sha256-batch.js';

/** What a thread checking an export's pages is sent: a page, and the tree it is checked against. */
export interface ToHashThread {
  readonly id: number;
  readonly page: ExportPage;
  readonly tree: ExportTree;
}

/** The body of a thread checking an export's pages: pages in, what checking each found out. */
export function runHashWorker(port: { on(event: 'message', listener: (m: ToHashThread) => void): void; postMessage(message: unknown, transfer?: ArrayBuffer[]): void }): void {
  const hasher = BatchHasher.create();
  port.on('message', ({ id, page, tree }) => {
    try {
      const result = checkExportPage(hasher, page, tree);
      port.postMessage({ id, result }, [result.leaves.buffer as ArrayBuffer]);
    } catch (e) {
      port.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
