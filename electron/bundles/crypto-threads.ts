import { Worker } from 'node:worker_threads';
import type { Hasher } from '../../shared/bundle/review-bundle.js';
import { threadSource, type ChunkProblem, type ThreadReply, type ThreadRequest } from './chunk-work.js';

/**
 * Threads that seal, open and hash for bundles, so a bundle's crypto runs on every core beside the
 * main process's own work. They start when first asked, stay while there is work, and end once
 * idle a while; an idle thread never keeps the process alive.
 */

/** Fixed-size pieces of one shared buffer, handed out and taken back: memory reused, never reallocated. */
export class SharedSlots {
  readonly buffer: SharedArrayBuffer;
  private readonly free: number[] = [];
  private readonly waiting: { readonly resolve: (offset: number) => void; readonly reject: (e: Error) => void }[] = [];
  private stopped: { readonly reason: Error } | undefined;

  constructor(
    readonly count: number,
    readonly size: number,
  ) {
    this.buffer = new SharedArrayBuffer(count * size);
    for (let i = 0; i < count; i++) this.free.push(i * size);
  }

  /** The offset of a free slot, once one is free; fails once the slots are stopped. */
  acquire(): Promise<number> {
    if (this.stopped) return Promise.reject(this.stopped.reason);
    const offset = this.free.pop();
    return offset === undefined ? new Promise((resolve, reject) => this.waiting.push({ resolve, reject })) : Promise.resolve(offset);
  }

  release(offset: number): void {
    const next = this.waiting.shift();
    if (next) next.resolve(offset);
    else this.free.push(offset);
  }

  /** Fails whoever waits for a slot, and whoever asks for one from now on: the work they were for has failed. */
  stop(reason: Error): void {
    this.stopped ??= { reason };
    for (const waiter of this.waiting.splice(0)) waiter.reject(reason);
  }

  view(offset: number, length: number): Uint8Array {
    return new Uint8Array(this.buffer, offset, length);
  }
}

interface Pending {
  readonly resolve: (reply: ThreadReply) => void;
  readonly reject: (e: Error) => void;
  readonly cost: number;
}

interface Thread {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
  /** Bytes asked of it and not yet answered: new work goes to the thread with the least. */
  queued: number;
  /** Hashes under way on it: each new hash goes to the thread with the fewest, and it stays while it has any. */
  hashes: number;
  /** Why it stopped, once it has: what is asked of it then fails at once. */
  stopped?: Error;
}

/** A request as its sender writes it: the id is added on the way out. */
type WithoutId<T> = T extends unknown ? Omit<T, 'id'> : never;

/** A thread's young generation, small: what it allocates per chunk is collected often, so little piles up (see `chunkWork`). */
const YOUNG_GENERATION_MB = 16;

/** Plaintext bytes a hash copies into shared memory at a time. */
const COPY_SLOT = 1024 * 1024;
const COPY_SLOTS = 8;

export class CryptoThreads {
  private readonly threads: Thread[] = [];
  private nextId = 1;
  private active = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private copySlots: SharedSlots | undefined;

  constructor(
    /** How many threads at most. */
    readonly size: number,
    /** How long threads stay once idle. */
    private readonly idleMs = 10_000,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`A bundle needs at least one crypto thread, not ${size}.`);
  }

  /** Seals `length` bytes at `offset` of `buffer` as chunks from `counter` into `outOffset`; resolves to the bytes sealed. */
  async seal(key: Uint8Array, counter: number, last: boolean, buffer: SharedArrayBuffer, offset: number, length: number, outOffset: number): Promise<number> {
    const reply = await this.request(this.leastBusy(), { op: 'seal', key, counter, last, buffer, offset, length, outOffset }, length);
    if (!('length' in reply)) throw new Error('A crypto thread answered a seal with something else.');
    return reply.length;
  }

  /** Opens `length` sealed bytes at `offset` of `buffer`, chunks from `counter`: their plaintext, or the first chunk's problem. */
  async open(key: Uint8Array, counter: number, last: boolean, buffer: SharedArrayBuffer, offset: number, length: number): Promise<Uint8Array | ChunkProblem> {
    const reply = await this.request(this.leastBusy(), { op: 'open', key, counter, last, buffer, offset, length }, length);
    if ('problem' in reply) return reply.problem;
    if (!('opened' in reply)) throw new Error('A crypto thread answered an open with something else.');
    return reply.opened;
  }

  /** A hash on one thread, fed in order; `algorithm` as node:crypto names it. */
  hasher(algorithm: 'sha256' | 'sha512'): ThreadHasher {
    return new ThreadHasher(this, algorithm);
  }

  /** Ends every thread now; work under way fails. */
  async close(): Promise<void> {
    clearTimeout(this.idleTimer);
    await Promise.all(this.threads.splice(0).map((t) => t.worker.terminate()));
  }

  /** Shared memory that hashes copy bytes through. */
  copies(): SharedSlots {
    return (this.copySlots ??= new SharedSlots(COPY_SLOTS, COPY_SLOT));
  }

  /** The thread for a new hash: of those that may start, a new one; else the one with the fewest hashes. */
  hashThread(): Thread {
    const thread = this.threads.length < this.size ? this.spawn() : this.threads.reduce((a, b) => (b.hashes < a.hashes || (b.hashes === a.hashes && b.queued < a.queued) ? b : a));
    thread.hashes++;
    return thread;
  }

  /** Answers one request on `thread`. */
  request(thread: Thread, request: WithoutId<ThreadRequest>, cost: number): Promise<ThreadReply> {
    if (thread.stopped) return Promise.reject(thread.stopped);
    const id = this.nextId++;
    // An idle thread lets the process exit; one with work holds it until the work is done.
    if (this.active++ === 0) {
      clearTimeout(this.idleTimer);
      for (const t of this.threads) t.worker.ref();
    }
    thread.worker.ref();
    thread.queued += cost;
    return new Promise<ThreadReply>((resolve, reject) => {
      thread.pending.set(id, { resolve, reject, cost });
      thread.worker.postMessage({ ...request, id });
    });
  }

  private leastBusy(): Thread {
    const idle = this.threads.find((t) => t.queued === 0);
    if (idle) return idle;
    if (this.threads.length < this.size) return this.spawn();
    return this.threads.reduce((a, b) => (b.queued < a.queued ? b : a));
  }

  private spawn(): Thread {
    const worker = new Worker(threadSource(), { eval: true, name: 'bundle-crypto', resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
    const thread: Thread = { worker, pending: new Map(), queued: 0, hashes: 0 };
    this.threads.push(thread);
    const settle = (id: number) => {
      const pending = thread.pending.get(id);
      thread.pending.delete(id);
      if (pending) thread.queued -= pending.cost;
      if (--this.active === 0) this.idle();
      return pending;
    };
    worker.on('message', (reply: ThreadReply) => {
      const pending = settle(reply.id);
      if ('error' in reply) pending?.reject(new Error(`A bundle crypto thread failed: ${reply.error}`));
      else pending?.resolve(reply);
    });
    const fail = (e: Error) => {
      thread.stopped ??= e;
      const index = this.threads.indexOf(thread);
      if (index !== -1) this.threads.splice(index, 1);
      for (const id of [...thread.pending.keys()]) settle(id)?.reject(e);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`A bundle crypto thread stopped (exit code ${code}).`)));
    return thread;
  }

  private idle(): void {
    for (const t of this.threads) t.worker.unref();
    clearTimeout(this.idleTimer);
    // A thread holding a hash keeps it: the hash's next bytes may be a while coming.
    this.idleTimer = setTimeout(() => {
      for (const t of this.threads.filter((t) => t.hashes === 0)) {
        this.threads.splice(this.threads.indexOf(t), 1);
        void t.worker.terminate();
      }
    }, this.idleMs);
    this.idleTimer.unref();
  }
}

/**
 * A hash on one crypto thread. `update` copies the bytes into shared memory and returns; the
 * thread hashes them while the caller goes on. Bytes already in shared memory are hashed where
 * they lie (`updateShared`).
 */
export class ThreadHasher implements Hasher {
  private static nextHash = 1;
  /** A hash dropped undigested (its export failed, say) is let go on its thread once the hasher is collected. */
  private static readonly dropped = new FinalizationRegistry<{ readonly threads: CryptoThreads; readonly thread: Thread; readonly id: number; readonly algorithm: 'sha256' | 'sha512' }>(({ threads, thread, id, algorithm }) => {
    thread.hashes--;
    threads.request(thread, { op: 'digest', hash: id, algorithm }, 0).catch(() => undefined);
  });
  private readonly id = ThreadHasher.nextHash++;
  private readonly thread: Thread;
  /** The last update sent; the thread answers in order, so once it is done all are. */
  private last: Promise<unknown> = Promise.resolve();
  private failure: Error | undefined;

  constructor(
    private readonly threads: CryptoThreads,
    private readonly algorithm: 'sha256' | 'sha512',
  ) {
    this.thread = threads.hashThread();
    ThreadHasher.dropped.register(this, { threads, thread: this.thread, id: this.id, algorithm }, this);
  }

  async update(bytes: Uint8Array): Promise<void> {
    const slots = this.threads.copies();
    for (let at = 0; at < bytes.length; at += slots.size) {
      if (this.failure) throw this.failure;
      const piece = bytes.subarray(at, at + slots.size);
      const offset = await slots.acquire();
      slots.view(offset, piece.length).set(piece);
      // A failure is kept, and thrown by the next update or the digest.
      this.send(slots.buffer, offset, piece.length)
        .finally(() => slots.release(offset))
        .catch(() => undefined);
    }
  }

  /** Hashes `length` bytes of the file open as `fd`, at `position`, read by the hash's own thread; fails if the file is shorter. */
  updateFromFile(fd: number, position: number, length: number): Promise<void> {
    return this.track(this.threads.request(this.thread, { op: 'hash-file', hash: this.id, algorithm: this.algorithm, fd, position, length }, length));
  }

  /**
   * Reads `length` bytes of the file open as `fd`, at `position`, into shared memory and hashes
   * them there, in one request to the hash's own thread, in order with the hash's other updates.
   * Resolves to the bytes read and hashed, fewer where the file ends.
   */
  async readShared(fd: number, position: number, length: number, buffer: SharedArrayBuffer, offset: number): Promise<number> {
    let read = 0;
    await this.track(
      this.threads.request(this.thread, { op: 'read-hash', hash: this.id, algorithm: this.algorithm, fd, position, length, buffer, offset }, length).then((reply) => {
        if (!('length' in reply)) throw new Error('A crypto thread answered a read with something else.');
        read = reply.length;
      }),
    );
    return read;
  }

  /** Hashes bytes of shared memory where they lie; resolves once they are hashed and may be reused. Bytes elsewhere are copied (see `update`). */
  async updateShared(bytes: Uint8Array): Promise<void> {
    if (bytes.buffer instanceof SharedArrayBuffer) return this.send(bytes.buffer, bytes.byteOffset, bytes.length);
    await this.update(bytes);
    await this.last;
  }

  async digest(): Promise<Uint8Array> {
    await this.last;
    if (this.failure) throw this.failure;
    ThreadHasher.dropped.unregister(this);
    this.thread.hashes--;
    const reply = await this.threads.request(this.thread, { op: 'digest', hash: this.id, algorithm: this.algorithm }, 0);
    if (!('digest' in reply)) throw new Error('A crypto thread answered a digest with something else.');
    return reply.digest;
  }

  private send(buffer: SharedArrayBuffer, offset: number, length: number): Promise<void> {
    return this.track(this.threads.request(this.thread, { op: 'hash', hash: this.id, algorithm: this.algorithm, buffer, offset, length }, length));
  }

  /** A request in order after the last: its failure is the hash's from then on, and the next waits on it. */
  private track(request: Promise<unknown>): Promise<void> {
    const sent = request.then(
      () => undefined,
      (e: unknown) => {
        this.failure ??= e instanceof Error ? e : new Error(String(e));
        throw this.failure;
      },
    );
    this.last = sent.catch(() => undefined);
    return sent;
  }
}
