import type * as NodeCrypto from 'node:crypto';
import type * as NodeFs from 'node:fs';
import type { MessagePort } from 'node:worker_threads';

/**
 * The work of a bundle's crypto threads: sealing and opening runs of age STREAM chunks, and
 * hashing. A run of chunks is independent of every other, given the counter of its first chunk
 * and whether it ends the payload, so runs are sealed on any thread in any order and written in
 * order: the bytes are those the one-chunk-at-a-time writer (`sealPayload`) writes.
 *
 * Both functions are self-contained, for threads run their source text (`threadSource`): they use
 * nothing but what they are handed, and the main thread calls `chunkWork` itself where no thread
 * is worth starting.
 */

export type ChunkProblem = 'does-not-authenticate' | 'empty-last-chunk';

export function chunkWork(crypto: typeof NodeCrypto) {
  const CHUNK = 65536;
  const TAG = 16;
  /**
   * Chunks come out of the cipher as latin1 text, copied byte for byte into place: memory of the
   * thread's own heap, collected in its young generation, where a buffer per chunk would be memory
   * outside it that piles up by tens of MiB before anything collects it.
   */
  const into = (output: Uint8Array, at: number, latin1: string) => {
    Buffer.from(output.buffer, output.byteOffset + at, latin1.length).write(latin1, 0, latin1.length, 'latin1');
    return latin1.length;
  };
  const nonce = new Uint8Array(12);
  /** STREAM's nonce: the chunk's number as 11 bytes, big-endian, then 1 on the last chunk only. */
  const setNonce = (counter: number, last: boolean) => {
    let rest = counter;
    for (let i = 10; i >= 0; i--) {
      nonce[i] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    nonce[11] = last ? 1 : 0;
  };
  return {
    /** Bytes a run of `plaintext` bytes takes sealed: each chunk gains a tag; an empty run is one empty chunk. */
    sealedLength: (plaintext: number) => plaintext + TAG * Math.max(1, Math.ceil(plaintext / CHUNK)),
    /**
     * Seals `input` as chunks numbered from `counter` into `output`; if `last`, its last chunk ends
     * the payload. Every chunk but the payload's last is full. Returns the bytes written.
     */
    seal(key: Uint8Array, counter: number, last: boolean, input: Uint8Array, output: Uint8Array): number {
      let read = 0;
      let written = 0;
      let number = counter;
      do {
        const end = Math.min(read + CHUNK, input.length);
        setNonce(number, last && end === input.length);
        const cipher = crypto.createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
        written += into(output, written, cipher.update(input.subarray(read, end), undefined, 'latin1'));
        cipher.final();
        output.set(cipher.getAuthTag(), written);
        written += TAG;
        read = end;
        number++;
      } while (read < input.length);
      return written;
    },
    /** Plaintext bytes in a run of `sealed` bytes, were it well formed. */
    openedLength: (sealed: number) => Math.max(0, sealed - TAG * Math.max(1, Math.ceil(sealed / (CHUNK + TAG)))),
    /**
     * Opens `input`, chunks numbered from `counter`, into `output`; if `last`, its last chunk must
     * be flagged last. Returns the bytes written, or the problem of the first chunk that fails.
     */
    open(key: Uint8Array, counter: number, last: boolean, input: Uint8Array, output: Uint8Array): number | ChunkProblem {
      let read = 0;
      let written = 0;
      let number = counter;
      do {
        const end = Math.min(read + CHUNK + TAG, input.length);
        if (end - read < TAG) return 'does-not-authenticate';
        setNonce(number, last && end === input.length);
        try {
          const decipher = crypto.createDecipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG });
          decipher.setAuthTag(input.subarray(end - TAG, end));
          const opened = decipher.update(input.subarray(read, end - TAG), undefined, 'latin1');
          decipher.final();
          written += into(output, written, opened);
        } catch {
          return 'does-not-authenticate';
        }
        // Only an empty payload ends in an empty chunk; any other was cut at a chunk boundary.
        if (last && end === input.length && end - read === TAG && number > 0) return 'empty-last-chunk';
        read = end;
        number++;
      } while (read < input.length);
      return written;
    },
  };
}

export type ChunkWork = ReturnType<typeof chunkWork>;

/** A request to a crypto thread; `buffer` is shared memory both sides see. */
export type ThreadRequest =
  | { readonly id: number; readonly op: 'seal'; readonly key: Uint8Array; readonly counter: number; readonly last: boolean; readonly buffer: SharedArrayBuffer; readonly offset: number; readonly length: number; readonly outOffset: number }
  | { readonly id: number; readonly op: 'open'; readonly key: Uint8Array; readonly counter: number; readonly last: boolean; readonly buffer: SharedArrayBuffer; readonly offset: number; readonly length: number }
  | { readonly id: number; readonly op: 'hash'; readonly hash: number; readonly algorithm: string; readonly buffer: SharedArrayBuffer; readonly offset: number; readonly length: number }
  | { readonly id: number; readonly op: 'digest'; readonly hash: number; readonly algorithm: string }
  | { readonly id: number; readonly op: 'hash-file'; readonly hash: number; readonly algorithm: string; readonly fd: number; readonly position: number; readonly length: number }
  | { readonly id: number; readonly op: 'read-hash'; readonly hash: number; readonly algorithm: string; readonly fd: number; readonly position: number; readonly length: number; readonly buffer: SharedArrayBuffer; readonly offset: number };

export type ThreadReply =
  | { readonly id: number; readonly length: number }
  | { readonly id: number; readonly opened: Uint8Array }
  | { readonly id: number; readonly problem: ChunkProblem }
  | { readonly id: number; readonly digest: Uint8Array }
  | { readonly id: number; readonly done: true }
  | { readonly id: number; readonly error: string };

/**
 * A thread's loop: each request answered in the order it came. Opened plaintext comes back in
 * memory of its own, handed over (not copied); sealed chunks go into the shared buffer. A hash
 * lives on the thread its first bytes went to, and goes once its digest is taken. Bytes of a file
 * are read by the thread itself, through a descriptor the main thread holds open: into shared
 * memory (and hashed there, in one request, where a hash wants them), or into memory of its own,
 * reused, to be hashed.
 */
export function threadLoop(port: MessagePort, crypto: typeof NodeCrypto, fs: typeof NodeFs, work: ChunkWork): void {
  const hashes = new Map<number, NodeCrypto.Hash>();
  let piece: Uint8Array | undefined;
  /** Reads all `length` bytes at `position` into `into`; fewer only where the file ends. */
  const readFully = (fd: number, into: Uint8Array, position: number) => {
    let read = 0;
    while (read < into.length) {
      const n = fs.readSync(fd, into, read, into.length - read, position + read);
      if (n === 0) break;
      read += n;
    }
    return read;
  };
  const hashOf = (id: number, algorithm: string) => {
    let hash = hashes.get(id);
    if (!hash) {
      hash = crypto.createHash(algorithm);
      hashes.set(id, hash);
    }
    return hash;
  };
  port.on('message', (request: ThreadRequest) => {
    try {
      if (request.op === 'seal') {
        const input = new Uint8Array(request.buffer, request.offset, request.length);
        const output = new Uint8Array(request.buffer, request.outOffset, work.sealedLength(request.length));
        port.postMessage({ id: request.id, length: work.seal(request.key, request.counter, request.last, input, output) } satisfies ThreadReply);
      } else if (request.op === 'open') {
        const input = new Uint8Array(request.buffer, request.offset, request.length);
        const opened = new Uint8Array(work.openedLength(request.length));
        const result = work.open(request.key, request.counter, request.last, input, opened);
        if (typeof result === 'number') port.postMessage({ id: request.id, opened: opened.subarray(0, result) } satisfies ThreadReply, [opened.buffer]);
        else port.postMessage({ id: request.id, problem: result } satisfies ThreadReply);
      } else if (request.op === 'read-hash') {
        const into = new Uint8Array(request.buffer, request.offset, request.length);
        const read = readFully(request.fd, into, request.position);
        hashOf(request.hash, request.algorithm).update(into.subarray(0, read));
        port.postMessage({ id: request.id, length: read } satisfies ThreadReply);
      } else if (request.op === 'hash-file') {
        const hash = hashOf(request.hash, request.algorithm);
        piece ??= new Uint8Array(1024 * 1024);
        for (let done = 0; done < request.length; ) {
          const want = piece.subarray(0, Math.min(piece.length, request.length - done));
          const read = readFully(request.fd, want, request.position + done);
          if (read < want.length) throw new Error(`the file ends ${request.length - done - read} bytes short of what was to be hashed`);
          hash.update(want);
          done += read;
        }
        port.postMessage({ id: request.id, done: true } satisfies ThreadReply);
      } else if (request.op === 'hash') {
        hashOf(request.hash, request.algorithm).update(new Uint8Array(request.buffer, request.offset, request.length));
        port.postMessage({ id: request.id, done: true } satisfies ThreadReply);
      } else {
        const digest = new Uint8Array(hashOf(request.hash, request.algorithm).digest());
        hashes.delete(request.hash);
        port.postMessage({ id: request.id, digest } satisfies ThreadReply, [digest.buffer]);
      }
    } catch (e) {
      port.postMessage({ id: request.id, error: e instanceof Error ? e.message : String(e) } satisfies ThreadReply);
    }
  });
}

/**
 * Keeps memory a thread frees for the next chunk instead of handing it back to the system. Each
 * chunk's output is allocated and freed by OpenSSL's caller; glibc returns a thread's free memory
 * above 128 KiB at once, so every chunk faults fresh pages in again. Freeing one block larger than
 * glibc's mmap threshold raises that limit, process-wide, to twice the block's size (glibc's dynamic
 * threshold). Hashing a string of `bytes` does it: Node copies the string into a block of that size
 * and frees it as the call returns.
 */
export function keepFreedMemory(crypto: typeof NodeCrypto, bytes: number): void {
  crypto.createHash('sha256').update('\0'.repeat(bytes), 'latin1');
}

/** Memory glibc then keeps per thread's arena: twice this. Small beside a bundle's shared runs. */
const KEPT_BLOCK = 4 * 1024 * 1024;

/** What a crypto thread runs: the functions above, by their source, and nothing else. */
export function threadSource(): string {
  return `'use strict';
const { parentPort } = require('node:worker_threads');
const crypto = require('node:crypto');
const fs = require('node:fs');
(${keepFreedMemory.toString()})(crypto, ${KEPT_BLOCK});
(${threadLoop.toString()})(parentPort, crypto, fs, (${chunkWork.toString()})(crypto));
`;
}
