import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { Decrypter, Encrypter } from 'age-encryption';

/**
 * age files as streams, so a bundle of any size is encrypted and decrypted in constant memory.
 *
 * The header (recipient stanzas, scrypt, the header MAC) is made and checked by the
 * `age-encryption` package. The payload is age's STREAM construction (age-encryption.org/v1):
 * 64 KiB chunks, each sealed with ChaCha20-Poly1305 under the payload key, the nonce an 11-byte
 * big-endian chunk counter and a last-chunk flag. The AEAD itself is a `ChunkCipher`: the
 * package's own JavaScript one in the page, Node's native (OpenSSL) one in the main process and
 * on the command line, several times faster. Interoperability with the `age` CLI is tested both ways.
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

const CHUNK = 64 * 1024;
const TAG = 16;
const NONCE = 16;
/** Headers name at most a hundred recipients: a "header" longer than this is not an age file. */
const MAX_HEADER = 256 * 1024;

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
 * A new age file's header and payload nonce, and the key its payload is sealed with. The package
 * makes the header for an empty file; its file key is taken through the package's own recipient
 * interface (a recipient that adds no stanza), or, for a passphrase, by opening the header again.
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
  const empty = await encrypter.encrypt(new Uint8Array(0));
  // An empty file is the header, the payload nonce and one sealed empty chunk (its tag).
  const prefix = empty.slice(0, empty.length - TAG);
  if (!fileKey) {
    const decrypter = new Decrypter();
    decrypter.addPassphrase('passphrase' in encryption ? encryption.passphrase : '');
    fileKey = await decrypter.decryptHeader(prefix.subarray(0, prefix.length - NONCE));
  }
  return { prefix, key: payloadKey(fileKey, prefix.subarray(prefix.length - NONCE)) };
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

/** Seals plaintext as age's STREAM payload. */
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
      throw new AgeStreamProblem('corrupt', 'The encrypted contents were altered or cut short: a chunk does not authenticate.');
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
      if (!first && last.length === 0) throw new AgeStreamProblem('corrupt', 'The encrypted contents end in an empty chunk, which age never writes.');
      controller.enqueue(last);
    },
  });
}

/** The whole age file: header, nonce, then the sealed payload. */
export async function encryptStream(plaintext: ReadableStream<Uint8Array>, encryption: AgeEncryption, cipher: ChunkCipher): Promise<ReadableStream<Uint8Array>> {
  const { prefix, key } = await newAgeFile(encryption);
  const sealed = plaintext.pipeThrough(sealPayload(key, cipher));
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

/** Where the header ends: after the line that starts with "--- " (the MAC line). */
function headerEnd(bytes: Uint8Array, length: number): number {
  for (let i = 0; i + 4 <= length; i++) {
    if ((i === 0 || bytes[i - 1] === 0x0a) && bytes[i] === 0x2d && bytes[i + 1] === 0x2d && bytes[i + 2] === 0x2d && bytes[i + 3] === 0x20) {
      const newline = bytes.indexOf(0x0a, i);
      return newline === -1 || newline >= length ? -1 : newline + 1;
    }
  }
  return -1;
}

/**
 * Decrypts an age file as it streams. The header is checked (and the file key found) before any
 * payload is read; the payload errors if any chunk is altered or the file is cut short, so a
 * reader must consume it to the end before using anything it produced.
 */
export async function decryptStream(ciphertext: ReadableStream<Uint8Array>, decryption: AgeDecryption, cipher: ChunkCipher): Promise<ReadableStream<Uint8Array>> {
  const reader = ciphertext.getReader();
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
  const decrypter = new Decrypter();
  if ('passphrase' in decryption) decrypter.addPassphrase(decryption.passphrase);
  else for (const identity of decryption.identities) decrypter.addIdentity(identity);
  let fileKey: Uint8Array;
  try {
    fileKey = await decrypter.decryptHeader(buffer.slice(0, end));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (/no identity matched|incorrect passphrase/i.test(message)) throw new AgeStreamProblem('no-identity', message);
    throw new AgeStreamProblem(/HMAC/i.test(message) ? 'corrupt' : 'not-age', message);
  }
  const key = payloadKey(fileKey, buffer.slice(end, end + NONCE));
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
  return payload.pipeThrough(openPayload(key, cipher));
}
