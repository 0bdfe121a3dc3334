import { hexToBytes } from '@noble/hashes/utils.js';
import { PAGE_EVENTS, bytesAt, eventFromBytes, eventsOfBlock, firstSeqOfPage, packBlock, pageOf, type HistoryBlock } from '../../../shared/audit/history-check.js';
import { eventLeafBytes, type HistoryEvent, type StoredEvent } from '../../../shared/audit/history.js';
import type { HistoryPageRecord, ReviewDatabase } from './database.js';

/**
 * The history as it is read to verify and to show it: its pages, from the first, as long as none
 * is missing; then the events after them from their own records. Each read is a transaction of
 * its own, so a verification of a million events never holds back an edit.
 */

/** Pages run from the first with none missing; the events after the last are read from their records. */
export async function pagedEvents(db: ReviewDatabase): Promise<number> {
  const keys = await db.historyPages.toCollection().primaryKeys();
  let pages = 0;
  while (keys[pages] === pages) pages++;
  return pages * PAGE_EVENTS;
}

export function blockOfPage(page: HistoryPageRecord): HistoryBlock {
  return { firstSeq: firstSeqOfPage(page.index), bytes: page.bytes, ends: page.ends, leaves: page.leaves };
}

/** Events' records as blocks of consecutive events: a gap starts a new block, where verification names it. */
export function blocksOfRecords(events: readonly StoredEvent[]): HistoryBlock[] {
  const blocks: HistoryBlock[] = [];
  let run: StoredEvent[] = [];
  const flush = () => {
    const first = run[0];
    if (first) blocks.push(packBlock(first.seq, run.map((e) => ({ canonical: e.canonical ?? eventLeafBytes(e), leaf: e.leaf }))));
    run = [];
  };
  for (const event of events) {
    if (run.length > 0 && event.seq !== (run.at(-1)?.seq ?? 0) + 1) flush();
    run.push(event);
  }
  flush();
  return blocks;
}

/**
 * The history's blocks from event `fromSeq` on (the block holding it may start before it). Up to
 * `ahead` pages are read ahead while the caller hashes the one it has.
 */
export async function* historyBlocks(db: ReviewDatabase, fromSeq = 1, ahead = 3): AsyncGenerator<HistoryBlock> {
  const paged = await pagedEvents(db);
  const pages = paged / PAGE_EVENTS;
  const reads: Promise<HistoryPageRecord | undefined>[] = [];
  let next = Math.max(0, pageOf(fromSeq));
  const readMore = () => {
    while (reads.length < ahead && next < pages) reads.push(db.historyPages.get(next++));
  };
  readMore();
  for (let read = reads.shift(); read; read = reads.shift()) {
    readMore();
    const page = await read;
    if (!page) throw new Error('A page of the history disappeared while it was read.');
    yield blockOfPage(page);
  }
  // The events after the pages, a page's worth at a time.
  for (let from = Math.max(fromSeq, paged + 1); ; from += PAGE_EVENTS) {
    const records = await db.auditEvents.where('seq').between(from, from + PAGE_EVENTS, true, false).toArray();
    if (records.length === 0) {
      // A gap of a page or more: the next event recorded, if any, is where reading goes on.
      const later = await db.auditEvents.where('seq').aboveOrEqual(from).first();
      if (!later) return;
      from = later.seq - PAGE_EVENTS;
      continue;
    }
    yield* blocksOfRecords(records);
  }
}

/**
 * Events found by their records (a record's history, found by its index), as the history shows
 * them: read from the bytes they were sealed over, in their page where they have one, so what is
 * shown is what verification hashes.
 */
export async function eventsOfRecords(db: ReviewDatabase, records: readonly StoredEvent[]): Promise<HistoryEvent[]> {
  if (records.length === 0) return [];
  const paged = await pagedEvents(db);
  const wanted = [...new Set(records.filter((r) => r.seq <= paged).map((r) => pageOf(r.seq)))];
  const pages = new Map<number, HistoryPageRecord>();
  for (const page of await db.historyPages.bulkGet(wanted)) if (page) pages.set(page.index, page);
  return records.map((record) => {
    const page = record.seq <= paged ? pages.get(pageOf(record.seq)) : undefined;
    if (!page) return eventFromBytes(record.canonical ?? eventLeafBytes(record), record.seq, hexToBytes(record.leaf));
    const i = record.seq - firstSeqOfPage(page.index);
    return eventFromBytes(bytesAt(page, i), record.seq, page.leaves.subarray(32 * i, 32 * i + 32));
  });
}

/** Every event, oldest first, as the history shows them. */
export async function allEvents(db: ReviewDatabase): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  for await (const block of historyBlocks(db)) events.push(...eventsOfBlock(block));
  return events;
}
