import { formatPublicKeyLine, parsePublicKeyLine, sameKey } from './ssh-key.js';
import { SshFormatProblem } from './ssh-wire.js';

/**
 * The trust store in OpenSSH's `allowed_signers` form (ssh-keygen(1), "ALLOWED SIGNERS"), so the
 * list a workstation trusts is the same file `ssh-keygen -Y verify -f` reads:
 *
 *     alice@cisa.example namespaces="frontier-review-bundle",valid-after="20260601" ssh-ed25519 AAAA… Alice
 *
 * and a revocation list of public key lines, the plain form `ssh-keygen -Y verify -r` accepts.
 */

export interface AllowedSigner {
  /** Comma-separated principal patterns, `*` and `?` allowed, as in the file. */
  readonly principals: readonly string[];
  readonly publicKey: Uint8Array;
  /** Null: every namespace. */
  readonly namespaces: readonly string[] | null;
  readonly validAfter: Date | null;
  readonly validBefore: Date | null;
  readonly comment: string;
  /** 1-based, for messages. */
  readonly line: number;
}

/** Splits on spaces outside double quotes, as OpenSSH reads these lines. */
function fields(line: string): string[] {
  const out: string[] = [];
  let current = '';
  let quoted = false;
  for (const ch of line) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && /\s/.test(ch)) {
      if (current !== '') out.push(current);
      current = '';
    } else current += ch;
  }
  if (quoted) throw new SshFormatProblem('a quote is never closed');
  if (current !== '') out.push(current);
  return out;
}

/** Options are comma-separated, but a quoted value may hold commas (namespaces="a,b"). */
function options(text: string): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (const part of text.match(/(?:[^,"]|"[^"]*")+/g) ?? []) {
    const eq = part.indexOf('=');
    if (eq < 0) out.set(part.toLowerCase(), true);
    else out.set(part.slice(0, eq).toLowerCase(), part.slice(eq + 1).replace(/^"(.*)"$/, '$1'));
  }
  return out;
}

/** YYYYMMDD or YYYYMMDDHHMM[SS], with Z for UTC and the local time zone otherwise, as ssh-keygen reads it. */
export function parseSignerTime(text: string): Date {
  const match = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?(Z?)$/.exec(text);
  if (!match) throw new SshFormatProblem(`"${text}" is not a time ssh-keygen reads (YYYYMMDD or YYYYMMDDHHMM[SS], Z for UTC)`);
  const [, y, mo, d, h = '0', mi = '0', s = '0', z] = match;
  const parts = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const date = z === 'Z' ? new Date(Date.UTC(...parts)) : new Date(...parts);
  // 20260231 would roll over into March: a date that does not come back as written is not real.
  const day = z === 'Z' ? date.getUTCDate() : date.getDate();
  if (Number.isNaN(date.getTime()) || day !== parts[2]) throw new SshFormatProblem(`"${text}" is not a real date`);
  return date;
}

export function parseAllowedSigners(text: string): AllowedSigner[] {
  const signers: AllowedSigner[] = [];
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    try {
      const [principals = '', ...rest] = fields(line);
      const keyAt = rest.findIndex((f) => f.startsWith('ssh-') || f.startsWith('ecdsa-') || f.startsWith('sk-'));
      if (keyAt < 0) throw new SshFormatProblem('it has no public key');
      if (keyAt > 1) throw new SshFormatProblem('it has more than one field between the principals and the key');
      const opts = keyAt === 1 ? options(rest[0] ?? '') : new Map<string, string | true>();
      if (opts.has('cert-authority')) throw new SshFormatProblem('certificate authorities are not accepted; list each signer’s own key');
      for (const name of opts.keys()) {
        if (!['namespaces', 'valid-after', 'valid-before'].includes(name)) throw new SshFormatProblem(`the option "${name}" is not known`);
      }
      const key = parsePublicKeyLine(rest.slice(keyAt).join(' '));
      const namespaces = opts.get('namespaces');
      const after = opts.get('valid-after');
      const before = opts.get('valid-before');
      signers.push({
        principals: principals.replace(/^"(.*)"$/, '$1').split(','),
        publicKey: key.publicKey,
        namespaces: typeof namespaces === 'string' ? namespaces.split(',') : null,
        validAfter: typeof after === 'string' ? parseSignerTime(after) : null,
        validBefore: typeof before === 'string' ? parseSignerTime(before) : null,
        comment: key.comment,
        line: i + 1,
      });
    } catch (e) {
      throw new SshFormatProblem(`allowed_signers line ${i + 1}: ${e instanceof Error ? e.message.replace(/\.$/, '') : String(e)}.`);
    }
  }
  return signers;
}

/** A revocation list: one public key line per revoked key (blank lines and # comments allowed). */
export function parseRevokedKeys(text: string): Uint8Array[] {
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l, i) => {
      try {
        return parsePublicKeyLine(l).publicKey;
      } catch (e) {
        throw new SshFormatProblem(`revocation list entry ${i + 1}: ${e instanceof Error ? e.message : String(e)}`);
      }
    });
}

function matchesPattern(pattern: string, text: string): boolean {
  const regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
  return regex.test(text);
}

/**
 * OpenSSH's match_pattern_list: a negated pattern (`!mallory@x`) that matches refuses outright,
 * whatever else matches; otherwise any plain pattern that matches accepts.
 */
function matchesPatternList(patterns: readonly string[], text: string): boolean {
  let matched = false;
  for (const pattern of patterns) {
    if (pattern.startsWith('!')) {
      if (matchesPattern(pattern.slice(1), text)) return false;
    } else if (matchesPattern(pattern, text)) matched = true;
  }
  return matched;
}

export type SignerDecision = { readonly ok: true; readonly signer: AllowedSigner } | { readonly ok: false; readonly problem: string };

/**
 * Whether `publicKey` may sign in `namespace` at `at` (and as `principal`, when one is claimed):
 * the same decision `ssh-keygen -Y verify` makes, with a reason a reviewer can act on when not.
 */
export function decideSigner(
  signers: readonly AllowedSigner[],
  revoked: readonly Uint8Array[],
  publicKey: Uint8Array,
  namespace: string,
  at: Date,
  principal?: string,
): SignerDecision {
  const line = formatPublicKeyLine(publicKey);
  if (revoked.some((k) => sameKey(k, publicKey))) return { ok: false, problem: `The signing key has been revoked (${line.slice(0, 40)}…).` };
  const withKey = signers.filter((s) => sameKey(s.publicKey, publicKey) && (principal === undefined || matchesPatternList(s.principals, principal)));
  if (withKey.length === 0) return { ok: false, problem: principal === undefined ? 'The signer is not among the trusted signers.' : `The signer is not trusted as ${principal}.` };
  const inNamespace = withKey.filter((s) => s.namespaces === null || matchesPatternList(s.namespaces, namespace));
  if (inNamespace.length === 0) return { ok: false, problem: `The signer is trusted, but not to sign "${namespace}".` };
  const current = inNamespace.find((s) => (!s.validAfter || at >= s.validAfter) && (!s.validBefore || at <= s.validBefore));
  if (current) return { ok: true, signer: current };
  const first = inNamespace[0];
  if (first?.validBefore && at > first.validBefore) return { ok: false, problem: `The signer's trust expired on ${first.validBefore.toISOString()}.` };
  return { ok: false, problem: `The signer is not trusted until ${first?.validAfter?.toISOString() ?? 'later'}.` };
}
