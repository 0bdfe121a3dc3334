import { AgeStreamProblem, CHUNK_DOES_NOT_AUTHENTICATE, EMPTY_LAST_CHUNK, STREAM_CHUNK, STREAM_TAG } from '../../shared/bundle/age-stream.js';
import type { BundleDigest } from '../../shared/bundle/bundle-manifest.js';
import type { SealedPayload } from '../../shared/bundle/review-bundle.js';
import { SharedSlots, type CryptoThreads } from './crypto-threads.js';

/**
 * age's STREAM payload sealed and opened on several threads. The payload is cut into runs of
 * chunks; each run goes to a thread with the counter of its first chunk, and the runs are written
 * (or handed on) in order. A run is handed out only once the bytes after it have begun, so only the
 * payload's last run holds the chunk flagged last, exactly as the one-chunk-at-a-time writer flags
 * it: the bytes are the same, and `age -d` reads them.
 *
 * Plaintext and sealed runs pass through shared memory that is reused run after run; nothing is
 * allocated per chunk on the main thread. Opened plaintext comes back in memory handed over by the
 * thread, as whoever reads it next may keep it.
 */

/**
 * Chunks in a run (1 MiB): enough that handing it to a thread costs little beside sealing it. Runs
 * of 4 MiB took as much CPU time and 30 MiB more memory.
 */
export const RUN_CHUNKS = 16;
const RUN = RUN_CHUNKS * STREAM_CHUNK;
export const SEALED_RUN = RUN_CHUNKS * (STREAM_CHUNK + STREAM_TAG);

/** Runs under way at once: enough to keep every thread busy while one is written. */
export function runsInFlight(threads: CryptoThreads): number {
  return 2 * threads.size + 2;
}

/**
 * Writes an age file into `sink`: `prefix`, then `plaintext` sealed under `key`, run by run on the
 * threads; hashes what it writes with `digest`, on a thread too. Each run's memory is reused once its
 * bytes are written and hashed.
 */
export async function sealOnThreads(threads: CryptoThreads, plaintext: ReadableStream<Uint8Array>, prefix: Uint8Array, key: Uint8Array, sink: WritableStream<Uint8Array>, digest: BundleDigest): Promise<SealedPayload> {
  const slots = new SharedSlots(runsInFlight(threads), RUN + SEALED_RUN);
  const hash = threads.hasher(digest);
  const writer = sink.getWriter();
  const reader = plaintext.getReader();
  let failure: { readonly reason: unknown } | undefined;
  // Read through a function: the failure is set by callbacks while this one awaits.
  const failed = () => failure;
  // Whatever waits stops waiting: for a slot, for plaintext (a cancelled read ends at once).
  const fail = (e: unknown) => {
    if (failure) return;
    failure = { reason: e };
    slots.stop(e instanceof Error ? e : new Error(String(e)));
    reader.cancel(e).catch(() => undefined);
  };

  let bytes = prefix.length;
  let counter = 0;
  const prefixWritten = writer.write(prefix);
  prefixWritten.catch(fail);
  // Runs go to the hash and the disk strictly in order, each as soon as it is sealed and the one before it has gone.
  let handedOn: Promise<unknown> = hash.update(prefix);
  handedOn.catch(fail);
  let lastDone: Promise<unknown> = prefixWritten;
  const send = (offset: number, length: number, last: boolean) => {
    const sealed = threads.seal(key, counter, last, slots.buffer, offset, length, offset + RUN);
    sealed.catch(() => undefined);
    counter += RUN_CHUNKS;
    const run = handedOn.then(async () => {
      const sealedLength = await sealed;
      bytes += sealedLength;
      // Wrapped, so the chain moves on once the run is handed on, not once it is hashed and written.
      return { done: Promise.all([hash.updateShared(slots.view(offset + RUN, sealedLength)), writer.write(slots.view(offset + RUN, sealedLength))]) };
    });
    handedOn = run;
    lastDone = run.then(({ done }) => done).then(() => slots.release(offset));
    lastDone.catch(fail);
  };

  try {
    let offset = await slots.acquire();
    let used = 0;
    for (;;) {
      const { done, value } = await reader.read();
      const stopped = failed();
      if (stopped) throw stopped.reason;
      if (done) break;
      let rest = value;
      while (rest.length > 0) {
        // A full run is sealed only once more plaintext comes: the payload's last chunk is flagged.
        if (used === RUN) {
          send(offset, used, false);
          offset = await slots.acquire();
          used = 0;
        }
        const n = Math.min(RUN - used, rest.length);
        slots.view(offset + used, n).set(rest.subarray(0, n));
        used += n;
        rest = rest.subarray(n);
      }
    }
    send(offset, used, true);
    // Hashes and writes finish in the order they were handed on: once the last is done, all are.
    await lastDone;
    const stopped = failed();
    if (stopped) throw stopped.reason;
    await writer.close();
    return { bytes, digest: await hash.digest() };
  } catch (e) {
    fail(e);
    const reason = failed()?.reason ?? e;
    await writer.abort(reason).catch(() => undefined);
    throw reason;
  }
}

/** Opens age's STREAM payload run by run on the threads; errors at the first run holding a chunk that does not open. */
export function openOnThreads(threads: CryptoThreads, key: Uint8Array): TransformStream<Uint8Array, Uint8Array> {
  const inFlight = runsInFlight(threads);
  const slots = new SharedSlots(inFlight, SEALED_RUN);
  const runs: Promise<Uint8Array>[] = [];
  let offset: number | undefined;
  let used = 0;
  let counter = 0;
  const send = (at: number, last: boolean) => {
    const opened = threads.open(key, counter, last, slots.buffer, at, used).then((result) => {
      if (typeof result !== 'string') return result;
      throw new AgeStreamProblem('corrupt', result === 'empty-last-chunk' ? EMPTY_LAST_CHUNK : CHUNK_DOES_NOT_AUTHENTICATE);
    });
    const released = opened.finally(() => slots.release(at));
    released.catch(() => undefined);
    runs.push(released);
    counter += RUN_CHUNKS;
    offset = undefined;
    used = 0;
  };
  /** Hands on opened runs, in order, until at most `keep` are under way. */
  const handOn = async (controller: TransformStreamDefaultController<Uint8Array>, keep: number) => {
    while (runs.length > keep) {
      const next = runs.shift();
      if (next) controller.enqueue(await next);
    }
  };
  return new TransformStream({
    async transform(chunk, controller) {
      let rest = chunk;
      while (rest.length > 0) {
        if (offset !== undefined && used === SEALED_RUN) {
          send(offset, false);
          await handOn(controller, inFlight - 1);
        }
        offset ??= await slots.acquire();
        const n = Math.min(SEALED_RUN - used, rest.length);
        slots.view(offset + used, n).set(rest.subarray(0, n));
        used += n;
        rest = rest.subarray(n);
      }
    },
    async flush(controller) {
      send(offset ?? (await slots.acquire()), true);
      await handOn(controller, 0);
    },
  });
}
