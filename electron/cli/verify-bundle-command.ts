import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { identityToRecipient } from 'age-encryption';
import { BundleProblem, checkOuterStream, hashingQuarantine, openBundleStream, type BundleTrust } from '../../shared/bundle/review-bundle.js';
import { parseAllowedSigners, parseRevokedKeys } from '../../shared/identity/allowed-signers.js';
import { fingerprint } from '../../shared/identity/ssh-key.js';
import { formatBytes } from '../../shared/result/file-problem.js';
import { fileStream, nativeBundleCrypto } from '../bundles/node-bundle-io.js';
import type { CommandIo } from './inspect-command.js';

/**
 * `frontier-review verify-bundle <file> --allowed-signers F [--revoked F] [--identity K]`:
 * checks a review bundle as an importing workstation would, and imports nothing. Without an
 * identity only the outer signature and its signer can be checked: the rest is encrypted. The
 * bundle is read as a stream, so its size does not matter; with an identity its files are
 * decrypted and hashed as they pass, and nothing decrypted is written.
 */

const PROGRAM = 'frontier-review';

/** What a bundle says is printed as text, never as terminal control sequences. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

export const VERIFY_BUNDLE_USAGE = `Usage: ${PROGRAM} verify-bundle <bundle> --allowed-signers <file> [--revoked <file>] [--identity <file>]

Checks a Frontier Review bundle and reports who signed it and what it holds. Nothing is
imported or written.

  --allowed-signers <file>  The signers to trust, in OpenSSH allowed_signers form.
  --revoked <file>          Public keys no longer trusted, one per line.
  --identity <file>         An age identity file (AGE-SECRET-KEY-1…) to decrypt with; without
                            one, only the outer signature and its signer are checked.
  -h, --help                Print this help.

Exit codes: 0 verified, 1 refused or unreadable, 2 the command line was wrong.
`;

export async function runVerifyBundleCommand(args: readonly string[], io: CommandIo, now = new Date()): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: { 'allowed-signers': { type: 'string' }, revoked: { type: 'string' }, identity: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (e) {
    io.stderr(`${PROGRAM}: ${e instanceof Error ? e.message : String(e)}\n\n${VERIFY_BUNDLE_USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(VERIFY_BUNDLE_USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  const signersFile = values['allowed-signers'];
  if (file === undefined || extra.length > 0 || signersFile === undefined) {
    io.stderr(`${PROGRAM}: verify-bundle takes one bundle and --allowed-signers.\n\n${VERIFY_BUNDLE_USAGE}`);
    return 2;
  }

  const read = async (name: string, what: string): Promise<Uint8Array> => {
    try {
      return new Uint8Array(await readFile(name));
    } catch (e) {
      throw new BundleProblem('not-a-bundle', `${what} ${name} could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`);
    }
  };
  const text = async (name: string, what: string) => new TextDecoder().decode(await read(name, what));
  try {
    const trust: BundleTrust = {
      signers: parseAllowedSigners(await text(signersFile, 'The allowed signers file')),
      revoked: values.revoked === undefined ? [] : parseRevokedKeys(await text(values.revoked, 'The revocation list')),
    };
    const isFile = await stat(file).then(
      (s) => s.isFile(),
      (e: unknown) => {
        throw new BundleProblem('not-a-bundle', `The bundle ${file} could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`);
      },
    );
    if (!isFile) throw new BundleProblem('not-a-bundle', `${file} is not a file.`);
    const sealed = await checkOuterStream(fileStream(file), trust, now, undefined, nativeBundleCrypto);
    const lines = [`${file}: signed by ${sealed.signer.principals.join(', ')} (${fingerprint(sealed.signerKey)}), a trusted signer.`];
    if (values.identity === undefined) {
      lines.push('The outer signature is good. The contents are encrypted: give --identity to check them too.');
      io.stdout(`${lines.map(printable).join('\n')}\n`);
      return 0;
    }
    const identities = (await text(values.identity, 'The identity file'))
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith('AGE-SECRET-KEY-'));
    if (identities.length === 0) throw new BundleProblem('not-decryptable', `${values.identity} holds no age identity (AGE-SECRET-KEY-1…).`);
    const ownRecipients = await Promise.all(identities.map((i) => identityToRecipient(i)));
    // Decrypted contents are hashed and dropped, never written: only the manifest and its signature are kept, in memory.
    const checked = await openBundleStream(() => fileStream(file), hashingQuarantine(), { trust, decryption: { identities }, ownRecipients, seenBundleIds: new Set(), now }, nativeBundleCrypto);
    // The signer as the full check found it, in case the file changed since the first look.
    lines[0] = `${file}: signed by ${checked.signerPrincipals.join(', ')} (${checked.signerFingerprint}), a trusted signer.`;
    const m = checked.manifest;
    lines.push(
      `Bundle ${m.bundleId}, made ${m.createdAt} by ${m.exporter.name} (${m.exporter.agency}, ${m.exporter.role}).`,
      `For: ${m.recipients.map((r) => `${r.label} (${r.recipient})`).join('; ')}`,
      `Both signatures are good and every file matches its SHA-512:`,
      ...m.files.map((f) => `  ${f.path}  ${formatBytes(f.size)}`),
    );
    io.stdout(`${lines.map(printable).join('\n')}\n`);
    return 0;
  } catch (e) {
    io.stderr(`${PROGRAM}: ${printable(`${file}: ${e instanceof Error ? e.message : String(e)}`)}\n`);
    return 1;
  }
}
