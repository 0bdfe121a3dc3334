import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { base64nopad } from '@scure/base';
import { scryptAsync } from '@noble/hashes/scrypt.js';
import type { Identity, Stanza } from 'age-encryption';

/** age's own limit: a file asking for more work than this is refused rather than ground through. */
const MAX_LOG_N = 20;
const LABEL = 'age-encryption.org/v1/scrypt';

/**
 * age's passphrase identity (the scrypt stanza, as in age-encryption's ScryptIdentity), with the
 * key derived by `scryptAsync`: it yields to the page every few milliseconds and reports how far
 * it has got, so unlocking a profile shows progress instead of freezing the window for seconds.
 * The rules for the stanza are age's: the only stanza, three arguments, a 16-byte salt.
 */
export class ProgressScryptIdentity implements Identity {
  constructor(
    private readonly passphrase: string,
    private readonly onProgress: (fraction: number) => void,
  ) {}

  async unwrapFileKey(stanzas: Stanza[]): Promise<Uint8Array | null> {
    for (const s of stanzas) {
      if (s.args[0] !== 'scrypt') continue;
      if (stanzas.length !== 1) throw new Error('scrypt recipient is not the only one in the header');
      const [, saltText, logNText] = s.args;
      if (s.args.length !== 3 || saltText === undefined || logNText === undefined || !/^[1-9][0-9]*$/.test(logNText)) throw new Error('invalid scrypt stanza');
      const salt = base64nopad.decode(saltText);
      if (salt.length !== 16) throw new Error('invalid scrypt stanza');
      const logN = Number(logNText);
      if (logN > MAX_LOG_N) throw new Error('scrypt work factor is too high');
      const labelAndSalt = new Uint8Array(LABEL.length + 16);
      labelAndSalt.set(new TextEncoder().encode(LABEL));
      labelAndSalt.set(salt, LABEL.length);
      const key = await scryptAsync(this.passphrase, labelAndSalt, { N: 2 ** logN, r: 8, p: 1, dkLen: 32, onProgress: this.onProgress });
      if (s.body.length !== 32) throw new Error('invalid stanza');
      try {
        return chacha20poly1305(key, new Uint8Array(12)).decrypt(s.body);
      } catch {
        return null;
      }
    }
    return null;
  }
}
