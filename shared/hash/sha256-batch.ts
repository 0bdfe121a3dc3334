import { sha256 } from '@noble/hashes/sha2.js';

/**
 * SHA-256 of many small messages in one call, as a Merkle tree's leaves and nodes are hashed: a
 * history of a million events is two million hashes of a few hundred bytes, where calling a hasher
 * per message (JavaScript or WebAssembly) costs more than the hashing. The messages are copied into
 * a WebAssembly module's memory a batch at a time, and one call hashes them all.
 *
 * The module is written out here, instruction by instruction, rather than shipped as a binary: it
 * is the SHA-256 of FIPS 180-4 and nothing else, and reviewing it needs no other toolchain. Tests
 * check it against @noble/hashes at every length where padding changes.
 */
/** What a module compiled from `batchHasherModule()` exports. */
interface BatchExports {
  readonly memory: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  /** leaves(data, ends, count, out): out[32i] = SHA-256(0x00 || data[ends[i-1], ends[i])). */
  readonly leaves: (data: number, ends: number, count: number, out: number) => void;
  /** parents(nodes, pairs, out): out[32j] = SHA-256(0x01 || nodes[64j, 64j + 64)). */
  readonly parents: (nodes: number, pairs: number, out: number) => void;
}

/** The part of the WebAssembly API this uses; shared/ is typed without the DOM's or Node's. */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { readonly exports: unknown };
  compile(bytes: Uint8Array): Promise<object>;
}

function wasmApi(): WasmApi {
  const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  if (!api) throw new Error('This runtime has no WebAssembly, which verifying the history needs.');
  return api;
}

// ----- The module's memory ----------------------------------------------------------------------
const SCRATCH_AT = 1024; // one message, prefixed and padded; batches are placed after it
const PAGE = 65536;

const ROUND_CONSTANTS = [
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
];
const INITIAL_HASH = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

// ----- Encoding ---------------------------------------------------------------------------------
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const vec = (items: readonly number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: readonly number[]): number[] => [id, ...uleb(body.length), ...body];
/** An export's name: ASCII, one byte a letter. */
const name = (text: string): number[] => vec(Array.from({ length: text.length }, (_, i) => [text.charCodeAt(i)]));

type Code = number[];
const get = (local: number): Code => [0x20, ...uleb(local)];
const set = (local: number): Code => [0x21, ...uleb(local)];
const tee = (local: number): Code => [0x22, ...uleb(local)];
const i32 = (value: number): Code => [0x41, ...sleb(value | 0)];
const load = (offset = 0): Code => [0x28, 0x02, ...uleb(offset)];
const store = (offset = 0): Code => [0x36, 0x02, ...uleb(offset)];
const store8 = (offset = 0): Code => [0x3a, 0x00, ...uleb(offset)];
const [add, sub, and, or, xor, shl, shrU, rotl, rotr, ltU] = [[0x6a], [0x6b], [0x71], [0x72], [0x73], [0x74], [0x76], [0x77], [0x78], [0x49]];
const memoryCopy: Code = [0xfc, 0x0a, 0x00, 0x00];
const memoryFill: Code = [0xfc, 0x0b, 0x00];
const call = (fn: number): Code => [0x10, ...uleb(fn)];
/** `body` while `condition` (checked first), as block/loop/br_if. */
const loopWhile = (condition: Code, body: Code): Code => [0x02, 0x40, 0x03, 0x40, ...condition, 0x45, 0x0d, 0x01, ...body, 0x0c, 0x00, 0x0b, 0x0b];
const seq = (...parts: Code[]): Code => parts.flat();

/** The big-endian word at the top of the stack as the little-endian word WebAssembly loads, and back. */
const byteSwap = (temp: number): Code => seq(tee(temp), i32(0xff00ff00), and, i32(8), rotl, get(temp), i32(0x00ff00ff), and, i32(8), rotr, or);

/**
 * hashOne(prefix, source, length, out): SHA-256 of the prefix byte then `length` bytes at `source`,
 * written big-endian at `out`. The 64 rounds are unrolled, the working variables renamed rather than
 * moved and the schedule kept in 16 locals, as fast SHA-256 code is written. Locals after the
 * parameters: the padded length, the block pointer, its end, two temporaries, a…h, h0…h7, W[0..16).
 */
function hashOneBody(): number[] {
  const [prefix, source, length, out, padded, block, end, t, t1] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const vars = [9, 10, 11, 12, 13, 14, 15, 16];
  const state = [17, 18, 19, 20, 21, 22, 23, 24];
  const w = (r: number): number => 25 + (r % 16);
  const at = (list: readonly number[], k: number): number => list[k] ?? fail(k);
  const rotations = (x: Code, r1: number, r2: number, r3: number): Code => seq(x, tee(t), i32(r1), rotr, get(t), i32(r2), rotr, xor, get(t), i32(r3), rotr, xor);
  const sigma = (x: number, r1: number, r2: number, s: number): Code => seq(get(x), i32(r1), rotr, get(x), i32(r2), rotr, xor, get(x), i32(s), shrU, xor);
  const round = (r: number): Code => {
    // The variables a…h of round r are vars rotated right by r: nothing moves between rounds.
    const v = (k: number) => at(vars, (k - r + 64) % 8);
    const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map(v) as [number, number, number, number, number, number, number, number];
    const schedule =
      r < 16
        ? seq(get(block), load(4 * r), byteSwap(t), set(w(r)))
        : seq(sigma(w(r - 2), 17, 19, 10), get(w(r - 7)), add, sigma(w(r - 15), 7, 18, 3), add, get(w(r - 16)), add, set(w(r)));
    return seq(
      schedule,
      // t1 = h + Σ1(e) + Ch(e, f, g) + K[r] + W[r]; d += t1; h = t1 + Σ0(a) + Maj(a, b, c).
      get(h), rotations(get(e), 6, 11, 25), add, get(g), get(e), get(f), get(g), xor, and, xor, add, i32(at(ROUND_CONSTANTS, r)), add, get(w(r)), add, set(t1),
      get(d), get(t1), add, set(d),
      get(t1), rotations(get(a), 2, 13, 22), add, get(a), get(b), and, get(c), get(a), get(b), or, and, or, add, set(h),
    );
  };
  const body = seq(
    // The message in the scratch block: prefix, bytes, 0x80, zeros, and its length in bits.
    i32(SCRATCH_AT), get(prefix), store8(),
    i32(SCRATCH_AT + 1), get(source), get(length), memoryCopy,
    i32(SCRATCH_AT + 1), get(length), add, i32(0x80), store8(),
    get(length), i32(1 + 72), add, i32(-64), and, set(padded),
    i32(SCRATCH_AT + 2), get(length), add, i32(0), get(padded), get(length), sub, i32(10), sub, memoryFill,
    i32(SCRATCH_AT - 8), get(padded), add, i32(0), store(),
    i32(SCRATCH_AT - 4), get(padded), add, get(length), i32(1), add, i32(3), shl, byteSwap(t), store(),
    INITIAL_HASH.flatMap((value, k) => seq(i32(value), set(at(state, k)))),
    i32(SCRATCH_AT), set(block),
    i32(SCRATCH_AT), get(padded), add, set(end),
    loopWhile(
      seq(get(block), get(end), ltU),
      seq(
        state.flatMap((s, k) => seq(get(s), set(at(vars, k)))),
        ...Array.from({ length: 64 }, (_, r) => round(r)),
        state.flatMap((s, k) => seq(get(s), get(at(vars, k)), add, set(s))),
        get(block), i32(64), add, set(block),
      ),
    ),
    state.flatMap((s, k) => seq(get(out), get(s), byteSwap(t), store(4 * k))),
  );
  return [...vec([[37, 0x7f]]), ...body, 0x0b];
}

function fail(index: number): never {
  throw new Error(`SHA-256 module: no item ${index}.`);
}

/** leaves(data, ends, count, out): each message from the end of the one before it. */
function leavesBody(hashOne: number): number[] {
  const [data, ends, count, out, i, start, stop] = [0, 1, 2, 3, 4, 5, 6];
  const body = seq(
    i32(0), set(i),
    i32(0), set(start),
    loopWhile(
      seq(get(i), get(count), ltU),
      seq(
        get(ends), get(i), i32(2), shl, add, load(), set(stop),
        i32(0), get(data), get(start), add, get(stop), get(start), sub, get(out), get(i), i32(5), shl, add, call(hashOne),
        get(stop), set(start),
        get(i), i32(1), add, set(i),
      ),
    ),
  );
  return [...vec([[3, 0x7f]]), ...body, 0x0b];
}

/** parents(nodes, pairs, out): each pair of 32-byte nodes, as RFC 6962 hashes an interior node. */
function parentsBody(hashOne: number): number[] {
  const [nodes, pairs, out, j] = [0, 1, 2, 3];
  const body = seq(
    i32(0), set(j),
    loopWhile(seq(get(j), get(pairs), ltU), seq(i32(1), get(nodes), get(j), i32(6), shl, add, i32(64), get(out), get(j), i32(5), shl, add, call(hashOne), get(j), i32(1), add, set(j))),
  );
  return [...vec([[1, 0x7f]]), ...body, 0x0b];
}

/** The module's bytes. */
export function batchHasherModule(): Uint8Array {
  const i = 0x7f;
  const types = vec([
    [0x60, ...vec([[i], [i], [i], [i]]), 0x00],
    [0x60, ...vec([[i], [i], [i]]), 0x00],
  ]);
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(3, vec([[0], [0], [1]])),
    ...section(5, vec([[0x00, ...uleb(2)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('leaves'), 0x00, 1], [...name('parents'), 0x00, 2]])),
    ...section(10, vec([hashOneBody(), leavesBody(0), parentsBody(0)].map((f) => [...uleb(f.length), ...f]))),
  ];
  return Uint8Array.from(bytes);
}

/**
 * RFC 6962's hashes, many at a time: leaf hashes of messages packed end to end, and the hashes of
 * pairs of nodes. Reusable, not shareable: one per thread. Where WebAssembly cannot be compiled
 * synchronously (a page's main thread), `create` falls back to @noble/hashes, one message at a time.
 */
export class BatchHasher {
  private constructor(private readonly wasm: BatchExports | undefined) {}

  static fromModule(module: object): BatchHasher {
    return new BatchHasher(new (wasmApi().Instance)(module).exports as BatchExports);
  }

  /** Compiles the module synchronously, as Node and workers allow; elsewhere hashes in JavaScript. */
  static create(): BatchHasher {
    try {
      return BatchHasher.fromModule(new (wasmApi().Module)(batchHasherModule()));
    } catch {
      return new BatchHasher(undefined);
    }
  }

  static async load(): Promise<BatchHasher> {
    return BatchHasher.fromModule(await wasmApi().compile(batchHasherModule()));
  }

  /** Whether the hashing runs in WebAssembly (else JavaScript): benchmarks say which they measured. */
  get compiled(): boolean {
    return this.wasm !== undefined;
  }

  /** Memory for `bytes` from SCRATCH_AT on, grown when a batch needs more. */
  private reserve(wasm: BatchExports, bytes: number): Uint8Array {
    const needed = SCRATCH_AT + bytes;
    const have = wasm.memory.buffer.byteLength;
    if (needed > have) wasm.memory.grow(Math.ceil((needed - have) / PAGE));
    return new Uint8Array(wasm.memory.buffer);
  }

  /**
   * The leaf hashes (SHA-256 of 0x00 and the message) of `count` messages in `bytes`, message i
   * ending at `ends[i]` (each starts where the one before it ends): 32 bytes each, in order.
   */
  leafHashes(bytes: Uint8Array, ends: ArrayLike<number>, count = ends.length): Uint8Array {
    if (count === 0) return new Uint8Array(0);
    const total = ends[count - 1] ?? 0;
    let longest = 0;
    for (let k = 0, from = 0; k < count; k++) {
      const to = ends[k] ?? 0;
      if (to < from || to > bytes.length) throw new RangeError(`Message ${k} ends at ${to}, outside ${from} to ${bytes.length}.`);
      longest = Math.max(longest, to - from);
      from = to;
    }
    const wasm = this.wasm;
    if (!wasm) return inJavaScript(0x00, count, (k) => bytes.subarray(k === 0 ? 0 : (ends[k - 1] ?? 0), ends[k] ?? 0));
    const data = SCRATCH_AT + align(longest + 80);
    const endsAt = data + align(total);
    const out = endsAt + 4 * count;
    const memory = this.reserve(wasm, out + 32 * count - SCRATCH_AT);
    memory.set(bytes.subarray(0, total), data);
    const words = new Uint32Array(memory.buffer, endsAt, count);
    for (let k = 0; k < count; k++) words[k] = ends[k] ?? 0;
    wasm.leaves(data, endsAt, count, out);
    return memory.slice(out, out + 32 * count);
  }

  /** The hashes of `pairs` pairs of 32-byte nodes laid end to end in `nodes`. */
  parentHashes(nodes: Uint8Array, pairs: number): Uint8Array {
    if (nodes.length < 64 * pairs) throw new RangeError(`${pairs} pairs need ${64 * pairs} bytes of nodes, not ${nodes.length}.`);
    const wasm = this.wasm;
    if (!wasm) return inJavaScript(0x01, pairs, (j) => nodes.subarray(64 * j, 64 * j + 64));
    const data = SCRATCH_AT + 256;
    const out = data + 64 * pairs;
    const memory = this.reserve(wasm, out + 32 * pairs - SCRATCH_AT);
    memory.set(nodes.subarray(0, 64 * pairs), data);
    wasm.parents(data, pairs, out);
    return memory.slice(out, out + 32 * pairs);
  }

  /** The hash of one interior node. */
  nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
    const pair = new Uint8Array(64);
    pair.set(left.subarray(0, 32));
    pair.set(right.subarray(0, 32), 32);
    return this.parentHashes(pair, 1);
  }

  /**
   * MTH of `count` leaf hashes laid end to end: RFC 6962's tree built a level at a time, a node
   * without a partner at a level's right edge rising unchanged, which gives the same root.
   */
  treeRoot(leaves: Uint8Array, count = leaves.length / 32): Uint8Array {
    if (count === 0) return sha256(new Uint8Array(0));
    let level = leaves.subarray(0, 32 * count);
    let size = count;
    while (size > 1) {
      const pairs = size >>> 1;
      const parents = this.parentHashes(level, pairs);
      if (size % 2 === 0) level = parents;
      else {
        const next = new Uint8Array(32 * (pairs + 1));
        next.set(parents);
        next.set(level.subarray(32 * (size - 1), 32 * size), 32 * pairs);
        level = next;
      }
      size = pairs + (size % 2);
    }
    return level.slice(0, 32);
  }
}

function inJavaScript(prefix: number, count: number, message: (k: number) => Uint8Array): Uint8Array {
  const out = new Uint8Array(32 * count);
  for (let k = 0; k < count; k++) out.set(sha256.create().update(Uint8Array.of(prefix)).update(message(k)).digest(), 32 * k);
  return out;
}

function align(n: number): number {
  return (n + 63) & ~63;
}
