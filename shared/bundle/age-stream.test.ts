import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { armor, generateIdentity, identityToRecipient } from 'age-encryption';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../../test/fixtures/stock-tools.js';
import { AgeStreamProblem, decryptStream, encryptStream, javascriptChunkCipher } from './age-stream.js';
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
