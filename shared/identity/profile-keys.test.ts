import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../test/fixtures/stock-tools.js';
import { generateProfileKeys, keyComment, publicIdentityOf, sealProfileKeys, unsealProfileKeys, WrongPassphrase } from './profile-keys.js';
import { parsePublicKeyLine } from './ssh-key.js';

const random = (n: number) => new Uint8Array(randomBytes(n));

describe('a profile’s keys', () => {
  it('are sealed with the passphrase and unlock only with it', async () => {
    const keys = await generateProfileKeys(random);
    const sealed = await sealProfileKeys(keys, 'correct horse battery', 10);
    const opened = await unsealProfileKeys(sealed, 'correct horse battery');
    expect(Array.from(opened.signingSeed)).toEqual(Array.from(keys.signingSeed));
    expect(opened.ageIdentity).toBe(keys.ageIdentity);
    await expect(unsealProfileKeys(sealed, 'correct horse batterY')).rejects.toBeInstanceOf(WrongPassphrase);
    await expect(sealProfileKeys(keys, 'short')).rejects.toThrow('A passphrase has at least 10 characters.');
  });

  it('report how far unlocking has got while the passphrase is stretched, and never freeze the page for it', async () => {
    const keys = await generateProfileKeys(random);
    const sealed = await sealProfileKeys(keys, 'correct horse battery', 14);
    const seen: number[] = [];
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const opened = await unsealProfileKeys(sealed, 'correct horse battery', (f) => seen.push(f));
    clearInterval(ticker);
    expect(opened.ageIdentity).toBe(keys.ageIdentity);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    expect(seen.at(-1)).toBe(1);
    // The derivation yields to the event loop as it goes: timers ran while it worked.
    expect(ticks).toBeGreaterThan(0);
  });

  it('refuse a sealed file whose passphrase stanza asks for more work than age allows', async () => {
    const keys = await generateProfileKeys(random);
    const sealed = await sealProfileKeys(keys, 'correct horse battery', 10);
    const text = new TextDecoder('latin1').decode(sealed).replace(/^(-> scrypt \S+) 10$/m, '$1 21');
    const heavy = Uint8Array.from(text, (c) => c.charCodeAt(0));
    await expect(unsealProfileKeys(heavy, 'correct horse battery')).rejects.toThrow('the sealed keys are damaged (scrypt work factor is too high)');
  });

  it('are sealed as age seals to a passphrase, so age -d recovers them by hand', async () => {
    const keys = await generateProfileKeys(random);
    const dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-keys-'));
    try {
      await writeFile(path.join(dir, 'keys.age'), await sealProfileKeys(keys, 'correct horse battery', 10));
      // age reads a passphrase only from a terminal: `script` runs it on one and types our input.
      const result = await runTool('script', ['-qec', `age -d ${path.join(dir, 'keys.age')}`, '/dev/null'], { input: 'correct horse battery\n' });
      expect(result.stdout).toContain(keys.ageIdentity);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('give a public identity: an OpenSSH key line, an age recipient and the fingerprint to read aloud', async () => {
    const keys = await generateProfileKeys(random);
    const identity = await publicIdentityOf(keys, keyComment('Dana Lead', 'CISA'));
    expect(identity.signingKey).toMatch(/^ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI[A-Za-z0-9+/]+=* Dana Lead \(CISA\)$/);
    expect(parsePublicKeyLine(identity.signingKey).comment).toBe('Dana Lead (CISA)');
    expect(identity.ageRecipient).toMatch(/^age1[0-9a-z]{58}$/);
    expect(identity.fingerprint).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
  });
});
