import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTool } from '../../test/fixtures/stock-tools.js';
import { decideSigner, parseAllowedSigners, parseRevokedKeys, parseSignerTime } from './allowed-signers.js';
import { fingerprint, formatPublicKeyLine, parsePublicKeyLine } from './ssh-key.js';
import { parseSignature, signMessage, verifyDigest } from './sshsig.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-identity-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const seed = Uint8Array.from({ length: 32 }, (_, i) => i + 1);
const publicKey = ed25519.getPublicKey(seed);
const message = new TextEncoder().encode('manifest of bundle 42\n');

describe('SSH signatures that ssh-keygen checks', () => {
  it('signs so that ssh-keygen -Y verify accepts the signature, and refuses a changed message', async () => {
    const signature = signMessage(message, seed, 'frontier-review-test');
    await writeFile(path.join(dir, 'signers'), `lead@cisa.example ${formatPublicKeyLine(publicKey)}\n`);
    await writeFile(path.join(dir, 'message.sig'), signature);
    const verify = (data: Uint8Array, namespace = 'frontier-review-test') =>
      runTool('ssh-keygen', ['-Y', 'verify', '-f', path.join(dir, 'signers'), '-I', 'lead@cisa.example', '-n', namespace, '-s', path.join(dir, 'message.sig')], { input: data });
    const good = await verify(message);
    expect(good.code, good.stderr).toBe(0);
    expect(good.stdout).toContain('Good "frontier-review-test" signature for lead@cisa.example');
    const changed = message.slice();
    changed[0] = (changed[0] ?? 0) ^ 1;
    expect((await verify(changed)).code).not.toBe(0);
    expect((await verify(message, 'another-namespace')).code).not.toBe(0);
  });

  it('checks what ssh-keygen -Y sign wrote, and names the key by the fingerprint ssh-keygen prints', async () => {
    const key = path.join(dir, 'cli_key');
    expect((await runTool('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'auditor', '-f', key])).code).toBe(0);
    await writeFile(path.join(dir, 'data'), message);
    expect((await runTool('ssh-keygen', ['-q', '-Y', 'sign', '-n', 'frontier-review-test', '-f', key, path.join(dir, 'data')])).code).toBe(0);
    const signature = await readFile(path.join(dir, 'data.sig'), 'utf8');
    const pub = parsePublicKeyLine(await readFile(`${key}.pub`, 'utf8'));
    expect(pub.comment).toBe('auditor');
    const check = verifyDigest(signature, sha512(message), 'frontier-review-test');
    expect(check.ok && Array.from(check.publicKey)).toEqual(Array.from(pub.publicKey));
    expect(verifyDigest(signature, sha512(message), 'frontier-review-other')).toEqual({ ok: false, problem: 'The signature was made for "frontier-review-test", not "frontier-review-other".' });
    const listed = await runTool('ssh-keygen', ['-l', '-f', `${key}.pub`]);
    expect(listed.stdout.split(' ')[1]).toBe(fingerprint(pub.publicKey));
  });

  it('refuses a signature whose bytes were changed, and says it is not a signature when it is not one', () => {
    const signature = signMessage(message, seed, 'ns');
    const body = signature.split('\n')[2] ?? '';
    const flipped = signature.replace(body, body.slice(0, 10) + (body[10] === 'A' ? 'B' : 'A') + body.slice(11));
    const result = verifyDigest(flipped, sha512(message), 'ns');
    expect(result.ok).toBe(false);
    expect(verifyDigest('hello', sha512(message), 'ns')).toEqual({ ok: false, problem: 'This is not an SSH signature (it lacks the BEGIN/END SSH SIGNATURE lines).' });
    expect(parseSignature(signature).namespace).toBe('ns');
  });
});

describe('the trust store in allowed_signers form', () => {
  const other = ed25519.getPublicKey(Uint8Array.from({ length: 32 }, () => 7));
  const file = [
    '# Trusted team leads',
    `lead@cisa.example,*@nsa.example namespaces="frontier-review-bundle,frontier-review-manifest",valid-after="20260601",valid-before="20261231235959Z" ${formatPublicKeyLine(publicKey, 'Lead')}`,
    `auditor@nist.example ${formatPublicKeyLine(other)}`,
  ].join('\n');
  const signers = parseAllowedSigners(file);
  const inside = new Date('2026-09-01T12:00:00Z');

  it('reads principals, namespaces and validity, and trusts a key only within them', () => {
    expect(signers.map((s) => [s.principals, s.namespaces, s.comment, s.line])).toEqual([
      [['lead@cisa.example', '*@nsa.example'], ['frontier-review-bundle', 'frontier-review-manifest'], 'Lead', 2],
      [['auditor@nist.example'], null, '', 3],
    ]);
    expect(decideSigner(signers, [], publicKey, 'frontier-review-bundle', inside)).toMatchObject({ ok: true, signer: { line: 2 } });
    expect(decideSigner(signers, [], publicKey, 'frontier-review-bundle', inside, 'analyst@nsa.example').ok).toBe(true);
    expect(decideSigner(signers, [], publicKey, 'frontier-review-bundle', inside, 'someone@else.example')).toEqual({ ok: false, problem: 'The signer is not trusted as someone@else.example.' });
    expect(decideSigner(signers, [], publicKey, 'git', inside)).toEqual({ ok: false, problem: 'The signer is trusted, but not to sign "git".' });
    expect(decideSigner(signers, [], publicKey, 'frontier-review-bundle', new Date('2027-01-01T00:00:00Z'))).toEqual({ ok: false, problem: "The signer's trust expired on 2026-12-31T23:59:59.000Z." });
    expect(decideSigner(signers, [], publicKey, 'frontier-review-bundle', new Date('2026-01-01T00:00:00Z')).ok).toBe(false);
    expect(decideSigner(signers, [], ed25519.getPublicKey(Uint8Array.from({ length: 32 }, () => 9)), 'frontier-review-bundle', inside)).toEqual({ ok: false, problem: 'The signer is not among the trusted signers.' });
  });

  it('decides as ssh-keygen does on the same file: namespaces, validity and revocation', async () => {
    const store = `lead@cisa.example namespaces="frontier-review-bundle",valid-after="20260601",valid-before="20991231Z" ${formatPublicKeyLine(publicKey)}\n`;
    await writeFile(path.join(dir, 'store'), store);
    await writeFile(path.join(dir, 'revoked'), `${formatPublicKeyLine(publicKey)}\n`);
    await writeFile(path.join(dir, 'empty'), '');
    const now = new Date();
    const decisions: boolean[] = [];
    for (const [namespace, revokedFile] of [['frontier-review-bundle', 'empty'], ['git', 'empty'], ['frontier-review-bundle', 'revoked']] as const) {
      await writeFile(path.join(dir, 'signed.sig'), signMessage(message, seed, namespace));
      const tool = await runTool('ssh-keygen', ['-Y', 'verify', '-f', path.join(dir, 'store'), '-I', 'lead@cisa.example', '-n', namespace, '-r', path.join(dir, revokedFile), '-s', path.join(dir, 'signed.sig')], { input: message });
      const ours = decideSigner(parseAllowedSigners(store), parseRevokedKeys(await readFile(path.join(dir, revokedFile), 'utf8')), publicKey, namespace, now, 'lead@cisa.example');
      expect([namespace, revokedFile, ours.ok]).toEqual([namespace, revokedFile, tool.code === 0]);
      decisions.push(ours.ok);
    }
    expect(decisions).toEqual([true, false, false]);

    // Negated patterns refuse outright, in namespaces and in principals alike.
    const negated = `*@cisa.example,!mallory@cisa.example namespaces="*,!git" ${formatPublicKeyLine(publicKey)}\n`;
    await writeFile(path.join(dir, 'negated'), negated);
    const cases = [['lead@cisa.example', 'frontier-review-bundle'], ['mallory@cisa.example', 'frontier-review-bundle'], ['lead@cisa.example', 'git']] as const;
    const agreed: boolean[] = [];
    for (const [principal, namespace] of cases) {
      await writeFile(path.join(dir, 'signed.sig'), signMessage(message, seed, namespace));
      const tool = await runTool('ssh-keygen', ['-Y', 'verify', '-f', path.join(dir, 'negated'), '-I', principal, '-n', namespace, '-s', path.join(dir, 'signed.sig')], { input: message });
      const ours = decideSigner(parseAllowedSigners(negated), [], publicKey, namespace, now, principal);
      expect([principal, namespace, ours.ok]).toEqual([principal, namespace, tool.code === 0]);
      agreed.push(ours.ok);
    }
    expect(agreed).toEqual([true, false, false]);
  });

  it('refuses a revoked key even where the store trusts it', () => {
    const revoked = parseRevokedKeys(`# revoked 2026-08-01\n${formatPublicKeyLine(other)}\n`);
    expect(decideSigner(signers, revoked, other, 'anything', inside).ok).toBe(false);
    expect(decideSigner(signers, revoked, publicKey, 'frontier-review-bundle', inside).ok).toBe(true);
  });

  it('names the line and the fault of a store it cannot read', () => {
    expect(() => parseAllowedSigners(`ok@x ${formatPublicKeyLine(publicKey)}\nbad@x valid-after="2026" ${formatPublicKeyLine(publicKey)}`)).toThrow(
      'allowed_signers line 2: "2026" is not a time ssh-keygen reads (YYYYMMDD or YYYYMMDDHHMM[SS], Z for UTC).',
    );
    expect(() => parseAllowedSigners('only@principal')).toThrow('allowed_signers line 1: it has no public key.');
    expect(() => parseAllowedSigners(`ca@x cert-authority ${formatPublicKeyLine(publicKey)}`)).toThrow('certificate authorities are not accepted');
    expect(() => parseSignerTime('20260231')).toThrow('is not a real date');
    expect(parseSignerTime('20260601Z').toISOString()).toBe('2026-06-01T00:00:00.000Z');
  });
});
