import { randomUUID } from 'node:crypto';
import { appendFile, mkdir, open, rm } from 'node:fs/promises';
import path from 'node:path';
import { bundlePathProblem, MANIFEST, SUMS, SUMS_SIGNATURE, type BundleManifest } from '../../shared/bundle/bundle-manifest.js';
import { BundleProblem, DEFAULT_BUNDLE_LIMITS, type BundleCrypto, type BundleHeader, type BundleSource, type CheckedBundle, type OpenOptions } from '../../shared/bundle/review-bundle.js';
import { fileStream, nativeBundleCrypto, openBundleFile, writeBundleFile, type FileQuarantine } from './node-bundle-io.js';

/**
 * Bundles made and opened in the main process for the app, with Node's native cipher and files
 * streamed from and to disk, so a bundle of any size passes in bounded memory.
 *
 * Export: the renderer hands over each file in slices, staged on disk in the order they arrive,
 * then asks for the bundle to be written to the place the user chose. Open: a bundle the user
 * picked is checked in full into a quarantine folder; the renderer then reads its files by their
 * bundle path. The renderer names no path on disk, ever: only session ids this class hands out.
 */

export interface SessionProgress {
  readonly done: number;
  readonly total: number;
}

interface StagedFile {
  readonly path: string;
  readonly file: string;
  size: number;
}

interface ExportSession {
  readonly kind: 'export';
  readonly target: string;
  readonly dir: string;
  readonly files: StagedFile[];
  finishing: boolean;
  progress: SessionProgress;
}

interface OpenedSession {
  readonly kind: 'opened';
  readonly quarantine: FileQuarantine;
  readonly sizes: ReadonlyMap<string, number>;
}

interface OpeningSession {
  readonly kind: 'opening';
  progress: SessionProgress;
}

type Session = ExportSession | OpenedSession | OpeningSession;

const RESERVED = new Set([MANIFEST, SUMS, SUMS_SIGNATURE]);
/** More at once would be a renderer gone wrong, not a reviewer at work. */
const MAX_SESSIONS = 8;

export class BundleSessions {
  private readonly sessions = new Map<string, Session>();

  constructor(
    /** A folder of this class's own: it is emptied at start, since nothing left in it can be trusted. */
    private readonly root: string,
    private readonly crypto: BundleCrypto = nativeBundleCrypto,
  ) {}

  /** Removes what a session that never ended (a crash, a power cut) left on disk. */
  async clearLeftovers(): Promise<void> {
    await rm(this.root, { recursive: true, force: true });
  }

  async beginExport(target: string): Promise<string> {
    this.roomForOneMore();
    const id = randomUUID();
    const dir = path.join(this.root, `export-${id}`);
    await mkdir(dir, { recursive: true });
    this.sessions.set(id, { kind: 'export', target, dir, files: [], finishing: false, progress: { done: 0, total: 0 } });
    return id;
  }

  /**
   * Appends a slice to the file at `bundlePath`. Files arrive whole and in order, each slice where
   * the last ended: anything else is a renderer gone wrong, and is refused rather than repaired.
   */
  async appendExport(id: string, bundlePath: string, offset: number, data: Uint8Array): Promise<void> {
    const session = this.exportSession(id);
    if (session.finishing) throw new BundleProblem('unsafe-entry', 'The bundle is already being written.');
    const last = session.files.at(-1);
    let staged: StagedFile;
    if (last?.path === bundlePath && !(offset === 0 && last.size > 0)) {
      staged = last;
    } else {
      const problem = bundlePathProblem(bundlePath);
      if (problem) throw new BundleProblem('unsafe-entry', `The file name "${bundlePath}" has ${problem}.`);
      if (RESERVED.has(bundlePath) || session.files.some((f) => f.path === bundlePath)) throw new BundleProblem('unsafe-entry', `The file name "${bundlePath}" is used twice or reserved.`);
      if (session.files.length + RESERVED.size >= DEFAULT_BUNDLE_LIMITS.maxEntries) throw new BundleProblem('too-large', `A bundle holds at most ${DEFAULT_BUNDLE_LIMITS.maxEntries - RESERVED.size} files.`);
      staged = { path: bundlePath, file: path.join(session.dir, String(session.files.length)), size: 0 };
      session.files.push(staged);
    }
    if (offset !== staged.size) throw new BundleProblem('unsafe-entry', `"${bundlePath}" was handed over out of order: byte ${offset} came where byte ${staged.size} was due.`);
    const total = session.files.reduce((sum, f) => sum + f.size, 0) + data.length;
    if (total > DEFAULT_BUNDLE_LIMITS.maxTotalBytes) throw new BundleProblem('too-large', `A bundle holds at most ${DEFAULT_BUNDLE_LIMITS.maxTotalBytes.toLocaleString('en-US')} bytes of files.`);
    await appendFile(staged.file, data, { flag: 'a' });
    staged.size += data.length;
  }

  /** Writes the bundle of the staged files where the user chose; the staged files are removed either way. */
  async finishExport(id: string, header: BundleHeader): Promise<BundleManifest> {
    const session = this.exportSession(id);
    if (session.finishing) throw new BundleProblem('unsafe-entry', 'The bundle is already being written.');
    session.finishing = true;
    const total = session.files.reduce((sum, f) => sum + f.size, 0);
    session.progress = { done: 0, total };
    const sources = session.files.map(
      (f): BundleSource => ({ path: f.path, size: f.size, stream: () => fileStream(f.file).pipeThrough(this.counting(() => session.progress, (p) => (session.progress = p))) }),
    );
    try {
      return await writeBundleFile({ ...header, sources }, session.target, this.crypto);
    } finally {
      await this.end(id);
    }
  }

  async cancelExport(id: string): Promise<void> {
    const session = this.exportSession(id);
    // A bundle being written finishes or fails on its own; its staged files go with it.
    if (!session.finishing) await this.end(id);
  }

  /**
   * Checks and decrypts the bundle at `file` into a quarantine folder. On success the renderer
   * reads the files through the returned id; on failure nothing of it remains on disk.
   * `progressId` lets the renderer ask how far the check has got while it runs.
   */
  async open(file: string, size: number, options: OpenOptions, progressId: string = randomUUID()): Promise<{ readonly id: string; readonly checked: CheckedBundle }> {
    this.roomForOneMore();
    if (this.sessions.has(progressId)) throw new BundleProblem('unsafe-entry', 'That session id is in use.');
    // Two reads of the whole file: one to check the outer signature, one to decrypt.
    const opening: OpeningSession = { kind: 'opening', progress: { done: 0, total: 2 * size } };
    this.sessions.set(progressId, opening);
    try {
      await mkdir(this.root, { recursive: true });
      const { checked, quarantine } = await openBundleFile(file, options, this.root, this.crypto, () =>
        fileStream(file).pipeThrough(this.counting(() => opening.progress, (p) => (opening.progress = p))),
      );
      this.sessions.set(progressId, { kind: 'opened', quarantine, sizes: new Map(checked.manifest.files.map((f) => [f.path, f.size])) });
      return { id: progressId, checked };
    } catch (e) {
      this.sessions.delete(progressId);
      throw e;
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
    const session = this.sessions.get(id);
    if (session?.kind !== 'opened') return;
    await this.end(id);
  }

  progress(id: string): SessionProgress | null {
    const session = this.sessions.get(id);
    return session && session.kind !== 'opened' ? session.progress : null;
  }

  /** On quit: nothing decrypted or staged outlives the app. */
  async closeAll(): Promise<void> {
    await Promise.all([...this.sessions.keys()].map((id) => this.end(id)));
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
    this.sessions.delete(id);
    if (session?.kind === 'export') await rm(session.dir, { recursive: true, force: true });
    if (session?.kind === 'opened') await session.quarantine.discard();
  }

  private counting(get: () => SessionProgress, set: (p: SessionProgress) => void): TransformStream<Uint8Array, Uint8Array> {
    return new TransformStream({
      transform: (chunk, controller) => {
        const p = get();
        set({ done: Math.min(p.total, p.done + chunk.length), total: p.total });
        controller.enqueue(chunk);
      },
    });
  }
}
