/**
 * REL TO by membership: which codes a REL TO list may hold, which countries each stands for, and
 * how lists combine when portions roll up into a banner or a portion is held under a ceiling.
 *
 * The codes come from versioned data files in `countries/` (see `countries/SOURCES.md`):
 * - ISO 3166-1 alpha-3 trigraphs, generated from the iso-codes project;
 * - the IC's non-ISO trigraphs in use for REL TO (XKS, Kosovo);
 * - coalition tetragraphs. A tetragraph whose membership is published and which stands for its
 *   member nations (FVEY, ACGU) is expanded to them; one whose membership is not published, or
 *   which is released to as an organization (NATO), is opaque: accepted, never expanded, and equal
 *   only to itself. Opaque errs towards NOFORN, never towards release.
 *
 * USA is implied by every REL TO list (`REL TO USA, ...`), so it never appears in what these
 * functions return; the caller renders it first.
 */
import isoCountries from './countries/iso-3166-1-alpha-3.json' with { type: 'json' };
import registerTrigraphs from './countries/ic-register-trigraphs.json' with { type: 'json' };
import tetragraphFile from './countries/tetragraphs.json' with { type: 'json' };

interface Tetragraph {
  readonly name: string;
  /** Member trigraphs including USA; null when the membership is not published (opaque). */
  readonly members: readonly string[] | null;
  readonly membershipSource: string | null;
  /** Whether release to the tetragraph is release to each member nation; false for an organization (NATO). */
  readonly decomposable?: boolean;
}

const IMPLIED = 'USA';

const tetragraphEntries: Readonly<Record<string, Tetragraph>> = tetragraphFile.tetragraphs;
const TETRAGRAPHS: ReadonlyMap<string, Tetragraph> = new Map(Object.entries(tetragraphEntries));
const COUNTRY_NAMES: ReadonlyMap<string, string> = new Map([...Object.entries(isoCountries.codes), ...Object.entries(registerTrigraphs.codes)]);

/** The sentence for a code REL TO cannot hold, or undefined when it is a country or tetragraph this workstation knows. */
export function countryCodeProblem(code: string): string | undefined {
  if (COUNTRY_NAMES.has(code) || TETRAGRAPHS.has(code)) return undefined;
  return `"${code}" is not an ISO 3166-1 country code or a coalition tetragraph this workstation knows (such as GBR or FVEY).`;
}

/** The member countries a tetragraph stands for, without USA; undefined for an opaque tetragraph or any other code. */
export function tetragraphMembers(code: string): readonly string[] | undefined {
  const t = TETRAGRAPHS.get(code);
  return t?.decomposable === true ? t.members?.filter((c) => c !== IMPLIED) : undefined;
}

/** Every code REL TO accepts besides USA, with a name to offer a reviewer: trigraphs, then tetragraphs. */
export const REL_TO_CODES: readonly { readonly code: string; readonly name: string }[] = [
  ...[...COUNTRY_NAMES]
    .filter(([code]) => code !== IMPLIED)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, name]) => ({ code, name })),
  ...[...TETRAGRAPHS]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, t]) => ({ code, name: t.members === null ? `${t.name} (membership not published)` : t.decomposable === true ? `${t.name}: ${t.members.join(', ')}` : `${t.name} (released to as an organization)` })),
];

/**
 * The partners a REL TO list releases to, each once: a tetragraph with a published membership
 * becomes its member countries; a trigraph, an opaque tetragraph, or a code this workstation does
 * not know (refused elsewhere, with a sentence) stands for itself.
 */
export function relToPartners(relTo: readonly string[]): Set<string> {
  const partners = new Set<string>();
  for (const code of relTo) {
    for (const partner of tetragraphMembers(code) ?? [code]) if (partner !== IMPLIED) partners.add(partner);
  }
  return partners;
}

/**
 * `partners` written as a REL TO list. A tetragraph from `tetragraphs` (those the lists named) is
 * written where all of its members are among the partners, and its members are then not listed
 * again; larger coalitions first, so FVEY is written rather than ACGU plus NZL. The rest are
 * listed as themselves. Trigraphs alphabetical, then tetragraphs, as the Register orders them.
 */
function asRelToList(partners: ReadonlySet<string>, tetragraphs: Iterable<string>): string[] {
  const coalitions = [...new Set(tetragraphs)]
    .map((code) => ({ code, members: tetragraphMembers(code) ?? [] }))
    .filter(({ members }) => members.length > 0 && members.every((m) => partners.has(m)))
    .sort((a, b) => b.members.length - a.members.length || a.code.localeCompare(b.code));
  const written = new Set<string>();
  const covered = new Set<string>();
  for (const { code, members } of coalitions) {
    if (members.every((m) => covered.has(m))) continue;
    written.add(code);
    for (const m of members) covered.add(m);
  }
  const rest = [...partners].filter((p) => !covered.has(p));
  return [...rest.filter((p) => p.length !== 4).sort(), ...[...written, ...rest.filter((p) => p.length === 4)].sort()];
}

/**
 * The partners every list releases to, by member country: `[FVEY] ∩ [AUS, GBR]` is `[AUS, GBR]`,
 * `[NATO] ∩ [FVEY]` is empty (NATO is an organization), and `[FVEY] ∩ [AUS, CAN, GBR, NZL, FVEY]` is `[FVEY]`. An
 * opaque tetragraph survives only where every list names it. An empty result means the lists share
 * no partner, which makes the banner NOFORN (the caller decides).
 */
export function intersectRelTo(lists: readonly (readonly string[])[]): string[] {
  const [first, ...others] = lists.map(relToPartners);
  if (first === undefined) return [];
  const common = new Set([...first].filter((p) => others.every((o) => o.has(p))));
  return asRelToList(common, lists.flat());
}

/**
 * The partners of a ceiling (a workstation's accreditation, a banner) that a portion is not
 * releasable to, by member country: a portion `REL TO USA, AUS, CAN, GBR, NZL` is releasable to
 * every partner of `REL TO USA, FVEY`, one `REL TO USA, GBR` is not releasable to AUS, CAN and NZL.
 * A ceiling tetragraph none of whose members the portion reaches is named as the tetragraph. Empty
 * when the portion reaches every partner.
 */
export function notReleasableTo(portionRelTo: readonly string[], ceilingRelTo: readonly string[]): string[] {
  const reached = relToPartners(portionRelTo);
  const missing = new Set([...relToPartners(ceilingRelTo)].filter((p) => !reached.has(p)));
  return asRelToList(missing, ceilingRelTo);
}
