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
