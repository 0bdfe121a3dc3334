import { describe, expect, it } from 'vitest';
import type { SealedEvent } from './history.js';
import { checkBundledHistory, proveBundledHistory, type SeenCheckpoint } from './history-proof.js';
import { ORIGIN, sealedHistory, signer, stranger } from '../../test/fixtures/sealed-history.js';
import { formatVerifierKey } from './signed-note.js';

const plain = (e: SealedEvent) => ({ seq: e.seq, at: e.at, actor: e.actor, action: e.action, entityType: e.entityType, entityId: e.entityId, before: e.before, after: e.after });
/** What a workstation keeps of a bundle it imported: its checkpoint and its consistency proofs from earlier sizes. */
const seenAt = (events: readonly SealedEvent[], earlierSizes: readonly number[] = []): SeenCheckpoint => ({
  origin: ORIGIN,
  verifierKey: formatVerifierKey(signer),
  size: events.length,
  root: events.at(-1)?.root ?? '',
  consistency: proveBundledHistory(events, [], signer, earlierSizes)?.consistency ?? [],
});

describe("a bundle's proof of its history", () => {
  const texts = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k'];
  const all = sealedHistory(texts);
  const bundled = all.filter((e) => e.entityId === 'f1');

  it('proves each bundled event in the signed history, and that it extends each earlier export', () => {
    const proof = proveBundledHistory(all, bundled, signer, [3, 7, 7, 11, 20]);
    expect(proof?.consistency.map((c) => c.fromSize)).toEqual([7, 3]);
    const first = checkBundledHistory(bundled.map(plain), proof!, undefined);
    expect(first).toMatchObject({ origin: ORIGIN, size: 11, root: all[10]?.root, extends: null });
    for (const n of [3, 7, 11]) expect(checkBundledHistory(bundled.map(plain), proof!, seenAt(all.slice(0, n))).extends).toBe(n);
    // A bundle exported before the one seen, arriving late, is proven a prefix of it by the one seen.
    const later = sealedHistory([...texts, 'l', 'm']);
    expect(checkBundledHistory(bundled.map(plain), proof!, seenAt(later, [11]))).toMatchObject({ extends: null, olderThanSeen: true });
    // Without that proof (the size was never exported) it is refused: what was seen cannot vouch for it.
    expect(() => checkBundledHistory(bundled.map(plain), proof!, seenAt(later, [9]))).toThrow('is not the start of the 13 events seen here before');
  });

  it('refuses an event changed, a history rewritten between two exports, a missing proof and another key', () => {
    const proof = proveBundledHistory(all, bundled, signer, [7])!;
    const changed = bundled.map(plain).map((e, i) => (i === 1 ? { ...e, actor: 'mallory' } : e));
    expect(() => checkBundledHistory(changed, proof, undefined)).toThrow(`Event #${bundled[1]?.seq} of ${ORIGIN}'s history in this bundle is not in the history its checkpoint signs`);
    // What was seen at 7 events was another history: the same workstation rewrote its past since.
    const rewritten = sealedHistory(['a', 'b', 'X', 'd', 'e', 'f', 'g']);
    expect(() => checkBundledHistory(bundled.map(plain), proof, seenAt(rewritten))).toThrow(`the 7 events seen here before are not the start of the 11 in this bundle`);
    expect(() => checkBundledHistory(bundled.map(plain), proof, seenAt(all.slice(0, 5)))).toThrow('does not prove that');
    const sameSize = sealedHistory([...texts.slice(0, 10), 'Z']);
    expect(() => checkBundledHistory(bundled.map(plain), proof, seenAt(sameSize))).toThrow('at 11 events its root differs');
    expect(() => checkBundledHistory(bundled.map(plain), proof, { ...seenAt(all.slice(0, 7)), verifierKey: formatVerifierKey(stranger) })).toThrow('not this bundle\'s');
    expect(() => checkBundledHistory(bundled.map(plain), { ...proof, checkpoint: proof.checkpoint.replace(/\n11\n/, '\n12\n') }, undefined)).toThrow("The bundle's history checkpoint is not valid");
    expect(() => checkBundledHistory(bundled.map(plain).slice(1), proof, undefined)).toThrow('inclusion proofs');
    const repeated = [...bundled.map(plain), bundled.map(plain)[0]!];
    expect(() => checkBundledHistory(repeated, { ...proof, inclusion: [...proof.inclusion, proof.inclusion[0]!] }, undefined)).toThrow('out of order or repeated');
  });

  it('refuses a history rewritten with the workstation\'s own key and cut short below what was seen', () => {
    // Seen: the genuine history at 11 events, from a bundle that proved the sizes of earlier exports (3 and 7).
    const seen = seenAt(all, [3, 7]);
    const rewritten = sealedHistory(['a', 'X', 'c', 'd', 'e']);
    const short = proveBundledHistory(rewritten, rewritten.slice(0, 2), signer, [])!;
    expect(() => checkBundledHistory(rewritten.slice(0, 2).map(plain), short, seen)).toThrow('(5 events) is not the start of the 11 events seen here before');
    // The genuine bundle of 7 events, exported before, passes.
    const genuine = all.slice(0, 7);
    expect(checkBundledHistory(genuine.slice(0, 2).map(plain), proveBundledHistory(genuine, genuine.slice(0, 2), signer, [3])!, seen)).toMatchObject({ olderThanSeen: true });
  });

  it('has nothing to prove for an empty history', () => {
    expect(proveBundledHistory([], [], signer, [])).toBeUndefined();
  });
});
