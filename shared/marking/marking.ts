/**
 * Classification and CUI markings: the model, the conventional banner and portion strings,
 * how portions roll up into a banner, and whether a workstation may hold a marking.
 *
 * Conventions followed (see README, "Markings"):
 * - Classified: IC Markings System Register, category order CLASSIFICATION//SCI//DISSEM,
 *   `//` between categories and `/` within one; SCI systems sorted; dissemination controls in
 *   Register order (ORCON, NOFORN, REL TO); portion abbreviations NF and OC.
 * - CUI: NARA CUI Registry, `CUI//SP-A/SP-B/BASIC//LDC/LDC`, specified categories first, each
 *   group alphabetical; limited dissemination controls in the Registry's table order.
 * - CUI commingled with classified information follows DoD practice: the banner carries the
 *   classification and its controls, the CUI categories stay in the portions. A classified marking
 *   may so carry CUI categories and CUI limited dissemination controls: its commingled CUI part,
 *   rendered after the classified blocks of its portion mark, `(S//NF//CUI//SP-EXPT//FED ONLY)`.
 * - Two ways to combine markings: `bannerOf` for a banner over several portions (the CUI part is
 *   left to the portions), `commingle` for one stored item holding all of them (the CUI part stays).
 */

import { countryCodeProblem, intersectRelTo, notReleasableTo } from './releasability.js';

export const CLASSIFICATION_LEVELS = ['UNCLASSIFIED', 'CUI', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'] as const;
export type ClassificationLevel = (typeof CLASSIFICATION_LEVELS)[number];

const LEVEL_PORTION: Readonly<Record<ClassificationLevel, string>> = {
  UNCLASSIFIED: 'U',
  CUI: 'CUI',
  CONFIDENTIAL: 'C',
  SECRET: 'S',
  'TOP SECRET': 'TS',
};

/** SCI control systems offered on this workstation, in the Register's sort order. */
export const SCI_CONTROLS = ['HCS', 'SI', 'TK'] as const;
export type SciControl = (typeof SCI_CONTROLS)[number];

export interface CuiCategory {
  readonly code: string;
  readonly name: string;
  /** Specified CUI must carry its category in the banner with the `SP-` prefix. */
  readonly specified: boolean;
}

/** CUI Registry categories a frontier-model review is likely to hold. */
export const CUI_CATEGORIES = [
  { code: 'SP-CTI', name: 'Controlled Technical Information', specified: true },
  { code: 'SP-EXPT', name: 'Export Controlled', specified: true },
  { code: 'SP-PCII', name: 'Protected Critical Infrastructure Information', specified: true },
  { code: 'SP-PROPIN', name: 'Proprietary Business Information (specified)', specified: true },
  { code: 'SP-PRVCY', name: 'Privacy (specified)', specified: true },
  { code: 'CRIT', name: 'General Critical Infrastructure', specified: false },
  { code: 'ISVI', name: 'Information Systems Vulnerability Information', specified: false },
  { code: 'OPSEC', name: 'Operations Security', specified: false },
  { code: 'PROPIN', name: 'Proprietary Business Information', specified: false },
  { code: 'PRVCY', name: 'Privacy', specified: false },
] as const satisfies readonly CuiCategory[];
export type CuiCategoryCode = (typeof CUI_CATEGORIES)[number]['code'];
export const CUI_CATEGORY_CODES = CUI_CATEGORIES.map((c) => c.code) as [CuiCategoryCode, ...CuiCategoryCode[]];

/**
 * Dissemination controls. For classified markings these are IC dissemination controls;
 * for CUI they are NARA limited dissemination controls (LDCs). REL TO is modelled
 * separately as a country list because it carries data.
 */
export const DISSEMINATION_CONTROLS = ['ORCON', 'NOFORN', 'FED ONLY', 'FEDCON', 'NOCON', 'DL ONLY'] as const;
export type DisseminationControl = (typeof DISSEMINATION_CONTROLS)[number];

const CLASSIFIED_CONTROLS: readonly DisseminationControl[] = ['ORCON', 'NOFORN'];
const CUI_CONTROLS: readonly DisseminationControl[] = ['NOFORN', 'FED ONLY', 'FEDCON', 'NOCON', 'DL ONLY'];
/** Federal-audience LDCs: only one may apply, and combinations narrow to FED ONLY. */
const AUDIENCE_CONTROLS: readonly DisseminationControl[] = ['FED ONLY', 'FEDCON', 'NOCON'];
/** LDCs that only CUI takes: on a classified marking they belong to its commingled CUI part. */
const CUI_ONLY_CONTROLS: readonly DisseminationControl[] = CUI_CONTROLS.filter((c) => !CLASSIFIED_CONTROLS.includes(c));

const PORTION_ABBREVIATION: Partial<Record<DisseminationControl, string>> = { NOFORN: 'NF', ORCON: 'OC' };

export interface Marking {
  readonly level: ClassificationLevel;
  /** SCI control systems; classified levels only. */
  readonly sci: readonly SciControl[];
  /** CUI categories: of a CUI marking, or of the CUI commingled in a classified one. */
  readonly cuiCategories: readonly CuiCategoryCode[];
  readonly dissemination: readonly DisseminationControl[];
  /** REL TO countries besides USA, as ISO 3166 trigraphs or coalition tetragraphs (FVEY, NATO). */
  readonly relTo: readonly string[];
}

export const UNCLASSIFIED: Marking = { level: 'UNCLASSIFIED', sci: [], cuiCategories: [], dissemination: [], relTo: [] };

export function marking(level: ClassificationLevel, parts: Partial<Omit<Marking, 'level'>> = {}): Marking {
  return normalizeMarking({ ...UNCLASSIFIED, ...parts, level });
}

export function levelRank(level: ClassificationLevel): number {
  return CLASSIFICATION_LEVELS.indexOf(level);
}

export function isClassified(level: ClassificationLevel): boolean {
  return levelRank(level) >= levelRank('CONFIDENTIAL');
}

/** The dissemination controls that apply at a level (none for UNCLASSIFIED). */
export function disseminationControlsFor(level: ClassificationLevel): readonly DisseminationControl[] {
  if (level === 'UNCLASSIFIED') return [];
  return isClassified(level) ? CLASSIFIED_CONTROLS : CUI_CONTROLS;
}

/**
 * The marking at another level, keeping only the controls that still apply there. CUI stays at
 * every level but UNCLASSIFIED: raised to a classification it becomes the commingled CUI part, and
 * a commingled part lowered to CUI becomes the CUI marking's.
 */
export function withLevel(m: Marking, level: ClassificationLevel): Marking {
  const controls = disseminationControlsFor(level);
  const classified = isClassified(level);
  return normalizeMarking({
    level,
    sci: classified ? m.sci : [],
    cuiCategories: level === 'UNCLASSIFIED' ? [] : m.cuiCategories,
    dissemination: m.dissemination.filter((c) => controls.includes(c) || (classified && CUI_ONLY_CONTROLS.includes(c))),
    relTo: level === 'UNCLASSIFIED' ? [] : m.relTo,
  });
}

// ---------------------------------------------------------------------------------------------
// Validation

export interface MarkingProblem {
  readonly field: 'level' | 'sci' | 'cuiCategories' | 'dissemination' | 'relTo';
  readonly message: string;
}

/** Combinations the conventions do not allow, each with a sentence that says why. */
export function markingProblems(m: Marking): MarkingProblem[] {
  const problems: MarkingProblem[] = [];
  const classified = isClassified(m.level);
  if (!classified && m.sci.length > 0) {
    problems.push({ field: 'sci', message: 'SCI controls apply only to CONFIDENTIAL, SECRET or TOP SECRET.' });
  }
  if (m.level === 'UNCLASSIFIED' && m.cuiCategories.length > 0) {
    problems.push({ field: 'cuiCategories', message: 'CUI categories apply only to CUI markings, and to classified ones that hold CUI.' });
  }
  const codes = new Set(m.cuiCategories.map(baseCategory));
  if (codes.size < m.cuiCategories.length) {
    problems.push({
      field: 'cuiCategories',
      message: 'A CUI category is either specified (SP-) or basic, not both.',
    });
  }
  if (m.level === 'UNCLASSIFIED' && (m.dissemination.length > 0 || m.relTo.length > 0)) {
    problems.push({
      field: 'dissemination',
      message: 'UNCLASSIFIED takes no dissemination controls; mark the portion CUI to limit dissemination.',
    });
  }
  // A CUI limited dissemination control on a classified marking is part of the CUI it holds, so only CUI refuses controls.
  for (const control of m.dissemination) {
    if (m.level === 'CUI' && !CUI_CONTROLS.includes(control)) {
      problems.push({ field: 'dissemination', message: `${control} is a classified dissemination control and cannot be used with ${m.level}.` });
    }
  }
  if (m.dissemination.filter((c) => AUDIENCE_CONTROLS.includes(c)).length > 1) {
    problems.push({ field: 'dissemination', message: 'Choose one of FED ONLY, FEDCON and NOCON.' });
  }
  if (m.relTo.length > 0 && m.dissemination.includes('NOFORN')) {
    problems.push({ field: 'relTo', message: 'REL TO and NOFORN cannot both apply: NOFORN forbids any foreign release.' });
  }
  for (const country of m.relTo) {
    if (country === 'USA') {
      problems.push({ field: 'relTo', message: 'USA is always first in REL TO; list only the other countries.' });
    } else {
      const unknown = countryCodeProblem(country);
      if (unknown !== undefined) problems.push({ field: 'relTo', message: unknown });
    }
  }
  return problems;
}

/** Sorted, de-duplicated, upper-case: equal markings compare equal and render identically. */
export function normalizeMarking(m: Marking): Marking {
  return {
    level: m.level,
    sci: SCI_CONTROLS.filter((c) => m.sci.includes(c)),
    cuiCategories: orderCategories(m.cuiCategories),
    dissemination: DISSEMINATION_CONTROLS.filter((c) => m.dissemination.includes(c)),
    relTo: orderCountries(m.relTo.map((c) => c.trim().toUpperCase()).filter((c) => c.length > 0)),
  };
}

function baseCategory(code: CuiCategoryCode): string {
  return code.startsWith('SP-') ? code.slice(3) : code;
}

function orderCategories(codes: readonly CuiCategoryCode[]): CuiCategoryCode[] {
  // Specified categories first, then basic; each group alphabetical (NARA CUI Registry).
  const unique = [...new Set(codes)];
  const specified = unique.filter((c) => c.startsWith('SP-')).sort();
  // A category both specified and basic is specified: its handling is the stricter.
  const basic = unique.filter((c) => !c.startsWith('SP-') && !(specified as readonly string[]).includes(`SP-${c}`)).sort();
  return [...specified, ...basic];
}

/** Trigraphs alphabetical, then tetragraphs alphabetical (USA is implied and rendered first). */
function orderCountries(codes: readonly string[]): string[] {
  const unique = [...new Set(codes)];
  const trigraphs = unique.filter((c) => c.length !== 4).sort();
  const tetragraphs = unique.filter((c) => c.length === 4).sort();
  return [...trigraphs, ...tetragraphs];
}

/** REL TO countries as a reviewer types them: "gbr, AUS  nzl" -> ["GBR", "AUS", "NZL"]. */
export function parseCountryList(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((c) => c.trim().toUpperCase())
    .filter((c) => c.length > 0);
}

// ---------------------------------------------------------------------------------------------
// Rendering

function relToText(countries: readonly string[]): string {
  return `REL TO ${['USA', ...countries].join(', ')}`;
}

function controlBlocks(m: Marking, abbreviate: boolean): string[] {
  const n = normalizeMarking(m);
  const classified = isClassified(n.level);
  const blocks: string[] = [];
  if (classified && n.sci.length > 0) blocks.push(n.sci.join('/'));
  if (n.level === 'CUI' && n.cuiCategories.length > 0) blocks.push(n.cuiCategories.join('/'));
  const own = classified ? n.dissemination.filter((c) => !CUI_ONLY_CONTROLS.includes(c)) : n.dissemination;
  const dissem = own.map((c) => (abbreviate ? (PORTION_ABBREVIATION[c] ?? c) : c));
  if (n.relTo.length > 0) dissem.push(relToText(n.relTo));
  if (dissem.length > 0) blocks.push(dissem.join('/'));
  return blocks;
}

/** The CUI a classified marking holds beside its classification; undefined when it holds none (or is not classified). */
export function commingledCui(m: Marking): { readonly categories: readonly CuiCategoryCode[]; readonly controls: readonly DisseminationControl[] } | undefined {
  if (!isClassified(m.level)) return undefined;
  const n = normalizeMarking(m);
  const controls = n.dissemination.filter((c) => CUI_ONLY_CONTROLS.includes(c));
  return n.cuiCategories.length > 0 || controls.length > 0 ? { categories: n.cuiCategories, controls } : undefined;
}

function commingledBlocks(m: Marking): string[] {
  const cui = commingledCui(m);
  if (!cui) return [];
  return ['CUI', ...[cui.categories, cui.controls].filter((block) => block.length > 0).map((block) => block.join('/'))];
}

/** The commingled CUI of a classified marking as the CUI designation indicator names it, `CUI//SP-EXPT//FED ONLY`; undefined when it holds none. */
export function commingledCuiText(m: Marking): string | undefined {
  const blocks = commingledBlocks(m);
  return blocks.length > 0 ? blocks.join('//') : undefined;
}

/**
 * The banner line: `SECRET//NOFORN`, `TOP SECRET//SI/TK//ORCON/NOFORN`, `CUI//SP-PROPIN//FED ONLY`.
 * A classified banner carries the classification only; commingled CUI stays in the portions.
 */
export function bannerText(m: Marking): string {
  return [m.level, ...controlBlocks(m, false)].join('//');
}

/**
 * The portion mark: `(S//NF)`, `(TS//SI//OC/NF)`, `(CUI)`, `(CUI//SP-PROPIN//FED ONLY)`, and with
 * commingled CUI after the classified blocks, `(S//NF//CUI//SP-EXPT//FED ONLY)`.
 */
export function portionMark(m: Marking): string {
  return `(${[LEVEL_PORTION[m.level], ...controlBlocks(m, true), ...commingledBlocks(m)].join('//')})`;
}

export type BannerColourKey = ClassificationLevel | 'TOP SECRET//SCI';

export interface BannerColours {
  readonly background: string;
  readonly text: string;
}

/** Conventional banner colours (SF 706-712 label colours, SF 902 purple for CUI). */
export const BANNER_COLOURS: Readonly<Record<BannerColourKey, BannerColours>> = {
  UNCLASSIFIED: { background: '#007a33', text: '#ffffff' },
  CUI: { background: '#502b85', text: '#ffffff' },
  CONFIDENTIAL: { background: '#0033a0', text: '#ffffff' },
  SECRET: { background: '#c8102e', text: '#ffffff' },
  'TOP SECRET': { background: '#ff8c00', text: '#000000' },
  'TOP SECRET//SCI': { background: '#fce83a', text: '#000000' },
};

/** Which banner colours a marking takes: its level's, or TOP SECRET//SCI's when it carries SCI. */
export function bannerColourKey(m: Marking): BannerColourKey {
  return m.level === 'TOP SECRET' && m.sci.length > 0 ? 'TOP SECRET//SCI' : m.level;
}

export function bannerColours(m: Marking): BannerColours {
  return BANNER_COLOURS[bannerColourKey(m)];
}

// ---------------------------------------------------------------------------------------------
// Roll-up and dominance

/**
 * The banner for a page holding all `portions` (IC Register Table 3 roll-up rules):
 * the highest level; every SCI system; ORCON if any portion has it; NOFORN if any portion has
 * it, if REL TO lists do not intersect, or if a classified portion without foreign-disclosure
 * marking sits beside REL TO portions; otherwise the intersection of the REL TO lists.
 * Plain (U) portions do not take part in the foreign-disclosure roll-up. A classified banner
 * leaves CUI categories and CUI limited dissemination controls to the portions.
 */
export function bannerOf(portions: readonly Marking[]): Marking {
  return combine(portions, false);
}

/**
 * The marking of one item that holds all of `markings` (a finding merged from two reports, a packet
 * whose two edits are joined, a comparison of runs, a row shown under one portion mark): the
 * banner's roll-up, but CUI categories and CUI limited dissemination controls stay beside a
 * classification as its commingled CUI part, so nothing the item holds loses its designation.
 */
export function commingle(markings: readonly Marking[]): Marking {
  return combine(markings, true);
}

function combine(portions: readonly Marking[], keepCui: boolean): Marking {
  if (portions.length === 0) return UNCLASSIFIED;
  const level = portions.reduce<ClassificationLevel>(
    (highest, p) => (levelRank(p.level) > levelRank(highest) ? p.level : highest),
    'UNCLASSIFIED',
  );
  const classified = isClassified(level);
  const dissemination = new Set<DisseminationControl>();
  const sci = new Set<SciControl>();
  const categories = new Set<CuiCategoryCode>();
  for (const p of portions) {
    for (const c of p.sci) sci.add(c);
    if (keepCui || !classified) for (const c of p.cuiCategories) categories.add(c);
    for (const c of p.dissemination) {
      // On a classified banner the CUI limited dissemination controls stay with their portions.
      if (classified && !keepCui && !CLASSIFIED_CONTROLS.includes(c)) continue;
      dissemination.add(c);
    }
  }
  const audience = AUDIENCE_CONTROLS.filter((c) => dissemination.has(c));
  if (audience.length > 1) {
    // FEDCON with NOCON, or either with FED ONLY, leaves federal employees only.
    for (const c of audience) dissemination.delete(c);
    dissemination.add('FED ONLY');
  }

  let relTo: string[] = [];
  if (!dissemination.has('NOFORN')) {
    const disclosure = portions.filter((p) => p.level !== 'UNCLASSIFIED');
    const withRelTo = disclosure.filter((p) => p.relTo.length > 0);
    if (withRelTo.length > 0) {
      const uncaveatedClassified = disclosure.some(
        (p) => isClassified(p.level) && p.relTo.length === 0 && !p.dissemination.includes('NOFORN'),
      );
      // By member country: FVEY and AUS, GBR share AUS and GBR (releasability.ts).
      const common = intersectRelTo(withRelTo.map((p) => p.relTo));
      if (uncaveatedClassified || common.length === 0) dissemination.add('NOFORN');
      else relTo = common;
    }
  }
  return normalizeMarking({
    level,
    sci: classified ? [...sci] : [],
    cuiCategories: [...categories],
    dissemination: [...dissemination],
    relTo,
  });
}

/**
 * The banner of a system-high workstation with `onScreen` displayed: the system high, raised by
 * whatever the content adds (a higher level, SCI, NOFORN, ORCON). Content releasable to partners
 * does not put REL TO on a system-high banner that has none: it is simply within it.
 */
export function systemHighBanner(systemHigh: Marking, onScreen: Marking): Marking {
  return bannerOf([systemHigh, systemHigh.relTo.length === 0 ? { ...onScreen, relTo: [] } : onScreen]);
}

/**
 * What a marking chosen in a form says about the content beside it, even while the combination
 * is not valid yet: its level and SCI stand, NOFORN wins over REL TO, and controls that do not
 * apply at the level are dropped. The banner shows this, so it never understates what is typed.
 */
export function markingAsClaimed(m: Marking): Marking {
  const applicable = withLevel(m, m.level);
  return applicable.dissemination.includes('NOFORN') ? { ...applicable, relTo: [] } : applicable;
}

/**
 * Why `portion` may not be held under `ceiling` (a workstation's accreditation, or the banner),
 * or an empty list when it may. A ceiling dominates a portion when its level is at least as high,
 * it includes every SCI system the portion needs, and, on a ceiling releasable to foreign
 * partners, the portion is releasable to all of them.
 */
export function exceedsCeiling(portion: Marking, ceiling: Marking): string[] {
  const reasons: string[] = [];
  if (levelRank(portion.level) > levelRank(ceiling.level)) {
    reasons.push(`${portion.level} is above ${ceiling.level}.`);
  }
  const missingSci = portion.sci.filter((c) => !ceiling.sci.includes(c));
  if (missingSci.length > 0) {
    reasons.push(`SCI ${missingSci.join('/')} is not covered by ${bannerText(ceiling)}.`);
  }
  if (ceiling.relTo.length > 0 && portion.level !== 'UNCLASSIFIED') {
    const notReleasable = notReleasableTo(portion.relTo, ceiling.relTo);
    // Classified information needs explicit release; CUI is restricted only when it says so.
    const restricted = isClassified(portion.level) || portion.relTo.length > 0;
    if (portion.dissemination.includes('NOFORN')) {
      reasons.push(`NOFORN information cannot be held under ${bannerText(ceiling)}.`);
    } else if (restricted && notReleasable.length > 0) {
      reasons.push(`It must be releasable to ${notReleasable.join(', ')} to be held under ${bannerText(ceiling)}.`);
    }
  }
  return reasons;
}
