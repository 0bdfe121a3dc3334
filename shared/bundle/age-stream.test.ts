import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { armor, Decrypter, generateIdentity, identityToRecipient } from 'age-encryption';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../../test/fixtures/stock-tools.js';
import { AgeStreamProblem, decryptStream, encryptStream, javascriptChunkCipher, type AgeEncryption, type ChunkCipher } from './age-stream.js';
import { collect } from './review-bundle.js';

const encoder = new TextEncoder();
/** Several 64 KiB chunks and a short last one, so the armor's lines cross chunks of the payload. */
const plaintext = Uint8Array.from({ length: 200_000 }, (_, i) => (i * 131 + 7) & 255);

let dir: string;
let identity: string;
let recipient: string;
let binary: Uint8Array;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-age-'));
  identity = await generateIdentity();
  recipient = await identityToRecipient(identity);
  binary = await collect(await encryptStream(streamOf(plaintext), { recipients: [recipient] }, javascriptChunkCipher));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function streamOf(bytes: Uint8Array, chunk = bytes.length): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + chunk));
      at += chunk;
    },
  });
}

const decrypt = async (bytes: Uint8Array, chunk?: number) => collect(await decryptStream(streamOf(bytes, chunk), { identities: [identity] }, javascriptChunkCipher));

async function problem(bytes: Uint8Array): Promise<AgeStreamProblem> {
  try {
    await decrypt(bytes);
  } catch (e) {
    if (e instanceof AgeStreamProblem) return e;
    throw e;
  }
  throw new Error('the file was decrypted');
}

/** An armored file's lines, to be altered one by one. */
const armoredLines = () => armor.encode(binary).split('\n');
const joined = (lines: readonly string[]) => encoder.encode(lines.join('\n'));

describe('age files in ASCII armor (age -a)', () => {
  it('decrypts an armored file as it streams, however its bytes are split, the same as the binary file', async () => {
    const armored = encoder.encode(armor.encode(binary));
    for (const chunk of [5, 65, 4096, armored.length]) expect(Buffer.compare(await decrypt(armored, chunk), plaintext), `chunks of ${chunk}`).toBe(0);
    expect(Buffer.compare(await decrypt(binary), plaintext)).toBe(0);
  });

  it('decrypts what age -a writes, and age -d decrypts what it reads; CRLF line endings and whitespace after the END line are read as age reads them', async () => {
    const input = path.join(dir, 'plain');
    const output = path.join(dir, 'armored.age');
    await writeFile(input, plaintext);
    expect((await runTool('age', ['-a', '-r', recipient, '-o', output, input])).code).toBe(0);
    const armored = new Uint8Array(await readFile(output));
    expect(new TextDecoder().decode(armored.subarray(0, 35))).toBe('-----BEGIN AGE ENCRYPTED FILE-----\n');
    expect(Buffer.compare(await decrypt(armored, 1000), plaintext)).toBe(0);
    const crlf = encoder.encode(`${new TextDecoder().decode(armored).replaceAll('\n', '\r\n')} \r\n\t\n`);
    const variant = path.join(dir, 'variant.age');
    await writeFile(variant, crlf);
    await writeFile(path.join(dir, 'key.txt'), `${identity}\n`);
    expect((await runTool('age', ['-d', '-i', path.join(dir, 'key.txt'), '-o', path.join(dir, 'variant.out'), variant])).code).toBe(0);
    expect(Buffer.compare(await decrypt(crlf, 333), plaintext)).toBe(0);
  });

  it('refuses armor age would refuse: cut short, a line of the wrong length, padding before the end, text after it, non-canonical base64', async () => {
    const lines = armoredLines();
    const body = lines.slice(1, -2);
    const cut = await problem(joined(lines.slice(0, 10)));
    expect(cut.message).toBe("The age file's ASCII armor is not valid: it ends without its END line (-----END AGE ENCRYPTED FILE-----): the file was cut short.");
    const short = [...lines];
    short[3] = (short[3] ?? '').slice(0, 60);
    expect((await problem(joined(short))).message).toBe("The age file's ASCII armor is not valid: line 4 has 60 characters; every line but the last has 64.");
    const long = [...lines];
    long[3] = `${long[3] ?? ''}AAAA`;
    expect((await problem(joined(long))).message).toBe("The age file's ASCII armor is not valid: line 4 is longer than 64 characters.");
    const padded = [...lines];
    padded[2] = `${(padded[2] ?? '').slice(0, 62)}==`;
    expect((await problem(joined(padded))).message).toBe("The age file's ASCII armor is not valid: line 3 has padding, which only the last line may have.");
    expect((await problem(encoder.encode(`${armor.encode(binary)}trailing text\n`))).message).toBe("The age file's ASCII armor is not valid: text follows its END line; only whitespace may.");
    expect((await problem(joined([lines[0] ?? '', ...body.slice(0, -1), 'QR==', ...lines.slice(-2)]))).message).toBe(`The age file's ASCII armor is not valid: line ${body.length + 1} is not canonical base64.`);
    expect((await problem(joined([lines[0] ?? '', ...lines.slice(-2)]))).message).toBe("The age file's ASCII armor is not valid: it holds no base64 between its BEGIN and END lines.");
    const notBase64 = [...lines];
    notBase64[2] = `${(notBase64[2] ?? '').slice(0, 63)}!`;
    expect((await problem(joined(notBase64))).message).toBe("The age file's ASCII armor is not valid: line 3 holds characters that are not base64.");
    // A line longer than any armor line is refused before it is held whole.
    expect((await problem(encoder.encode(`${lines[0] ?? ''}\n${'A'.repeat(100_000)}`))).message).toBe("The age file's ASCII armor is not valid: line 2 is longer than 64 characters.");
  });

  it('reads an armored file only from its first byte, as age -d does: leading whitespace makes it no age file', async () => {
    const spaced = encoder.encode(`  \n${armor.encode(binary)}`);
    expect(await problem(spaced)).toMatchObject({ kind: 'not-age' });
    const input = path.join(dir, 'spaced.age');
    await writeFile(input, spaced);
    await writeFile(path.join(dir, 'key.txt'), `${identity}\n`);
    expect((await runTool('age', ['-d', '-i', path.join(dir, 'key.txt'), input])).code).not.toBe(0);
  });
});

const CHUNK = 64 * 1024;
/** Payload sizes where chunking can go wrong: empty, one byte, exactly one chunk, and each chunk boundary ±1. */
const BOUNDARY_SIZES = [0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 2 * CHUNK - 1, 2 * CHUNK, 2 * CHUNK + 1, 3 * CHUNK];

/** A payload of a given size whose bytes differ from file to file. */
const payloadOf = (size: number, seed: number) => Uint8Array.from({ length: size }, (_, i) => (i * 167 + seed * 31 + (i >> 8)) & 255);

/** The JavaScript cipher, recording every (key, nonce) it seals under and what it sealed. */
function recordingCipher(): { readonly cipher: ChunkCipher; readonly seals: { key: string; nonce: string; sealed: Uint8Array }[] } {
  const seals: { key: string; nonce: string; sealed: Uint8Array }[] = [];
  return {
    seals,
    cipher: {
      seal(key, nonce, plaintext) {
        const sealed = javascriptChunkCipher.seal(key, nonce, plaintext);
        seals.push({ key: bytesToHex(key), nonce: bytesToHex(nonce), sealed });
        return sealed;
      },
      open: (key, nonce, sealed) => javascriptChunkCipher.open(key, nonce, sealed),
    },
  };
}

/** STREAM's nonce for chunk `index`: the 11-byte big-endian counter, then 1 on the last chunk only. */
function streamNonce(index: number, last: boolean): string {
  const nonce = new Uint8Array(12);
  new DataView(nonce.buffer).setUint32(7, index);
  nonce[11] = last ? 1 : 0;
  return bytesToHex(nonce);
}

/** Where an age file's header ends: after the MAC line ("--- ..."). */
function headerLength(file: Uint8Array): number {
  const text = new TextDecoder('latin1').decode(file.subarray(0, 4096));
  const mac = text.startsWith('--- ') ? 0 : text.indexOf('\n--- ') + 1;
  return text.indexOf('\n', mac) + 1;
}

const concatenated = (parts: readonly Uint8Array[]) => Buffer.concat(parts);

describe('the payload writer seals each chunk under a (key, nonce) pair of its own', () => {
  it('over random payload sizes and splits, each (key, nonce) seals exactly one chunk of the output, counted up from 0, the last flagged and only the last; age-encryption decrypts it', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(fc.constantFrom(...BOUNDARY_SIZES), fc.integer({ min: 0, max: 4 * CHUNK + 7 })),
        fc.integer({ min: 1, max: 3 * CHUNK }),
        fc.boolean(),
        fc.nat(255),
        async (size, split, byPassphrase, seed) => {
          const plaintext = payloadOf(size, seed);
          const encryption: AgeEncryption = byPassphrase ? { passphrase: 'correct horse battery staple', scryptLogN: 10 } : { recipients: [recipient] };
          const { cipher, seals } = recordingCipher();
          const file = await collect(await encryptStream(streamOf(plaintext, split), encryption, cipher));

          const decrypter = new Decrypter();
          if (byPassphrase) decrypter.addPassphrase('correct horse battery staple');
          else decrypter.addIdentity(identity);
          expect(Buffer.compare(await decrypter.decrypt(file), plaintext), 'age-encryption decrypts the file to the payload').toBe(0);

          const header = headerLength(file);
          const fileKey = await decrypter.decryptHeader(file.subarray(0, header));
          const payloadKey = bytesToHex(hkdf(sha256, fileKey, file.subarray(header, header + 16), new TextEncoder().encode('payload'), 32));
          const chunks = Math.max(1, Math.ceil(size / CHUNK));
          expect(seals.map((s) => s.key)).toEqual(Array<string>(chunks).fill(payloadKey));
          expect(seals.map((s) => s.nonce)).toEqual(Array.from({ length: chunks }, (_, i) => streamNonce(i, i === chunks - 1)));
          expect(new Set(seals.map((s) => `${s.key}:${s.nonce}`)).size).toBe(seals.length);
          // Every byte after the header and nonce is one of these seals, each once, in order: nothing else was sealed into the file.
          expect(Buffer.compare(file.subarray(header + 16), concatenated(seals.map((s) => s.sealed)))).toBe(0);
        },
      ),
      { numRuns: 40, examples: BOUNDARY_SIZES.map((size) => [size, CHUNK, false, size & 255]) },
    );
  });

  it('writes a stanza for each recipient and none more, and the age CLI decrypts it with either identity, at chunk boundaries', async () => {
    const second = await generateIdentity();
    await writeFile(path.join(dir, 'key.txt'), `${identity}\n`);
    await writeFile(path.join(dir, 'second.txt'), `${second}\n`);
    for (const size of [0, 1, CHUNK, CHUNK + 1, 3 * CHUNK - 1]) {
      const plaintext = payloadOf(size, 7);
      const file = await collect(await encryptStream(streamOf(plaintext, 1000), { recipients: [recipient, await identityToRecipient(second)] }, javascriptChunkCipher));
      const header = new TextDecoder('latin1').decode(file.subarray(0, headerLength(file)));
      expect(header.split('\n').filter((line) => line.startsWith('-> ')).map((line) => line.split(' ')[1]), `${size} bytes`).toEqual(['X25519', 'X25519']);
      const encrypted = path.join(dir, `${size}.age`);
      await writeFile(encrypted, file);
      for (const key of ['key.txt', 'second.txt']) {
        const decrypted = path.join(dir, `${size}.${key}.out`);
        // age creates its output at its first byte: for an empty payload, never.
        await writeFile(decrypted, '');
        const run = await runTool('age', ['-d', '-i', path.join(dir, key), '-o', decrypted, encrypted]);
        expect(run, `age -d of ${size} bytes with ${key}`).toMatchObject({ code: 0, stderr: '' });
        expect(Buffer.compare(await readFile(decrypted), plaintext), `${size} bytes with ${key}`).toBe(0);
      }
    }
  });
});
