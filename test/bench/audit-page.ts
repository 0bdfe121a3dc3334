import { bytesToHex } from '@noble/hashes/utils.js';
import { PAGE_EVENTS, TreeEdge } from '../../shared/audit/history-check.js';
import { historySigner, type StoredEvent } from '../../shared/audit/history.js';
import { formatCheckpoint, signNote } from '../../shared/audit/signed-note.js';
import { BatchHasher } from '../../shared/hash/sha256-batch.js';
import { marking } from '../../shared/marking/marking.js';
import { ReviewDatabase } from '../../renderer/src/data/database.js';
import { historyBlocks } from '../../renderer/src/data/history-blocks.js';
import { HistoryLog } from '../../renderer/src/data/history-log.js';
import { ReviewStore } from '../../renderer/src/data/review-store.js';
import { HISTORY_FRONTIER_ID, HISTORY_KEY_ID, HISTORY_VERIFIED_ID } from '../../renderer/src/data/schema.js';
import { SAMPLE_PACKET_FIELDS } from '../fixtures/review-data.js';
import { benchEvent, canonicalText, checkCanonicalText } from './audit-events.js';

/**
 * The browser's side of the audit benchmark, loaded into a page of the built app: a review database
 * of N events stored as schema version 17 stores them (pages of 1,024 with their leaves; the events
 * after the last page in their own records; the signed head of the last event), the floor (reading
 * the pages and those records alone, as verification reads them), verification as the integrity
 * panel runs it (its own worker, with or without the second one), and edits through the data layer
 * followed by the panel's routine check, in the page, that reads only what they added.
 *
 * The records of events kept in pages are not written: verification never reads them, and writing a
 * million of them would take the benchmark longer than everything else.
 */

const key = { origin: 'frontier-review/workstation-bench', seed: '5f'.repeat(32) };

async function fill(name: string, count: number): Promise<{ readonly ms: number; readonly pageBytes: number }> {
  const start = performance.now();
  checkCanonicalText(1000);
  await new ReviewDatabase(name).delete();
  const db = new ReviewDatabase(name);
  await db.open();
  const hasher = await BatchHasher.load();
  const edge = TreeEdge.of({ size: 0, nodes: [] });
  const encoder = new TextEncoder();
  let pageBytes = 0;
  const tail: StoredEvent[] = [];
  for (let first = 0; first < count; first += PAGE_EVENTS) {
    const texts = Array.from({ length: Math.min(PAGE_EVENTS, count - first) }, (_, k) => canonicalText(first + k));
    const canonical = texts.map((t) => encoder.encode(t));
    const bytes = new Uint8Array(canonical.reduce((sum, c) => sum + c.length, 0));
    const ends = new Uint32Array(texts.length);
    let end = 0;
    canonical.forEach((c, k) => {
      bytes.set(c, end);
      ends[k] = end += c.length;
    });
    const leaves = hasher.leafHashes(bytes, ends);
    if (texts.length === PAGE_EVENTS) {
      edge.append(hasher.treeRoot(leaves), PAGE_EVENTS, hasher);
      await db.historyPages.add({ index: first / PAGE_EVENTS, bytes, ends, leaves });
      pageBytes += bytes.length + leaves.length;
    } else {
      edge.appendLeaves(leaves, hasher);
      // The events after the last page, as the data layer keeps them: a record each, with its bytes.
      canonical.forEach((c, k) => tail.push({ ...benchEvent(first + k), seq: first + k + 1, canonical: c, leaf: bytesToHex(leaves.subarray(32 * k, 32 * k + 32)), root: '', signature: '' }));
    }
  }
  // The last event's signed head, as sealing signs it; the record of the last paged event when none follow.
  const root = edge.root(hasher);
  const note = signNote(formatCheckpoint({ origin: key.origin, size: count, rootHash: root }), historySigner(key));
  const head = { root: bytesToHex(root), signature: note.slice(note.lastIndexOf(' ') + 1, -1) };
  const last = tail.pop();
  if (last) tail.push({ ...last, ...head });
  else {
    const page = await db.historyPages.get(count / PAGE_EVENTS - 1);
    const from = page?.ends[PAGE_EVENTS - 2] ?? 0;
    const canonical = page?.bytes.slice(from, page.ends[PAGE_EVENTS - 1]) ?? new Uint8Array(0);
    tail.push({ ...benchEvent(count - 1), seq: count, canonical, leaf: bytesToHex(page?.leaves.subarray(32 * (PAGE_EVENTS - 1)) ?? new Uint8Array(32)), ...head });
  }
  await db.auditEvents.bulkAdd(tail);
  await db.historySeal.bulkPut([
    { id: HISTORY_KEY_ID, ...key },
    { id: HISTORY_FRONTIER_ID, ...edge.toFrontier() },
  ]);
  db.close();
  return { ms: performance.now() - start, pageBytes };
}

/** The floor: the pages and the records after them read as verification reads them (a few pages ahead), nothing hashed. */
async function readFloor(name: string, fromSeq = 1): Promise<number> {
  const db = new ReviewDatabase(name);
  try {
    await db.open();
    const start = performance.now();
    let events = 0;
    for await (const block of historyBlocks(db, fromSeq)) events += block.ends.length;
    if (events === 0 && fromSeq === 1) throw new Error('The benchmark history is empty.');
    return performance.now() - start;
  } finally {
    db.close();
  }
}

/** Verification as the integrity panel runs it: the app's own worker, posted what the panel posts. */
function verify(name: string, workerUrl: string, full: boolean, twoWorkers: boolean): Promise<{ readonly ms: number; readonly verdict: unknown }> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const worker = new Worker(workerUrl, { type: 'module', name: 'verify-history' });
    worker.onmessage = (event: MessageEvent<{ type: string; verdict?: unknown; message?: string }>) => {
      if (event.data.type === 'progress') return;
      worker.terminate();
      if (event.data.type === 'verdict') resolve({ ms: performance.now() - start, verdict: event.data.verdict });
      else reject(new Error(event.data.message ?? 'the verification failed'));
    };
    worker.onerror = (e) => reject(new Error(e.message));
    worker.postMessage({ databaseName: name, full, twoWorkers });
  });
}

/** Edits through the data layer, each sealed into the history as the app seals it: a packet made, then edited. */
async function edit(name: string, edits: number): Promise<{ readonly msPerEdit: number; readonly firstNew: number }> {
  const db = new ReviewDatabase(name);
  try {
    await db.open();
    const firstNew = ((await db.auditEvents.orderBy('seq').last())?.seq ?? 0) + 1;
    const store = new ReviewStore(db, { actor: () => 'Bench Reviewer', acting: () => ({ kind: 'workstation-user' }), systemHigh: () => marking('SECRET'), now: () => new Date() });
    const start = performance.now();
    const created = await store.createPacket({ ...SAMPLE_PACKET_FIELDS, modelVersion: `bench-${Date.now()}` });
    if (!created.ok) throw new Error(created.error.message);
    let packet = created.value;
    for (let i = 1; i < edits; i++) {
      const updated = await store.updatePacket(packet.id, packet.revision, { ...SAMPLE_PACKET_FIELDS, modelVersion: packet.modelVersion, notes: `Edit ${i}` });
      if (!updated.ok) throw new Error(updated.error.message);
      packet = updated.value;
    }
    return { msPerEdit: (performance.now() - start) / edits, firstNew };
  } finally {
    db.close();
  }
}

/** The integrity panel's routine check after edits: in the page, over the events since the tree verified last. */
async function routine(name: string): Promise<{ readonly ms: number; readonly verdict: unknown }> {
  const db = new ReviewDatabase(name);
  try {
    await db.open();
    const start = performance.now();
    const verdict = await new HistoryLog(db).verifyRecent();
    return { ms: performance.now() - start, verdict };
  } finally {
    db.close();
  }
}

/** Whether a verified tree is kept, and its size: the next routine check starts after it. */
async function verifiedSize(name: string): Promise<number | undefined> {
  const db = new ReviewDatabase(name);
  try {
    await db.open();
    const verified = await db.historySeal.get(HISTORY_VERIFIED_ID);
    return verified?.id === 'verified' ? verified.size : undefined;
  } finally {
    db.close();
  }
}

/**
 * The history's export with its proofs, as the history page asks the data layer for it: every event
 * (written as its pages are read), or one event in a thousand (each with its inclusion proof),
 * into pieces joined in a Blob as the browser saves them. The file's size and its first line's start.
 */
async function exportHistory(name: string, every: boolean): Promise<{ readonly ms: number; readonly bytes: number; readonly events: number }> {
  const db = new ReviewDatabase(name);
  try {
    await db.open();
    const size = (await db.auditEvents.orderBy('seq').last())?.seq ?? 0;
    const picked = new Set<number>();
    for (let seq = 1; seq <= size; seq += every ? 1 : 1000) picked.add(seq);
    const start = performance.now();
    const exported = await new HistoryLog(db).exportLog(picked, every ? 'every event' : 'events: one in a thousand', marking('SECRET'), new Date());
    const blob = new Blob(exported.pieces as Uint8Array<ArrayBuffer>[]);
    return { ms: performance.now() - start, bytes: blob.size, events: exported.events };
  } finally {
    db.close();
  }
}

async function engine(): Promise<string> {
  return (await BatchHasher.load()).engine;
}

Object.assign(globalThis, { benchAudit: { fill, readFloor, verify, routine, edit, verifiedSize, engine, exportHistory } });
