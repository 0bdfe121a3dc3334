import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateIdentity, identityToRecipient } from 'age-encryption';
import { describe, expect, it } from 'vitest';
import { runTool } from '../../test/fixtures/stock-tools.js';
import { newHistoryKey } from './history.js';
import { HistoryKeyProblem, historyVerifierKey, openHistoryKey, sealHistoryKey } from './history-key.js';

const random = (n: number) => crypto.getRandomValues(new Uint8Array(n));

describe('the sealed history key', () => {
  it('opens with the identity of any profile it was sealed to, with the recipients sealed alongside, and with no other', async () => {
    const key = newHistoryKey(random);
    const [dana, riley, mallory] = await Promise.all([generateIdentity(), generateIdentity(), generateIdentity()]);
    const recipients = await Promise.all([dana, riley].map((identity) => identityToRecipient(identity)));
    const sealed = await sealHistoryKey(key, [...recipients, ...recipients]);
    for (const identity of [dana, riley]) expect(await openHistoryKey(sealed, identity, historyVerifierKey(key))).toEqual({ key, recipients });
    await expect(openHistoryKey(sealed, mallory, historyVerifierKey(key))).rejects.toThrow('The key that signs the review history is not sealed to this profile');
    // The same bytes under another key's verifier are not the workstation's key.
    await expect(openHistoryKey(sealed, dana, historyVerifierKey(newHistoryKey(random)))).rejects.toBeInstanceOf(HistoryKeyProblem);
    await expect(sealHistoryKey(key, [])).rejects.toThrow('The history key must be sealed to at least one profile.');
  });

  it('is an age file, so age -d recovers it by hand with a profile’s identity', async () => {
    const key = newHistoryKey(random);
    const identity = await generateIdentity();
    const dir = await mkdtemp(path.join(tmpdir(), 'frontier-review-history-key-'));
    try {
      await writeFile(path.join(dir, 'history-key.age'), await sealHistoryKey(key, [await identityToRecipient(identity)]));
      await writeFile(path.join(dir, 'identity.txt'), `${identity}\n`);
      const result = await runTool('age', ['-d', '-i', path.join(dir, 'identity.txt'), path.join(dir, 'history-key.age')]);
      expect(JSON.parse(result.stdout)).toMatchObject({ format: 'frontier-review-history-key', origin: key.origin, seed: key.seed });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
