import { z } from 'zod';
import { isClassified, type Marking } from './marking.js';

/**
 * The classification authority block a classified document carries (EO 13526 §1.6, 32 CFR
 * 2001.21–22): who classified it, what it is derived from (or, for an original classification, the
 * reason), and when it is declassified. Kept on each packet; printouts and exports drawn from
 * packets carry the block computed from theirs.
 */
export interface ClassificationAuthority {
  /** Name, position and agency of the classifier: "Dana Lead, Team Lead, CISA". */
  readonly classifiedBy: string;
  /** The source and its date ("NSA/CSS CG 1-52, 20250101"), or for an original classification "Reason: 1.4(c)". */
  readonly derivedFrom: string;
  /** A date (YYYYMMDD), an event, or an exemption (25X1, 50X1-HUM). */
  readonly declassifyOn: string;
}

export const NO_AUTHORITY: ClassificationAuthority = { classifiedBy: '', derivedFrom: '', declassifyOn: '' };

// One line each: the block is written a line a field, in every format, and read back the same way.
const line = (label: string) => z.string().trim().max(300, `${label} is longer than 300 characters.`).regex(/^[^\p{Cc}]*$/u, `${label} is one line of text, without line breaks or control characters.`);

export const authoritySchema = z.strictObject({
  classifiedBy: line('Classified by'),
  derivedFrom: line('Derived from'),
  declassifyOn: line('Declassify on'),
});

/** A record a derivative document draws on, named, with its authority block. */
export interface AuthoritySource {
  /** The record's id (a packet's), which the history records. */
  readonly id: string;
  readonly name: string;
  readonly marking: Marking;
  readonly authority: ClassificationAuthority;
}

/** The block as printed: three lines, and for a document drawn from several sources, their list. */
export interface AuthorityBlock {
  readonly classifiedBy: string;
  readonly derivedFrom: string;
  readonly declassifyOn: string;
  /** "Multiple Sources" documents list them (32 CFR 2001.22(c)(1)(ii)). */
  readonly sources: readonly string[];
}

const NOT_RECORDED = '(not recorded on the packet)';

/**
 * The authority block of a document marked `marking`, drawn from `sources` by `classifier` (the
 * person who makes it: a printout is a derivative document, and its derivative classifier is named,
 * 32 CFR 2001.22(b)). None for an unclassified or CUI document. Derived From is the single classified
 * source's own (its source, or the packet itself where it records none), or "Multiple Sources" with
 * each listed; Declassify On is the most restrictive of the sources' instructions. Each source is
 * listed with who classified it.
 */
export function authorityBlock(sources: readonly AuthoritySource[], marking: Marking, classifier: string): AuthorityBlock | undefined {
  if (!isClassified(marking.level)) return undefined;
  const classified = sources.filter((s) => isClassified(s.marking.level));
  const [only] = classified;
  const listed = classified.map((s) => [s.name, s.authority.classifiedBy && `classified by ${s.authority.classifiedBy}`, s.authority.derivedFrom && `derived from ${s.authority.derivedFrom}`].filter(Boolean).join('; '));
  return {
    classifiedBy: classifier.trim() || NOT_RECORDED,
    derivedFrom: classified.length > 1 ? 'Multiple Sources' : only ? only.authority.derivedFrom || only.name : NOT_RECORDED,
    // A source without an instruction leaves the document's unknown: the others' would understate it.
    declassifyOn: classified.some((s) => s.authority.declassifyOn.trim() === '') ? NOT_RECORDED : (mostRestrictive(classified.map((s) => s.authority.declassifyOn)) ?? NOT_RECORDED),
    sources: listed,
  };
}

/**
 * The instruction that keeps the information classified longest: an exemption (25X, 50X, 75X,
 * the highest first) over any date, the latest date over earlier ones; an event cannot be ranked
 * against a date, so both are kept. An exemption with a date of its own ("25X1, 20301231") ends
 * then: a later plain date is kept beside it.
 */
export function mostRestrictive(instructions: readonly string[]): string | undefined {
  const given = [...new Set(instructions.map((i) => i.trim()).filter((i) => i !== ''))];
  const exemptions = given.filter((i) => /^\d{2}X/i.test(i)).sort((a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10));
  const dateOf = (i: string) => /(\d{4})-?(\d{2})-?(\d{2})\s*$/.exec(i)?.slice(1).join('');
  const undated = exemptions.some((e) => dateOf(e) === undefined);
  const latestExemption = exemptions.map(dateOf).sort().at(-1);
  const laterPlain = given.filter((i) => !exemptions.includes(i) && /^\d{4}-?\d{2}-?\d{2}$/.test(i) && (dateOf(i) ?? '') > (latestExemption ?? '')).sort((a, b) => (dateOf(b) ?? '').localeCompare(dateOf(a) ?? ''));
  if (exemptions.length > 0 && !undated && laterPlain[0] !== undefined) return `The later of: ${exemptions.join('; ')}; ${laterPlain[0]}`;
  if (exemptions[0] !== undefined) return exemptions.length === 1 ? exemptions[0] : exemptions.join(', ');
  const dates = given.filter((i) => /^\d{4}-?\d{2}-?\d{2}$/.test(i)).sort((a, b) => b.replace(/-/g, '').localeCompare(a.replace(/-/g, '')));
  const events = given.filter((i) => !dates.includes(i));
  const all = [...dates.slice(0, 1), ...events];
  if (all.length <= 1) return all[0];
  return `The later of: ${all.join('; ')}`;
}
