import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { sealedHistory, signer } from '../../test/fixtures/sealed-history.js';
import { BatchHasher } from '../hash/sha256-batch.js';
import { EMPTY_FRONTIER, eventLeafBytes, type SealedEvent, type TreeFrontier } from './history.js';
import { HistoryCheck, PAGE_EVENTS, concludeCheck, eventFromBytes, eventsOfBlock, hashBlock, packBlock, type HistoryBlock } from './history-check.js';

const hasher = BatchHasher.create();
const history = sealedHistory(Array.from({ length: 2 * PAGE_EVENTS + 52 }, (_, i) => `title ${i}`));

/** The history as the data layer keeps it: whole pages, then the events after them. */
function blocksOf(events: readonly SealedEvent[], bytesOf: (e: SealedEvent) => Uint8Array = eventLeafBytes): HistoryBlock[] {
  const blocks: HistoryBlock[] = [];
  for (let from = 0; from < events.length; from += PAGE_EVENTS) {
    const run = events.slice(from, from + PAGE_EVENTS);
    blocks.push(packBlock(run[0]?.seq ?? 1, run.map((e) => ({ canonical: bytesOf(e), leaf: e.leaf }))));
  }
  return blocks;
}

async function verify(blocks: readonly HistoryBlock[], events: readonly SealedEvent[], from: TreeFrontier = EMPTY_FRONTIER, knownSize = events.length) {
  const check = new HistoryCheck(hasher, from);
  for (const block of blocks) {
    const problem = check.add(block);
    if (problem) return { ok: false as const, ...problem };
  }
  return concludeCheck(check, { verifier: signer, knownSize, headOf: (seq) => Promise.resolve(events[seq - 1]) });
}

describe('verifying the history page by page, from the bytes it was sealed over', { timeout: 60_000 }, () => {
  it('verifies a history of several pages and a partial one, its root the last signed head', async () => {
    const last = history.at(-1);
    expect(await verify(blocksOf(history), history)).toEqual({ ok: true, size: history.length, root: last?.root, checkedFrom: 1 });
  });

  it('verifies from a tree verified before, reading only the events after it, to the same root', async () => {
    const check = new HistoryCheck(hasher);
    const blocks = blocksOf(history);
    check.add(blocks[0]!);
    const verified = check.frontier();
    // The page holding the tree's end is read again; the events it already covers are skipped.
    const later = await verify(blocksOf(history.slice(PAGE_EVENTS - 100)), history, verified);
    expect(later).toMatchObject({ ok: true, size: history.length, root: history.at(-1)?.root, checkedFrom: PAGE_EVENTS + 1 });
  });

  it('joins pages hashed elsewhere, in order, to the same verdict', async () => {
    const blocks = blocksOf(history);
    const check = new HistoryCheck(hasher);
    const hashed = blocks.map((b) => hashBlock(BatchHasher.create(), b));
    for (const [i, block] of blocks.entries()) expect(check.add(block, hashed[i])).toBeUndefined();
    expect(await concludeCheck(check, { verifier: signer, knownSize: history.length, headOf: (seq) => Promise.resolve(history[seq - 1]) })).toMatchObject({ ok: true });
  });

  it('names an event whose bytes were changed, a page missing, and a history cut short', async () => {
    const changed = blocksOf(history, (e) => (e.seq === 1500 ? new TextEncoder().encode(new TextDecoder().decode(eventLeafBytes(e)).replace('title 1499', 'title 1499!')) : eventLeafBytes(e)));
    expect(await verify(changed, history)).toEqual({ ok: false, firstBadSeq: 1500, reason: 'Event #1500 was changed after it was recorded: its content no longer matches its hash.' });
    const blocks = blocksOf(history);
    expect(await verify([blocks[0]!, blocks[2]!], history)).toMatchObject({ ok: false, firstBadSeq: PAGE_EVENTS + 1, reason: `Event #${PAGE_EVENTS + 1} is missing: the history jumps from #${PAGE_EVENTS} to #${2 * PAGE_EVENTS + 1}.` });
    expect(await verify(blocks.slice(0, 2), history, EMPTY_FRONTIER, history.length)).toMatchObject({ ok: false, firstBadSeq: 2 * PAGE_EVENTS + 1, reason: `Events #${2 * PAGE_EVENTS + 1} to #${history.length} are missing: the history was cut short.` });
  });

  it('names the event a history was rewritten at, its bytes and its leaf changed together, by the heads signed before it', async () => {
    const forged = sealedHistory([...history.slice(0, 1700).map((_, i) => `title ${i}`), 'forged']).at(-1)!;
    const rewritten = history.map((e) => (e.seq === 1701 ? { ...e, ...forged, seq: 1701, root: e.root, signature: e.signature } : e));
    expect(await verify(blocksOf(rewritten), rewritten)).toMatchObject({ ok: false, firstBadSeq: 1701, reason: expect.stringContaining('The history was rewritten at event #1701') as unknown });
  });

  it('shows each event as its bytes say, with its position and leaf; bytes that are no event are shown as such', () => {
    const [block] = blocksOf(history.slice(0, 3));
    const events = eventsOfBlock(block!);
    expect(events[1]).toEqual({ ...Object.fromEntries(Object.entries(history[1]!).filter(([k]) => k !== 'root' && k !== 'signature')) });
    expect(eventFromBytes(new TextEncoder().encode('{"at":'), 9, new Uint8Array(32))).toMatchObject({ seq: 9, actor: '(unreadable)', leaf: bytesToHex(new Uint8Array(32)), reason: expect.stringContaining('not the JSON of an event') as unknown });
  });
});
