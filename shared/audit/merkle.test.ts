import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MerkleLevels, consistencyProof, inclusionProof, leafHash, nodeHash, rootHash, splitPoint, verifyConsistency, verifyInclusion, type Hash } from './merkle.js';

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (h) => Number.parseInt(h, 16));

// The RFC 6962 test vectors published with Certificate Transparency's reference implementation
// (transparency-dev/merkle, testonly/constants.go): eight leaves and the root of each tree size.
const LEAVES = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex).map(leafHash);
const ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
// Their published inclusion proofs (index, size) and consistency proofs (first, second).
const INCLUSION: [number, number, string[]][] = [
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
];
const CONSISTENCY: [number, number, string[]][] = [
  [2, 8, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];

/** MTH exactly as RFC 6962 writes it, recursively, to check the iterative root against. */
function referenceRoot(leaves: readonly Hash[]): Hash {
  if (leaves.length === 1) return leaves[0]!;
  const k = splitPoint(leaves.length);
  return nodeHash(referenceRoot(leaves.slice(0, k)), referenceRoot(leaves.slice(k)));
}

const someLeaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Uint8Array.of(i & 0xff, i >> 8)));
const flipped = (h: Hash) => Uint8Array.from(h, (b, i) => (i === 0 ? b ^ 1 : b));

describe('RFC 6962 Merkle tree', () => {
  it('gives the published root for every size from 0 to 8', () => {
    expect(Array.from({ length: 9 }, (_, n) => hex(rootHash(LEAVES.slice(0, n))))).toEqual(ROOTS);
  });

  it.each(INCLUSION)('proves leaf %i in a tree of %i with the published path, and verifies it', (index, size, path) => {
    expect(inclusionProof(LEAVES, index, size).map(hex)).toEqual(path);
    expect(verifyInclusion(LEAVES[index]!, index, size, path.map(unhex), unhex(ROOTS[size]!))).toBe(true);
  });

  it.each(CONSISTENCY)('proves size %i a prefix of size %i with the published proof, and verifies it', (first, second, proof) => {
    expect(consistencyProof(LEAVES, first, second).map(hex)).toEqual(proof);
    expect(verifyConsistency(first, second, unhex(ROOTS[first]!), unhex(ROOTS[second]!), proof.map(unhex))).toBe(true);
  });

  it('splits where RFC 6962 does: the largest power of two below n, not the middle', () => {
    expect([2, 3, 4, 5, 6, 7, 8, 9, 1000].map(splitPoint)).toEqual([1, 2, 2, 4, 4, 4, 4, 8, 512]);
  });

  it('computes the same root as the recursive definition for any size', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 300 }), (n) => equal(rootHash(someLeaves(n)), referenceRoot(someLeaves(n)))));
  });

  it('verifies every inclusion proof, and none for another leaf, index, tree or a flipped byte', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))), ([n, i]) => {
        const leaves = someLeaves(n);
        const root = rootHash(leaves);
        const proof = inclusionProof(leaves, i);
        if (!verifyInclusion(leaves[i]!, i, n, proof, root)) return false;
        if (n > 1 && verifyInclusion(leaves[(i + 1) % n]!, i, n, proof, root)) return false;
        if (n > 1 && verifyInclusion(leaves[i]!, (i + 1) % n, n, proof, root)) return false;
        // A proof for the tree of n does not prove inclusion in the tree of n + 1.
        const longer = [...leaves, leafHash(Uint8Array.of(0xfe))];
        if (verifyInclusion(leaves[i]!, i, n + 1, proof, rootHash(longer))) return false;
        if (verifyInclusion(flipped(leaves[i]!), i, n, proof, root)) return false;
        return proof.every((_, k) => !verifyInclusion(leaves[i]!, i, n, proof.map((h, j) => (j === k ? flipped(h) : h)), root));
      }),
    );
  });

  it('verifies every consistency proof, and none against a rewritten history', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 90 }).chain((n) => fc.tuple(fc.integer({ min: 1, max: n }), fc.constant(n))), ([m, n]) => {
        const leaves = someLeaves(n);
        const proof = consistencyProof(leaves, m, n);
        if (!verifyConsistency(m, n, rootHash(leaves, 0, m), rootHash(leaves), proof)) return false;
        // The same later tree, but an earlier one that was rewritten: caught.
        const rewritten = leaves.map((h, i) => (i === m - 1 ? flipped(h) : h));
        return !verifyConsistency(m, n, rootHash(rewritten, 0, m), rootHash(leaves), proof) && proof.every((_, k) => !verifyConsistency(m, n, rootHash(leaves, 0, m), rootHash(leaves), proof.map((h, j) => (j === k ? flipped(h) : h))));
      }),
    );
  });

  it('builds every level once and gives the published roots and audit paths, and the same as the recursive ones for any size', () => {
    for (let n = 0; n <= 8; n++) expect(hex(new MerkleLevels(LEAVES.slice(0, n)).root())).toBe(ROOTS[n]);
    for (const [index, size, proof] of INCLUSION) expect(new MerkleLevels(LEAVES.slice(0, size)).inclusionProof(index).map(hex)).toEqual(proof);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 0, max: n - 1 }))), ([n, i]) => {
        const leaves = someLeaves(n);
        const levels = new MerkleLevels(leaves);
        return equal(levels.root(), rootHash(leaves)) && levels.inclusionProof(i).map(hex).join() === inclusionProof(leaves, i).map(hex).join();
      }),
    );
    for (const [first, size, proof] of CONSISTENCY) expect(new MerkleLevels(LEAVES.slice(0, size)).consistencyProof(first).map(hex)).toEqual(proof);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }).chain((n) => fc.tuple(fc.integer({ min: 0, max: n }), fc.constant(n))), ([m, n]) => {
        const leaves = someLeaves(n);
        return new MerkleLevels(leaves).consistencyProof(m).map(hex).join() === consistencyProof(leaves, m).map(hex).join();
      }),
    );
    expect(() => new MerkleLevels(LEAVES).inclusionProof(8)).toThrow(RangeError);
    expect(() => new MerkleLevels(LEAVES).consistencyProof(9)).toThrow(RangeError);
  });

  it('refuses proofs for leaves and sizes that do not exist', () => {
    expect(() => inclusionProof(LEAVES, 8)).toThrow(RangeError);
    expect(() => consistencyProof(LEAVES, 5, 4)).toThrow(RangeError);
    expect(verifyInclusion(LEAVES[0]!, 0, 0, [], unhex(ROOTS[0]!))).toBe(false);
    expect(verifyConsistency(0, 8, new Uint8Array(32), unhex(ROOTS[8]!), [])).toBe(true);
    expect(verifyConsistency(3, 8, unhex(ROOTS[3]!), unhex(ROOTS[8]!), [])).toBe(false);
    // Sizes past 32-bit arithmetic would wrap around and pass; they are refused.
    const proof = INCLUSION[1]![2].map(unhex);
    expect(verifyInclusion(LEAVES[5]!, 5 + 2 ** 32, 8 + 2 ** 32, proof, unhex(ROOTS[8]!))).toBe(false);
  });
});

function equal(a: Hash, b: Hash): boolean {
  return hex(a) === hex(b);
}
