import { randomUUID } from 'node:crypto';
import { mkdir, open, rm } from 'node:fs/promises';
import { bundlePathProblem, OWN_FILES, RESERVED_NAMES } from '../../shared/bundle/bundle-manifest.js';
import { BundleProblem, DEFAULT_BUNDLE_LIMITS, type BundleHeader, type BundleSource, type CheckedBundle, type OpenOptions } from '../../shared/bundle/review-bundle.js';
import { nativeBundleCrypto, openBundleFile, writeBundleFile, type FileQuarantine, type NodeBundleCrypto, type WrittenBundle } from './node-bundle-io.js';

/**
 * Bundles made and opened in the main process for the app, with Node's native cipher and files
 * streamed from and to disk, so a bundle of any size passes in bounded memory.
 *
 * Export: the renderer names the bundle's files and their sizes, then hands each over in slices,
 * in order; each slice goes straight into the encrypting writer, which takes the next only when it
 * has room, so no plaintext is staged on disk. Open: a bundle the user picked is checked in full
 * into a quarantine folder; the renderer then reads its files by their bundle path. The renderer
 * names no path on disk, ever: only session ids this class hands out.
 */

export interface SessionProgress {
  readonly done: number;
  readonly total: number;
}

/**
 * A stream fed one slice at a time: `give` resolves once the reader has taken the slice, so the
 * giver waits while the reader is busy and nothing piles up in between. `stop` fails both sides.
 */
interface HandOver {
  readonly readable: ReadableStream<Uint8Array>;
  give(slice: Uint8Array): Promise<void>;
  end(): void;
  stop(reason: Error): void;
}

function handOver(): HandOver {
  let control: ReadableStreamDefaultController<Uint8Array> | undefined;
  let offered: { readonly slice: Uint8Array; readonly taken: () => void; readonly refused: (e: Error) => void } | undefined;
  let wanted: (() => void) | undefined;
  let stopped: Error | undefined;
  const readable = new ReadableStream<Uint8Array>(
    {
      start: (c) => {
        control = c;
      },
      pull: (c) => {
        if (offered) {
          c.enqueue(offered.slice);
          offered.taken();
          offered = undefined;
          return undefined;
        }
        return new Promise<void>((resolve) => (wanted = resolve));
      },
      cancel: (reason) => {
        stopped = reason instanceof Error ? reason : new Error(String(reason));
        offered?.refused(stopped);
      },
    },
    { highWaterMark: 0 },
  );
  return {
    readable,
    give: (slice) =>
      new Promise<void>((taken, refused) => {
        if (stopped) { refused(stopped); return; }
        if (wanted) {
          control?.enqueue(slice);
          wanted();
          wanted = undefined;
          taken(); return;
        }
        offered = { slice, taken, refused };
        return undefined;
      }),
    end: () => control?.close(),
    stop: (reason) => {
      if (stopped) return;
      stopped = reason;
      offered?.refused(reason);
      offered = undefined;
      control?.error(reason);
      wanted?.();
    },
  };
}

/** A file of a bundle being written: what the renderer said it is, and what it has handed over. */
interface FedFile {
  readonly path: string;
  readonly size: number;
  readonly feed: HandOver;
  received: number;
}

interface ExportSession {
  readonly kind: 'export';
  readonly files: readonly FedFile[];
  /** The bundle being written; settles when the last file is in, or on the first failure. */
  readonly written: Promise<WrittenBundle>;
  /** Slices are taken one at a time, whatever the renderer sends at once. */
  queue: Promise<unknown>;
  /** Once set, no more slices are taken. */
  finishing: boolean;
  /** Read by the writer before the bundle takes its place. */
  readonly cancelled: { value: boolean };
}

interface OpenedSession {
  readonly kind: 'opened';
  readonly quarantine: FileQuarantine;
  readonly sizes: ReadonlyMap<string, number>;
}

interface OpeningSession {
  readonly kind: 'opening';
  progress: SessionProgress;
  /** Set when the bundle is closed (or the app quits) before it is open: the check stops at the next read. */
  stopped: boolean;
  /** Settles when the check has ended and whatever it unpacked is removed or handed over. */
  readonly ended: Promise<unknown>;
}

type Session = ExportSession | OpenedSession | OpeningSession;

/** More at once would be a renderer gone wrong, not a reviewer at work. */
const MAX_SESSIONS = 8;

export class BundleSessions {
  private readonly sessions = new Map<string, Session>();
  /** Leftovers are removed before anything new is unpacked beside them. */
  private cleared: Promise<void> = Promise.resolve();

  constructor(
    /** A folder of this class's own: it is emptied at start, since nothing left in it can be trusted. */
    private readonly root: string,
    private readonly crypto: NodeBundleCrypto = nativeBundleCrypto,
  ) {}

  /** Removes what a session that never ended (a crash, a power cut) left on disk. */
  clearLeftovers(): Promise<void> {
    this.cleared = rm(this.root, { recursive: true, force: true });
    return this.cleared;
  }

  /**
   * Starts writing a bundle of `files` (their bundle paths and sizes, in the order they will be
   * handed over) to `target`. Names and sizes are checked here, before anything is written.
   */
  beginExport(target: string, header: BundleHeader, files: readonly { readonly path: string; readonly size: number; readonly sha256?: string | undefined }[]): string {
    this.roomForOneMore();
    // What the bundle would refuse is refused here, before anything is made.
    const limits = DEFAULT_BUNDLE_LIMITS;
    if (files.length + OWN_FILES > limits.maxEntries) throw new BundleProblem('too-large', `A bundle holds at most ${limits.maxEntries - OWN_FILES} files; this one would hold ${files.length}.`);
    const total = files.reduce((sum, f) => sum + f.size, 0);
    if (total > limits.maxTotalBytes) throw new BundleProblem('too-large', `A bundle holds at most ${limits.maxTotalBytes.toLocaleString('en-US')} bytes of files; this one would hold ${total.toLocaleString('en-US')}.`);
    const seen = new Set<string>();
    for (const f of files) {
      const problem = bundlePathProblem(f.path);
      if (problem) throw new BundleProblem('unsafe-entry', `The file name "${f.path}" has ${problem}.`);
      if (RESERVED_NAMES.has(f.path) || seen.has(f.path)) throw new BundleProblem('unsafe-entry', `The file name "${f.path}" is used twice or reserved.`);
      seen.add(f.path);
    }
    // Nothing is held: a slice is taken only when the encrypting writer reads.
    const fed = files.map((f): FedFile => ({ path: f.path, size: f.size, feed: handOver(), received: 0 }));
    for (const f of fed) if (f.size === 0) f.feed.end();
    const sources = fed.map((f, i): BundleSource => ({ path: f.path, size: f.size, sha256: files[i]?.sha256, stream: () => f.feed.readable }));
    const cancelled = { value: false };
    const written = writeBundleFile({ ...header, sources }, target, this.crypto, () => !cancelled.value);
    // Seen by whoever asks next (a slice, finish or cancel); never an unhandled rejection.
    written.catch(() => undefined);
    const id = randomUUID();
    this.sessions.set(id, { kind: 'export', files: fed, written, queue: Promise.resolve(), finishing: false, cancelled });
    return id;
  }

  /**
   * Hands over a slice of the file at `bundlePath`. Files arrive whole and in order, each slice
   * where the last ended: anything else is a renderer gone wrong, and is refused rather than repaired.
   */
  appendExport(id: string, bundlePath: string, offset: number, data: Uint8Array): Promise<void> {
    const session = this.exportSession(id);
    if (session.finishing) return Promise.reject(new BundleProblem('unsafe-entry', 'The bundle is being finished: no more of it is taken.'));
    const taken = session.queue.then(() => this.feed(session, bundlePath, offset, data));
    session.queue = taken.catch(() => undefined);
    return taken;
  }

  private async feed(session: ExportSession, bundlePath: string, offset: number, data: Uint8Array): Promise<void> {
    const file = session.files.find((f) => f.received < f.size);
    if (!file) throw new BundleProblem('unsafe-entry', 'Every file of the bundle has been handed over already.');
    if (file.path !== bundlePath) throw new BundleProblem('unsafe-entry', `"${bundlePath}" was handed over while "${file.path}" was due.`);
    if (offset !== file.received) throw new BundleProblem('unsafe-entry', `"${bundlePath}" was handed over out of order: byte ${offset} came where byte ${file.received} was due.`);
    if (data.length === 0 || file.received + data.length > file.size) throw new BundleProblem('unsafe-entry', `"${bundlePath}" is longer than the ${file.size.toLocaleString('en-US')} bytes it was said to be.`);
    file.received += data.length;
    // Waits while the writer has no room; a writer that failed ends the wait with its reason.
    await Promise.race([file.feed.give(data), session.written.then(() => undefined)]);
    if (file.received === file.size) file.feed.end();
  }

  /** The bundle once every file is in: its manifest, and the file where the user chose. */
  async finishExport(id: string): Promise<WrittenBundle> {
    const session = this.exportSession(id);
    if (session.finishing) throw new BundleProblem('unsafe-entry', 'The bundle is already being finished.');
    session.finishing = true;
    await session.queue;
    const missing = session.files.find((f) => f.received < f.size);
    if (missing) {
      const problem = new BundleProblem('unsafe-entry', `"${missing.path}" was not handed over in full: ${missing.received.toLocaleString('en-US')} of ${missing.size.toLocaleString('en-US')} bytes.`);
      await this.cancelExport(id);
      throw problem;
    }
    try {
      return await session.written;
    } finally {
      this.sessions.delete(id);
    }
  }

  /** Stops a bundle being written, even one whose files are all in: the partial file goes with it. */
  async cancelExport(id: string): Promise<void> {
    const session = this.exportSession(id);
    this.sessions.delete(id);
    session.cancelled.value = true;
    const stopped = new BundleProblem('unsafe-entry', 'The export was cancelled.');
    for (const f of session.files) f.feed.stop(stopped);
    await session.written.catch(() => undefined);
  }

  /**
   * Checks and decrypts the bundle at `file` into a quarantine folder. On success the renderer
   * reads the files through the returned id; on failure nothing of it remains on disk.
   * `progressId` lets the renderer ask how far the check has got while it runs.
   */
  async open(file: string, size: number, options: OpenOptions, progressId: string = randomUUID()): Promise<{ readonly id: string; readonly checked: CheckedBundle }> {
    this.roomForOneMore();
    if (this.sessions.has(progressId)) throw new BundleProblem('unsafe-entry', 'That session id is in use.');
    let ended = (): void => undefined;
    // Two reads of the whole file: one to check the outer signature, one to decrypt.
    const opening: OpeningSession = { kind: 'opening', progress: { done: 0, total: 2 * size }, stopped: false, ended: new Promise<void>((resolve) => (ended = resolve)) };
    this.sessions.set(progressId, opening);
    const stop = new BundleProblem('unsafe-entry', 'The bundle was closed before it was open.');
    const onRead = (n: number) => {
      if (opening.stopped) throw stop;
      opening.progress = { done: Math.min(opening.progress.total, opening.progress.done + n), total: opening.progress.total };
    };
    try {
      await this.cleared.catch(() => undefined);
      await mkdir(this.root, { recursive: true });
      const { checked, quarantine } = await openBundleFile(file, options, this.root, this.crypto, onRead);
      if (opening.stopped) {
        await quarantine.discard();
        throw stop;
      }
      this.sessions.set(progressId, { kind: 'opened', quarantine, sizes: new Map(checked.manifest.files.map((f) => [f.path, f.size])) });
      return { id: progressId, checked };
    } catch (e) {
      if (this.sessions.get(progressId) === opening) this.sessions.delete(progressId);
      throw e;
    } finally {
      ended();
    }
  }

  /** Bytes `[offset, offset + length)` of a checked bundle's file; shorter at its end. */
  async read(id: string, bundlePath: string, offset: number, length: number): Promise<Uint8Array> {
    const session = this.sessions.get(id);
    if (session?.kind !== 'opened') throw new BundleProblem('unsafe-entry', 'That bundle is not open.');
    const size = session.sizes.get(bundlePath);
    if (size === undefined) throw new BundleProblem('unsafe-entry', `The bundle holds no "${bundlePath}".`);
    const handle = await open(session.quarantine.pathOf(bundlePath), 'r');
    try {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, offset);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  }

  async close(id: string): Promise<void> {
    if (this.sessions.get(id)?.kind === 'export') return;
    await this.end(id);
  }

  progress(id: string): SessionProgress | null {
    const session = this.sessions.get(id);
    return session?.kind === 'opening' ? session.progress : null;
  }

  /** When the page goes (a reload, a crash): what it had open or under way ends with it. */
  async endAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.end(id)));
  }

  /** On quit: nothing decrypted outlives the app. */
  async closeAll(): Promise<void> {
    await this.endAll();
    await this.clearLeftovers();
  }

  private roomForOneMore(): void {
    if (this.sessions.size >= MAX_SESSIONS) throw new BundleProblem('too-large', `At most ${MAX_SESSIONS} bundles are made or opened at once.`);
  }

  private exportSession(id: string): ExportSession {
    const session = this.sessions.get(id);
    if (session?.kind !== 'export') throw new BundleProblem('unsafe-entry', 'That export is not under way.');
    return session;
  }

  private async end(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (session?.kind !== 'export') this.sessions.delete(id);
    if (session?.kind === 'export') await this.cancelExport(id).catch(() => undefined);
    if (session?.kind === 'opened') await session.quarantine.discard();
    if (session?.kind === 'opening') {
      session.stopped = true;
      await session.ended;
    }
  }

}
