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
  /** leaves(data, spans, count, out): out[32i] = SHA-256(0x00 || data[spans[2i], spans[2i + 1])). */
  readonly leaves: (data: number, spans: number, count: number, out: number) => void;
  /** parents(nodes, pairs, out): out[32j] = SHA-256(0x01 || nodes[64j, 64j + 64)). */
  readonly parents: (nodes: number, pairs: number, out: number) => void;
  /** four(prefix, data, spans, count, out, stride): as leaves with any prefix, four at a time; where vectors compile. */
  readonly four?: (prefix: number, data: number, spans: number, count: number, out: number, stride: number) => void;
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

/** Instructions as they are written: nested freely, flattened once into the module's bytes. */
type Code = readonly (number | Code)[];

function flatten(code: Code, out: number[] = []): number[] {
  for (const part of code) {
    if (typeof part === 'number') out.push(part);
    else flatten(part, out);
  }
  return out;
}
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
const loopWhile = (condition: Code, body: Code): Code => [0x02, 0x40, 0x03, 0x40, condition, 0x45, 0x0d, 0x01, body, 0x0c, 0x00, 0x0b, 0x0b];
const seq = (...parts: Code[]): Code => parts;

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
  return flatten([vec([[37, 0x7f]]), body, [0x0b]]);
}

function fail(index: number): never {
  throw new Error(`SHA-256 module: no item ${index}.`);
}

/** leaves(data, spans, count, out): message i from spans[2i] to spans[2i + 1] in data. */
function leavesBody(hashOne: number): number[] {
  const [data, spans, count, out, i, start, stop] = [0, 1, 2, 3, 4, 5, 6];
  const body = seq(
    i32(0), set(i),
    loopWhile(
      seq(get(i), get(count), ltU),
      seq(
        get(spans), get(i), i32(3), shl, add, load(), set(start),
        get(spans), get(i), i32(3), shl, add, load(4), set(stop),
        i32(0), get(data), get(start), add, get(stop), get(start), sub, get(out), get(i), i32(5), shl, add, call(hashOne),
        get(i), i32(1), add, set(i),
      ),
    ),
  );
  return flatten([vec([[3, 0x7f]]), body, [0x0b]]);
}

/** parents(nodes, pairs, out): each pair of 32-byte nodes, as RFC 6962 hashes an interior node. */
function parentsBody(hashOne: number): number[] {
  const [nodes, pairs, out, j] = [0, 1, 2, 3];
  const body = seq(
    i32(0), set(j),
    loopWhile(seq(get(j), get(pairs), ltU), seq(i32(1), get(nodes), get(j), i32(6), shl, add, i32(64), get(out), get(j), i32(5), shl, add, call(hashOne), get(j), i32(1), add, set(j))),
  );
  return flatten([vec([[1, 0x7f]]), body, [0x0b]]);
}

// ----- Four messages at a time -----------------------------------------------------------------
const simd = (op: number, ...immediates: number[]): number[] => [0xfd, ...uleb(op), ...immediates];
const v128Load = (offset = 0): Code => simd(0x00, 0x00, ...uleb(offset));
const v128Const = (word: number): Code => simd(0x0c, ...Array.from({ length: 4 }, () => [word & 0xff, (word >>> 8) & 0xff, (word >>> 16) & 0xff, word >>> 24]).flat());
const shuffle = (lanes: readonly number[]): Code => simd(0x0d, ...lanes);
const extractLane = (lane: number): Code => simd(0x1b, lane);
const [vOr, vXor, bitselect, vShl, vShrU, vAdd] = [simd(0x50), simd(0x51), simd(0x52), simd(0xab), simd(0xad), simd(0xae)];
const select: Code = [0x1b];
const gtU: Code = [0x4b];
const eq: Code = [0x46];
const ifThen = (body: Code): Code => [0x04, 0x40, body, 0x0b];
/** Each 32-bit word of a vector byte-swapped: the big-endian words of a block as WebAssembly adds them. */
const WORD_SWAP = [3, 2, 1, 0, 7, 6, 5, 4, 11, 10, 9, 8, 15, 14, 13, 12];
const byteRange = (from: number): number[] => [from, from + 1, from + 2, from + 3];
/** Interleave the low (or high) two words of two vectors: the first step of a 4×4 transposition. */
const LOW_WORDS = [...byteRange(0), ...byteRange(16), ...byteRange(4), ...byteRange(20)];
const HIGH_WORDS = [...byteRange(8), ...byteRange(24), ...byteRange(12), ...byteRange(28)];
const LOW_HALVES = [0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23];
const HIGH_HALVES = [8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31];

/**
 * four(prefix, data, spans, count, out, stride): what `leaves` does (with any prefix byte), four
 * messages at a time, one in each 32-bit lane of WebAssembly's 128-bit vectors: SHA-256 has no
 * parallelism within a message, but a tree's leaves are many messages. Each of four scratch areas
 * `stride` bytes apart holds one message, prefixed and padded; a message shorter than the others
 * in its group is hashed on with them, its digest taken when its own last block is done. A last
 * group of fewer than four repeats its last message.
 */
function fourBody(): number[] {
  const [prefix, data, spans, count, out, stride, i, block, blocks, tmp, idx, start, pad] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  const lane = (base: number) => [0, 1, 2, 3].map((k) => base + k);
  const [lengths, blockCounts, outs, areas] = [lane(13), lane(17), lane(21), lane(25)];
  const v = 29;
  const state = Array.from({ length: 8 }, (_, k) => v + k);
  const vars = Array.from({ length: 8 }, (_, k) => v + 8 + k);
  const w = (r: number): number => v + 16 + (r % 16);
  const rows = lane(v + 32);
  const halves = lane(v + 36);
  const t1 = v + 40;
  const at = (list: readonly number[], k: number): number => list[k] ?? fail(k);
  const rotr4 = (x: number, n: number): Code => seq(get(x), i32(n), vShrU, get(x), i32(32 - n), vShl, vOr);
  const rotations = (x: number, r1: number, r2: number, r3: number): Code => seq(rotr4(x, r1), rotr4(x, r2), vXor, rotr4(x, r3), vXor);
  const sigma = (x: number, r1: number, r2: number, s: number): Code => seq(rotr4(x, r1), rotr4(x, r2), vXor, get(x), i32(s), vShrU, vXor);
  const round = (r: number): Code => {
    const name = (k: number) => at(vars, (k - r + 64) % 8);
    const [a, b, c, d, e, f, g, h] = [0, 1, 2, 3, 4, 5, 6, 7].map(name) as [number, number, number, number, number, number, number, number];
    const schedule = r < 16 ? [] : seq(sigma(w(r - 2), 17, 19, 10), get(w(r - 7)), vAdd, sigma(w(r - 15), 7, 18, 3), vAdd, get(w(r - 16)), vAdd, set(w(r)));
    return seq(
      schedule,
      // As one message's round, each operation on four: Ch(e, f, g) and Maj(a, b, c) as bit selections.
      get(h), rotations(e, 6, 11, 25), vAdd, get(f), get(g), get(e), bitselect, vAdd, v128Const(at(ROUND_CONSTANTS, r)), vAdd, get(w(r)), vAdd, set(t1),
      get(d), get(t1), vAdd, set(d),
      get(t1), rotations(a, 2, 13, 22), vAdd, get(a), get(b), get(b), get(c), vXor, bitselect, vAdd, set(h),
    );
  };
  // Lane k's message: which one, where it starts and ends, copied to its area, prefixed and padded.
  const prepare = (k: number): Code => {
    const [length, count_, area] = [at(lengths, k), at(blockCounts, k), at(areas, k)];
    return seq(
      get(i), i32(k), add, tee(idx), get(count), i32(1), sub, get(idx), get(count), ltU, select, set(idx),
      get(spans), get(idx), i32(3), shl, add, load(), set(start),
      get(spans), get(idx), i32(3), shl, add, load(4), get(start), sub, set(length),
      get(out), get(idx), i32(5), shl, add, set(at(outs, k)),
      get(stride), i32(k), [0x6c], i32(SCRATCH_AT), add, set(area),
      get(area), get(prefix), store8(),
      get(area), i32(1), add, get(data), get(start), add, get(length), memoryCopy,
      get(area), i32(1), add, get(length), add, i32(0x80), store8(),
      get(length), i32(1 + 72), add, i32(-64), and, set(pad),
      get(area), i32(2), add, get(length), add, i32(0), get(pad), get(length), sub, i32(10), sub, memoryFill,
      get(area), get(pad), add, i32(8), sub, i32(0), store(),
      get(area), get(pad), add, i32(4), sub, get(length), i32(1), add, i32(3), shl, byteSwap(tmp), store(),
      get(pad), i32(6), shrU, set(count_),
    );
  };
  // Words 4q to 4q + 3 of the current block of each lane's message, one vector per word.
  const loadQuad = (q: number): Code =>
    seq(
      rows.flatMap((row, k) => seq(get(at(areas, k)), get(block), add, v128Load(16 * q), tee(row), get(row), shuffle(WORD_SWAP), set(row))),
      get(at(rows, 0)), get(at(rows, 1)), shuffle(LOW_WORDS), set(at(halves, 0)),
      get(at(rows, 0)), get(at(rows, 1)), shuffle(HIGH_WORDS), set(at(halves, 1)),
      get(at(rows, 2)), get(at(rows, 3)), shuffle(LOW_WORDS), set(at(halves, 2)),
      get(at(rows, 2)), get(at(rows, 3)), shuffle(HIGH_WORDS), set(at(halves, 3)),
      get(at(halves, 0)), get(at(halves, 2)), shuffle(LOW_HALVES), set(w(4 * q)),
      get(at(halves, 0)), get(at(halves, 2)), shuffle(HIGH_HALVES), set(w(4 * q + 1)),
      get(at(halves, 1)), get(at(halves, 3)), shuffle(LOW_HALVES), set(w(4 * q + 2)),
      get(at(halves, 1)), get(at(halves, 3)), shuffle(HIGH_HALVES), set(w(4 * q + 3)),
    );
  // A lane whose message ends with this block: its digest, from its lane of each state vector.
  const capture = (k: number): Code =>
    seq(get(at(blockCounts, k)), get(block), i32(6), shrU, i32(1), add, eq, ifThen(state.flatMap((s, j) => seq(get(at(outs, k)), get(s), extractLane(k), byteSwap(tmp), store(4 * j)))));
  const body = seq(
    i32(0), set(i),
    loopWhile(
      seq(get(i), get(count), ltU),
      seq(
        [0, 1, 2, 3].flatMap(prepare),
        get(at(blockCounts, 0)), set(blocks),
        [1, 2, 3].flatMap((k) => seq(get(at(blockCounts, k)), get(blocks), get(at(blockCounts, k)), get(blocks), gtU, select, set(blocks))),
        INITIAL_HASH.flatMap((value, k) => seq(v128Const(value), set(at(state, k)))),
        i32(0), set(block),
        get(blocks), i32(6), shl, set(blocks),
        loopWhile(
          seq(get(block), get(blocks), ltU),
          seq(
            [0, 1, 2, 3].flatMap(loadQuad),
            state.flatMap((s, k) => seq(get(s), set(at(vars, k)))),
            ...Array.from({ length: 64 }, (_, r) => round(r)),
            state.flatMap((s, k) => seq(get(s), get(at(vars, k)), vAdd, set(s))),
            [0, 1, 2, 3].flatMap(capture),
            get(block), i32(64), add, set(block),
          ),
        ),
        get(i), i32(4), add, set(i),
      ),
    ),
  );
  return flatten([vec([[23, 0x7f], [41, 0x7b]]), body, [0x0b]]);
}

const modules = new Map<boolean, Uint8Array<ArrayBuffer>>();
/** Modules compiled here, by whether they have four lanes: each thread compiles once. */
const compiled = new Map<boolean, object>();

/** The module's bytes (written out once per thread); with `four`, the four-lane function too (WebAssembly's 128-bit vectors). */
export function batchHasherModule(four = true): Uint8Array<ArrayBuffer> {
  const made = modules.get(four) ?? writeModule(four);
  modules.set(four, made);
  return made;
}

function writeModule(four: boolean): Uint8Array<ArrayBuffer> {
  const i = 0x7f;
  const types = vec([
    [0x60, ...vec([[i], [i], [i], [i]]), 0x00],
    [0x60, ...vec([[i], [i], [i]]), 0x00],
    [0x60, ...vec([[i], [i], [i], [i], [i], [i]]), 0x00],
  ]);
  const functions = four ? [hashOneBody(), leavesBody(0), parentsBody(0), fourBody()] : [hashOneBody(), leavesBody(0), parentsBody(0)];
  const bytes = [
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(3, vec(four ? [[0], [0], [1], [2]] : [[0], [0], [1]])),
    ...section(5, vec([[0x00, ...uleb(2)]])),
    ...section(7, vec([[...name('memory'), 0x02, 0], [...name('leaves'), 0x00, 1], [...name('parents'), 0x00, 2], ...(four ? [[...name('four'), 0x00, 3]] : [])])),
    ...section(10, vec(functions.map((f) => [...uleb(f.length), ...f]))),
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

  /**
   * Compiles the module synchronously, as Node and workers allow: with four lanes where the runtime
   * has WebAssembly's vectors, else one; where it cannot compile at all, hashes in JavaScript.
   */
  static create(): BatchHasher {
    for (const four of [true, false]) {
      try {
        const module = compiled.get(four) ?? new (wasmApi().Module)(batchHasherModule(four));
        compiled.set(four, module);
        return BatchHasher.fromModule(module);
      } catch {
        // The next way down.
      }
    }
    return new BatchHasher(undefined);
  }

  /** Hashing in JavaScript, with nothing to compile: for a few hashes, where compiling would cost more. */
  static javascript(): BatchHasher {
    return new BatchHasher(undefined);
  }

  static async load(): Promise<BatchHasher> {
    try {
      return BatchHasher.fromModule(await wasmApi().compile(batchHasherModule(true)));
    } catch {
      return BatchHasher.fromModule(await wasmApi().compile(batchHasherModule(false)));
    }
  }

  /** How the hashing runs, for benchmarks to say what they measured. */
  get engine(): 'WebAssembly, four lanes' | 'WebAssembly' | 'JavaScript' {
    return this.wasm?.four ? 'WebAssembly, four lanes' : this.wasm ? 'WebAssembly' : 'JavaScript';
  }

  /** Whether the hashing runs in WebAssembly (else JavaScript). */
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
    const spans = new Uint32Array(2 * count);
    for (let k = 0; k < count; k++) {
      spans[2 * k] = k === 0 ? 0 : (ends[k - 1] ?? 0);
      spans[2 * k + 1] = ends[k] ?? 0;
    }
    return this.leafHashesOfSpans(bytes, spans, count);
  }

  /**
   * The leaf hashes of `count` messages anywhere in `bytes`, message i from `spans[2i]` to
   * `spans[2i + 1]`: what lies between them (an export line's other parts) is not copied out.
   */
  leafHashesOfSpans(bytes: Uint8Array, spans: Uint32Array, count = spans.length / 2): Uint8Array {
    if (count === 0) return new Uint8Array(0);
    let longest = 0;
    let last = 0;
    for (let k = 0; k < count; k++) {
      const from = spans[2 * k] ?? 0;
      const to = spans[2 * k + 1] ?? 0;
      if (to < from || to > bytes.length) throw new RangeError(`Message ${k} ends at ${to}, outside ${from} to ${bytes.length}.`);
      longest = Math.max(longest, to - from);
      last = Math.max(last, to);
    }
    const wasm = this.wasm;
    if (!wasm) return inJavaScript(0x00, count, (k) => bytes.subarray(spans[2 * k], spans[2 * k + 1]));
    return this.hashMany(wasm, 0x00, bytes.subarray(0, last), spans, count, longest);
  }

  /** Messages in `bytes` at `spans`, each with a prefix byte, four at a time where the module can, into 32 bytes each. */
  private hashMany(wasm: BatchExports, prefix: number, bytes: Uint8Array, spans: Uint32Array, count: number, longest: number): Uint8Array {
    const stride = align(longest + 80);
    const data = SCRATCH_AT + 4 * stride;
    const spansAt = data + align(bytes.length);
    const out = spansAt + 8 * count;
    const memory = this.reserve(wasm, out + 32 * count - SCRATCH_AT);
    memory.set(bytes, data);
    new Uint32Array(memory.buffer, spansAt, 2 * count).set(spans.subarray(0, 2 * count));
    if (wasm.four) wasm.four(prefix, data, spansAt, count, out, stride);
    else if (prefix === 0x00) wasm.leaves(data, spansAt, count, out);
    else throw new Error('Only leaves are hashed one at a time by this module.');
    return memory.slice(out, out + 32 * count);
  }

  /** The hashes of `pairs` pairs of 32-byte nodes laid end to end in `nodes`. */
  parentHashes(nodes: Uint8Array, pairs: number): Uint8Array {
    if (nodes.length < 64 * pairs) throw new RangeError(`${pairs} pairs need ${64 * pairs} bytes of nodes, not ${nodes.length}.`);
    const wasm = this.wasm;
    if (!wasm) return inJavaScript(0x01, pairs, (j) => nodes.subarray(64 * j, 64 * j + 64));
    if (wasm.four) return this.hashMany(wasm, 0x01, nodes.subarray(0, 64 * pairs), Uint32Array.from({ length: 2 * pairs }, (_, k) => 64 * Math.ceil(k / 2)), pairs, 64);
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
