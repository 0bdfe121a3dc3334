import { readFile, stat } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { identityToRecipient } from 'age-encryption';
import { BundleProblem, hashingQuarantine, type BundleTrust, type OpenOptions } from '../../shared/bundle/review-bundle.js';
import { parseAllowedSigners, parseRevokedKeys } from '../../shared/identity/allowed-signers.js';
import { fingerprint } from '../../shared/identity/ssh-key.js';
import { formatBytes } from '../../shared/errors/file-problem.js';
import { checkOuterAt, openBundleAt } from '../bundles/node-bundle-io.js';
import { DIGEST_NAME } from '../../shared/bundle/bundle-manifest.js';
import type { CommandIo } from './inspect-command.js';

/**
 * `frontier-review verify-bundle <file> --allowed-signers F [--revoked F] [--identity K | --passphrase-file P | --passphrase]`:
 * checks a review bundle as an importing workstation would, and imports nothing. Without an
 * identity or passphrase only the outer signature and its signer can be checked: the rest is
 * encrypted. The bundle is read as a stream, so its size does not matter; once it can be opened
 * its files are decrypted and hashed as they pass, and nothing decrypted is written. A passphrase
 * is read from a file or asked for on the terminal, never taken from the command line, where
 * other users' process lists and the shell's history would show it.
 */

const PROGRAM = 'frontier-review';

/** What a bundle says is printed as text, never as terminal control sequences. */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, '\uFFFD');
}

export const VERIFY_BUNDLE_USAGE = `Usage: ${PROGRAM} verify-bundle <bundle> --allowed-signers <file> [--revoked <file>]
                     [--identity <file> | --passphrase-file <file> | --passphrase]

Checks a Frontier Review bundle and reports who signed it and what it holds. Nothing is
imported or written.

  --allowed-signers <file>  The signers to trust, in OpenSSH allowed_signers form.
  --revoked <file>          Public keys no longer trusted, one per line.
  --identity <file>         An age identity file (AGE-SECRET-KEY-1…) to decrypt with.
  --passphrase-file <file>  For a bundle encrypted to a passphrase: the file whose first line
                            is the passphrase (its line ending is not part of it).
  --passphrase              For a bundle encrypted to a passphrase: ask for it on the terminal.
                            A passphrase is never given on the command line.
  -h, --help                Print this help.

Without --identity or a passphrase, only the outer signature and its signer are checked.

Exit codes: 0 verified, 1 refused or unreadable, 2 the command line was wrong.
`;

const NOT_ON_THE_COMMAND_LINE = 'A passphrase is never given on the command line, where other users and the shell’s history can see it: give --passphrase-file <file>, or --passphrase to be asked for it.';

/** The passphrase a file gives: its first line, without the line ending. */
export function passphraseOfFile(bytes: Uint8Array, name: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new BundleProblem('not-decryptable', `The passphrase file ${name} is not UTF-8 text.`);
  }
  const newline = text.indexOf('\n');
  const first = newline === -1 ? text : text.slice(0, newline);
  const passphrase = first.endsWith('\r') ? first.slice(0, -1) : first;
  if (passphrase === '') throw new BundleProblem('not-decryptable', `The first line of the passphrase file ${name} is empty.`);
  return passphrase;
}

export async function runVerifyBundleCommand(args: readonly string[], io: CommandIo, now = new Date()): Promise<number> {
  const usage = (message: string) => {
    io.stderr(`${PROGRAM}: ${message}\n\n${VERIFY_BUNDLE_USAGE}`);
    return 2;
  };
  if (args.some((a) => a.startsWith('--passphrase='))) return usage(NOT_ON_THE_COMMAND_LINE);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        'allowed-signers': { type: 'string' },
        revoked: { type: 'string' },
        identity: { type: 'string' },
        'passphrase-file': { type: 'string' },
        passphrase: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    return usage(e instanceof Error ? e.message : String(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(VERIFY_BUNDLE_USAGE);
    return 0;
  }
  const [file, ...extra] = positionals;
  const signersFile = values['allowed-signers'];
  // `--passphrase secret` leaves the secret as a second bundle: say why it is refused, not only that it is.
  if (values.passphrase && extra.length > 0) return usage(NOT_ON_THE_COMMAND_LINE);
  if (file === undefined || extra.length > 0 || signersFile === undefined) return usage('verify-bundle takes one bundle and --allowed-signers.');
  const passphraseFile = values['passphrase-file'];
  const ways = [values.identity !== undefined, passphraseFile !== undefined, values.passphrase === true].filter(Boolean).length;
  if (ways > 1) return usage('Give one of --identity, --passphrase-file and --passphrase: a bundle is encrypted to recipients or to a passphrase.');

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
    // The outer signature and its signer first: nothing is decrypted, and no passphrase asked for, for a bundle from someone not trusted.
    const sealed = await checkOuterAt(file, trust, now);
    const lines = [`${file}: signed by ${sealed.signer.principals.join(', ')} (${fingerprint(sealed.signerKey)}), a trusted signer.`];
    let decryption: OpenOptions['decryption'];
    let ownRecipients: string[] = [];
    if (values.identity !== undefined) {
      const identities = (await text(values.identity, 'The identity file'))
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l.startsWith('AGE-SECRET-KEY-'));
      if (identities.length === 0) throw new BundleProblem('not-decryptable', `${values.identity} holds no age identity (AGE-SECRET-KEY-1…).`);
      ownRecipients = await Promise.all(identities.map((i) => identityToRecipient(i)));
      decryption = { identities };
    } else if (passphraseFile !== undefined) {
      decryption = { passphrase: passphraseOfFile(await read(passphraseFile, 'The passphrase file'), passphraseFile) };
    } else if (values.passphrase) {
      const asked = io.askSecret ? await io.askSecret('Passphrase of the bundle: ') : { kind: 'no-terminal' as const };
      if (asked.kind === 'no-terminal') {
        io.stderr(`${PROGRAM}: --passphrase asks for the passphrase on a terminal, and there is none here: give --passphrase-file <file>.\n`);
        return 2;
      }
      if (asked.kind === 'cancelled' || asked.secret === '') throw new BundleProblem('not-decryptable', 'No passphrase was given; nothing was decrypted.');
      decryption = { passphrase: asked.secret };
    } else {
      lines.push('The outer signature is good. The contents are encrypted: give --identity, or --passphrase-file or --passphrase for a bundle encrypted to a passphrase, to check them too.');
      io.stdout(`${lines.map(printable).join('\n')}\n`);
      return 0;
    }
    // Decrypted contents are hashed and dropped, never written: only the manifest and its signature are kept, in memory.
    const checked = await openBundleAt(file, hashingQuarantine(), { trust, decryption, ownRecipients, seenBundleIds: new Set(), now });
    // The signer as the full check found it, in case the file changed since the first look.
    lines[0] = `${file}: signed by ${checked.signerPrincipals.join(', ')} (${checked.signerFingerprint}), a trusted signer.`;
    const m = checked.manifest;
    lines.push(
      `Bundle ${m.bundleId}, made ${m.createdAt} by ${m.exporter.name} (${m.exporter.agency}, ${m.exporter.role}).`,
      m.recipients.length === 0 ? 'For: whoever has its passphrase.' : `For: ${m.recipients.map((r) => `${r.label} (${r.recipient})`).join('; ')}`,
      `Both signatures are good and every file matches its ${DIGEST_NAME[checked.hash]}:`,
      ...m.files.map((f) => `  ${f.path}  ${formatBytes(f.size)}`),
    );
    io.stdout(`${lines.map(printable).join('\n')}\n`);
    return 0;
  } catch (e) {
    io.stderr(`${PROGRAM}: ${printable(`${file}: ${e instanceof Error ? e.message : String(e)}`)}\n`);
    return 1;
  }
}
