import { z } from 'zod';
import { markingVocabularyShape } from '../marking/marking-schema.js';
import type { Marking } from '../marking/marking.js';

/**
 * What a review bundle says about itself (manifest.json), and SHA512SUMS, the list of every
 * file's SHA-512 in the form `sha512sum -c` checks. SHA512SUMS is what the exporter signs; it
 * lists manifest.json too, so the signature covers the bundle's id, exporter and recipients.
 */

export const BUNDLE_FORMAT = 'frontier-review-bundle';
export const BUNDLE_VERSION = 1;
/** SSHSIG namespaces: the outer one signs the ciphertext, the inner one SHA512SUMS. */
export const OUTER_NAMESPACE = 'frontier-review-bundle';
export const INNER_NAMESPACE = 'frontier-review-manifest';

export const OUTER_CIPHERTEXT = 'bundle.age';
export const OUTER_SIGNATURE = 'bundle.age.sig';
export const MANIFEST = 'manifest.json';
export const SUMS = 'SHA512SUMS';
export const SUMS_SIGNATURE = 'SHA512SUMS.sig';

const sha512Hex = z.string().regex(/^[0-9a-f]{128}$/, 'a SHA-512 is 128 lowercase hex digits');

export const bundleManifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.number().int(),
    bundleId: z.uuid(),
    createdAt: z.iso.datetime(),
    exporter: z.object({
      name: z.string().min(1).max(200),
      agency: z.string().max(200),
      role: z.enum(['reviewer', 'team-lead', 'auditor']),
      /** The OpenSSH public key line of the key that signed the bundle. */
      publicKey: z.string().startsWith('ssh-ed25519 ').max(200),
      fingerprint: z.string().startsWith('SHA256:').max(100),
    }),
    recipients: z.array(z.object({ label: z.string().max(200), recipient: z.string().regex(/^age1[0-9a-z]{58}$/, 'an age recipient is age1 and 58 characters') })).max(100),
    /**
     * The highest marking of the records in the bundle, as its banner and structured: where a
     * bundle carries its marking, signed with the rest. Absent from bundles made before it was.
     */
    marking: z.strictObject({ banner: z.string().max(500), ...markingVocabularyShape }).optional(),
    /** Every file but manifest.json, SHA512SUMS and its signature. */
    files: z.array(z.object({ path: z.string().min(1).max(500), size: z.number().int().nonnegative(), sha512: sha512Hex })).max(100_000),
  })
  .strict();

export type BundleManifest = z.infer<typeof bundleManifestSchema>;

/** The marking the bundle's signed manifest gives it, where it gives one (bundles made before it did, do not). */
export function manifestMarking(manifest: BundleManifest): Marking | undefined {
  if (!manifest.marking) return undefined;
  const { banner: _banner, ...marking } = manifest.marking;
  return marking;
}

/** `<hex>  <path>` per file, sorted by path, as sha512sum writes and checks it. */
export function formatSums(hashes: ReadonlyMap<string, string>): string {
  return [...hashes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, hex]) => `${hex}  ${path}\n`)
    .join('');
}

export function parseSums(text: string): Map<string, string> {
  const hashes = new Map<string, string>();
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const match = /^([0-9a-f]{128}) [ *](.+)$/.exec(line);
    if (!match?.[1] || !match[2]) throw new Error(`${SUMS} line ${i + 1} is not "<SHA-512>  <path>".`);
    if (hashes.has(match[2])) throw new Error(`${SUMS} lists ${match[2]} twice.`);
    hashes.set(match[2], match[1]);
  }
  return hashes;
}

const WINDOWS_DEVICE = /^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * A path inside a bundle: relative, forward slashes, no `..`, no empty or dot segments, no
 * control characters, nothing a file system would resolve outside the folder it is unpacked in.
 */
export function bundlePathProblem(path: string): string | null {
  if (path === '' || path.length > 500) return 'an empty or overlong name';
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path) || path.includes('\\')) return 'an absolute path or a backslash';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused
  if (/[\u0000-\u001f\u007f]/.test(path)) return 'a control character';
  const segments = path.split('/');
  if (segments.some((segment) => segment === '..' || segment === '.' || segment === '')) return 'a "..", "." or empty segment';
  // Names Windows would not store as given: a colon (alternate data streams), a device name, a trailing dot or space.
  if (path.includes(':')) return 'a colon';
  if (segments.some((segment) => WINDOWS_DEVICE.test(segment) || /[. ]$/.test(segment))) return 'a name Windows reserves or changes';
  return null;
}
