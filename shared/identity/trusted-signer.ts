import { parseAllowedSigners, type AllowedSigner } from './allowed-signers.js';
import { fingerprint, formatPublicKeyLine, parsePublicKeyLine } from './ssh-key.js';

/**
 * A signer this workstation trusts, as one allowed_signers line plus what the app keeps about it:
 * the age recipient to encrypt bundles to them (from a public identity file), who added them and
 * when, and whether they were revoked.
 */
export interface TrustedSigner {
  readonly id: string;
  readonly principals: readonly string[];
  /** The OpenSSH public key line, comment included. */
  readonly publicKey: string;
  readonly fingerprint: string;
  readonly namespaces: readonly string[] | null;
  readonly validAfter: string | null;
  readonly validBefore: string | null;
  /** `age1…`: bundles can be encrypted to this signer; null if their identity file did not say. */
  readonly ageRecipient: string | null;
  readonly addedBy: string;
  readonly addedAt: string;
  readonly revokedAt: string | null;
  readonly revokedBy: string | null;
  readonly revision: number;
}

export interface SignerEntry {
  readonly signer: AllowedSigner;
  readonly ageRecipient: string | null;
}

const AGE_RECIPIENT_COMMENT = /^#\s*age-recipient:\s*(age1[0-9a-z]{58})\s*$/;

/**
 * Reads an allowed_signers file, or a public identity file (an allowed_signers line after
 * comments, one of which names the age recipient): each signer with the age recipient named in
 * the comments just above it, if any.
 */
export function readSignerEntries(text: string): SignerEntry[] {
  const signers = parseAllowedSigners(text);
  const lines = text.split(/\r?\n/);
  return signers.map((signer) => {
    let ageRecipient: string | null = null;
    for (let i = signer.line - 2; i >= 0; i--) {
      const line = (lines[i] ?? '').trim();
      if (!line.startsWith('#')) break;
      ageRecipient = AGE_RECIPIENT_COMMENT.exec(line)?.[1] ?? ageRecipient;
    }
    return { signer, ageRecipient };
  });
}

/** An allowed_signers time: UTC, as ssh-keygen reads YYYYMMDDHHMMSSZ. */
function signerTime(iso: string): string {
  return `${iso.slice(0, 19).replace(/[-:T]/g, '')}Z`;
}

/** The trust store as an allowed_signers file that `ssh-keygen -Y verify -f` reads; revoked signers are left out. */
export function formatAllowedSigners(signers: readonly TrustedSigner[]): string {
  return signers
    .filter((s) => s.revokedAt === null)
    .map((s) => {
      const options = [
        ...(s.namespaces ? [`namespaces="${s.namespaces.join(',')}"`] : []),
        ...(s.validAfter ? [`valid-after="${signerTime(s.validAfter)}"`] : []),
        ...(s.validBefore ? [`valid-before="${signerTime(s.validBefore)}"`] : []),
      ];
      const ageLine = s.ageRecipient ? `# age-recipient: ${s.ageRecipient}\n` : '';
      return `${ageLine}${s.principals.join(',')}${options.length > 0 ? ` ${options.join(',')}` : ''} ${s.publicKey}\n`;
    })
    .join('');
}

/** The revocation list `ssh-keygen -Y verify -r` reads: one public key line per revoked signer. */
export function formatRevokedKeys(signers: readonly TrustedSigner[]): string {
  return signers
    .filter((s) => s.revokedAt !== null)
    .map((s) => `${s.publicKey}\n`)
    .join('');
}

/** The trust store as the bundle checks read it. */
export function allowedSignersOf(signers: readonly TrustedSigner[]): { readonly signers: AllowedSigner[]; readonly revoked: Uint8Array[] } {
  return {
    signers: signers
      .filter((s) => s.revokedAt === null)
      .map((s, i) => ({
        principals: s.principals,
        publicKey: parsePublicKeyLine(s.publicKey).publicKey,
        namespaces: s.namespaces,
        validAfter: s.validAfter ? new Date(s.validAfter) : null,
        validBefore: s.validBefore ? new Date(s.validBefore) : null,
        comment: parsePublicKeyLine(s.publicKey).comment,
        line: i + 1,
      })),
    revoked: signers.filter((s) => s.revokedAt !== null).map((s) => parsePublicKeyLine(s.publicKey).publicKey),
  };
}

export function describeSignerKey(signer: AllowedSigner): { readonly publicKey: string; readonly fingerprint: string } {
  return { publicKey: formatPublicKeyLine(signer.publicKey, signer.comment), fingerprint: fingerprint(signer.publicKey) };
}
