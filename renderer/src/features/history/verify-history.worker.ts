import { PAGE_EVENTS, hashBlock, type BlockHashes, type HistoryBlock } from '../../../../shared/audit/history-check.js';
import { BatchHasher } from '../../../../shared/hash/sha256-batch.js';
import { throttledProgress } from '../../../../shared/streams/throttled-progress.js';
import { verifyStoredHistory } from '../../data/history-log.js';
import type { FromVerifyWorker, ToVerifyWorker } from './verify-history.js';
import type { FromPageWorker, ToPageWorker } from './hash-pages.worker.js';

/**
 * Verifies the review history off the page's thread: it reads the history's pages a few ahead and
 * hashes each as it arrives. With `twoWorkers`, a second worker hashes whole pages while it keeps
 * up, so reading and hashing overlap on two cores; a routine check, which reads a few events after
 * the tree verified last, never starts it.
 */
function send(message: FromVerifyWorker): void {
  postMessage(message);
}

addEventListener('message', (event: MessageEvent<ToVerifyWorker>) => {
  void verify(event.data);
});

/** A second worker hashing pages, each answered by a promise. */
class PageHelper {
  private readonly worker = new Worker(new URL('./hash-pages.worker.ts', import.meta.url), { type: 'module', name: 'hash-pages' });
  private readonly waiting = new Map<number, { readonly resolve: (hashes: BlockHashes) => void; readonly reject: (e: Error) => void }>();
  private next = 0;
  /** Whether the worker has stopped: pages are then hashed in the verifying worker. */
  stopped = false;

  constructor() {
    this.worker.onmessage = (event: MessageEvent<FromPageWorker>) => {
      const m = event.data;
      const waiter = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.type === 'hashed') waiter?.resolve(m.hashes);
      else waiter?.reject(new Error(m.message));
    };
    this.worker.onerror = () => {
      this.stopped = true;
      for (const w of this.waiting.values()) w.reject(new Error('the worker hashing pages stopped'));
      this.waiting.clear();
    };
  }

  /** Pages handed over and not yet hashed. */
  get pending(): number {
    return this.waiting.size;
  }

  hash(block: HistoryBlock): Promise<BlockHashes> {
    const id = this.next++;
    return new Promise<BlockHashes>((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // The bytes are handed over, not copied: only the sealed leaves are needed here afterwards.
      this.worker.postMessage({ id, block } satisfies ToPageWorker, [block.bytes.buffer]);
    });
  }

  stop(): void {
    this.worker.terminate();
  }
}

/** Pages the second worker may hold before this one hashes the next itself. */
const HELPER_QUEUE = 2;

async function verify({ databaseName, full, twoWorkers }: ToVerifyWorker): Promise<void> {
  let helper: PageHelper | undefined;
  let pages = 0;
  try {
    const hasher = await BatchHasher.load();
    const onProgress = throttledProgress((done, total) => send({ type: 'progress', done, total }), () => performance.now());
    const verdict = await verifyStoredHistory(databaseName, {
      full,
      hasher,
      onProgress,
      hashBlock: (block) => {
        // Whole pages go to the second worker while it keeps up, and are hashed here only when it
        // has enough in hand: reading stays ahead, and whichever thread is free does the hashing.
        // A few events read from their records stay here.
        const whole = block.ends.length === PAGE_EVENTS;
        if (twoWorkers && whole && pages++ > 0) {
          helper ??= new PageHelper();
          if (!helper.stopped && helper.pending < HELPER_QUEUE) return helper.hash(block);
        }
        return Promise.resolve(hashBlock(hasher, block));
      },
    });
    send({ type: 'verdict', verdict });
  } catch (e) {
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
  } finally {
    helper?.stop();
  }
}
