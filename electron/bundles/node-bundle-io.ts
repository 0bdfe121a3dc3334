import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { ChunkCipher } from '../../shared/bundle/age-stream.js';
import { closeAndRenameInto, createPartialFile } from '../files/partial-file.js';
import { CryptoThreads } from './crypto-threads.js';
import { openOnThreads, sealOnThreads } from './threaded-payload.js';
import {
  BundleProblem,
  checkOuterStream,
  DEFAULT_BUNDLE_LIMITS,
  openBundleStream,
  openSealedStream,
  outerFrame,
  outerLayout,
  writeBundle,
  type BundleCrypto,
  type BundleHeader,
  type BundleSource,
  type BundleTrust,
  type CheckedBundle,
  type Hasher,
  type OpenOptions,
  type OuterSink,
  type Quarantine,
  type SealedBundle,
} from '../../shared/bundle/review-bundle.js';
import { countingStream } from '../../shared/streams/byte-streams.js';
import { checkOuterOnThreads, openSealedOnThreads, readAt } from './bundle-on-threads.js';

/**
 * Bundles on disk, for the main process and the command line: Node's native (OpenSSL)
 * ChaCha20-Poly1305 and SHA-512, files read and written as streams, the ciphertext written once, in
 * place, and a quarantine folder that is removed unless every check passes.
 */

const TAG = 16;

export const nativeChunkCipher: ChunkCipher = {
  seal(key, nonce, plaintext) {
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    const sealed = cipher.update(plaintext);
    cipher.final();
    return Buffer.concat([sealed, cipher.getAuthTag()]);
  },
  open(key, nonce, sealed) {
    if (sealed.length < TAG) throw new Error('The chunk is shorter than its tag.');
    const decipher = createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
    decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
    const plaintext = decipher.update(sealed.subarray(0, sealed.length - TAG));
    decipher.final();
    return plaintext;
  },
};

/** Node's native primitives on this thread alone, a chunk at a time. */
export const serialBundleCrypto: BundleCrypto = {
  cipher: nativeChunkCipher,
  hash: (digest) => {
    const hash = createHash(digest);
    return { update: (bytes) => void hash.update(bytes), digest: () => new Uint8Array(hash.digest()) };
  },
};

/** Node's native primitives on `threads`: chunks sealed and opened on all of them, each hash on one of its own. */
export function threadedBundleCrypto(threads: CryptoThreads): NodeBundleCrypto {
  return {
    threads,
    cipher: nativeChunkCipher,
    hash: (digest) => threads.hasher(digest),
    sealInto: (plaintext, prefix, key, sink, digest) => sealOnThreads(threads, plaintext, prefix, key, sink, digest),
    openPayload: (key) => openOnThreads(threads, key),
  };
}

/**
 * Threads the app and the command line use: a thread per core, up to four, started when a bundle is
 * first made or opened. An export runs three hashes (the files, the ciphertext, the file), each on
 * a thread of its own and each as fast as one core can go, with the sealing spread over them all:
 * more threads would go no faster, and each holds memory of its own.
 */
export const DEFAULT_CRYPTO_THREADS = Math.min(4, availableParallelism());

export const nativeBundleCrypto: NodeBundleCrypto = threadedBundleCrypto(new CryptoThreads(DEFAULT_CRYPTO_THREADS));

/** Large reads: fewer, bigger chunks through the streams. */
const READ_CHUNK = 1024 * 1024;

/** A file read as a stream, a large read per pull (`Readable.toWeb` costs several times more per byte). */
export function fileStream(file: string): ReadableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  let position = 0;
  return new ReadableStream<Uint8Array>({
    start: async () => {
      handle = await open(file, 'r');
    },
    pull: async (controller) => {
      if (!handle) throw new Error(`${file} is not open.`);
      const buffer = new Uint8Array(READ_CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, position).catch(async (e: unknown) => {
        await handle?.close();
        throw e;
      });
      position += bytesRead;
      if (bytesRead === 0) {
        await handle.close();
        controller.close();
      } else controller.enqueue(bytesRead === READ_CHUNK ? buffer : buffer.subarray(0, bytesRead));
    },
    cancel: async () => {
      await handle?.close();
    },
  });
}

/**
 * A new file written as a stream, for the quarantine. Not `Writable.toWeb`, which in Node 20
 * accepts writes faster than the disk takes them and so holds a whole bundle in memory: each write
 * here waits for the disk. Not synced: the quarantine is discarded at the next start, and syncing
 * it would double an import's time.
 */
function newFileSink(file: string): WritableStream<Uint8Array> {
  let handle: FileHandle | undefined;
  return positionedSink(
    async () => (handle = await open(file, 'wx')),
    async () => {
      await handle?.close();
    },
  );
}

/**
 * Writes from `start` on through the handle `handle()` gives; `end` runs when the stream closes or
 * is aborted (a handle the caller made is left open, for the caller to sync and close).
 */
function positionedSink(
  handle: () => Promise<FileHandle>,
  end: () => Promise<void> = () => Promise.resolve(),
  start = 0,
  /** Runs beside each write, on the same bytes; the write is done when both are. */
  alongside?: (chunk: Uint8Array) => void | Promise<void>,
): WritableStream<Uint8Array> {
  let opened: FileHandle | undefined;
  let position = start;
  return new WritableStream<Uint8Array>(
    {
      start: async () => {
        opened = await handle();
      },
      write: async (chunk) => {
        if (!opened) throw new Error('The file is not open.');
        await Promise.all([writeAll(opened, chunk, position), alongside?.(chunk)]);
        position += chunk.length;
      },
      close: end,
      abort: end,
    },
    // Up to 8 MiB may wait for the disk, so encryption goes on while a write is under way.
    { highWaterMark: 8 * 1024 * 1024, size: (chunk) => chunk.length },
  );
}

/** Writes all of `bytes` at `position`: a single write may write less. */
async function writeAll(handle: FileHandle, bytes: Uint8Array, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) done += (await handle.write(bytes, done, bytes.length - done, position + done)).bytesWritten;
}

/** A file in a bundle, read from disk when its turn comes. */
export function fileSource(bundlePath: string, file: string, size: number): BundleSource {
  return { path: bundlePath, size, stream: () => fileStream(file) };
}

/** Bytes written between syncs started while the export goes on: the disk writes as the bundle is made, and the last sync finds little left. */
const SYNC_EVERY = 64 * 1024 * 1024;

/**
 * The outer archive written in place: its first block, made from the size the ciphertext will
 * have, then the ciphertext as it comes, then the rest. The file's SHA-256 is taken of the bytes
 * as they are written, in file order; `written` gives it, or nothing if the ciphertext was not the
 * size it was to be (the first block is then rewritten, and the file read back for its hash).
 */
function inPlaceOuter(handle: FileHandle, crypto: BundleCrypto): OuterSink & { readonly written: () => Promise<{ readonly size: number; readonly sha256: string } | undefined> } {
  let first: { readonly head: Uint8Array; readonly hash: Hasher } | undefined;
  let written: { readonly size: number; readonly sha256: string } | undefined;
  let syncing: Promise<void> | undefined;
  let unsynced = 0;
  const syncAsItGoes = (bytes: number) => {
    unsynced += bytes;
    if (unsynced < SYNC_EVERY || syncing) return;
    unsynced = 0;
    // Its failure is the final sync's to report.
    syncing = handle
      .datasync()
      .catch(() => undefined)
      .finally(() => (syncing = undefined));
  };
  return {
    ciphertext: (expected) =>
      positionedSink(
        async () => {
          const { head } = await outerFrame(expected.size, new Uint8Array(0), expected.mtime);
          const hash = crypto.hash('sha256');
          await Promise.all([writeAll(handle, head, 0), hash.update(head)]);
          first = { head, hash };
          return handle;
        },
        undefined,
        512,
        async (chunk) => {
          // The ciphertext comes in shared memory, held until this write is done: hashed where it lies.
          await (first?.hash.updateShared ? first.hash.updateShared(chunk) : first?.hash.update(chunk));
          syncAsItGoes(chunk.length);
        },
      ),
    finish: async (size, signature, mtime) => {
      const { head, tail } = await outerFrame(size, signature, mtime);
      await writeAll(handle, tail, 512 + size);
      const asPlanned = first !== undefined && Buffer.compare(first.head, head) === 0;
      if (!asPlanned) await writeAll(handle, head, 0);
      await syncing;
      // A bundle is on disk before it is renamed into place: a power cut leaves no short bundle.
      await handle.sync();
      if (first && asPlanned) {
        await first.hash.update(tail);
        written = { size: 512 + size + tail.length, sha256: Buffer.from(await first.hash.digest()).toString('hex') };
      }
    },
    written: () => Promise.resolve(written),
  };
}

/** A bundle written to disk: its manifest, and the size and SHA-256 of the file. */
export interface WrittenBundle {
  readonly manifest: CheckedBundle['manifest'];
  readonly size: number;
  readonly sha256: string;
}

/** The size and SHA-256 of what an open file holds, read through its handle. */
async function handleDigest(handle: FileHandle): Promise<{ readonly size: number; readonly sha256: string }> {
  const hash = createHash('sha256');
  const buffer = new Uint8Array(4 * 1024 * 1024);
  let size = 0;
  for (;;) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, size);
    if (bytesRead === 0) break;
    hash.update(buffer.subarray(0, bytesRead));
    size += bytesRead;
  }
  return { size, sha256: hash.digest('hex') };
}

/**
 * Writes a bundle to `outPath`, through a new file beside it (see createPartialFile) that is
 * renamed into place only when the bundle is whole: a failed export leaves nothing that looks
 * like a bundle.
 */
export async function writeBundleFile(
  bundle: BundleHeader & { readonly sources: readonly BundleSource[] },
  outPath: string,
  crypto: BundleCrypto = nativeBundleCrypto,
  /** Asked once the bundle is whole, before it takes its place: an export cancelled meanwhile leaves nothing. */
  stillWanted: () => boolean = () => true,
): Promise<WrittenBundle> {
  const partial = await createPartialFile(outPath);
  try {
    const outer = inPlaceOuter(partial.handle, crypto);
    const manifest = await writeBundle(bundle, outer, crypto);
    // The history records the SHA-256 of the file as written.
    const { size, sha256 } = (await outer.written()) ?? (await handleDigest(partial.handle));
    if (!stillWanted()) throw new BundleProblem('unsafe-entry', 'The export was cancelled.');
    await closeAndRenameInto(partial, outPath);
    return { manifest, size, sha256 };
  } catch (e) {
    // The export's own failure is what the user needs to hear, not a failure to tidy up after it.
    await partial.handle.close().catch(() => undefined);
    await rm(partial.path, { force: true }).catch(() => undefined);
    throw e;
  }
}

/** A quarantine folder of its own; `discard` removes it and everything in it. */
export interface FileQuarantine extends Quarantine {
  readonly dir: string;
  /** Where a checked bundle's file lies on disk. */
  readonly pathOf: (bundlePath: string) => string;
  readonly discard: () => Promise<void>;
}

export async function fileQuarantine(parent: string = tmpdir()): Promise<FileQuarantine> {
  const dir = await mkdtemp(path.join(parent, 'frontier-review-quarantine-'));
  // Names were checked before they get here (relative, no "..", no links); the folder is new and ours alone.
  const pathOf = (bundlePath: string) => path.join(dir, ...bundlePath.split('/'));
  return {
    dir,
    pathOf,
    create: (bundlePath) => {
      const target = pathOf(bundlePath);
      mkdirSync(path.dirname(target), { recursive: true });
      return newFileSink(target);
    },
    read: async (bundlePath) => new Uint8Array(await readFile(pathOf(bundlePath))),
    discard: () => rm(dir, { recursive: true, force: true }),
  };
}

/** Node's primitives, and the threads they run on where they run on threads: those read bundle files themselves. */
export type NodeBundleCrypto = BundleCrypto & { readonly threads?: CryptoThreads };

/**
 * The first pass over a bundle file (see `checkOuterStream`): on the threads, reading the file
 * themselves, where it is laid out plainly; streamed through this thread otherwise. `onRead` hears
 * of every byte read, and may stop the check by throwing.
 */
export async function checkOuterAt(bundlePath: string, trust: BundleTrust, now: Date, crypto: NodeBundleCrypto = nativeBundleCrypto, onRead: (bytes: number) => void = () => undefined): Promise<SealedBundle> {
  const handle = await open(bundlePath, 'r');
  try {
    const layout = await outerLayout(readAt(handle), (await handle.stat()).size);
    if (layout && crypto.threads) return await checkOuterOnThreads(crypto.threads, handle, layout, trust, now, DEFAULT_BUNDLE_LIMITS, onRead);
    return await checkOuterStream(() => fileStream(bundlePath).pipeThrough(countingStream(onRead)), trust, now, DEFAULT_BUNDLE_LIMITS, crypto, layout?.hash);
  } finally {
    await handle.close();
  }
}

/**
 * Checks and decrypts a bundle file into `quarantine` (see `openBundleStream`), both passes on the
 * threads where the file is laid out plainly and its ciphertext is binary, streamed otherwise.
 */
export async function openBundleAt(bundlePath: string, quarantine: Quarantine, options: OpenOptions, crypto: NodeBundleCrypto = nativeBundleCrypto, onRead: (bytes: number) => void = () => undefined): Promise<CheckedBundle> {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const read = () => fileStream(bundlePath).pipeThrough(countingStream(onRead));
  const handle = await open(bundlePath, 'r');
  try {
    const layout = await outerLayout(readAt(handle), (await handle.stat()).size);
    if (!layout || !crypto.threads) return await openBundleStream(read, quarantine, options, crypto, layout?.hash);
    const sealed = await checkOuterOnThreads(crypto.threads, handle, layout, options.trust, options.now, limits, onRead);
    return (await openSealedOnThreads(crypto.threads, handle, layout, sealed, quarantine, options, crypto, onRead)) ?? (await openSealedStream(read(), sealed, quarantine, options, crypto));
  } finally {
    await handle.close();
  }
}

/**
 * Checks and decrypts a bundle file into a new quarantine folder. On any problem the folder is
 * removed and the problem thrown; on success the caller owns the folder and discards it when done.
 */
export async function openBundleFile(
  bundlePath: string,
  options: OpenOptions,
  quarantineParent?: string,
  crypto: NodeBundleCrypto = nativeBundleCrypto,
  /** Hears of every byte read, for the app's progress bar; throwing stops the check. */
  onRead: (bytes: number) => void = () => undefined,
): Promise<{ readonly checked: CheckedBundle; readonly quarantine: FileQuarantine }> {
  const quarantine = await fileQuarantine(quarantineParent);
  try {
    const checked = await openBundleAt(bundlePath, quarantine, options, crypto, onRead);
    return { checked, quarantine };
  } catch (e) {
    await quarantine.discard();
    throw e;
  }
}
