import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it, vi } from 'vitest';
import { MerkleLevels, leafHash, nodeHash } from '../audit/merkle.js';
import { BatchHasher, batchHasherModule } from './sha256-batch.js';

/** Messages of every length from 0 to `upTo` bytes, end to end, with where each ends. */
function messages(upTo: number): { readonly list: Uint8Array[]; readonly bytes: Uint8Array; readonly ends: number[] } {
  const list = Array.from({ length: upTo + 1 }, (_, n) => Uint8Array.from({ length: n }, (_, k) => (k * 31 + n * 7) & 0xff));
  const bytes = new Uint8Array(list.reduce((sum, m) => sum + m.length, 0));
  const ends: number[] = [];
  let at = 0;
  for (const m of list) {
    bytes.set(m, at);
    at += m.length;
    ends.push(at);
  }
  return { list, bytes, ends };
}

const hashers = {
  'four lanes, compiled here': BatchHasher.create(),
  'four lanes, loaded': await BatchHasher.load(),
  'one lane, where vectors do not compile': BatchHasher.fromModule(new WebAssembly.Module(batchHasherModule(false))),
};

describe.each(Object.entries(hashers))('many SHA-256 hashes at a time (%s)', (name, hasher) => {
  it('runs in WebAssembly', () => {
    expect(hasher.engine).toBe(name.startsWith('four') ? 'WebAssembly, four lanes' : 'WebAssembly');
  });

  it('gives the leaf hash of every message, at every length where SHA-256 pads differently', () => {
    const { list, bytes, ends } = messages(200);
    const leaves = hasher.leafHashes(bytes, ends);
    for (const [i, m] of list.entries()) expect(bytesToHex(leaves.subarray(32 * i, 32 * i + 32)), `a message of ${m.length} bytes`).toBe(bytesToHex(leafHash(m)));
  });

  it('hashes a message far longer than the ones before it, and every message after it again', () => {
    const long = Uint8Array.from({ length: 300_000 }, (_, k) => k & 0xff);
    const bytes = new Uint8Array([...long, 1, 2, 3]);
    const leaves = hasher.leafHashes(bytes, [long.length, long.length + 3]);
    expect(bytesToHex(leaves.subarray(0, 32))).toBe(bytesToHex(leafHash(long)));
    expect(bytesToHex(leaves.subarray(32))).toBe(bytesToHex(leafHash(Uint8Array.of(1, 2, 3))));
  });

  it('gives interior nodes and the root of trees of any size as RFC 6962 defines them', () => {
    const leaves = Array.from({ length: 1100 }, (_, i) => leafHash(Uint8Array.of(i & 0xff, i >> 8)));
    const flat = new Uint8Array(32 * leaves.length);
    leaves.forEach((leaf, i) => flat.set(leaf, 32 * i));
    expect(bytesToHex(hasher.nodeHash(leaves[0]!, leaves[1]!))).toBe(bytesToHex(nodeHash(leaves[0]!, leaves[1]!)));
    for (const size of [0, 1, 2, 3, 5, 8, 13, 1023, 1024, 1025, 1100]) {
      const expected = size === 0 ? sha256(new Uint8Array(0)) : new MerkleLevels(leaves.slice(0, size)).root();
      expect(bytesToHex(hasher.treeRoot(flat, size)), `a tree of ${size}`).toBe(bytesToHex(expected));
    }
  });

  it("builds a tree's levels a level at a time, with the same root and proofs as hashing each pair", () => {
    const leaves = Array.from({ length: 1029 }, (_, i) => leafHash(Uint8Array.of(i & 0xff, i >> 8)));
    const flat = new Uint8Array(32 * leaves.length);
    leaves.forEach((leaf, i) => flat.set(leaf, 32 * i));
    for (const size of [1, 2, 3, 1024, 1029]) {
      const batched = new MerkleLevels(flat.subarray(0, 32 * size), (nodes, pairs) => hasher.parentHashes(nodes, pairs));
      const oneByOne = new MerkleLevels(leaves.slice(0, size));
      expect(bytesToHex(batched.root()), `a tree of ${size}`).toBe(bytesToHex(oneByOne.root()));
      for (const index of [0, size >> 1, size - 1]) expect(batched.inclusionProof(index).map(bytesToHex)).toEqual(oneByOne.inclusionProof(index).map(bytesToHex));
      expect(batched.consistencyProof(size >> 1).map(bytesToHex)).toEqual(oneByOne.consistencyProof(size >> 1).map(bytesToHex));
    }
  });

  it('refuses ends that run backwards or past the bytes, rather than hashing memory it was not given', () => {
    expect(() => hasher.leafHashes(new Uint8Array(10), [5, 3])).toThrow('Message 1 ends at 3, outside 5 to 10.');
    expect(() => hasher.leafHashes(new Uint8Array(10), [11])).toThrow('Message 0 ends at 11, outside 0 to 10.');
  });
});

describe('many SHA-256 hashes at a time, where WebAssembly cannot be compiled', () => {
  it('hashes in JavaScript, giving the same leaves and roots', () => {
    const real = globalThis.WebAssembly;
    vi.stubGlobal('WebAssembly', undefined);
    let hasher: BatchHasher;
    try {
      hasher = BatchHasher.create();
    } finally {
      vi.stubGlobal('WebAssembly', real);
    }
    expect(hasher.engine).toBe('JavaScript');
    const { list, bytes, ends } = messages(70);
    const leaves = hasher.leafHashes(bytes, ends);
    for (const [i, m] of list.entries()) expect(bytesToHex(leaves.subarray(32 * i, 32 * i + 32))).toBe(bytesToHex(leafHash(m)));
    expect(bytesToHex(hasher.treeRoot(leaves))).toBe(bytesToHex(new MerkleLevels(list.map(leafHash)).root()));
  });
});
