import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { base64 } from '@scure/base';
import { Decrypter, Encrypter } from 'age-encryption';
import { concat } from '../streams/byte-streams.js';

/**
 * age files as streams, so a bundle of any size is encrypted and decrypted in constant memory.
 *
 * The header (recipient stanzas, scrypt, the header MAC) is made and checked by the
 * `age-encryption` package. The payload is sealed here, as age's STREAM construction
 * (age-encryption.org/v1): 64 KiB chunks, each sealed with ChaCha20-Poly1305 under the payload
 * key, the nonce an 11-byte big-endian chunk counter and a last-chunk flag. The AEAD itself is a
 * `ChunkCipher`: the package's own JavaScript one in the page, Node's native (OpenSSL) one in the
 * main process and on the command line. The package's own streaming writer takes no cipher and
 * seals in JavaScript, 6 to 8 times slower than the native one in the main process, hence this
 * one. Interoperability with the `age` CLI is tested both ways.
 *
 * A file `age -a` wrote (ASCII armor, "-----BEGIN AGE ENCRYPTED FILE-----") is decoded as it
 * streams and read like any other: what is signed and hashed is the file as given, the armored text.
 */

/** ChaCha20-Poly1305 with a 12-byte nonce and a 16-byte tag appended to the ciphertext. */
export interface ChunkCipher {
  seal(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array): Uint8Array;
  /** Throws if the chunk does not authenticate. */
  open(key: Uint8Array, nonce: Uint8Array, sealed: Uint8Array): Uint8Array;
}

export const javascriptChunkCipher: ChunkCipher = {
  seal: (key, nonce, plaintext) => chacha20poly1305(key, nonce).encrypt(plaintext),
  open: (key, nonce, sealed) => chacha20poly1305(key, nonce).decrypt(sealed),
};

/** Plaintext bytes of every STREAM chunk but the last, and the Poly1305 tag each chunk carries. */
export const STREAM_CHUNK = 64 * 1024;
export const STREAM_TAG = 16;
const CHUNK = STREAM_CHUNK;
const TAG = STREAM_TAG;
const NONCE = 16;

/** Why a payload does not open, the same whichever way it is opened. */
export const CHUNK_DOES_NOT_AUTHENTICATE = 'The encrypted contents were altered or cut short: a chunk does not authenticate.';
export const EMPTY_LAST_CHUNK = 'The encrypted contents end in an empty chunk, which age never writes.';
/** Headers name at most a hundred recipients: a "header" longer than this is not an age file. */
export const MAX_HEADER = 256 * 1024;
/** Bytes of the payload nonce after the header. */
export const PAYLOAD_NONCE = 16;

export type AgeEncryption = { readonly recipients: readonly string[] } | { readonly passphrase: string; readonly scryptLogN?: number };
export type AgeDecryption = { readonly identities: readonly string[] } | { readonly passphrase: string };

export class AgeStreamProblem extends Error {
  constructor(
    readonly kind: 'no-identity' | 'not-age' | 'corrupt',
    message: string,
  ) {
    super(message);
  }
}

const label = (text: string) => new TextEncoder().encode(text);

function payloadKey(fileKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  return hkdf(sha256, fileKey, nonce, label('payload'), 32);
}

/**
 * A new age file's header and payload nonce, and the key its payload is sealed with.
 *
 * The package writes the header (stanzas, scrypt, MAC) and the nonce: it is given a payload that
 * never yields a byte, so it emits those two ahead of any payload and never seals a chunk; its
 * output is then cancelled. The file key is taken through the package's own recipient interface
 * (a recipient that adds no stanza to the header), or, for a passphrase, by opening the header again.
 *
 * So only `sealPayload` ever seals under this key, and each (key, nonce) pair it uses seals exactly
 * one chunk of the output: the nonce is a counter that moves on after every chunk but the last,
 * and only the last carries the last-chunk flag. Sealing two plaintexts under one pair would let
 * anyone who saw both read their XOR and forge chunks; `age-stream.test.ts` checks the invariant.
 */
export async function newAgeFile(encryption: AgeEncryption): Promise<{ readonly prefix: Uint8Array; readonly key: Uint8Array }> {
  const encrypter = new Encrypter();
  let fileKey: Uint8Array | undefined;
  if ('passphrase' in encryption) {
    encrypter.setScryptWorkFactor(encryption.scryptLogN ?? 18);
    encrypter.setPassphrase(encryption.passphrase);
  } else {
    for (const r of encryption.recipients) encrypter.addRecipient(r);
    encrypter.addRecipient({
      wrapFileKey: (key: Uint8Array) => {
        fileKey = key;
        return [];
      },
    });
  }
  const prefix = await headerAndNonce(await encrypter.encrypt(new ReadableStream<Uint8Array>()));
  if (!fileKey) {
    const decrypter = new Decrypter();
    decrypter.addPassphrase('passphrase' in encryption ? encryption.passphrase : '');
    fileKey = await decrypter.decryptHeader(prefix.subarray(0, prefix.length - NONCE));
  }
  return { prefix, key: payloadKey(fileKey, prefix.subarray(prefix.length - NONCE)) };
}

/** Reads an age file's header and payload nonce from the package's output, then cancels the rest unread. */
async function headerAndNonce(output: ReadableStream<Uint8Array>): Promise<Uint8Array> {
  const reader = output.getReader();
  const parts: Uint8Array[] = [];
  let read: Uint8Array = new Uint8Array(0);
  let end = -1;
  while (end === -1 || read.length < end + NONCE) {
    const { done, value } = await reader.read();
    if (done) throw new Error('The age-encryption package ended its output before the header and payload nonce.');
    parts.push(value);
    read = concat(parts);
    if (end === -1) end = headerEnd(read, read.length);
  }
  await reader.cancel();
  // Any byte past the nonce would be a chunk the package sealed under the payload key.
  if (read.length !== end + NONCE) throw new Error(`The age-encryption package wrote ${read.length - end - NONCE} bytes of payload for a payload it was never given.`);
  return read;
}

/** Counter nonces for STREAM: 11 bytes of chunk number, then 1 on the last chunk. */
class StreamNonce {
  readonly bytes = new Uint8Array(12);
  next(): void {
    for (let i = 10; i >= 0; i--) {
      this.bytes[i] = ((this.bytes[i] ?? 0) + 1) & 0xff;
      if (this.bytes[i] !== 0) return;
    }
    throw new AgeStreamProblem('corrupt', 'The file is too long for age.');
  }
}

/** Seals plaintext as age's STREAM payload, each chunk under a nonce of its own (see `newAgeFile`). */
export function sealPayload(key: Uint8Array, cipher: ChunkCipher): TransformStream<Uint8Array, Uint8Array> {
  const nonce = new StreamNonce();
  const buffer = new Uint8Array(CHUNK);
  let used = 0;
  return new TransformStream({
    transform(chunk, controller) {
      let rest = chunk;
      while (rest.length > 0) {
        // A full buffer is sealed only once more plaintext arrives: the last chunk is flagged.
        if (used === CHUNK) {
          controller.enqueue(cipher.seal(key, nonce.bytes, buffer));
          nonce.next();
          used = 0;
        }
        const n = Math.min(CHUNK - used, rest.length);
        buffer.set(rest.subarray(0, n), used);
        used += n;
        rest = rest.subarray(n);
      }
    },
    flush(controller) {
      nonce.bytes[11] = 1;
      controller.enqueue(cipher.seal(key, nonce.bytes, buffer.subarray(0, used)));
    },
  });
}

/** Opens age's STREAM payload; errors at the first chunk that does not authenticate, or if the file was cut short. */
export function openPayload(key: Uint8Array, cipher: ChunkCipher): TransformStream<Uint8Array, Uint8Array> {
  const nonce = new StreamNonce();
  const buffer = new Uint8Array(CHUNK + TAG);
  let used = 0;
  let first = true;
  const open = (sealed: Uint8Array) => {
    try {
      return cipher.open(key, nonce.bytes, sealed);
    } catch {
      throw new AgeStreamProblem('corrupt', CHUNK_DOES_NOT_AUTHENTICATE);
    }
  };
  return new TransformStream({
    transform(chunk, controller) {
      let rest = chunk;
      while (rest.length > 0) {
        if (used === buffer.length) {
          controller.enqueue(open(buffer));
          nonce.next();
          used = 0;
          first = false;
        }
        const n = Math.min(buffer.length - used, rest.length);
        buffer.set(rest.subarray(0, n), used);
        used += n;
        rest = rest.subarray(n);
      }
    },
    flush(controller) {
      nonce.bytes[11] = 1;
      const last = open(buffer.subarray(0, used));
      // Only an empty file ends in an empty chunk; otherwise a chunk boundary was forged.
      if (!first && last.length === 0) throw new AgeStreamProblem('corrupt', EMPTY_LAST_CHUNK);
      controller.enqueue(last);
    },
  });
}

/** The whole age file: header, nonce, then the sealed payload. */
export async function encryptStream(plaintext: ReadableStream<Uint8Array>, encryption: AgeEncryption, cipher: ChunkCipher): Promise<ReadableStream<Uint8Array>> {
  const { prefix, key } = await newAgeFile(encryption);
  return sealedFile(prefix, plaintext.pipeThrough(sealPayload(key, cipher)));
}

/** An age file from its header and nonce (`prefix`) and its sealed payload. */
export function sealedFile(prefix: Uint8Array, sealed: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = sealed.getReader();
  let sentPrefix = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentPrefix) {
        sentPrefix = true;
        controller.enqueue(prefix);
        return;
      }
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
/** Base64 characters per armor line, as age writes and requires them (48 bytes each). */
const ARMOR_COLUMNS = 64;

const armorProblem = (reason: string) => new AgeStreamProblem('corrupt', `The age file's ASCII armor is not valid: ${reason}`);

/**
 * Decodes age's ASCII armor as it streams, by the rules `age -d` applies: the BEGIN line first,
 * then lines of canonical base64, each of 64 characters but the last (which is shorter, or holds
 * the padding), the END line, and nothing after it but whitespace. Lines end in LF or CRLF. A
 * line is at most 66 bytes, so whatever the file's size only a line is held.
 */
export function dearmor(): TransformStream<Uint8Array, Uint8Array> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let state: 'begin' | 'body' | 'after' = 'begin';
  const line = new Uint8Array(ARMOR_COLUMNS + 2);
  let used = 0;
  let number = 0;
  /** The body line before this one, and its number: whether it was the last is known only at the next line. */
  let held: { readonly text: string; readonly number: number } | undefined;
  /** Full lines, decoded together: a chunk per line would cost more than the decoding. */
  let batch: string[] = [];

  const release = (controller: TransformStreamDefaultController<Uint8Array>) => {
    // Lines of 64 characters without padding are 48 bytes each, so together they are base64 as they stand.
    if (batch.length > 0) controller.enqueue(base64.decode(batch.join('')));
    batch = [];
  };

  const onLine = (bytes: Uint8Array, controller: TransformStreamDefaultController<Uint8Array>) => {
    number++;
    const end = bytes.length > 0 && bytes[bytes.length - 1] === 0x0d ? bytes.length - 1 : bytes.length;
    let text: string;
    try {
      text = decoder.decode(bytes.subarray(0, end));
    } catch {
      throw armorProblem(`line ${number} is not text.`);
    }
    if (state === 'begin') {
      if (text !== ARMOR_BEGIN) throw armorProblem(`its first line is not ${ARMOR_BEGIN}.`);
      state = 'body';
    } else if (text === ARMOR_END) {
      if (!held) throw armorProblem('it holds no base64 between its BEGIN and END lines.');
      const last = held;
      if (last.text.length === 0 || last.text.length % 4 !== 0) throw armorProblem(`line ${last.number}, the last of base64, has ${last.text.length} characters, not a positive multiple of 4.`);
      release(controller);
      try {
        controller.enqueue(base64.decode(last.text));
      } catch {
        throw armorProblem(`line ${last.number} is not canonical base64.`);
      }
      held = undefined;
      state = 'after';
    } else {
      if (text.length > ARMOR_COLUMNS) throw armorProblem(`line ${number} is longer than ${ARMOR_COLUMNS} characters.`);
      if (!/^[A-Za-z0-9+/=]*$/.test(text)) throw armorProblem(`line ${number} holds characters that are not base64.`);
      if (held) {
        // Not the last line, then: full, and without padding.
        if (held.text.length !== ARMOR_COLUMNS) throw armorProblem(`line ${held.number} has ${held.text.length} characters; every line but the last has ${ARMOR_COLUMNS}.`);
        if (held.text.includes('=')) throw armorProblem(`line ${held.number} has padding, which only the last line may have.`);
        batch.push(held.text);
        if (batch.length === 1024) release(controller);
      }
      held = { text, number };
    }
  };

  const tooLong = () => armorProblem(`line ${number + 1} is longer than ${ARMOR_COLUMNS} characters.`);
  return new TransformStream({
    transform(chunk, controller) {
      let start = 0;
      while (start < chunk.length && state !== 'after') {
        const newline = chunk.indexOf(0x0a, start);
        const part = chunk.subarray(start, newline === -1 ? chunk.length : newline);
        if (used + part.length > line.length) throw tooLong();
        line.set(part, used);
        used += part.length;
        if (newline === -1) return;
        start = newline + 1;
        const whole = line.subarray(0, used);
        used = 0;
        onLine(whole, controller);
      }
      // After the END line, whitespace only; nothing of it is kept.
      for (let i = start; i < chunk.length; i++) {
        const byte = chunk[i];
        if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) throw armorProblem('text follows its END line; only whitespace may.');
      }
    },
    flush(controller) {
      // The END line may end the file without a newline.
      if (used > 0) onLine(line.subarray(0, used), controller);
      if (state !== 'after') throw armorProblem(`it ends without its END line (${ARMOR_END}): the file was cut short.`);
    },
  });
}

/** Whether a stream is ASCII-armored, by its first bytes (as `age -d` decides); the stream comes back whole either way. */
async function unarmored(input: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const reader = input.getReader();
  const begin = new TextEncoder().encode(ARMOR_BEGIN);
  const peeked: Uint8Array[] = [];
  let length = 0;
  let done = false;
  while (length < begin.length) {
    const next = await reader.read();
    if (next.done) {
      done = true;
      break;
    }
    peeked.push(next.value);
    length += next.value.length;
  }
  let index = 0;
  const first = new Uint8Array(Math.min(length, begin.length));
  for (const part of peeked) {
    const n = Math.min(part.length, first.length - index);
    first.set(part.subarray(0, n), index);
    index += n;
    if (index === first.length) break;
  }
  const armored = first.length === begin.length && first.every((b, i) => b === begin[i]);
  const whole = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of peeked) if (part.length > 0) controller.enqueue(part);
      if (done) controller.close();
    },
    async pull(controller) {
      if (done) return;
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return armored ? whole.pipeThrough(dearmor()) : whole;
}

/** Where the header ends: after the line that starts with "--- " (the MAC line); -1 if not in the first `length` bytes. */
export function headerEnd(bytes: Uint8Array, length: number): number {
  for (let i = 0; i + 4 <= length; i++) {
    if ((i === 0 || bytes[i - 1] === 0x0a) && bytes[i] === 0x2d && bytes[i + 1] === 0x2d && bytes[i + 2] === 0x2d && bytes[i + 3] === 0x20) {
      const newline = bytes.indexOf(0x0a, i);
      return newline === -1 || newline >= length ? -1 : newline + 1;
    }
  }
  return -1;
}

/** Whether a file starts as `age -a` writes it, so is ASCII-armored. */
export function isArmored(start: Uint8Array): boolean {
  const begin = new TextEncoder().encode(ARMOR_BEGIN);
  return start.length >= begin.length && begin.every((b, i) => start[i] === b);
}

/** The payload's key, from the file key the header (`header`, up to its MAC line) gives these identities, and the payload nonce. */
export async function payloadKeyOf(header: Uint8Array, nonce: Uint8Array, decryption: AgeDecryption): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  if ('passphrase' in decryption) decrypter.addPassphrase(decryption.passphrase);
  else for (const identity of decryption.identities) decrypter.addIdentity(identity);
  let fileKey: Uint8Array;
  try {
    fileKey = await decrypter.decryptHeader(header);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/no identity matched|incorrect passphrase/i.test(message)) throw new AgeStreamProblem('no-identity', message);
    throw new AgeStreamProblem(/HMAC/i.test(message) ? 'corrupt' : 'not-age', message);
  }
  return payloadKey(fileKey, nonce);
}

/**
 * Decrypts an age file as it streams, binary or ASCII-armored. The header is checked (and the
 * file key found) before any payload is read; the payload errors if any chunk is altered or the
 * file is cut short, so a reader must consume it to the end before using anything it produced.
 * `open` opens the payload: chunk by chunk through `cipher` unless another is given (one that
 * spreads the chunks over threads must open exactly what `openPayload` opens).
 */
export async function decryptStream(
  ciphertext: ReadableStream<Uint8Array>,
  decryption: AgeDecryption,
  cipher: ChunkCipher,
  open: (key: Uint8Array) => TransformStream<Uint8Array, Uint8Array> = (key) => openPayload(key, cipher),
): Promise<ReadableStream<Uint8Array>> {
  const reader = (await unarmored(ciphertext)).getReader();
  let buffer = new Uint8Array(4096);
  let length = 0;
  let end = -1;
  while (end === -1 || length < end + NONCE) {
    const { done, value } = await reader.read();
    if (done) throw new AgeStreamProblem(end === -1 ? 'not-age' : 'corrupt', end === -1 ? 'This is not an age-encrypted file: it has no age header.' : 'The encrypted file ends right after its header.');
    if (length + value.length > buffer.length) {
      const grown = new Uint8Array(Math.max(buffer.length * 2, length + value.length));
      grown.set(buffer.subarray(0, length));
      buffer = grown;
    }
    buffer.set(value, length);
    length += value.length;
    if (end === -1) {
      end = headerEnd(buffer, Math.min(length, MAX_HEADER));
      if (end === -1 && length >= MAX_HEADER) throw new AgeStreamProblem('not-age', 'This is not an age-encrypted file: no age header ends in its first 256 KiB.');
    }
  }
  const key = await payloadKeyOf(buffer.slice(0, end), buffer.slice(end, end + NONCE), decryption);
  const rest = buffer.slice(end + NONCE, length);
  const payload = new ReadableStream<Uint8Array>({
    start(controller) {
      if (rest.length > 0) controller.enqueue(rest);
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  return payload.pipeThrough(open(key));
}
