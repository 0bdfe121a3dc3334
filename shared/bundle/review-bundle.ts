import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { concat } from '../streams/byte-streams.js';
import { createTarDecoder, createTarPacker, packTar, type ParsedTarEntry } from 'modern-tar';
import { AgeStreamProblem, decryptStream, encryptStream, javascriptChunkCipher, newAgeFile, sealedFile, sealPayload, STREAM_CHUNK, STREAM_TAG, type AgeEncryption, type ChunkCipher } from './age-stream.js';
import { decideSigner, type AllowedSigner } from '../identity/allowed-signers.js';
import { fingerprint, formatPublicKeyLine, parsePublicKeyLine, sameKey } from '../identity/ssh-key.js';
import { signatureHash, signDigest, verifyDigest } from '../identity/sshsig.js';
import { bannerText, type Marking } from '../marking/marking.js';
import {
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  DEFAULT_BUNDLE_DIGEST,
  DIGEST_NAME,
  INNER_NAMESPACE,
  MANIFEST,
  OUTER_CIPHERTEXT,
  OUTER_NAMESPACE,
  OUTER_SIGNATURE,
  OWN_FILES,
  RESERVED_NAMES,
  SUMS,
  SUMS_SIGNATURE,
  bundlePathProblem,
  formatSums,
  parseSums,
  readBundleManifest,
  type BundleDigest,
  type BundleManifest,
} from './bundle-manifest.js';

/**
 * Review bundles: sign, encrypt, sign.
 *
 *     bundle.frbundle (tar)
 *     ├── bundle.age        age-encrypted inner tar, to the recipients' X25519 keys or a passphrase
 *     └── bundle.age.sig    SSHSIG over bundle.age, namespace frontier-review-bundle
 *     inner tar
 *     ├── manifest.json     id, time, exporter, recipients, every file with its size and SHA-256
 *     ├── SHA256SUMS        every file's SHA-256 (manifest.json's too), for sha256sum -c
 *     ├── SHA256SUMS.sig    SSHSIG over SHA256SUMS, namespace frontier-review-manifest
 *     └── review/…, attachments/…
 *
 * The outer signature lets a workstation refuse an untrusted bundle before it decrypts or parses
 * anything; the inner one binds the contents to the signer whoever re-encrypts them. Every step
 * is a stock tool's: tar, ssh-keygen -Y verify, age -d, sha256sum -c. A bundle hashes with one
 * algorithm throughout, both signatures' hashalg included: SHA-256, or SHA-512 (SHA512SUMS) in
 * bundles made before SHA-256 was the default, which are read as they are.
 *
 * Bundles are written and read as streams, so a bundle with a log of gigabytes takes constant
 * memory: the data files come first in the inner archive, hashed as they pass, and the manifest,
 * SHA256SUMS and its signature last. Reading takes two passes over the file: the first hashes the
 * ciphertext for the outer signature, the second decrypts into a quarantine as it unpacks; nothing
 * in the quarantine is used until the last chunk has authenticated and every check has passed.
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

/** Who makes a bundle, for whom, and its id and time: everything but its files. */
export interface BundleHeader {
  readonly bundleId: string;
  readonly createdAt: string;
  /** The highest marking of what the bundle holds, written into its signed manifest. */
  readonly marking: Marking;
  /** The classification authority block and CUI designation indicator, a line each, signed with the manifest. */
  readonly markingBlocks?: readonly string[] | undefined;
  readonly signer: BundleSigner;
  readonly encryption: BundleEncryption;
  /** What the bundle hashes with; SHA-256 unless a reader that takes only SHA-512 needs it. */
  readonly digest?: BundleDigest | undefined;
}

export interface NewBundle extends BundleHeader {
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

/**
 * An incremental hash. A hasher on another thread takes the bytes (or a copy) at `update` and
 * hashes them while the caller goes on: `update` resolves once the bytes may be reused, `digest`
 * once everything is hashed.
 */
export interface Hasher {
  update(bytes: Uint8Array): void | Promise<void>;
  /** Hashes bytes of shared memory where they lie, without a copy; resolves once they are hashed and may be reused. */
  updateShared?(bytes: Uint8Array): Promise<void>;
  digest(): Uint8Array | Promise<Uint8Array>;
}

/** What a sealed payload came to: the age file's bytes and their hash. */
export interface SealedPayload {
  readonly bytes: number;
  readonly digest: Uint8Array;
}

/** The primitives a bundle is made with: JavaScript ones in the page, Node's native ones in the main process and on the command line. */
export interface BundleCrypto {
  readonly cipher: ChunkCipher;
  readonly hash: (digest: BundleDigest) => Hasher;
  /**
   * Writes an age file into `sink`: `prefix` (its header and nonce), then `plaintext` sealed under
   * `key` as the STREAM payload; hashes what it writes with `digest`. Without it, `cipher` seals
   * chunk by chunk; with it (chunks sealed on several threads, say) the bytes must be the same.
   */
  readonly sealInto?: (plaintext: ReadableStream<Uint8Array>, prefix: Uint8Array, key: Uint8Array, sink: WritableStream<Uint8Array>, digest: BundleDigest) => Promise<SealedPayload>;
  /** Opens a STREAM payload; without it, `cipher` opens chunk by chunk. */
  readonly openPayload?: (key: Uint8Array) => TransformStream<Uint8Array, Uint8Array>;
}

export const javascriptBundleCrypto: BundleCrypto = {
  cipher: javascriptChunkCipher,
  hash: (digest) => {
    const hash = digest === 'sha256' ? sha256.create() : sha512.create();
    return { update: (bytes) => void hash.update(bytes), digest: () => hash.digest() };
  },
};

/** The hash of a small file, held whole. */
function hashOf(bytes: Uint8Array, digest: BundleDigest): Uint8Array {
  return digest === 'sha256' ? sha256(bytes) : sha512(bytes);
}

/** A file to put in a bundle, read as a stream when its turn comes. */
export interface BundleSource {
  readonly path: string;
  readonly size: number;
  readonly stream: () => ReadableStream<Uint8Array>;
  /**
   * The file's SHA-256 (hex), where its holder keeps it by that hash (an original log is stored
   * under it): a SHA-256 bundle lists it as it is, without hashing the file again. Whoever opens the
   * bundle hashes every file and refuses one whose hash is not the one listed.
   */
  readonly sha256?: string | undefined;
}

/**
 * Where the ciphertext goes while it is made, and how the outer archive is finished around it once
 * its size and signature are known (the archive states the size before the ciphertext). In the
 * page it waits in memory; on disk it is written in place and the archive's first block after.
 */
export interface OuterSink {
  /**
   * Where the ciphertext goes. `expected` is its size, worked out before a byte is sealed (see
   * `ciphertextSize`), and the archive's time: enough to make the archive's first block at once.
   */
  readonly ciphertext: (expected: { readonly size: number; readonly mtime: Date }) => WritableStream<Uint8Array>;
  readonly finish: (size: number, signature: Uint8Array, mtime: Date) => Promise<void>;
}

/** Ciphertext held until it is known, then the outer archive written to `out`. */
function heldOuter(out: WritableStream<Uint8Array>): OuterSink {
  const held = memorySink();
  return {
    ciphertext: () => held.writable,
    finish: (size, signature, mtime) => writeOuter(bytesStream(held.bytes()), size, signature, mtime, out),
  };
}

/** Octal digits of a ustar size field: 11, then NUL. */
const USTAR_MAX_SIZE = 0o77777777777;

/**
 * The outer archive around a ciphertext written in place: its first block (the ustar header of
 * bundle.age, whose size field is set once the size is known) and everything after the ciphertext
 * (its padding, the signature entry, the end of the archive). The header is the library's, for a
 * size of 0, with the size and checksum fields set as the ustar format defines them.
 */
export async function outerFrame(size: number, signature: Uint8Array, mtime: Date): Promise<{ readonly head: Uint8Array; readonly tail: Uint8Array }> {
  if (size > USTAR_MAX_SIZE) throw new BundleProblem('too-large', 'A bundle’s ciphertext must be under 8 GiB.');
  const empty = memorySink();
  await writeOuter(bytesStream(new Uint8Array()), 0, signature, mtime, empty.writable);
  const archive = empty.bytes();
  const head = archive.slice(0, 512);
  head.set(encoder.encode(`${size.toString(8).padStart(11, '0')}\0`), 124);
  head.fill(0x20, 148, 156);
  const checksum = head.reduce((sum, byte) => sum + byte, 0);
  head.set(encoder.encode(`${checksum.toString(8).padStart(6, '0')}\0 `), 148);
  const padding = new Uint8Array((512 - (size % 512)) % 512);
  return { head, tail: concat([padding, archive.subarray(512)]) };
}

/** Where a bundle's files are unpacked while they are checked; nothing there is used until all checks pass. */
export interface Quarantine {
  /** A new file; the path has already been checked. */
  readonly create: (path: string) => WritableStream<Uint8Array>;
  /** A small file's bytes (the manifest, SHA256SUMS, its signature). */
  readonly read: (path: string) => Promise<Uint8Array>;
}

/** The manifest, SHA256SUMS and the signatures are small; anything larger is refused unread. */
const MAX_SMALL_FILE = 64 * 1024 * 1024;

export function bytesStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      if (bytes.length > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

interface Measuring {
  readonly stream: TransformStream<Uint8Array, Uint8Array>;
  readonly bytes: () => number;
  /** The hash of everything that passed; once the stream has ended. */
  readonly digest: () => Promise<Uint8Array>;
}

/** Passes bytes through, hashing and counting them. */
function measuring(hasher: Hasher): Measuring {
  let bytes = 0;
  let digest: Promise<Uint8Array> | undefined;
  return {
    stream: new TransformStream({
      async transform(chunk, controller) {
        await hasher.update(chunk);
        bytes += chunk.length;
        controller.enqueue(chunk);
      },
    }),
    bytes: () => bytes,
    digest: () => (digest ??= Promise.resolve(hasher.digest())),
  };
}

/** Passes bytes through, counting them; a file already known by its hash (`hex`). */
function counting(hex: string): Measuring {
  let bytes = 0;
  return {
    stream: new TransformStream({
      transform(chunk, controller) {
        bytes += chunk.length;
        controller.enqueue(chunk);
      },
    }),
    bytes: () => bytes,
    digest: () => Promise.resolve(hexToBytes(hex)),
  };
}

/** Seals chunk by chunk with `crypto.cipher`, hashing the file as it passes into `sink`. */
async function sealChunkByChunk(crypto: BundleCrypto, plaintext: ReadableStream<Uint8Array>, prefix: Uint8Array, key: Uint8Array, sink: WritableStream<Uint8Array>, digest: BundleDigest): Promise<SealedPayload> {
  const hash = measuring(crypto.hash(digest));
  await sealedFile(prefix, plaintext.pipeThrough(sealPayload(key, crypto.cipher))).pipeThrough(hash.stream).pipeTo(sink);
  return { bytes: hash.bytes(), digest: await hash.digest() };
}


/** Bytes of a stream, gathered: for small files and for bundles held in memory. */
export async function collect(stream: ReadableStream<Uint8Array>, limit = Number.POSITIVE_INFINITY): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  let length = 0;
  for await (const part of stream) {
    length += part.length;
    if (length > limit) throw new BundleProblem('too-large', `A file that should be small is over ${limit.toLocaleString('en-US')} bytes.`);
    parts.push(part);
  }
  return concat(parts);
}

/** A sink that keeps what is written to it. */
function memorySink(onClose?: (bytes: Uint8Array) => void): { readonly writable: WritableStream<Uint8Array>; readonly bytes: () => Uint8Array } {
  const parts: Uint8Array[] = [];
  return {
    writable: new WritableStream({
      write: (part) => {
        parts.push(part);
      },
      close: () => onClose?.(concat(parts)),
    }),
    bytes: () => concat(parts),
  };
}

/** A quarantine in memory: for the page, and for bundles held whole. */
export function memoryQuarantine(): { readonly quarantine: Quarantine; readonly files: Map<string, Uint8Array> } {
  const files = new Map<string, Uint8Array>();
  const sink = (name: string) => memorySink((bytes) => files.set(name, bytes)).writable;
  return {
    quarantine: {
      create: sink,
      read: (name) => {
        const bytes = files.get(name);
        return bytes ? Promise.resolve(bytes) : Promise.reject(new BundleProblem('bad-manifest', `The bundle lacks ${name}.`));
      },
    },
    files,
  };
}

/**
 * A quarantine that keeps only the small files a check reads (the manifest, SHA256SUMS and its
 * signature) and lets everything else pass through its hash to nowhere: for checking a bundle
 * without writing its decrypted contents anywhere.
 */
export function hashingQuarantine(): Quarantine {
  const kept = memoryQuarantine();
  return { create: (path) => (RESERVED_NAMES.has(path) ? kept.quarantine.create(path) : new WritableStream<Uint8Array>()), read: kept.quarantine.read };
}

function tarHeader(name: string, size: number, mtime: Date) {
  return { name, size, type: 'file' as const, mode: 0o644, mtime };
}

async function addEntry(controller: ReturnType<typeof createTarPacker>['controller'], name: string, size: number, mtime: Date, body: ReadableStream<Uint8Array>): Promise<void> {
  await body.pipeTo(controller.add(tarHeader(name, size, mtime)));
}

function ageEncryption(encryption: BundleEncryption): AgeEncryption {
  if ('passphrase' in encryption) return encryption;
  if (encryption.recipients.length === 0) throw new BundleProblem('not-a-recipient', 'A bundle needs at least one recipient.');
  return { recipients: encryption.recipients.map((r) => r.recipient) };
}

/**
 * Writes a bundle to `out`, reading each file once: data files first, each hashed as it passes
 * into the encrypted archive, then the manifest, SHA256SUMS and its signature; then the outer
 * archive with the ciphertext and its signature. Returns the manifest it carries.
 */
export async function writeBundle(bundle: BundleHeader & { readonly sources: readonly BundleSource[] }, outer: OuterSink, crypto: BundleCrypto = javascriptBundleCrypto): Promise<BundleManifest> {
  const seen = new Set<string>();
  for (const file of bundle.sources) {
    const problem = bundlePathProblem(file.path);
    if (problem) throw new BundleProblem('unsafe-entry', `The file name "${file.path}" has ${problem}.`);
    if (RESERVED_NAMES.has(file.path) || seen.has(file.path)) throw new BundleProblem('unsafe-entry', `The file name "${file.path}" is used twice or reserved.`);
    if (file.sha256 !== undefined && !/^[0-9a-f]{64}$/.test(file.sha256)) throw new BundleProblem('bad-manifest', `"${file.path}" is said to have the SHA-256 "${file.sha256.slice(0, 80)}", which is not 64 hex digits.`);
    seen.add(file.path);
  }
  // What an importing workstation would refuse is refused here, before gigabytes are encrypted.
  const limits = DEFAULT_BUNDLE_LIMITS;
  const declared = bundle.sources.reduce((sum, f) => sum + f.size, 0);
  if (bundle.sources.length + OWN_FILES > limits.maxEntries) throw new BundleProblem('too-large', `A bundle holds at most ${limits.maxEntries - OWN_FILES} files; this one would hold ${bundle.sources.length}.`);
  if (declared > limits.maxTotalBytes) throw new BundleProblem('too-large', `A bundle holds at most ${limits.maxTotalBytes.toLocaleString('en-US')} bytes of files; this one would hold ${declared.toLocaleString('en-US')}.`);
  const { signer } = bundle;
  const digest = bundle.digest ?? DEFAULT_BUNDLE_DIGEST;
  const manifestOf = (files: BundleManifest['files']) => {
    const read = readBundleManifest({
      format: BUNDLE_FORMAT,
      version: BUNDLE_VERSION,
      bundleId: bundle.bundleId,
      createdAt: bundle.createdAt,
      exporter: { name: signer.name, agency: signer.agency, role: signer.role, publicKey: formatPublicKeyLine(signer.publicKey), fingerprint: fingerprint(signer.publicKey) },
      recipients: 'recipients' in bundle.encryption ? bundle.encryption.recipients.map((r) => ({ label: r.label, recipient: r.recipient })) : [],
      marking: { banner: bannerText(bundle.marking), ...bundle.marking, sci: [...bundle.marking.sci], cuiCategories: [...bundle.marking.cuiCategories], dissemination: [...bundle.marking.dissemination], relTo: [...bundle.marking.relTo] },
      ...(bundle.markingBlocks && bundle.markingBlocks.length > 0 ? { markingBlocks: [...bundle.markingBlocks] } : {}),
      files,
    } satisfies BundleManifest);
    if (!read.ok) throw new BundleProblem('bad-manifest', read.problem);
    return read.manifest;
  };
  // The manifest's own fields are checked before any file is read.
  manifestOf([]);
  /** The manifest, the list and its signature, for files with these hashes (hex). */
  const ownFiles = (files: readonly { readonly path: string; readonly size: number; readonly hex: string }[], sign: (sums: Uint8Array) => Uint8Array) => {
    // Each file by the bundle's one hash; sha512 in the field bundles made before SHA-256 used.
    const manifest = manifestOf(files.map((f) => (digest === 'sha256' ? { path: f.path, size: f.size, sha256: f.hex } : { path: f.path, size: f.size, sha512: f.hex })));
    const manifestBytes = encoder.encode(`${JSON.stringify(manifest, null, 2)}\n`);
    const hashes = new Map(files.map((f) => [f.path, f.hex]));
    hashes.set(MANIFEST, bytesToHex(hashOf(manifestBytes, digest)));
    const sums = encoder.encode(formatSums(hashes));
    const entries = [[MANIFEST, manifestBytes], [SUMS[digest], sums], [SUMS_SIGNATURE[digest], sign(sums)]] as const;
    return { manifest, entries };
  };
  const signSums = (sums: Uint8Array) => encoder.encode(signDigest(hashOf(sums, digest), signer.seed, INNER_NAMESPACE, digest));
  // The manifest's own fields are checked before any file is read.
  manifestOf([]);
  const mtime = new Date(bundle.createdAt);
  const encryption = ageEncryption(bundle.encryption);
  const inner = createTarPacker();
  const { prefix, key } = await newAgeFile(encryption);
  // The own files' sizes do not depend on the hashes they hold, nor the signature's on what it signs.
  const placeholder = '0'.repeat(digest === 'sha256' ? 64 : 128);
  const { entries: sized } = ownFiles(bundle.sources.map((f) => ({ path: f.path, size: f.size, hex: placeholder })), (sums) => signSums(new Uint8Array(sums.length)));
  const expected = { size: await ciphertextSize(prefix.length, [...bundle.sources.map((f) => ({ name: f.path, size: f.size })), ...sized.map(([name, bytes]) => ({ name, size: bytes.length }))], mtime), mtime };
  const encrypted = (crypto.sealInto ?? ((...args) => sealChunkByChunk(crypto, ...args)))(inner.readable, prefix, key, outer.ciphertext(expected), digest);
  encrypted.catch(() => undefined);

  const files: { path: string; size: number; hex: string }[] = [];
  try {
    for (const file of bundle.sources) {
      // A file known by its SHA-256 is only counted: the hash it is kept under is the one listed.
      const known = digest === 'sha256' ? file.sha256 : undefined;
      const hashed = known ? counting(known) : measuring(crypto.hash(digest));
      await addEntry(inner.controller, file.path, file.size, mtime, file.stream().pipeThrough(hashed.stream));
      if (hashed.bytes() !== file.size) throw new BundleProblem('unsafe-entry', `"${file.path}" changed while the bundle was made: ${hashed.bytes()} bytes instead of ${file.size}.`);
      files.push({ path: file.path, size: file.size, hex: known ?? bytesToHex(await hashed.digest()) });
    }
    const { manifest, entries } = ownFiles(files, signSums);
    for (const [name, bytes] of entries) await addEntry(inner.controller, name, bytes.length, mtime, bytesStream(bytes));
    inner.controller.finalize();
    const ciphertext = await encrypted;
    await outer.finish(ciphertext.bytes, encoder.encode(signDigest(ciphertext.digest, signer.seed, OUTER_NAMESPACE, digest)), mtime);
    return manifest;
  } catch (e) {
    inner.controller.error(e);
    // The ciphertext's sink is shut before the caller cleans up after it.
    await encrypted.catch(() => undefined);
    throw e;
  }
}

/**
 * The size of the age file an inner archive of these entries seals to: the archive's header blocks
 * (as the packer writes them, long names included), each entry's bytes padded to 512, the end of
 * the archive, then a tag per 64 KiB chunk, after the header and nonce (`prefixLength`).
 */
async function ciphertextSize(prefixLength: number, entries: readonly { readonly name: string; readonly size: number }[], mtime: Date): Promise<number> {
  const headers = await packTar(entries.map((e) => ({ header: tarHeader(e.name, 0, mtime), body: new Uint8Array(0) })));
  const plaintext = headers.length + entries.reduce((sum, e) => sum + Math.ceil(e.size / 512) * 512, 0);
  return prefixLength + plaintext + STREAM_TAG * Math.max(1, Math.ceil(plaintext / STREAM_CHUNK));
}

async function writeOuter(ciphertext: ReadableStream<Uint8Array>, size: number, signature: Uint8Array, mtime: Date, out: WritableStream<Uint8Array>): Promise<void> {
  const outer = createTarPacker();
  const written = outer.readable.pipeTo(out);
  written.catch(() => undefined);
  await addEntry(outer.controller, OUTER_CIPHERTEXT, size, mtime, ciphertext);
  await addEntry(outer.controller, OUTER_SIGNATURE, signature.length, mtime, bytesStream(signature));
  outer.controller.finalize();
  await written;
}

/** Makes a bundle in memory: its bytes, and the manifest it carries (for the exporter's own records). */
export async function createBundle(
  bundle: NewBundle | (BundleHeader & { readonly sources: readonly BundleSource[] }),
  crypto: BundleCrypto = javascriptBundleCrypto,
): Promise<{ readonly bytes: Uint8Array; readonly manifest: BundleManifest }> {
  const out = memorySink();
  const sources = 'sources' in bundle ? bundle.sources : bundle.files.map((f) => ({ path: f.path, size: f.bytes.length, stream: () => bytesStream(f.bytes) }));
  const manifest = await writeBundle({ ...bundle, sources }, heldOuter(out.writable), crypto);
  return { bytes: out.bytes(), manifest };
}

/** Encrypts an inner archive and signs the ciphertext: the outer layers of a bundle (for tests that craft the inner archive). */
export async function sealBundle(inner: Uint8Array, seed: Uint8Array, encryption: BundleEncryption, mtime: Date, digest: BundleDigest = DEFAULT_BUNDLE_DIGEST): Promise<Uint8Array> {
  const ciphertext = await collect(await encryptStream(bytesStream(inner), ageEncryption(encryption), javascriptChunkCipher));
  const out = memorySink();
  await writeOuter(bytesStream(ciphertext), ciphertext.length, encoder.encode(signDigest(hashOf(ciphertext, digest), seed, OUTER_NAMESPACE, digest)), mtime, out.writable);
  return out.bytes();
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

export interface OpenedBundle extends CheckedBundle {
  readonly files: ReadonlyMap<string, Uint8Array>;
}

/** A bundle checked in full, its files in the quarantine it was opened into. */
export interface CheckedBundle {
  readonly manifest: BundleManifest;
  readonly signerPrincipals: readonly string[];
  /** Of the key that signed, computed here (the manifest's own claim is checked against it). */
  readonly signerFingerprint: string;
  /** What the bundle hashes with, its files and signatures: SHA-256, or SHA-512 in bundles made before. */
  readonly hash: BundleDigest;
}

export interface SealedBundle {
  readonly signerKey: Uint8Array;
  readonly signer: AllowedSigner;
  /** Bytes of ciphertext, as read. */
  readonly ciphertextBytes: number;
  /** What the outer signature hashes with, and so the whole bundle. */
  readonly hash: BundleDigest;
  /** The hash of the ciphertext the signature was checked against. */
  readonly digest: Uint8Array;
}

/**
 * Reads a tar as a stream, refusing anything but plain files with safe, distinct names, within the
 * limits. Directory entries are skipped; links, devices and the like are refused.
 */
async function eachTarFile(
  archive: ReadableStream<Uint8Array>,
  what: string,
  limits: BundleLimits,
  onFile: (name: string, size: number, body: ReadableStream<Uint8Array>) => Promise<void>,
): Promise<void> {
  const tar = createTarDecoder({ strict: true });
  const fed = archive.pipeTo(tar.writable);
  fed.catch(() => undefined);
  const names = new Set<string>();
  let entries = 0;
  let total = 0;
  const unreadable = (e: unknown) =>
    e instanceof BundleProblem ? e : e instanceof AgeStreamProblem ? ageProblem(e) : new BundleProblem(what === 'bundle' ? 'not-a-bundle' : 'unsafe-entry', `The ${what} is not a readable tar archive (${e instanceof Error ? e.message : String(e)}).`);
  try {
    for await (const entry of tar.readable as ReadableStream<ParsedTarEntry> & AsyncIterable<ParsedTarEntry>) {
      const { header } = entry;
      entries++;
      if (entries > limits.maxEntries) throw new BundleProblem('too-large', `The ${what} holds more than ${limits.maxEntries} entries; at most ${limits.maxEntries} are read.`);
      // `tar -C dir .` names every entry "./…" and adds "./" itself: the same files, by the same names.
      const name = header.name.replace(/^(\.\/)+/, '');
      // A directory, as tar writes one for each folder it is given ("review/"), holds nothing: its
      // name is checked like a file's, and it is skipped. Files are unpacked under their own names.
      const directory = header.type === 'directory';
      if (directory && (name === '' || name === '.') && header.size === 0) {
        await entry.body.cancel();
        continue;
      }
      const problem = bundlePathProblem(directory && name.endsWith('/') ? name.slice(0, -1) : name);
      if (problem) throw new BundleProblem('unsafe-entry', `The ${what} entry "${header.name}" has ${problem}; nothing was unpacked.`);
      if (directory) {
        if (header.size !== 0) throw new BundleProblem('unsafe-entry', `The ${what} entry "${header.name}" is a directory that carries ${header.size.toLocaleString('en-US')} bytes; nothing was unpacked.`);
        await entry.body.cancel();
        continue;
      }
      if (header.type !== 'file') throw new BundleProblem('unsafe-entry', `The ${what} entry "${header.name}" is a ${header.type ?? 'special entry'}, not a file; bundles hold files only.`);
      if (names.has(name)) throw new BundleProblem('unsafe-entry', `The ${what} holds "${name}" twice.`);
      // Refused on the size the archive declares, before a byte of it is unpacked.
      total += header.size;
      if (total > limits.maxTotalBytes) throw new BundleProblem('too-large', `The ${what} unpacks to more than ${limits.maxTotalBytes.toLocaleString('en-US')} bytes.`);
      names.add(name);
      await onFile(name, header.size, entry.body);
    }
    await fed;
  } catch (e) {
    await tar.readable.cancel().catch(() => undefined);
    throw unreadable(e);
  }
}

function ageProblem(e: AgeStreamProblem): BundleProblem {
  if (e.kind === 'no-identity') return new BundleProblem('not-decryptable', 'None of this workstation’s keys can open the bundle: it was encrypted for someone else, or with another passphrase.');
  return new BundleProblem('not-decryptable', `The bundle could not be decrypted: ${e.message}`);
}

/** The outer archive as the first pass reads it: the ciphertext hashed, the signature whole. */
async function readOuter(bundle: ReadableStream<Uint8Array>, hash: BundleDigest, limits: BundleLimits, crypto: BundleCrypto): Promise<{ readonly digest: Uint8Array; readonly ciphertextBytes: number; readonly signature: string }> {
  let digest: Uint8Array | undefined;
  let ciphertextBytes = 0;
  let signature: Uint8Array | undefined;
  const names: string[] = [];
  await eachTarFile(bundle, 'bundle', limits, async (name, _size, body) => {
    names.push(name);
    if (name === OUTER_CIPHERTEXT) {
      const hashed = measuring(crypto.hash(hash));
      await body.pipeThrough(hashed.stream).pipeTo(new WritableStream());
      digest = await hashed.digest();
      ciphertextBytes = hashed.bytes();
    } else if (name === OUTER_SIGNATURE) signature = await collect(body, MAX_SMALL_FILE);
    else await body.cancel();
  });
  if (!digest || !signature || names.length !== 2) throw new BundleProblem('not-a-bundle', `This is not a Frontier Review bundle: it should hold exactly ${OUTER_CIPHERTEXT} and ${OUTER_SIGNATURE}.`);
  return { digest, ciphertextBytes, signature: text(signature, OUTER_SIGNATURE) };
}

/**
 * The first pass, which needs no key: the outer archive, the hash of its ciphertext, the outer
 * signature and whether its signer is trusted. Nothing is decrypted. The ciphertext comes before
 * its signature, so it is hashed with `expected` (what the caller found the signature names, or
 * the default); if the signature names the other hash, the bundle is read once more to hash with it.
 */
export async function checkOuterStream(
  bundle: () => ReadableStream<Uint8Array>,
  trust: BundleTrust,
  now: Date,
  limits: BundleLimits = DEFAULT_BUNDLE_LIMITS,
  crypto: BundleCrypto = javascriptBundleCrypto,
  expected: BundleDigest = DEFAULT_BUNDLE_DIGEST,
): Promise<SealedBundle> {
  let hash = expected;
  let read = await readOuter(bundle(), hash, limits, crypto);
  const named = signatureHash(read.signature);
  if (named && named !== hash) {
    hash = named;
    read = await readOuter(bundle(), hash, limits, crypto);
  }
  return verifyOuter(read.signature, { hash, digest: read.digest, ciphertextBytes: read.ciphertextBytes }, trust, now);
}

/** The outer signature checked against the ciphertext's hash, and its signer against the trusted signers. */
export function verifyOuter(signature: string, ciphertext: Pick<SealedBundle, 'hash' | 'digest' | 'ciphertextBytes'>, trust: BundleTrust, now: Date): SealedBundle {
  const outerCheck = verifyDigest(signature, ciphertext.digest, OUTER_NAMESPACE, ciphertext.hash);
  if (!outerCheck.ok) throw new BundleProblem('outer-signature', `The bundle's outer signature is not valid: ${outerCheck.problem} Nothing was decrypted.`);
  const trusted = decideSigner(trust.signers, trust.revoked, outerCheck.publicKey, OUTER_NAMESPACE, now);
  if (!trusted.ok) throw new BundleProblem('untrusted-signer', `${trusted.problem} (${fingerprint(outerCheck.publicKey)}) Nothing was decrypted.`);
  return { ...ciphertext, signerKey: outerCheck.publicKey, signer: trusted.signer };
}

/** Bytes of a ustar header field holding text, up to its first NUL. */
function ustarText(header: Uint8Array, start: number, length: number): string {
  const field = header.subarray(start, start + length);
  const end = field.indexOf(0);
  return new TextDecoder('latin1').decode(end === -1 ? field : field.subarray(0, end));
}

/**
 * The size of the plain file named `name` that a ustar header block describes, where the block is
 * as plain as `tar` and this writer make one: a valid checksum, ustar's magic, a regular file, the
 * name whole in its field (no prefix, no extended header), the size in octal. Undefined otherwise.
 */
function plainFileSize(header: Uint8Array, name: string): number | undefined {
  if (header.length !== 512) return undefined;
  // The checksum is of the block with its own field counted as spaces.
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += i >= 148 && i < 156 ? 0x20 : (header[i] ?? 0);
  const checksum = ustarText(header, 148, 8).trim();
  const size = ustarText(header, 124, 12).trim();
  const type = header[156];
  if (!/^[0-7]+$/.test(checksum) || Number.parseInt(checksum, 8) !== sum || !ustarText(header, 257, 6).startsWith('ustar')) return undefined;
  if ((type !== 0x30 && type !== 0) || ustarText(header, 0, 100) !== name || ustarText(header, 345, 155) !== '' || !/^[0-7]+$/.test(size)) return undefined;
  return Number.parseInt(size, 8);
}

/** Where a bundle file's ciphertext lies, and its signature, read without reading the ciphertext. */
export interface OuterLayout {
  readonly ciphertextOffset: number;
  readonly ciphertextSize: number;
  readonly signature: string;
  /** What the signature names as its hash, if it is one a signature may use. */
  readonly hash: BundleDigest | undefined;
}

/** The end of an archive: at least two blocks of zeros; `tar` pads to records of 10 KiB. */
const MAX_ARCHIVE_END = 64 * 1024;

/**
 * A bundle file's layout, read where its parts lie: bundle.age's header block, then the signature's
 * after the ciphertext, then nothing but the end of the archive. Only for an archive laid out as
 * plainly as `tar` and this writer lay one out (see `plainFileSize`), which the streamed check
 * would take just the same; undefined for anything else, which that check then reads. Nothing
 * here is trusted: it says where to read, and the signature is checked as ever.
 */
export async function outerLayout(read: (offset: number, length: number) => Promise<Uint8Array>, fileSize: number): Promise<OuterLayout | undefined> {
  try {
    const ciphertextSize = plainFileSize(await read(0, 512), OUTER_CIPHERTEXT);
    if (ciphertextSize === undefined) return undefined;
    const at = 512 + Math.ceil(ciphertextSize / 512) * 512;
    const signatureSize = plainFileSize(await read(at, 512), OUTER_SIGNATURE);
    if (signatureSize === undefined || signatureSize === 0 || signatureSize > MAX_ARCHIVE_END) return undefined;
    const signatureBytes = await read(at + 512, signatureSize);
    const end = at + 512 + Math.ceil(signatureSize / 512) * 512;
    if (signatureBytes.length !== signatureSize || fileSize - end < 1024 || fileSize - end > MAX_ARCHIVE_END) return undefined;
    const rest = await read(end, fileSize - end);
    if (rest.length !== fileSize - end || rest.some((byte) => byte !== 0)) return undefined;
    const signature = decoder.decode(signatureBytes);
    return { ciphertextOffset: 512, ciphertextSize, signature, hash: signatureHash(signature) };
  } catch {
    return undefined;
  }
}

/** What a bundle's outer signature names as its hash, read where it lies (see `outerLayout`); so the first pass hashes with it from the start. */
export async function outerSignatureHash(read: (offset: number, length: number) => Promise<Uint8Array>, fileSize: number): Promise<BundleDigest | undefined> {
  return (await outerLayout(read, fileSize))?.hash;
}

/** The first check of a bundle in memory (see checkOuterStream). */
export async function checkOuterSignature(bytes: Uint8Array, trust: BundleTrust, now: Date, limits: BundleLimits = DEFAULT_BUNDLE_LIMITS): Promise<SealedBundle> {
  return checkOuterStream(() => bytesStream(bytes), trust, now, limits, javascriptBundleCrypto, await outerSignatureHash(bytesReader(bytes), bytes.length));
}

/** Reads of a bundle held in memory, for `outerSignatureHash`. */
function bytesReader(bytes: Uint8Array): (offset: number, length: number) => Promise<Uint8Array> {
  return (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length));
}

/**
 * Verifies and decrypts a bundle, in the order that trusts nothing early: the outer signature and
 * its signer (first pass), then, in the second pass, decryption into the quarantine with every
 * entry's name checked as it is unpacked; once the last chunk has authenticated, the inner
 * signature (by the same key), every hash, the manifest, the recipients and replay. Throws
 * `BundleProblem` at the first failure; the caller discards the quarantine then.
 */
export async function openBundleStream(
  bundle: () => ReadableStream<Uint8Array>,
  quarantine: Quarantine,
  options: OpenOptions,
  crypto: BundleCrypto = javascriptBundleCrypto,
  /** What the outer signature is expected to hash with (see `outerSignatureHash`). */
  expected: BundleDigest = DEFAULT_BUNDLE_DIGEST,
): Promise<CheckedBundle> {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  const sealed = await checkOuterStream(bundle, options.trust, options.now, limits, crypto, expected);
  // The outer signature's hash is the bundle's: its files are hashed with it as they are unpacked.
  return openSealedStream(bundle(), sealed, quarantine, options, crypto);
}

/** The second pass, once the first has checked the outer signature: the bundle read again and decrypted into the quarantine as it is unpacked, then every check made. */
export async function openSealedStream(bundle: ReadableStream<Uint8Array>, sealed: SealedBundle, quarantine: Quarantine, options: OpenOptions, crypto: BundleCrypto = javascriptBundleCrypto): Promise<CheckedBundle> {
  const limits = options.limits ?? DEFAULT_BUNDLE_LIMITS;
  let hashes: UnpackedFiles | undefined;
  await eachTarFile(bundle, 'bundle', limits, async (name, _size, body) => {
    if (name !== OUTER_CIPHERTEXT) return body.cancel();
    // The second read must be of the ciphertext the first one verified: a file swapped between
    // the two (on removable media, a share) is refused, and nothing of it is returned.
    const again = measuring(crypto.hash(sealed.hash));
    const plaintext = await decryptStream(body.pipeThrough(again.stream), options.decryption, crypto.cipher, crypto.openPayload).catch((e: unknown) => {
      throw decryptionProblem(e);
    });
    hashes = await unpackContents(plaintext, quarantine, limits, crypto, sealed.hash);
    checkSameCiphertext(sealed, again.bytes(), await again.digest());
  });
  return checkContents(hashes ?? new Map(), quarantine, sealed, options);
}

/** The files of a bundle's decrypted archive, each by its size and hash (hex). */
export type UnpackedFiles = ReadonlyMap<string, { readonly size: number; readonly hex: string }>;

/** Unpacks a bundle's decrypted archive into the quarantine, every name checked and every file hashed as it passes. */
export async function unpackContents(plaintext: ReadableStream<Uint8Array>, quarantine: Quarantine, limits: BundleLimits, crypto: BundleCrypto, digest: BundleDigest): Promise<UnpackedFiles> {
  const hashes = new Map<string, { readonly size: number; readonly hex: string }>();
  await eachTarFile(plaintext, 'bundle’s archive', limits, async (path, size, file) => {
    const hash = measuring(crypto.hash(digest));
    await file.pipeThrough(hash.stream).pipeTo(quarantine.create(path));
    if (hash.bytes() !== size) throw new BundleProblem('unsafe-entry', `The bundle’s archive entry "${path}" is cut short.`);
    hashes.set(path, { size, hex: bytesToHex(await hash.digest()) });
  });
  return hashes;
}

/** Refuses a ciphertext, read the second time, that is not the one whose signature was checked the first. */
export function checkSameCiphertext(sealed: SealedBundle, bytes: number, digest: Uint8Array): void {
  if (bytes !== sealed.ciphertextBytes || bytesToHex(digest) !== bytesToHex(sealed.digest)) {
    throw new BundleProblem('outer-signature', 'The bundle changed while it was being read: the ciphertext read the second time is not the one whose signature was checked.');
  }
}

/** The problem a failure to decrypt is, said as a bundle's. */
export function decryptionProblem(e: unknown): unknown {
  return e instanceof AgeStreamProblem ? ageProblem(e) : e;
}

/**
 * The checks made once every file is unpacked and the ciphertext is known to be the one signed:
 * the inner signature (by the same key), every hash, the manifest, the recipients and replay.
 */
export async function checkContents(hashes: UnpackedFiles, quarantine: Quarantine, sealed: SealedBundle, options: OpenOptions): Promise<CheckedBundle> {
  const { signerKey, signer, hash: digest } = sealed;

  const small = async (name: string) => {
    const entry = hashes.get(name);
    if (!entry) return undefined;
    if (entry.size > MAX_SMALL_FILE) throw new BundleProblem('bad-manifest', `${name} is ${entry.size.toLocaleString('en-US')} bytes, far more than it can be.`);
    return quarantine.read(name);
  };
  const sumsName = SUMS[digest];
  const sumsSignatureName = SUMS_SIGNATURE[digest];
  const other: BundleDigest = digest === 'sha256' ? 'sha512' : 'sha256';
  if (!hashes.has(sumsName) && hashes.has(SUMS[other])) {
    throw new BundleProblem('bad-manifest', `The bundle lists its files in ${SUMS[other]}, but its outer signature hashes with ${digest}: a bundle hashes with one algorithm throughout.`);
  }
  const sums = await small(sumsName);
  const sumsSignature = await small(sumsSignatureName);
  const manifestBytes = await small(MANIFEST);
  if (!sums || !sumsSignature || !manifestBytes) throw new BundleProblem('bad-manifest', `The bundle lacks ${[MANIFEST, sumsName, sumsSignatureName].filter((n) => !hashes.has(n)).join(', ')}.`);
  const innerCheck = verifyDigest(text(sumsSignature, sumsSignatureName), hashOf(sums, digest), INNER_NAMESPACE, digest);
  if (!innerCheck.ok) throw new BundleProblem('inner-signature', `The signature of the bundle's contents is not valid: ${innerCheck.problem}`);
  if (!sameKey(innerCheck.publicKey, signerKey)) throw new BundleProblem('inner-signature', 'The contents were signed by a different key than the bundle: it was re-wrapped by someone else.');
  // The same key, trusted for the inner namespace too, as `ssh-keygen -Y verify -n frontier-review-manifest` would require.
  const innerTrust = decideSigner(options.trust.signers, options.trust.revoked, signerKey, INNER_NAMESPACE, options.now);
  if (!innerTrust.ok) throw new BundleProblem('untrusted-signer', `The contents' signature: ${innerTrust.problem}`);

  let listed: Map<string, string>;
  try {
    listed = parseSums(text(sums, sumsName), digest);
  } catch (e) {
    throw new BundleProblem('bad-manifest', e instanceof Error ? e.message : String(e));
  }
  for (const name of hashes.keys()) {
    if (name !== sumsName && name !== sumsSignatureName && !listed.has(name)) throw new BundleProblem('hash-mismatch', `The bundle holds "${name}", which its signed list of files does not name.`);
  }
  for (const [name, expected] of listed) {
    const found = hashes.get(name);
    if (!found) throw new BundleProblem('hash-mismatch', `The signed list of files names "${name}", which the bundle lacks.`);
    if (found.hex !== expected) throw new BundleProblem('hash-mismatch', `"${name}" is not the file that was signed: its ${DIGEST_NAME[digest]} differs.`);
  }

  let json: unknown;
  try {
    json = JSON.parse(text(manifestBytes, MANIFEST));
  } catch (e) {
    if (e instanceof BundleProblem) throw e;
    throw new BundleProblem('bad-manifest', `${MANIFEST} is not JSON (${e instanceof Error ? e.message.slice(0, 200) : String(e)}).`);
  }
  const read = readBundleManifest(json);
  if (!read.ok) throw new BundleProblem('bad-manifest', read.problem);
  const { manifest } = read;
  if (manifest.version !== BUNDLE_VERSION) throw new BundleProblem('bad-manifest', `The bundle is of format version ${manifest.version}; this version of Frontier Review reads version ${BUNDLE_VERSION}.`);
  const described = new Set(manifest.files.map((f) => f.path));
  if (described.size !== listed.size - 1 || [...listed.keys()].some((name) => name !== MANIFEST && !described.has(name))) {
    throw new BundleProblem('bad-manifest', `${MANIFEST} and ${sumsName} list different files.`);
  }
  if (!sameKey(parsePublicKeyLine(manifest.exporter.publicKey).publicKey, signerKey) || manifest.exporter.fingerprint !== fingerprint(signerKey)) {
    throw new BundleProblem('bad-manifest', 'The manifest names another exporter key than the one that signed the bundle.');
  }
  for (const f of manifest.files) {
    if (f[digest] === undefined) throw new BundleProblem('bad-manifest', `${MANIFEST} gives "${f.path}" its ${DIGEST_NAME[other]}, but the bundle hashes with ${DIGEST_NAME[digest]}.`);
    if (hashes.get(f.path)?.size !== f.size || f[digest] !== listed.get(f.path)) throw new BundleProblem('bad-manifest', `${MANIFEST} describes "${f.path}" otherwise than the signed list of files and the file itself.`);
  }
  if ('identities' in options.decryption && !manifest.recipients.some((r) => options.ownRecipients.includes(r.recipient))) {
    throw new BundleProblem('not-a-recipient', 'This workstation is not among the bundle’s intended recipients.');
  }
  if (options.seenBundleIds.has(manifest.bundleId)) throw new BundleProblem('replayed', `Bundle ${manifest.bundleId} was imported here before; a bundle is imported once.`);
  return { manifest, signerPrincipals: signer.principals, signerFingerprint: fingerprint(signerKey), hash: digest };
}

/** Verifies and decrypts a bundle held in memory (see openBundleStream); its files come back in memory. */
export async function openBundle(bytes: Uint8Array, options: OpenOptions): Promise<OpenedBundle> {
  const storage = memoryQuarantine();
  const checked = await openBundleStream(() => bytesStream(bytes), storage.quarantine, options, javascriptBundleCrypto, await outerSignatureHash(bytesReader(bytes), bytes.length));
  const files = new Map<string, Uint8Array>();
  for (const f of checked.manifest.files) {
    const data = storage.files.get(f.path);
    if (data) files.set(f.path, data);
  }
  return { ...checked, files };
}

function text(bytes: Uint8Array, name: string): string {
  try {
    return decoder.decode(bytes);
  } catch {
    throw new BundleProblem('bad-manifest', `${name} is not UTF-8 text.`);
  }
}
