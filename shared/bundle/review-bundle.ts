import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { Decrypter, Encrypter } from 'age-encryption';
import { packTar, unpackTar } from 'modern-tar';
import { decideSigner, type AllowedSigner } from '../identity/allowed-signers.js';
import { fingerprint, formatPublicKeyLine, parsePublicKeyLine, sameKey } from '../identity/ssh-key.js';
import { signDigest, verifyDigest } from '../identity/sshsig.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  INNER_NAMESPACE,
  MANIFEST,
  OUTER_CIPHERTEXT,
  OUTER_NAMESPACE,
  OUTER_SIGNATURE,
  SUMS,
  SUMS_SIGNATURE,
  bundleManifestSchema,
  bundlePathProblem,
  formatSums,
  parseSums,
  type BundleManifest,
} from './bundle-manifest.js';

/**
 * Review bundles: sign, encrypt, sign.
 *
 *     bundle.frbundle (tar)
 *     ├── bundle.age        age-encrypted inner tar, to the recipients' X25519 keys or a passphrase
 *     └── bundle.age.sig    SSHSIG over bundle.age, namespace frontier-review-bundle
 *     inner tar
 *     ├── manifest.json     id, time, exporter, recipients, every file with its size and SHA-512
 *     ├── SHA512SUMS        every file's SHA-512 (manifest.json's too), for sha512sum -c
 *     ├── SHA512SUMS.sig    SSHSIG over SHA512SUMS, namespace frontier-review-manifest
 *     └── review/…, attachments/…
 *
 * The outer signature lets a workstation refuse an untrusted bundle before it decrypts or parses
 * anything; the inner one binds the contents to the signer whoever re-encrypts them. Every step
 * is a stock tool's: tar, ssh-keygen -Y verify, age -d, sha512sum -c.
 */

export interface BundleFile {
  readonly path: string;
  readonly bytes: Uint8Array;
}

export interface BundleSigner {
  readonly name: string;
  readonly agency: string;
  readonly role: BundleManifest['exporter']['role'];
  /** The Ed25519 seed of the exporter's signing key. */
  readonly seed: Uint8Array;
  readonly publicKey: Uint8Array;
}

export type BundleEncryption = { readonly recipients: readonly { readonly label: string; readonly recipient: string }[] } | { readonly passphrase: string; readonly scryptLogN?: number };

export interface NewBundle {
  readonly bundleId: string;
  readonly createdAt: string;
  readonly signer: BundleSigner;
  readonly encryption: BundleEncryption;
  readonly files: readonly BundleFile[];
}

/** Why a bundle was refused: one code per check, so each has its own message and test. */
export type BundleProblemCode =
  | 'not-a-bundle'
  | 'outer-signature'
  | 'untrusted-signer'
  | 'not-decryptable'
  | 'unsafe-entry'
  | 'inner-signature'
  | 'hash-mismatch'
  | 'bad-manifest'
  | 'not-a-recipient'
  | 'replayed'
  | 'too-large';

export class BundleProblem extends Error {
  constructor(
    readonly code: BundleProblemCode,
    message: string,
  ) {
    super(message);
  }
}

export interface BundleLimits {
  readonly maxEntries: number;
  /** Bytes of all files together, once decrypted. */
  readonly maxTotalBytes: number;
}

export const DEFAULT_BUNDLE_LIMITS: BundleLimits = { maxEntries: 10_000, maxTotalBytes: 4 * 1024 ** 3 };

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function hex512(bytes: Uint8Array): string {
  return bytesToHex(sha512(bytes));
}

const RESERVED = new Set([MANIFEST, SUMS, SUMS_SIGNATURE]);

/** Makes a bundle: its bytes, and the manifest it carries (for the exporter's own records). */
export async function createBundle(bundle: NewBundle): Promise<{ readonly bytes: Uint8Array; readonly manifest: BundleManifest }> {
  const seen = new Set<string>();
  for (const file of bundle.files) {
    const problem = bundlePathProblem(file.path);
    if (problem) throw new BundleProblem('unsafe-entry', `The file name "${file.path}" has ${problem}.`);
    if (RESERVED.has(file.path) || seen.has(file.path)) throw new BundleProblem('unsafe-entry', `The file name "${file.path}" is used twice or reserved.`);
    seen.add(file.path);
  }
  const { signer } = bundle;
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    bundleId: bundle.bundleId,
    createdAt: bundle.createdAt,
    exporter: { name: signer.name, agency: signer.agency, role: signer.role, publicKey: formatPublicKeyLine(signer.publicKey), fingerprint: fingerprint(signer.publicKey) },
    recipients: 'recipients' in bundle.encryption ? bundle.encryption.recipients.map((r) => ({ label: r.label, recipient: r.recipient })) : [],
    files: bundle.files.map((f) => ({ path: f.path, size: f.bytes.length, sha512: hex512(f.bytes) })),
  };
  const checked = bundleManifestSchema.parse(manifest);
  const manifestBytes = encoder.encode(`${JSON.stringify(checked, null, 2)}\n`);
  const hashes = new Map(manifest.files.map((f) => [f.path, f.sha512]));
  hashes.set(MANIFEST, hex512(manifestBytes));
  const sums = encoder.encode(formatSums(hashes));
  const sumsSignature = encoder.encode(signDigest(sha512(sums), signer.seed, INNER_NAMESPACE));
  const mtime = new Date(bundle.createdAt);
  const inner = await packTar([tarEntry(MANIFEST, manifestBytes, mtime), tarEntry(SUMS, sums, mtime), tarEntry(SUMS_SIGNATURE, sumsSignature, mtime), ...bundle.files.map((f) => tarEntry(f.path, f.bytes, mtime))]);
  return { bytes: await sealBundle(inner, signer.seed, bundle.encryption, mtime), manifest: checked };
}

function tarEntry(name: string, body: Uint8Array, mtime: Date) {
  return { header: { name, size: body.length, type: 'file' as const, mode: 0o644, mtime }, body };
}

/** Encrypts an inner archive and signs the ciphertext: the outer layers of a bundle. */
export async function sealBundle(inner: Uint8Array, seed: Uint8Array, encryption: BundleEncryption, mtime: Date): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  if ('passphrase' in encryption) {
    encrypter.setScryptWorkFactor(encryption.scryptLogN ?? 18);
    encrypter.setPassphrase(encryption.passphrase);
  } else {
    if (encryption.recipients.length === 0) throw new BundleProblem('not-a-recipient', 'A bundle needs at least one recipient.');
    for (const r of encryption.recipients) encrypter.addRecipient(r.recipient);
  }
  const ciphertext = await encrypter.encrypt(inner);
  const outerSignature = encoder.encode(signDigest(sha512(ciphertext), seed, OUTER_NAMESPACE));
  return packTar([tarEntry(OUTER_CIPHERTEXT, ciphertext, mtime), tarEntry(OUTER_SIGNATURE, outerSignature, mtime)]);
}

export interface BundleTrust {
  readonly signers: readonly AllowedSigner[];
  readonly revoked: readonly Uint8Array[];
}

export interface OpenOptions {
  readonly trust: BundleTrust;
  /** This workstation's age identities (AGE-SECRET-KEY-1…), or the bundle's passphrase. */
  readonly decryption: { readonly identities: readonly string[] } | { readonly passphrase: string };
  /** This workstation's own recipients: a bundle must name one of them (not checked for a passphrase bundle). */
  readonly ownRecipients: readonly string[];
  readonly seenBundleIds: ReadonlySet<string>;
  readonly now: Date;
  readonly limits?: BundleLimits;
}

export interface OpenedBundle {
  readonly manifest: BundleManifest;
  readonly files: ReadonlyMap<string, Uint8Array>;
  readonly signerPrincipals: readonly string[];
  /** Of the key that signed, computed here (the manifest's own claim is checked against it). */
  readonly signerFingerprint: string;
}

interface TarFile {
  readonly name: string;
  readonly data: Uint8Array;
}

/** Reads a tar, refusing anything but plain files with safe, distinct names. */
async function readTar(bytes: Uint8Array, what: string, limits: BundleLimits): Promise<TarFile[]> {
  let entries;
  try {
    entries = await unpackTar(bytes);
  } catch (e) {
    throw new BundleProblem(what === 'bundle' ? 'not-a-bundle' : 'unsafe-entry', `The ${what} is not a readable tar archive (${e instanceof Error ? e.message : String(e)}).`);
  }
  if (entries.length > limits.maxEntries) throw new BundleProblem('too-large', `The ${what} holds ${entries.length} entries; at most ${limits.maxEntries} are read.`);
  const files: TarFile[] = [];
  const names = new Set<string>();
  let total = 0;
  for (const { header, data } of entries) {
    const problem = bundlePathProblem(header.name);
    if (problem) throw new BundleProblem('unsafe-entry', `The ${what} entry "${header.name}" has ${problem}; nothing was unpacked.`);
    if (header.type !== 'file' || !data) throw new BundleProblem('unsafe-entry', `The ${what} entry "${header.name}" is a ${header.type ?? 'special entry'}, not a file; bundles hold files only.`);
    if (names.has(header.name)) throw new BundleProblem('unsafe-entry', `The ${what} holds "${header.name}" twice.`);
    total += data.length;
    if (total > limits.maxTotalBytes) throw new BundleProblem('too-large', `The ${what} unpacks to more than ${limits.maxTotalBytes.toLocaleString('en-US')} bytes.`);
    names.add(header.name);
    files.push({ name: header.name, data });
  }
  return files;
}

/**
 * Verifies and decrypts a bundle, in the order that trusts nothing early: the outer signature and
 * its signer, then decryption, the inner archive's names, the inner signature (by the same key),
 * every hash, the manifest, the recipients and replay. Throws `BundleProblem` at the first failure.
 */
export async function openBundle(bytes: Uint8Array, options: OpenOptions): Promise<OpenedBundle> {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const { ciphertext, signerKey, signer } = await checkOuterSignature(bytes, options.trust, options.now, limits);
  return openSealed(ciphertext, signerKey, signer, options, limits);
}

export interface SealedBundle {
  readonly ciphertext: Uint8Array;
  readonly signerKey: Uint8Array;
  readonly signer: AllowedSigner;
}

/** The first check, which needs no key: the outer signature, and whether its signer is trusted. */
export async function checkOuterSignature(bytes: Uint8Array, trust: BundleTrust, now: Date, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<SealedBundle> {
  const outer = await readTar(bytes, 'bundle', limits);
  const ciphertext = outer.find((f) => f.name === OUTER_CIPHERTEXT)?.data;
  const outerSignature = outer.find((f) => f.name === OUTER_SIGNATURE)?.data;
  if (!ciphertext || !outerSignature || outer.length !== 2) {
    throw new BundleProblem('not-a-bundle', `This is not a Frontier Review bundle: it should hold exactly ${OUTER_CIPHERTEXT} and ${OUTER_SIGNATURE}.`);
  }
  const outerCheck = verifyDigest(text(outerSignature, OUTER_SIGNATURE), sha512(ciphertext), OUTER_NAMESPACE);
  if (!outerCheck.ok) throw new BundleProblem('outer-signature', `The bundle's outer signature is not valid: ${outerCheck.problem} Nothing was decrypted.`);
  const trusted = decideSigner(trust.signers, trust.revoked, outerCheck.publicKey, OUTER_NAMESPACE, now);
  if (!trusted.ok) throw new BundleProblem('untrusted-signer', `${trusted.problem} (${fingerprint(outerCheck.publicKey)}) Nothing was decrypted.`);
  return { ciphertext, signerKey: outerCheck.publicKey, signer: trusted.signer };
}

async function openSealed(ciphertext: Uint8Array, signerKey: Uint8Array, signer: AllowedSigner, options: OpenOptions, limits: BundleLimits): Promise<OpenedBundle> {

  const decrypter = new Decrypter();
  if ('passphrase' in options.decryption) decrypter.addPassphrase(options.decryption.passphrase);
  else for (const identity of options.decryption.identities) decrypter.addIdentity(identity);
  let plaintext: Uint8Array;
  try {
    plaintext = await decrypter.decrypt(ciphertext);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    throw new BundleProblem(
      'not-decryptable',
      /no identity matched|incorrect passphrase|passphrase/i.test(message)
        ? 'None of this workstation’s keys can open the bundle: it was encrypted for someone else, or with another passphrase.'
        : `The bundle could not be decrypted: ${message}.`,
    );
  }

  const inner = await readTar(plaintext, 'bundle’s archive', limits);
  const byName = new Map(inner.map((f) => [f.name, f.data]));
  const sums = byName.get(SUMS);
  const sumsSignature = byName.get(SUMS_SIGNATURE);
  const manifestBytes = byName.get(MANIFEST);
  if (!sums || !sumsSignature || !manifestBytes) throw new BundleProblem('bad-manifest', `The bundle lacks ${[MANIFEST, SUMS, SUMS_SIGNATURE].filter((n) => !byName.has(n)).join(', ')}.`);
  const innerCheck = verifyDigest(text(sumsSignature, SUMS_SIGNATURE), sha512(sums), INNER_NAMESPACE);
  if (!innerCheck.ok) throw new BundleProblem('inner-signature', `The signature of the bundle's contents is not valid: ${innerCheck.problem}`);
  if (!sameKey(innerCheck.publicKey, signerKey)) throw new BundleProblem('inner-signature', 'The contents were signed by a different key than the bundle: it was re-wrapped by someone else.');
  // The same key, trusted for the inner namespace too, as `ssh-keygen -Y verify -n frontier-review-manifest` would require.
  const innerTrust = decideSigner(options.trust.signers, options.trust.revoked, signerKey, INNER_NAMESPACE, options.now);
  if (!innerTrust.ok) throw new BundleProblem('untrusted-signer', `The contents' signature: ${innerTrust.problem}`);

  let listed: Map<string, string>;
  try {
    listed = parseSums(text(sums, SUMS));
  } catch (e) {
    throw new BundleProblem('bad-manifest', e instanceof Error ? e.message : String(e));
  }
  for (const name of byName.keys()) {
    if (name !== SUMS && name !== SUMS_SIGNATURE && !listed.has(name)) throw new BundleProblem('hash-mismatch', `The bundle holds "${name}", which its signed list of files does not name.`);
  }
  for (const [name, expected] of listed) {
    const data = byName.get(name);
    if (!data) throw new BundleProblem('hash-mismatch', `The signed list of files names "${name}", which the bundle lacks.`);
    if (hex512(data) !== expected) throw new BundleProblem('hash-mismatch', `"${name}" is not the file that was signed: its SHA-512 differs.`);
  }

  let manifest: BundleManifest;
  try {
    manifest = bundleManifestSchema.parse(JSON.parse(text(manifestBytes, MANIFEST)));
  } catch (e) {
    throw new BundleProblem('bad-manifest', `${MANIFEST} is not a bundle manifest this version reads (${e instanceof Error ? e.message.slice(0, 300) : String(e)}).`);
  }
  if (manifest.version !== BUNDLE_VERSION) throw new BundleProblem('bad-manifest', `The bundle is of format version ${manifest.version}; this version of Frontier Review reads version ${BUNDLE_VERSION}.`);
  const described = new Set(manifest.files.map((f) => f.path));
  if (described.size !== listed.size - 1 || [...listed.keys()].some((name) => name !== MANIFEST && !described.has(name))) {
    throw new BundleProblem('bad-manifest', `${MANIFEST} and ${SUMS} list different files.`);
  }
  if (!sameKey(parsePublicKeyLine(manifest.exporter.publicKey).publicKey, signerKey) || manifest.exporter.fingerprint !== fingerprint(signerKey)) {
    throw new BundleProblem('bad-manifest', 'The manifest names another exporter key than the one that signed the bundle.');
  }
  for (const f of manifest.files) {
    const data = byName.get(f.path);
    if (data?.length !== f.size || f.sha512 !== listed.get(f.path)) throw new BundleProblem('bad-manifest', `${MANIFEST} describes "${f.path}" otherwise than the signed list of files and the file itself.`);
  }
  if ('identities' in options.decryption && !manifest.recipients.some((r) => options.ownRecipients.includes(r.recipient))) {
    throw new BundleProblem('not-a-recipient', 'This workstation is not among the bundle’s intended recipients.');
  }
  if (options.seenBundleIds.has(manifest.bundleId)) throw new BundleProblem('replayed', `Bundle ${manifest.bundleId} was imported here before; a bundle is imported once.`);

  const files = new Map<string, Uint8Array>();
  for (const f of manifest.files) {
    const data = byName.get(f.path);
    if (data) files.set(f.path, data);
  }
  return { manifest, files, signerPrincipals: signer.principals, signerFingerprint: fingerprint(signerKey) };
}

function text(bytes: Uint8Array, name: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new BundleProblem('bad-manifest', `${name} is not UTF-8 text.`);
  }
}
