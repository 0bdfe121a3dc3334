import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { bytesToHex } from '@noble/hashes/utils.js';
import { PAGE_EVENTS, TreeEdge } from '../../shared/audit/history-check.js';
import { EMPTY_FRONTIER, historySigner, sealEvent } from '../../shared/audit/history.js';
import { eventLine } from '../../shared/audit/export-page.js';
import { exportHeaderLine } from '../../shared/audit/log-export.js';
import { formatCheckpoint, formatVerifierKey, signNote } from '../../shared/audit/signed-note.js';
import { BatchHasher } from '../../shared/hash/sha256-batch.js';
import { marking } from '../../shared/marking/marking.js';
import { verifyExportFile } from '../../electron/cli/audit-verify-stream.js';
import { benchEvent, canonicalText, checkCanonicalText } from './audit-events.js';

/**
 * The review history at scale, on the command line's path, in a process of its own: writes a
 * version 2 export of N events (as the integrity panel's "Export with proofs…" writes one of every
 * event), then times, each a few times, reading its bytes alone (the floor), the compute floors
 * (one bulk SHA-256 of the file by OpenSSL; every leaf and node by the batched WebAssembly hasher,
 * one thread, no reading), and verifying it: in this process with pages hashed here, with pages
 * hashed in threads, and `frontier-review audit verify` end to end. Appending is timed on a sample,
 * sealing each event as the data layer does.
 *   audit-worker <events> <work folder> <frontier-review.cjs> <the command's checking thread, built>
 * Prints one JSON line of timings.
 */

const key = { origin: 'frontier-review/workstation-bench', seed: '5f'.repeat(32) };
const REPEAT = Number(process.env.BENCH_AUDIT_REPEAT ?? 3);

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

async function timed(body: () => Promise<unknown>): Promise<{ readonly ms: number; readonly runs: readonly number[] }> {
  const runs: number[] = [];
  for (let i = 0; i < REPEAT; i++) {
    const start = performance.now();
    await body();
    runs.push(performance.now() - start);
  }
  return { ms: median(runs), runs: runs.map((r) => Math.round(r)) };
}

/** Appending as AuditedStore.audit does per change, on a sample: the seal's cost does not grow with the history. */
function appendSample(count: number): { readonly msPerEvent: number; readonly worstMs: number } {
  let frontier = EMPTY_FRONTIER;
  let total = 0;
  let worst = 0;
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    frontier = sealEvent(benchEvent(i), frontier, key.origin, historySigner(key)).frontier;
    const ms = performance.now() - start;
    total += ms;
    worst = Math.max(worst, ms);
  }
  return { msPerEvent: total / count, worstMs: worst };
}

/** Writes the export of every event, a page at a time, and returns its size and the tree's root. */
async function writeExport(file: string, count: number, hasher: BatchHasher): Promise<{ readonly bytes: number; readonly eventBytes: number }> {
  const edge = TreeEdge.of({ size: 0, nodes: [] });
  const encoder = new TextEncoder();
  const out = await open(`${file}.events`, 'w');
  let eventBytes = 0;
  for (let first = 0; first < count; first += PAGE_EVENTS) {
    const texts = Array.from({ length: Math.min(PAGE_EVENTS, count - first) }, (_, k) => canonicalText(first + k));
    const bytes = encoder.encode(texts.join(''));
    const ends = new Uint32Array(texts.length);
    let end = 0;
    texts.forEach((t, k) => (ends[k] = end += t.length));
    eventBytes += bytes.length;
    const leaves = hasher.leafHashes(bytes, ends);
    if (texts.length === PAGE_EVENTS) edge.append(hasher.treeRoot(leaves), PAGE_EVENTS, hasher);
    else edge.appendLeaves(leaves, hasher);
    const lines = texts.map((t, k) => eventLine(first + k + 1, bytesToHex(leaves.subarray(32 * k, 32 * k + 32)), t));
    await out.write(`${lines.join('\n')}\n`);
  }
  await out.close();
  // The head of the last event, signed as sealing signs it: the checkpoint the export carries.
  const rootHash = edge.root(hasher);
  const signer = historySigner(key);
  const signed = signNote(formatCheckpoint({ origin: key.origin, size: count, rootHash }), signer);
  const root = bytesToHex(rootHash);
  const signature = signed.slice(signed.lastIndexOf(' ') + 1, -1);
  const header = exportHeaderLine({ seq: count, root, signature }, signer, 'every event', new Date(), marking('SECRET', { dissemination: ['NOFORN'] }));
  await writeFile(file, `${header}\n`);
  const events = await readFile(`${file}.events`);
  await writeFile(file, events, { flag: 'a' });
  await rm(`${file}.events`);
  return { bytes: Buffer.byteLength(header) + 1 + events.length, eventBytes };
}

/** The floor: the file's bytes read, as the verifier reads them (8 MiB at a time), and nothing else. */
async function readAlone(file: string): Promise<number> {
  const handle = await open(file, 'r');
  let total = 0;
  try {
    for (let at = 0; ; ) {
      const { bytesRead } = await handle.read(Buffer.allocUnsafe(8 << 20), 0, 8 << 20, at);
      if (bytesRead === 0) return total;
      total += bytesRead;
      at += bytesRead;
    }
  } finally {
    await handle.close();
  }
}

/** Each event's bytes in the file, page by page, found before the clock starts. */
function pagesOf(file: Buffer): { readonly bytes: Uint8Array; readonly ends: Uint32Array }[] {
  const pages: { bytes: Uint8Array; ends: Uint32Array }[] = [];
  let lines: Uint8Array[] = [];
  const flush = () => {
    const ends = new Uint32Array(lines.length);
    let end = 0;
    lines.forEach((l, k) => (ends[k] = end += l.length));
    pages.push({ bytes: Buffer.concat(lines), ends });
    lines = [];
  };
  for (let from = file.indexOf(0x0a) + 1, end = file.indexOf(0x0a, from); end > 0; from = end + 1, end = file.indexOf(0x0a, from)) {
    const event = file.indexOf('"event":', from) + 8;
    lines.push(file.subarray(event, end - 1));
    if (lines.length === PAGE_EVENTS) flush();
  }
  if (lines.length > 0) flush();
  return pages;
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1_000_000);
  const work = process.argv[3] ?? '.';
  const cli = process.argv[4] ?? '';
  const hashThread = process.argv[5] ?? '';
  checkCanonicalText();
  const hasher = BatchHasher.create();
  const append = appendSample(Math.min(count, 2000));
  const file = path.join(work, 'history.jsonl');
  const written = await writeExport(file, count, hasher);
  const verifierKey = formatVerifierKey(historySigner(key));

  const read = await timed(() => readAlone(file));
  const loaded = await readFile(file);
  const native = await timed(() => Promise.resolve(createHash('sha256').update(loaded).digest()));
  const pages = pagesOf(loaded);
  const batched = await timed(() => {
    const edge = TreeEdge.of({ size: 0, nodes: [] });
    for (const page of pages) {
      const leaves = hasher.leafHashes(page.bytes, page.ends);
      if (page.ends.length === PAGE_EVENTS) edge.append(hasher.treeRoot(leaves), PAGE_EVENTS, hasher);
      else edge.appendLeaves(leaves, hasher);
    }
    return Promise.resolve(edge.root(hasher));
  });
  const expect = async (options: Parameters<typeof verifyExportFile>[2]) => {
    const verdict = await verifyExportFile(file, verifierKey, options);
    if (!verdict.ok || !verdict.complete) throw new Error(`The export did not verify: ${JSON.stringify(verdict)}`);
  };
  const oneThread = await timed(() => expect({ threads: 0 }));
  const threads = await timed(() => expect({ hashThread: { script: hashThread }, threads: availableParallelism() }));
  const commandLine = await timed(async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [cli, 'audit', 'verify', file, '--key', verifierKey], { maxBuffer: 1 << 20 });
    if (!stdout.includes(`All ${count} events are here`)) throw new Error(`frontier-review audit verify said: ${stdout}`);
  });
  if (!process.env.BENCH_AUDIT_KEEP) await rm(file);
  process.stdout.write(`${JSON.stringify({ count, fileBytes: written.bytes, eventBytes: written.eventBytes, append, read, native, batched, oneThread, threads, commandLine, maxRssMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}

void main();
