import { hashBlock, type BlockHashes, type HistoryBlock } from '../../../../shared/audit/history-check.js';
import { BatchHasher } from '../../../../shared/hash/sha256-batch.js';

/** Hashes pages of the history for the worker verifying it: their leaves and roots, nothing else. */
export interface ToPageWorker {
  readonly id: number;
  readonly block: HistoryBlock;
}
export type FromPageWorker = { readonly type: 'hashed'; readonly id: number; readonly hashes: BlockHashes } | { readonly type: 'failed'; readonly id: number; readonly message: string };

const hasher = BatchHasher.load();

addEventListener('message', (event: MessageEvent<ToPageWorker>) => {
  const { id, block } = event.data;
  void hasher.then(
    (h) => {
      const hashes = hashBlock(h, block);
      postMessage({ type: 'hashed', id, hashes } satisfies FromPageWorker, { transfer: [hashes.leaves.buffer] });
    },
    (e: unknown) => postMessage({ type: 'failed', id, message: e instanceof Error ? e.message : String(e) } satisfies FromPageWorker),
  );
});
