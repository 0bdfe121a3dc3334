import { open, type FileHandle } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ExportLinesCheck, ExportProblem } from '../../shared/audit/export-check.js';
import { checkExportPage, type ExportPage, type ExportPageResult, type ExportTree } from '../../shared/audit/export-page.js';
import { EXPORT_LINE_LIMIT, exportVerdict, openExportHeader, refusedExport, verifyAuditExport, type AuditExportVerdict } from '../../shared/audit/log-export.js';
import { BatchHasher } from '../../shared/hash/sha256-batch.js';

/**
 * `audit verify` over a file: a version 2 export is read a few megabytes at a time, the next read
 * in flight while this one's lines are split, and each page of 1,024 events is hashed in a worker
 * thread while the next is read; pages are joined in order. A version 1 export (written before) is
 * read whole and verified as it always was.
 */

const CHUNK = 8 << 20;
const BOM = [0xef, 0xbb, 0xbf];

/** Where a checking thread's code is: a file, or the code itself (the command's own threads, bundled into it). */
export type HashThreadCode = { readonly script: string } | { readonly source: string };

/** Checks pages in worker threads running `code`, or here when there is none. */
class PageHashers {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { readonly resolve: (r: ExportPageResult) => void; readonly reject: (e: Error) => void }>();
  private next = 0;
  private readonly local = BatchHasher.create();

  constructor(code: HashThreadCode | undefined, threads: number) {
    for (let i = 0; code !== undefined && i < threads; i++) {
      const worker = 'source' in code ? new Worker(code.source, { eval: true }) : new Worker(code.script);
      worker.on('message', (m: { readonly id: number; readonly result?: ExportPageResult; readonly error?: string }) => {
        const waiter = this.waiting.get(m.id);
        this.waiting.delete(m.id);
        if (m.result) waiter?.resolve(m.result);
        else waiter?.reject(new Error(m.error ?? 'a page could not be hashed'));
      });
      worker.on('error', (e) => {
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      });
      this.workers.push(worker);
    }
  }

  check(page: ExportPage, tree: ExportTree): Promise<ExportPageResult> {
    const id = this.next++;
    const worker = this.workers[id % Math.max(1, this.workers.length)];
    if (!worker) return Promise.resolve(checkExportPage(this.local, page, tree));
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      // The page's bytes are handed over, not copied: only its first line's number is needed here.
      worker.postMessage({ id, page, tree }, [page.bytes.buffer as ArrayBuffer]);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Reads `handle` from `offset` in chunks, the next read in flight while the caller works on this one. */
async function* chunks(handle: FileHandle, offset: number, size = CHUNK): AsyncGenerator<Buffer> {
  const read = (at: number) => handle.read(Buffer.allocUnsafe(size), 0, size, at);
  let position = offset;
  let pending = read(position);
  for (;;) {
    const { bytesRead, buffer } = await pending;
    if (bytesRead === 0) return;
    position += bytesRead;
    pending = read(position);
    yield buffer.subarray(0, bytesRead);
  }
}

/**
 * Splits chunks into lines (without their line breaks, and a carriage return before one), numbered
 * from `firstLine`, each handed to `onLine` as it is found: no promise per line.
 */
class LineSplitter {
  private carry: Buffer | undefined;

  constructor(
    private n: number,
    private readonly onLine: (bytes: Buffer, n: number) => void,
  ) {}

  push(chunk: Buffer): void {
    let from = 0;
    if (this.carry) {
      // The line that ran on from the chunk before: only it is copied.
      const end = chunk.indexOf(0x0a);
      this.carry = Buffer.concat([this.carry, chunk.subarray(0, end < 0 ? chunk.length : end)]);
      if (end < 0) return;
      this.line(this.carry);
      this.carry = undefined;
      from = end + 1;
    }
    for (let end = chunk.indexOf(0x0a, from); end >= 0; end = chunk.indexOf(0x0a, from)) {
      this.line(chunk.subarray(from, end));
      from = end + 1;
    }
    if (from < chunk.length) this.carry = Buffer.from(chunk.subarray(from));
  }

  end(): void {
    if (this.carry) this.line(this.carry);
    this.carry = undefined;
  }

  private line(bytes: Buffer): void {
    this.onLine(bytes[bytes.length - 1] === 0x0d ? bytes.subarray(0, -1) : bytes, this.n++);
  }
}

/** The first line (the header) and where the next begins, read without reading the rest. */
async function headerOf(handle: FileHandle): Promise<{ readonly text: string; readonly next: number }> {
  let head = Buffer.alloc(0);
  for (let at = 0; ; at += 1 << 16) {
    const { bytesRead, buffer } = await handle.read(Buffer.alloc(1 << 16), 0, 1 << 16, at);
    head = Buffer.concat([head, buffer.subarray(0, bytesRead)]);
    const end = head.indexOf(0x0a);
    if (end >= 0 || bytesRead === 0 || head.length > 1 << 20) {
      const stop = end >= 0 ? end : head.length;
      const skip = BOM.every((b, i) => head[i] === b) ? 3 : 0;
      const text = new TextDecoder('utf-8', { fatal: true }).decode(head.subarray(skip, head[stop - 1] === 0x0d ? stop - 1 : stop));
      return { text, next: end >= 0 ? end + 1 : head.length };
    }
  }
}

/** Below this, starting threads (each loading this command again) costs more than they save. */
const THREADS_FROM_BYTES = 32 << 20;

/** The threads that check a large export's pages: one a core; none for a small one. */
export function hashThreads(fileBytes: number): number {
  return fileBytes < THREADS_FROM_BYTES ? 0 : availableParallelism();
}

export interface ExportFileOptions {
  /** The code checking threads run; without it, pages are checked in this thread. */
  readonly hashThread?: HashThreadCode | undefined;
  /** How many hashing threads; one a core for a large export unless given. */
  readonly threads?: number;
  /** How much is read at a time: 8 MiB unless a test reads lines across many reads. */
  readonly chunkBytes?: number;
  /** The root of the tree of the first this many events too, to hold an earlier checkpoint against. */
  readonly treeAt?: number | undefined;
}

/** Verifies the export in `file` against `verifierKey` (else the key it names). */
export async function verifyExportFile(file: string, verifierKey: string | undefined, options: ExportFileOptions = {}): Promise<AuditExportVerdict> {
  const handle = await open(file, 'r');
  try {
    const header = await headerOf(handle);
    let opened;
    try {
      opened = openExportHeader(header.text, verifierKey);
    } catch (e) {
      return refusedExport(e);
    }
    if (opened.header.version === 1) {
      // Written before version 2: read whole as text, as it always was.
      const text = new TextDecoder('utf-8', { fatal: true }).decode(await handle.readFile());
      return verifyAuditExport(text, verifierKey, { treeAt: options.treeAt });
    }
    const threads = options.threads ?? hashThreads((await handle.stat()).size);
    return await verifyLines(handle, header.next, opened, { ...options, threads });
  } finally {
    await handle.close();
  }
}

async function verifyLines(handle: FileHandle, offset: number, opened: ReturnType<typeof openExportHeader>, options: ExportFileOptions): Promise<AuditExportVerdict> {
  const threads = options.threads ?? 0;
  const hashers = new PageHashers(options.hashThread, threads);
  const check = new ExportLinesCheck({ treeSize: opened.header.treeSize, root: opened.rootHash }, BatchHasher.create(), options.treeAt);
  const pending: { readonly firstLine: number; readonly result: Promise<ExportPageResult> }[] = [];
  const send = (page: ExportPage | undefined) => {
    if (!page) return;
    const result = hashers.check(page, check.tree);
    // Awaited in order when joined; one left behind by an earlier problem must not fail the process.
    result.catch(() => undefined);
    pending.push({ firstLine: page.firstLine, result });
  };
  const joinOldest = async () => {
    const oldest = pending.shift();
    if (oldest) check.join({ firstLine: oldest.firstLine }, await oldest.result);
  };
  const joinAll = async () => {
    send(check.flush());
    while (pending.length > 0) await joinOldest();
  };
  const inFlight = 4 * Math.max(1, threads);
  let blank: number | undefined;
  const splitter = new LineSplitter(2, (bytes, n) => {
    if (n > EXPORT_LINE_LIMIT) throw new ExportProblem(null, null, `The export has more than ${EXPORT_LINE_LIMIT.toLocaleString('en-US')} lines, more than any history this app writes.`);
    // Blank lines at the end, as editors leave them, are not content; one with lines after it is.
    if (bytes.length === 0) {
      blank ??= n;
      return;
    }
    if (blank !== undefined) throw new ExportProblem(blank, null, `Line ${blank} is not an exported event: it is empty.`);
    send(check.addLine(bytes, n));
  });
  /** Lines split as read; a line refused is reported after the lines before it are checked, so the first problem is the one reported. */
  const split = async (body: () => void) => {
    try {
      body();
    } catch (e) {
      if (e instanceof ExportProblem) await joinAll();
      throw e;
    }
  };
  try {
    for await (const chunk of chunks(handle, offset, options.chunkBytes)) {
      await split(() => splitter.push(chunk));
      // A few pages in flight per thread: enough to keep them busy, not the whole file in memory.
      while (pending.length > inFlight) await joinOldest();
    }
    await split(() => splitter.end());
    await joinAll();
    const { events, markings, treeAt } = check.finish();
    return exportVerdict(opened, events, markings, treeAt);
  } catch (e) {
    return refusedExport(e);
  } finally {
    await hashers.close();
  }
}
