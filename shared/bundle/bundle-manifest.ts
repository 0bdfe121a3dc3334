import { z } from 'zod';
import { markingVocabularyShape } from '../marking/marking-schema.js';
import { CLASSIFICATION_LEVELS, DISSEMINATION_CONTROLS, SCI_CONTROLS, type Marking } from '../marking/marking.js';

/**
 * What a review bundle says about itself (manifest.json), and SHA256SUMS, the list of every
 * file's SHA-256 in the form `sha256sum -c` checks. SHA256SUMS is what the exporter signs; it
 * lists manifest.json too, so the signature covers the bundle's id, exporter and recipients.
 *
 * A bundle hashes with one algorithm throughout: its files, its list and both signatures
 * (SSHSIG's hashalg). New bundles use SHA-256; bundles made before it was the default use
 * SHA-512 (SHA512SUMS, sha512sum -c) and are read as they are.
 */

export const BUNDLE_FORMAT = 'frontier-review-bundle';
export const BUNDLE_VERSION = 1;
/** SSHSIG namespaces: the outer one signs the ciphertext, the inner one SHA512SUMS. */
export const OUTER_NAMESPACE = 'frontier-review-bundle';
export const INNER_NAMESPACE = 'frontier-review-manifest';

export const OUTER_CIPHERTEXT = 'bundle.age';
export const OUTER_SIGNATURE = 'bundle.age.sig';
export const MANIFEST = 'manifest.json';

/** The hash a bundle is made with, by the name SSHSIG's hashalg gives it. */
export type BundleDigest = 'sha256' | 'sha512';
/** What new bundles hash with. */
export const DEFAULT_BUNDLE_DIGEST: BundleDigest = 'sha256';
export const DIGEST_NAME: Readonly<Record<BundleDigest, string>> = { sha256: 'SHA-256', sha512: 'SHA-512' };
/** The signed list of files, and its signature, by the hash the bundle is made with. */
export const SUMS: Readonly<Record<BundleDigest, string>> = { sha256: 'SHA256SUMS', sha512: 'SHA512SUMS' };
export const SUMS_SIGNATURE: Readonly<Record<BundleDigest, string>> = { sha256: 'SHA256SUMS.sig', sha512: 'SHA512SUMS.sig' };
/** The names of a bundle's own files, which no file it carries may take. */
export const RESERVED_NAMES: ReadonlySet<string> = new Set([MANIFEST, ...Object.values(SUMS), ...Object.values(SUMS_SIGNATURE)]);
/** Files every bundle adds to those it carries: the manifest, the list and its signature. */
export const OWN_FILES = 3;

const HEX_DIGITS: Readonly<Record<BundleDigest, number>> = { sha256: 64, sha512: 128 };
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits');
const sha512Hex = z.string().regex(/^[0-9a-f]{128}$/, 'a SHA-512 is 128 lowercase hex digits');

export const bundleManifestSchema = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.number().int(),
    bundleId: z.uuid(),
    /** ISO 8601 with its offset: `Z`, or `+00:00` as `date --iso-8601=seconds` writes it. */
    createdAt: z.iso.datetime({ offset: true }),
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
    /** The classification authority block and CUI designation indicator the records need, a line each. */
    markingBlocks: z.array(z.string().max(2000)).max(1000).optional(),
    /** Every file but manifest.json, SHA256SUMS (or SHA512SUMS) and its signature, each with its hash: the bundle's, and only that. */
    files: z
      .array(
        z
          .object({ path: z.string().min(1).max(500), size: z.number().int().nonnegative(), sha256: sha256Hex.optional(), sha512: sha512Hex.optional() })
          .refine((f) => (f.sha256 === undefined) !== (f.sha512 === undefined), 'a file has one hash, sha256 or sha512'),
      )
      .max(100_000),
  })
  .strict();

export type BundleManifest = z.infer<typeof bundleManifestSchema>;

/** What each field of the manifest must be, in words, by its path (`[]` for any item of a list). */
const FIELD_RULES: Readonly<Record<string, string>> = {
  '': 'a JSON object',
  format: `"${BUNDLE_FORMAT}"`,
  version: 'a whole number',
  bundleId: 'a UUID, such as 3f2b1c0d-9e8f-4a7b-8c6d-5e4f3a2b1c0d',
  createdAt: 'a date and time in ISO 8601 form with its offset, such as 2026-11-30T10:00:00Z or 2026-11-30T10:00:00+00:00',
  exporter: 'an object with name, agency, role, publicKey and fingerprint',
  'exporter.name': 'the exporter’s name, of 1 to 200 characters',
  'exporter.agency': 'text of at most 200 characters',
  'exporter.role': 'one of "reviewer", "team-lead" and "auditor"',
  'exporter.publicKey': 'the OpenSSH public key line of the signing key, starting "ssh-ed25519 ", of at most 200 characters',
  'exporter.fingerprint': 'the signing key’s fingerprint as `ssh-keygen -l` prints it, starting "SHA256:"',
  recipients: 'a list of at most 100 recipients, each an object with label and recipient',
  'recipients[]': 'an object with label and recipient',
  'recipients[].label': 'text of at most 200 characters',
  'recipients[].recipient': 'an age recipient: "age1" and 58 lowercase letters and digits',
  marking: 'an object with banner, level, sci, cuiCategories, dissemination and relTo',
  markingBlocks: 'a list of at most 1,000 lines: the classification authority block and CUI designation indicator',
  'markingBlocks[]': 'a line of at most 2,000 characters',
  'marking.banner': 'the marking’s banner, of at most 500 characters',
  'marking.level': `one of ${CLASSIFICATION_LEVELS.map((l) => `"${l}"`).join(', ')}`,
  'marking.sci': 'a list of SCI control systems',
  'marking.sci[]': `one of ${SCI_CONTROLS.map((c) => `"${c}"`).join(', ')}`,
  'marking.cuiCategories': 'a list of CUI category codes',
  'marking.cuiCategories[]': 'a CUI category code of the CUI Registry, such as "PROPIN"',
  'marking.dissemination': 'a list of dissemination controls',
  'marking.dissemination[]': `one of ${DISSEMINATION_CONTROLS.map((c) => `"${c}"`).join(', ')}`,
  'marking.relTo': 'a list of at most 60 country or organization codes',
  'marking.relTo[]': 'a country or organization code of at most 100 characters',
  files: 'a list of at most 100,000 files, each an object with path, size and sha256 (sha512 in bundles made before SHA-256)',
  'files[]': 'an object with path, size and one hash: sha256, or sha512 in bundles made before SHA-256',
  'files[].path': 'the file’s name in the bundle, of 1 to 500 characters',
  'files[].size': 'the file’s size in bytes, a whole number of 0 or more',
  'files[].sha256': 'the file’s SHA-256 as sha256sum prints it: 64 lowercase hex digits',
  'files[].sha512': 'the file’s SHA-512 as sha512sum prints it: 128 lowercase hex digits',
};

/** A field's path as jq writes it: `exporter.publicKey`, `files[2].sha512`. */
function fieldName(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i === 0 ? '' : '.'}${String(p)}`)).join('') || 'the manifest';
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const p of path) {
    if (typeof here !== 'object' || here === null || !Object.hasOwn(here, p)) return undefined;
    here = (here as Record<PropertyKey, unknown>)[p];
  }
  return here;
}

/** Text from the file, for a sentence: control characters replaced, cut to a length. */
function quoted(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is replaced
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, '\uFFFD');
  return clean.length > 60 ? `"${clean.slice(0, 59)}…" (${text.length} characters)` : `"${clean}"`;
}

/** A value, briefly, for a sentence: never the whole of a long string, never a control character. */
function described(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'string') return quoted(value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

/** One problem of a manifest, as a sentence that names the field and says what it must be. */
function issueSentence(issue: z.core.$ZodIssue, value: unknown): string {
  const field = fieldName(issue.path);
  if (issue.code === 'unrecognized_keys') {
    const names = issue.keys.slice(0, 5).map((k) => {
      const name = fieldName([...issue.path, k]);
      return /^[A-Za-z0-9_.[\]]{1,60}$/.test(name) ? name : quoted(name);
    });
    const more = issue.keys.length > names.length ? ` and ${(issue.keys.length - names.length).toLocaleString('en-US')} more` : '';
    return `${MANIFEST} has ${issue.keys.length === 1 ? 'a field' : 'fields'} this version of Frontier Review does not read: ${names.join(', ')}${more}.`;
  }
  const rule = FIELD_RULES[issue.path.map((p) => (typeof p === 'number' ? '[]' : String(p))).join('.').replaceAll('.[]', '[]')];
  const found = valueAt(value, issue.path);
  if (issue.path.length === 0) return `${MANIFEST} must be ${FIELD_RULES['']}; it is ${described(found)}.`;
  const must = rule ? `must be ${rule}` : `is not valid (${issue.message})`;
  if (found === undefined) return `${MANIFEST} lacks ${field}, which ${rule ? must : 'it must have'}.`;
  if (issue.code === 'too_big' && Array.isArray(found)) return `In ${MANIFEST}, ${field} lists ${found.length.toLocaleString('en-US')} items, more than it may: it ${must}.`;
  return `In ${MANIFEST}, ${field} ${must}; it is ${described(found)}.`;
}

/**
 * Reads a manifest already parsed from JSON. Every problem is said as a sentence naming the
 * field (the first problem; the count of the others), never as the schema's own report.
 */
export function readBundleManifest(value: unknown): { readonly ok: true; readonly manifest: BundleManifest } | { readonly ok: false; readonly problem: string } {
  const version = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as { readonly version?: unknown }).version : undefined;
  if (typeof version === 'number' && Number.isInteger(version) && version > BUNDLE_VERSION) {
    return { ok: false, problem: `The bundle is of format version ${version}, made by a newer version of Frontier Review; this one reads version ${BUNDLE_VERSION}. Update Frontier Review to import it.` };
  }
  const parsed = bundleManifestSchema.safeParse(value);
  if (parsed.success) return { ok: true, manifest: parsed.data };
  const [first, ...others] = parsed.error.issues;
  const sentence = first ? issueSentence(first, value) : `${MANIFEST} is not a bundle manifest.`;
  return { ok: false, problem: others.length === 0 ? sentence : `${sentence} It has ${others.length.toLocaleString('en-US')} other ${others.length === 1 ? 'problem' : 'problems'} too.` };
}

/** The marking the bundle's signed manifest gives it, where it gives one (bundles made before it did, do not). */
export function manifestMarking(manifest: BundleManifest): Marking | undefined {
  if (!manifest.marking) return undefined;
  const { banner: _banner, ...marking } = manifest.marking;
  return marking;
}

/** `<hex>  <path>` per file, sorted by path, as sha256sum and sha512sum write and check it. */
export function formatSums(hashes: ReadonlyMap<string, string>): string {
  return [...hashes]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, hex]) => `${hex}  ${path}\n`)
    .join('');
}

export function parseSums(text: string, digest: BundleDigest): Map<string, string> {
  const hashes = new Map<string, string>();
  const form = new RegExp(`^([0-9a-f]{${HEX_DIGITS[digest]}}) [ *](.+)$`);
  for (const [i, line] of text.split('\n').entries()) {
    if (line === '') continue;
    const match = form.exec(line);
    if (!match?.[1] || !match[2]) throw new Error(`${SUMS[digest]} line ${i + 1} is not "<${DIGEST_NAME[digest]}>  <path>".`);
    if (hashes.has(match[2])) throw new Error(`${SUMS[digest]} lists ${match[2]} twice.`);
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
