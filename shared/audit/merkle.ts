import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes } from '@noble/hashes/utils.js';

/**
 * The Merkle tree of RFC 6962 / RFC 9162 (section 2.1), as Certificate Transparency and Go's
 * checksum database use it: leaves hashed with a 0x00 prefix, interior nodes with 0x01, and a
 * tree of n leaves split at the largest power of two below n. The review history's events are its
 * leaves, so a signed root commits to every event before it, in order.
 *
 * Trees here are given as their leaf hashes. Sizes and indexes are below 2^31 (bitwise arithmetic).
 */

export type Hash = Uint8Array;

/** The largest tree these functions take: their bitwise arithmetic is on 32-bit integers. */
export const MAX_SIZE = 2 ** 31 - 1;

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

export function leafHash(leaf: Uint8Array): Hash {
  return sha256(concatBytes(LEAF_PREFIX, leaf));
}

export function nodeHash(left: Hash, right: Hash): Hash {
  return sha256(concatBytes(NODE_PREFIX, left, right));
}

/** The largest power of two smaller than n (n > 1): where RFC 6962 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k << 1 < n) k <<= 1;
  return k;
}

/** MTH: the root hash of the tree whose leaf hashes are `leaves[from, to)`. */
export function rootHash(leaves: readonly Hash[], from = 0, to = leaves.length): Hash {
  const n = to - from;
  if (n === 0) return sha256(new Uint8Array(0));
  if (n === 1) return leaves[from] ?? fail('leaf out of range');
  // Iteratively, from the left, keeping the roots of complete subtrees on a stack: the same
  // root as the recursive definition, with n - 1 node hashes and no recursion.
  const stack: { hash: Hash; size: number }[] = [];
  for (let i = from; i < to; i++) {
    let node = { hash: leaves[i] ?? fail('leaf out of range'), size: 1 };
    while (stack.length > 0 && stack[stack.length - 1]?.size === node.size) {
      const left = stack.pop() ?? fail('empty stack');
      node = { hash: nodeHash(left.hash, node.hash), size: left.size * 2 };
    }
    stack.push(node);
  }
  // Fold the incomplete right edge: smaller subtrees sit to the right of larger ones.
  let root = stack.pop() ?? fail('empty stack');
  while (stack.length > 0) {
    const left = stack.pop() ?? fail('empty stack');
    root = { hash: nodeHash(left.hash, root.hash), size: left.size + root.size };
  }
  return root.hash;
}

/** PATH(m, D[n]): the audit path proving leaf `index` is in the tree of the first `size` leaves. */
export function inclusionProof(leaves: readonly Hash[], index: number, size = leaves.length): Hash[] {
  if (!(index >= 0 && index < size && size <= leaves.length)) throw new RangeError(`No leaf ${index} in a tree of ${size}.`);
  const path = (m: number, from: number, to: number): Hash[] => {
    const n = to - from;
    if (n === 1) return [];
    const k = splitPoint(n);
    return m < k ? [...path(m, from, from + k), rootHash(leaves, from + k, to)] : [...path(m - k, from + k, to), rootHash(leaves, from, from + k)];
  };
  return path(index, 0, size);
}

/** PROOF(m, D[n]): proves the tree of the first `first` leaves is a prefix of the tree of `second`. */
export function consistencyProof(leaves: readonly Hash[], first: number, second = leaves.length): Hash[] {
  if (!(first >= 0 && first <= second && second <= leaves.length)) throw new RangeError(`No consistency between sizes ${first} and ${second}.`);
  if (first === 0 || first === second) return [];
  const subproof = (m: number, from: number, to: number, whole: boolean): Hash[] => {
    const n = to - from;
    if (m === n) return whole ? [] : [rootHash(leaves, from, to)];
    const k = splitPoint(n);
    return m <= k
      ? [...subproof(m, from, from + k, whole), rootHash(leaves, from + k, to)]
      : [...subproof(m - k, from + k, to, false), rootHash(leaves, from, from + k)];
  };
  return subproof(first, 0, second, true);
}

/** RFC 9162 section 2.1.3.2: whether `proof` shows `leaf` at `index` in the tree of `size` with `root`. */
export function verifyInclusion(leaf: Hash, index: number, size: number, proof: readonly Hash[], root: Hash): boolean {
  if (!(Number.isInteger(index) && Number.isInteger(size) && index >= 0 && index < size && size <= MAX_SIZE)) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      r = nodeHash(p, r);
      [fn, sn] = skipRightEdge(fn, sn);
    } else {
      r = nodeHash(r, p);
    }
    fn >>>= 1;
    sn >>>= 1;
  }
  return sn === 0 && equalHashes(r, root);
}

/** RFC 9162 section 2.1.4.2: whether `proof` shows the tree (`first`, `firstRoot`) is a prefix of (`second`, `secondRoot`). */
export function verifyConsistency(first: number, second: number, firstRoot: Hash, secondRoot: Hash, proof: readonly Hash[]): boolean {
  if (!(Number.isInteger(first) && Number.isInteger(second) && first >= 0 && first <= second && second <= MAX_SIZE)) return false;
  if (first === second) return proof.length === 0 && equalHashes(firstRoot, secondRoot);
  if (first === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = (first & (first - 1)) === 0 ? [firstRoot, ...proof] : [...proof];
  let fn = first - 1;
  let sn = second - 1;
  while ((fn & 1) === 1) {
    fn >>>= 1;
    sn >>>= 1;
  }
  let fr = path[0] ?? fail('empty proof');
  let sr = fr;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if ((fn & 1) === 1 || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      [fn, sn] = skipRightEdge(fn, sn);
    } else {
      sr = nodeHash(sr, c);
    }
    fn >>>= 1;
    sn >>>= 1;
  }
  return sn === 0 && equalHashes(fr, firstRoot) && equalHashes(sr, secondRoot);
}

/** RFC 9162's "right-shift both fn and sn equally until either LSB(fn) is set or fn is 0". */
function skipRightEdge(fn: number, sn: number): [number, number] {
  while ((fn & 1) === 0 && fn !== 0) {
    fn >>>= 1;
    sn >>>= 1;
  }
  return [fn, sn];
}

export function equalHashes(a: Hash, b: Hash): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function packed(hashes: readonly Hash[]): Uint8Array {
  const bytes = new Uint8Array(32 * hashes.length);
  hashes.forEach((h, i) => bytes.set(h.subarray(0, 32), 32 * i));
  return bytes;
}

function parentsOneByOne(nodes: Uint8Array, pairs: number): Uint8Array {
  const out = new Uint8Array(32 * pairs);
  for (let j = 0; j < pairs; j++) out.set(nodeHash(nodes.subarray(64 * j, 64 * j + 32), nodes.subarray(64 * j + 32, 64 * j + 64)), 32 * j);
  return out;
}

function fail(message: string): never {
  throw new Error(`Merkle tree: ${message}`);
}

/**
 * Every level of the tree, built once: the root and any leaf's audit path then cost a lookup per
 * level, where `inclusionProof` recomputes subtrees for each proof. A node with no partner at the
 * right edge of a level rises unchanged, which gives RFC 6962's tree for any size.
 */
export class MerkleLevels {
  /** Each level's nodes, 32 bytes each, end to end: a million leaves are a few arrays, not millions of objects. */
  private readonly levels: Uint8Array[];

  /**
   * The tree of `leaves`, given as hashes or laid end to end; `parents` hashes a level's pairs at
   * once (the batched WebAssembly hasher's `parentHashes`), else each pair is hashed here.
   */
  constructor(leaves: readonly Hash[] | Uint8Array, parents: (nodes: Uint8Array, pairs: number) => Uint8Array = parentsOneByOne) {
    const first = leaves instanceof Uint8Array ? leaves : packed(leaves);
    if (first.length % 32 !== 0) throw new RangeError('Leaf hashes are 32 bytes each.');
    if (first.length / 32 > MAX_SIZE) throw new RangeError(`A tree holds at most ${MAX_SIZE} leaves.`);
    this.levels = [first];
    for (let level = first, size = first.length / 32; size > 1; size = (size >>> 1) + (size % 2)) {
      const pairs = size >>> 1;
      const hashed = parents(level, pairs);
      let next = hashed;
      if (size % 2 === 1) {
        // A node with no partner rises unchanged.
        next = new Uint8Array(32 * (pairs + 1));
        next.set(hashed);
        next.set(level.subarray(32 * (size - 1), 32 * size), 32 * pairs);
      }
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return (this.levels[0]?.length ?? 0) / 32;
  }

  root(): Hash {
    return this.size === 0 ? sha256(new Uint8Array(0)) : (this.at(this.levels.length - 1, 0) ?? fail('no root'));
  }

  /** Node `i` of level `h`, if the level has it. */
  private at(h: number, i: number): Hash | undefined {
    const level = this.levels[h];
    return level && i >= 0 && 32 * i + 32 <= level.length ? level.subarray(32 * i, 32 * i + 32) : undefined;
  }

  /**
   * The node over leaves [from, to): RFC 6962's proofs only ever use whole aligned subtrees and
   * those that end at the tree's right edge, each of which is a node of some level here.
   */
  private node(from: number, to: number): Hash {
    let h = 0;
    while (2 ** h < to - from) h++;
    const aligned = from % 2 ** h === 0 && (to - from === 2 ** h || to === this.size);
    const node = aligned ? this.at(h, from / 2 ** h) : undefined;
    if (!node) throw new RangeError(`No node covers leaves ${from} to ${to} in a tree of ${this.size}.`);
    return node;
  }

  /** PROOF(first, D[size]): the tree of the first `first` leaves is a prefix of the whole tree. */
  consistencyProof(first: number): Hash[] {
    if (!(Number.isInteger(first) && first >= 0 && first <= this.size)) throw new RangeError(`No consistency between sizes ${first} and ${this.size}.`);
    if (first === 0 || first === this.size) return [];
    const subproof = (m: number, from: number, to: number, whole: boolean): Hash[] => {
      const n = to - from;
      if (m === n) return whole ? [] : [this.node(from, to)];
      const k = splitPoint(n);
      return m <= k ? [...subproof(m, from, from + k, whole), this.node(from + k, to)] : [...subproof(m - k, from + k, to, false), this.node(from, from + k)];
    };
    return subproof(first, 0, this.size, true);
  }

  /** PATH(index, D[size]) for the whole tree, bottom up, as `verifyInclusion` reads it. */
  inclusionProof(index: number): Hash[] {
    if (!(Number.isInteger(index) && index >= 0 && index < this.size)) throw new RangeError(`No leaf ${index} in a tree of ${this.size}.`);
    const proof: Hash[] = [];
    let i = index;
    for (let h = 0; h < this.levels.length - 1; h++) {
      const sibling = this.at(h, i ^ 1);
      if (sibling) proof.push(sibling);
      i >>>= 1;
    }
    return proof;
  }
}
