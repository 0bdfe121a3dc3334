import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkpointNote, eventLeafBytes, verifyHistory, type SealedEvent } from './history.js';
import { ORIGIN, sampleEvent as event, sealedHistory as history, signer, stranger } from '../../test/fixtures/sealed-history.js';
import { leafHash, rootHash } from './merkle.js';
import { openNote, parseCheckpoint } from './signed-note.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** Sequence numbers as the database keeps them after a change: 1, 2, 3… in the order stored. */
const renumber = (events: readonly SealedEvent[]) => events.map((e, i) => ({ ...e, seq: i + 1 }));
const resealLeaf = (e: SealedEvent): SealedEvent => ({ ...e, leaf: bytesToHex(leafHash(eventLeafBytes(e))) });

const histories = fc.array(fc.string({ maxLength: 12 }), { minLength: 2, maxLength: 40 });
const withIndex = histories.chain((texts) => fc.tuple(fc.constant(texts), fc.integer({ min: 0, max: texts.length - 1 })));

// Each property signs and verifies thousands of Ed25519 signatures: seconds of CPU, more on a busy machine.
describe('the sealed review history', { timeout: 60_000 }, () => {
  it('seals each event with a signed C2SP checkpoint of the tree up to it', () => {
    const events = history(['a', 'b', 'c']);
    const opened = openNote(checkpointNote(ORIGIN, 3, events[2]!, ORIGIN), [signer]);
    const checkpoint = parseCheckpoint(opened.text);
    expect(checkpoint.size).toBe(3);
    expect(bytesToHex(checkpoint.rootHash)).toBe(bytesToHex(rootHash(events.map((e) => leafHash(eventLeafBytes(e))))));
  });

  it('hashes an event the same whatever the order of its keys (RFC 8785)', () => {
    const e = event(1, 'x');
    const shuffled = { after: { title: 'x' }, before: { title: 'old' }, entityId: e.entityId, entityType: e.entityType, action: e.action, actor: e.actor, at: e.at };
    expect(eventLeafBytes(shuffled)).toEqual(eventLeafBytes(e));
  });

  it('passes an untouched history', () => {
    fc.assert(fc.property(histories, (texts) => verifyHistory(history(texts), ORIGIN, signer).ok));
  });

  it('names an event edited in place as the first bad one', () => {
    fc.assert(
      fc.property(withIndex, ([texts, j]) => {
        const events = history(texts).map((e, i) => (i === j ? { ...e, reason: 'rewritten' } : e));
        return !verifyHistory(events, ORIGIN, signer).ok && firstBad(events) === j + 1;
      }),
    );
  });

  it('names an edited event even when its hash was recomputed to match', () => {
    fc.assert(fc.property(withIndex, ([texts, j]) => firstBad(history(texts).map((e, i) => (i === j ? resealLeaf({ ...e, actor: 'mallory' }) : e))) === j + 1));
  });

  it('names a deleted event, and a history cut short', () => {
    fc.assert(
      fc.property(withIndex, ([texts, j]) => {
        const events = history(texts);
        const deleted = events.filter((_, i) => i !== j);
        // In the database the numbers stay as they were: a gap.
        const gap = verifyHistory(deleted, ORIGIN, signer, { knownSize: events.length });
        // Renumbered, the events after it no longer match their signed heads; cut from the end, the known size catches it.
        return !gap.ok && gap.firstBadSeq === j + 1 && firstBad(renumber(deleted), events.length) === j + 1;
      }),
    );
  });

  it('names the first of two events that were swapped', () => {
    fc.assert(
      fc.property(
        histories.chain((texts) => fc.tuple(fc.constant(texts), fc.integer({ min: 0, max: texts.length - 2 }))),
        ([texts, j]) => {
          const events = history(texts);
          const swapped = [...events];
          [swapped[j], swapped[j + 1]] = [events[j + 1]!, events[j]!];
          return firstBad(renumber(swapped)) === j + 1;
        },
      ),
    );
  });

  it('names an event inserted by someone without the workstation\'s key', () => {
    fc.assert(
      fc.property(withIndex, ([texts, j]) => {
        const events = history(texts);
        const forged = history([...texts.slice(0, j), 'forged'], stranger).at(-1)!;
        return firstBad(renumber([...events.slice(0, j), forged, ...events.slice(j)])) === j + 1;
      }),
    );
  });

  it('names an event appended at the end by someone without the workstation\'s key', () => {
    fc.assert(
      fc.property(histories, (texts) => {
        const events = history(texts);
        const forged = { ...history([...texts, 'forged'], stranger).at(-1)!, seq: events.length + 1 };
        return firstBad([...events, forged]) === events.length + 1;
      }),
    );
  });

  it('says what went wrong in words', () => {
    const events = history(['a', 'b', 'c']);
    expect(verifyHistory(events.map((e, i) => (i === 1 ? { ...e, actor: 'mallory' } : e)), ORIGIN, signer)).toEqual({
      ok: false,
      size: 3,
      firstBadSeq: 2,
      reason: 'Event #2 was changed after it was recorded: its content no longer matches its hash.',
    });
    expect(verifyHistory([events[0]!, events[2]!], ORIGIN, signer)).toMatchObject({ firstBadSeq: 2, reason: 'Event #2 is missing: the history jumps from #1 to #3.' });
    expect(verifyHistory(events.slice(0, 2), ORIGIN, signer, { knownSize: 3 })).toMatchObject({ firstBadSeq: 3, reason: 'Events #3 to #3 are missing: the history was cut short.' });
    expect(verifyHistory(events, ORIGIN, stranger)).toMatchObject({ ok: false, firstBadSeq: 1 });
  });
});

function firstBad(events: readonly SealedEvent[], knownSize = 0): number | undefined {
  const verdict = verifyHistory(events, ORIGIN, signer, { knownSize });
  return verdict.ok ? undefined : verdict.firstBadSeq;
}
