import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { mkdtemp, open, readFile, rm, type FileHandle } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import type { ChunkCipher } from '../../shared/bundle/age-stream.js';
import { closeAndRenameInto, createPartialFile } from '../files/partial-file.js';
import { CryptoThreads } from './crypto-threads.js';
import { openOnThreads, sealOnThreads } from './threaded-payload.js';
import type { BundleDigest } from '../../shared/bundle/bundle-manifest.js';
import { BundleProblem, openBundleStream, outerFrame, outerSignatureHash, writeBundle, type BundleCrypto, type BundleSource, type CheckedBundle, type BundleHeader, type OpenOptions, type OuterSink, type Quarantine } from '../../shared/bundle/review-bundle.js';

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
export function threadedBundleCrypto(threads: CryptoThreads): BundleCrypto {
  return {
    cipher: nativeChunkCipher,
    hash: (digest) => threads.hasher(digest),
    sealInto: (plaintext, prefix, key, sink, digest) => sealOnThreads(threads, plaintext, prefix, key, sink, digest),
    openPayload: (key) => openOnThreads(threads, key),
  };
}

/** What the app and the command line use: a thread per core, started when a bundle is first made or opened. */
export const nativeBundleCrypto: BundleCrypto = threadedBundleCrypto(new CryptoThreads(availableParallelism()));

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
function positionedSink(handle: () => Promise<FileHandle>, end: () => Promise<void> = () => Promise.resolve(), start = 0): WritableStream<Uint8Array> {
  let opened: FileHandle | undefined;
  let position = start;
  return new WritableStream<Uint8Array>(
    {
      start: async () => {
        opened = await handle();
      },
      write: async (chunk) => {
        if (!opened) throw new Error('The file is not open.');
        await writeAll(opened, chunk, position);
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

/** The ciphertext written where it belongs in the outer archive, and the archive's first block written last. */
function inPlaceOuter(handle: FileHandle): OuterSink {
  return {
    ciphertext: () => positionedSink(() => Promise.resolve(handle), undefined, 512),
    finish: async (size, signature, mtime) => {
      const { head, tail } = await outerFrame(size, signature, mtime);
      await writeAll(handle, tail, 512 + size);
      await writeAll(handle, head, 0);
      // A bundle is on disk before it is renamed into place: a power cut leaves no short bundle.
      await handle.sync();
    },
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
    const manifest = await writeBundle(bundle, inPlaceOuter(partial.handle), crypto);
    // The history records the SHA-256 of the file as written, read back from the disk.
    const { size, sha256 } = await handleDigest(partial.handle);
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

/** The hash a bundle file's outer signature names, read where it lies (see `outerSignatureHash`). */
export async function outerSignatureHashOfFile(file: string): Promise<BundleDigest | undefined> {
  const handle = await open(file, 'r').catch(() => undefined);
  if (!handle) return undefined;
  try {
    return await outerSignatureHash(async (offset, length) => {
      const bytes = new Uint8Array(length);
      const { bytesRead } = await handle.read(bytes, 0, length, offset);
      return bytes.subarray(0, bytesRead);
    });
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
  crypto: BundleCrypto = nativeBundleCrypto,
  /** Each read of the file; the app counts the bytes as they pass, for its progress bar. */
  read: () => ReadableStream<Uint8Array> = () => fileStream(bundlePath),
): Promise<{ readonly checked: CheckedBundle; readonly quarantine: FileQuarantine }> {
  const quarantine = await fileQuarantine(quarantineParent);
  try {
    const checked = await openBundleStream(read, quarantine, options, crypto, await outerSignatureHashOfFile(bundlePath));
    return { checked, quarantine };
  } catch (e) {
    await quarantine.discard();
    throw e;
  }
}
