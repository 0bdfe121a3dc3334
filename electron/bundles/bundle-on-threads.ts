import type { FileHandle } from 'node:fs/promises';
import { AgeStreamProblem, CHUNK_DOES_NOT_AUTHENTICATE, EMPTY_LAST_CHUNK, headerEnd, isArmored, MAX_HEADER, PAYLOAD_NONCE, payloadKeyOf } from '../../shared/bundle/age-stream.js';
import { DEFAULT_BUNDLE_DIGEST } from '../../shared/bundle/bundle-manifest.js';
import {
  BundleProblem,
  checkContents,
  checkSameCiphertext,
  DEFAULT_BUNDLE_LIMITS,
  decryptionProblem,
  unpackContents,
  verifyOuter,
  type BundleCrypto,
  type BundleLimits,
  type BundleTrust,
  type CheckedBundle,
  type OpenOptions,
  type OuterLayout,
  type Quarantine,
  type SealedBundle,
} from '../../shared/bundle/review-bundle.js';
import { SharedSlots, type CryptoThreads, type ThreadHasher } from './crypto-threads.js';
import { RUN_CHUNKS, runsInFlight, SEALED_RUN } from './threaded-payload.js';

/**
 * A bundle file checked and opened by the crypto threads reading it themselves: the ciphertext
 * never passes through the main thread, only the plaintext it unpacks. For a file laid out as
 * `outerLayout` reads it; the checks, their order and their reasons are the streamed ones'.
 *
 * The second pass reads each run of chunks once, into shared memory, and both hashes and opens it
 * there: what is decrypted is what is hashed, so a file changed between the passes is refused.
 */

/** Reads of a file at any offset, through its handle: shorter only where the file ends. */
export function readAt(handle: FileHandle): (offset: number, length: number) => Promise<Uint8Array> {
  return async (offset, length) => {
    const bytes = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const { bytesRead } = await handle.read(bytes, read, length - read, offset + read);
      if (bytesRead === 0) break;
      read += bytesRead;
    }
    return bytes.subarray(0, read);
  };
}

/** Bytes the first pass hashes at a time; each piece is reported as it is done, and a check stopped ends there. */
const HASH_PIECE = 16 * 1024 * 1024;

const changed = (what: string) => new BundleProblem('outer-signature', `The bundle changed while it was being read: ${what}`);

/**
 * The first pass: the ciphertext hashed by a thread that reads the file itself, with the hash the
 * signature names; then the signature and its signer, checked as ever. Nothing is decrypted.
 */
export async function checkOuterOnThreads(
  threads: CryptoThreads,
  handle: FileHandle,
  layout: OuterLayout,
  trust: BundleTrust,
  now: Date,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
  onRead: (bytes: number) => void = () => undefined,
): Promise<SealedBundle> {
  if (layout.ciphertextSize > limits.maxTotalBytes) throw new BundleProblem('too-large', `The bundle unpacks to more than ${limits.maxTotalBytes.toLocaleString('en-US')} bytes.`);
  // A signature naming no hash a signature may use is refused by its check, whatever was hashed.
  const hash = layout.hash ?? DEFAULT_BUNDLE_DIGEST;
  const hasher = threads.hasher(hash);
  for (let done = 0; done < layout.ciphertextSize; ) {
    const piece = Math.min(HASH_PIECE, layout.ciphertextSize - done);
    await hasher.updateFromFile(handle.fd, layout.ciphertextOffset + done, piece).catch((e: unknown) => {
      throw e instanceof Error && /ends \d+ bytes short/.test(e.message) ? changed('it ended before its ciphertext did.') : e;
    });
    done += piece;
    onRead(piece);
  }
  return verifyOuter(layout.signature, { hash, digest: await hasher.digest(), ciphertextBytes: layout.ciphertextSize }, trust, now);
}

/**
 * The second pass, once the first has checked the outer signature: the age header read and opened
 * here, the payload's runs read, hashed and opened on the threads, the plaintext unpacked into the
 * quarantine, then every check made. Undefined for an ASCII-armored ciphertext, or one whose header
 * does not end where an age header must: the streamed pass reads those, and says what is wrong.
 */
export async function openSealedOnThreads(
  threads: CryptoThreads,
  handle: FileHandle,
  layout: OuterLayout,
  sealed: SealedBundle,
  quarantine: Quarantine,
  options: OpenOptions,
  crypto: BundleCrypto,
  onRead: (bytes: number) => void = () => undefined,
): Promise<CheckedBundle | undefined> {
  const start = await readAt(handle)(layout.ciphertextOffset, Math.min(layout.ciphertextSize, MAX_HEADER + PAYLOAD_NONCE));
  const end = headerEnd(start, Math.min(start.length, MAX_HEADER));
  if (isArmored(start) || end === -1 || end + PAYLOAD_NONCE > start.length) return undefined;
  const key = await payloadKeyOf(start.slice(0, end), start.slice(end, end + PAYLOAD_NONCE), options.decryption).catch((e: unknown) => {
    throw decryptionProblem(e);
  });
  const again = threads.hasher(sealed.hash);
  await again.update(start.subarray(0, end + PAYLOAD_NONCE));
  onRead(end + PAYLOAD_NONCE);
  const payload = { fd: handle.fd, start: layout.ciphertextOffset + end + PAYLOAD_NONCE, size: layout.ciphertextSize - end - PAYLOAD_NONCE };
  const plaintext = openFileOnThreads(threads, payload, key, again, onRead);
  try {
    const hashes = await unpackContents(plaintext.stream, quarantine, options.limits ?? DEFAULT_BUNDLE_LIMITS, crypto, sealed.hash).catch((e: unknown) => {
      throw decryptionProblem(e);
    });
    checkSameCiphertext(sealed, layout.ciphertextSize, await again.digest());
    return await checkContents(hashes, quarantine, sealed, options);
  } finally {
    // No thread is still reading through the descriptor when the caller closes it.
    await plaintext.reads();
  }
}

/**
 * The payload at `start` of the file open as `fd`, opened run by run: each run read into shared
 * memory and hashed there by `again`'s thread, in order, then opened there on any thread. Errors at the
 * first run that does not open, or if the file ends before the payload does.
 */
function openFileOnThreads(
  threads: CryptoThreads,
  payload: { readonly fd: number; readonly start: number; readonly size: number },
  key: Uint8Array,
  again: ThreadHasher,
  onRead: (bytes: number) => void,
): { readonly stream: ReadableStream<Uint8Array>; readonly reads: () => Promise<void> } {
  const inFlight = runsInFlight(threads);
  const slots = new SharedSlots(inFlight, SEALED_RUN);
  const runs: Promise<Uint8Array>[] = [];
  let next = 0;
  let counter = 0;
  let finished = false;
  /** Reads handed to the threads and not yet done. */
  const reading = new Set<Promise<unknown>>();
  const send = async () => {
    const at = next;
    const length = Math.min(SEALED_RUN, payload.size - at);
    const last = at + length === payload.size;
    const first = counter;
    next += length;
    counter += RUN_CHUNKS;
    finished = last;
    const offset = await slots.acquire();
    // The hash's thread reads the run and hashes it in one request; runs reach it, and so the hash, in order.
    const read = again.readShared(payload.fd, payload.start + at, length, slots.buffer, offset).then((bytes) => {
      if (bytes !== length) throw changed('it ended before its ciphertext did.');
      onRead(bytes);
    });
    const settled = read.catch(() => undefined);
    reading.add(settled);
    void settled.then(() => reading.delete(settled));
    const done = read
      .then(() => threads.open(key, first, last, slots.buffer, offset, length))
      .then((result) => {
        if (typeof result !== 'string') return result;
        throw new AgeStreamProblem('corrupt', result === 'empty-last-chunk' ? EMPTY_LAST_CHUNK : CHUNK_DOES_NOT_AUTHENTICATE);
      });
    // The memory is taken back once the run is opened, or has failed to be read or opened.
    void done.catch(() => undefined).then(() => slots.release(offset));
    done.catch(() => undefined);
    runs.push(done);
  };
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (!finished && runs.length < inFlight) await send();
        const run = runs.shift();
        if (run) controller.enqueue(await run);
        else controller.close();
      },
      cancel: () => {
        finished = true;
        slots.stop(new Error('The bundle was closed before it was open.'));
      },
    },
    { highWaterMark: 0 },
  );
  return {
    stream,
    reads: async () => {
      await Promise.all([...reading]);
    },
  };
}
