import { sha256, sha512 } from '@noble/hashes/sha2.js';
import canonicalize from 'canonicalize';
import { decideSigner, type AllowedSigner } from '../identity/allowed-signers.js';
import { fingerprint } from '../identity/ssh-key.js';
import { parseSignature, signatureHash, signDigest, verifyDigest } from '../identity/sshsig.js';
import { REPORT_SIGNATURE_NAMESPACE, type ReportFile } from './review-report.js';

/**
 * A review report's signature: an SSH signature (what `ssh-keygen -Y sign` writes) over the RFC
 * 8785 canonical JSON of the report file without its `signature` member. Canonical JSON makes the
 * signed bytes independent of how the file is indented or its keys ordered; given those bytes,
 * `ssh-keygen -Y verify -n frontier-review-report -I <principal> -f allowed_signers -s <signature>`
 * decides as this module does. The signature covers the PDF and HTML of the same version by their
 * hashes (`files`).
 */

/** Who signs a report: the principal they are trusted as, and the Ed25519 seed of their signing key. */
export interface ReportSigner {
  readonly principal: string;
  readonly seed: Uint8Array;
}

/** The signers a workstation trusts and the keys it no longer trusts, as the bundle check reads them. */
export interface ReportTrust {
  readonly signers: readonly AllowedSigner[];
  readonly revoked: readonly Uint8Array[];
}

/** The bytes a report's signature covers: the canonical JSON of the file without `signature`. */
export function reportSignedBytes(file: ReportFile): Uint8Array {
  const { signature: _signature, ...unsigned } = file;
  const text = canonicalize(unsigned);
  if (text === undefined) throw new Error('The report file could not be written as canonical JSON.');
  return new TextEncoder().encode(text);
}

/** The file with `signature` set (any signature it had is replaced), signed as `ssh-keygen -Y sign` signs by default (SHA-512). */
export function signReportFile(file: ReportFile, signer: ReportSigner): ReportFile {
  const armored = signDigest(sha512(reportSignedBytes(file)), signer.seed, REPORT_SIGNATURE_NAMESPACE, 'sha512');
  return { ...file, signature: { namespace: REPORT_SIGNATURE_NAMESPACE, principal: signer.principal, armored } };
}

/** Why a report's signature was not accepted: one code per check, each with its own message. */
export type ReportSignatureProblem = 'not-signed' | 'unreadable' | 'wrong-namespace' | 'altered' | 'untrusted-signer';

/** A signature sound in itself: made for reports, over these bytes, by this key; who holds the key is not yet asked. */
export type ReportSignatureRead =
  | { readonly ok: true; readonly principal: string; readonly publicKey: Uint8Array; readonly fingerprint: string }
  | { readonly ok: false; readonly code: ReportSignatureProblem; readonly problem: string };

export type ReportSignatureCheck =
  | {
      readonly ok: true;
      /** The principal the signature claims, which the trusted signer's line allows. */
      readonly principal: string;
      readonly fingerprint: string;
      readonly signer: AllowedSigner;
    }
  | { readonly ok: false; readonly code: ReportSignatureProblem; readonly problem: string };

const refused = (code: ReportSignatureProblem, problem: string) => ({ ok: false, code, problem }) as const;

/**
 * Checks a report's signature in itself: that it was made for reports and that the file is byte for
 * byte (as canonical JSON) what was signed. Says which key signed, not whether it is trusted.
 */
export function readReportSignature(file: ReportFile): ReportSignatureRead {
  const { signature } = file;
  if (!signature) return refused('not-signed', 'The report is not signed: it has no "signature".');
  let publicKey: Uint8Array;
  try {
    const parsed = parseSignature(signature.armored);
    publicKey = parsed.publicKey;
    if (parsed.namespace !== REPORT_SIGNATURE_NAMESPACE) {
      return refused('wrong-namespace', `The report's signature was made for "${parsed.namespace}", not for reports ("${REPORT_SIGNATURE_NAMESPACE}"): it was made to sign something else.`);
    }
  } catch (e) {
    return refused('unreadable', `The report's signature cannot be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  // A signature made with `-O hashalg=sha256` is as valid as one with ssh-keygen's default.
  const hash = signatureHash(signature.armored);
  if (hash === undefined) return refused('unreadable', "The report's signature hashes with an algorithm other than sha256 or sha512, which SSH signatures do not use.");
  const digest = (hash === 'sha512' ? sha512 : sha256)(reportSignedBytes(file));
  if (!verifyDigest(signature.armored, digest, REPORT_SIGNATURE_NAMESPACE, hash).ok) {
    return refused('altered', `The report was changed after ${signature.principal} (${fingerprint(publicKey)}) signed it: its content no longer matches the signature.`);
  }
  return { ok: true, principal: signature.principal, publicKey, fingerprint: fingerprint(publicKey) };
}

/**
 * Checks a report's signature (`readReportSignature`), then that its key is trusted as the
 * principal it names, in the report namespace, at `now`: the decision `ssh-keygen -Y verify` makes
 * on the same files.
 */
export function verifyReportFile(file: ReportFile, trust: ReportTrust, now: Date = new Date()): ReportSignatureCheck {
  const read = readReportSignature(file);
  if (!read.ok) return read;
  const decision = decideSigner(trust.signers, trust.revoked, read.publicKey, REPORT_SIGNATURE_NAMESPACE, now, read.principal);
  if (!decision.ok) return refused('untrusted-signer', `The report is signed by ${read.principal} (${read.fingerprint}), but not by a trusted signer: ${decision.problem}`);
  return { ok: true, principal: read.principal, fingerprint: read.fingerprint, signer: decision.signer };
}
