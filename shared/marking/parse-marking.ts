import {
  CLASSIFICATION_LEVELS,
  CUI_CATEGORY_CODES,
  DISSEMINATION_CONTROLS,
  SCI_CONTROLS,
  commingledCui,
  isClassified,
  normalizeMarking,
  type ClassificationLevel,
  type CuiCategoryCode,
  type DisseminationControl,
  type Marking,
  type SciControl,
} from './marking.js';

/**
 * Reading markings back from text: banner lines (`SECRET//NOFORN`) and portion marks (`(S//NF)`),
 * as this app writes them and as the IC Register and the CUI Registry spell them. Used to find
 * what a file says about itself before it is imported, and by the tests that check every screen's
 * banner against the portion marks it shows.
 */

export interface ParsedMarking {
  readonly marking: Marking;
  /** Tokens this workstation does not model (RELIDO, FGI, an SCI compartment it does not offer), in the order met. */
  readonly unknown: readonly string[];
}

const PORTION_LEVELS: Readonly<Record<string, ClassificationLevel>> = { U: 'UNCLASSIFIED', CUI: 'CUI', C: 'CONFIDENTIAL', S: 'SECRET', TS: 'TOP SECRET' };
/** Banner spellings of the levels; CONTROLLED is the CUI Registry's alternative to CUI. */
const BANNER_LEVELS: Readonly<Record<string, ClassificationLevel>> = {
  ...Object.fromEntries(CLASSIFICATION_LEVELS.map((l) => [l, l])),
  CONTROLLED: 'CUI',
};
const CONTROL_SPELLINGS: Readonly<Record<string, DisseminationControl>> = {
  ...Object.fromEntries(DISSEMINATION_CONTROLS.map((c) => [c, c])),
  NF: 'NOFORN',
  OC: 'ORCON',
  'FED-ONLY': 'FED ONLY',
  'DL-ONLY': 'DL ONLY',
};

/**
 * A banner line such as `TOP SECRET//SI/TK//ORCON/NOFORN`; undefined when the text is not one. A
 * classified banner followed by the CUI it holds, `SECRET//NOFORN//CUI//SP-EXPT//FED ONLY`, is read
 * as one marking with a commingled CUI part.
 */
export function parseBanner(text: string): ParsedMarking | undefined {
  return parseBlocks(text.trim().toUpperCase(), BANNER_LEVELS);
}

/** A portion mark such as `(S//REL TO USA, GBR)`; undefined when the text is not one. */
export function parsePortion(text: string): ParsedMarking | undefined {
  const inner = /^\((.+)\)$/.exec(text.trim().toUpperCase())?.[1];
  return inner === undefined ? undefined : parseBlocks(inner.trim(), { ...PORTION_LEVELS, ...BANNER_LEVELS });
}

/** Either spelling: a portion mark in parentheses, or a banner line. */
export function parseMarkingText(text: string): ParsedMarking | undefined {
  return text.trim().startsWith('(') ? parsePortion(text) : parseBanner(text);
}

/**
 * Every banner in running text, such as a distribution statement ("TLP:AMBER. SECRET//NOFORN; handle
 * as …"): upper-case level words, with what follows them joined by `//`. Prose in lower case is not read.
 */
export function bannersIn(text: string): { readonly text: string; readonly parsed: ParsedMarking }[] {
  const found: { text: string; parsed: ParsedMarking }[] = [];
  for (const match of text.matchAll(/(?<![A-Za-z])(?:TOP SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|CONTROLLED|CUI)(?:\/\/[A-Z0-9 ,/-]*[A-Z0-9])?(?![A-Za-z])/g)) {
    const parsed = parseBanner(match[0]);
    if (parsed) found.push({ text: match[0], parsed });
  }
  return found;
}

/**
 * Every portion mark in running text, in order: `(S//NF) Title` or `… (TS//SI//NF)`. Only text that
 * reads as a whole marking counts, so "(C)" in a sentence is a CONFIDENTIAL portion and "(see below)" is not.
 */
export function portionMarksIn(text: string): { readonly text: string; readonly parsed: ParsedMarking }[] {
  const found: { text: string; parsed: ParsedMarking }[] = [];
  for (const match of text.matchAll(/\((?:U|CUI|C|S|TS|UNCLASSIFIED|CONFIDENTIAL|SECRET|TOP SECRET)(?:\/\/[A-Z0-9 ,/-]+)?\)/g)) {
    const parsed = parsePortion(match[0]);
    if (parsed?.unknown.length === 0) found.push({ text: match[0], parsed });
  }
  return found;
}

function parseBlocks(text: string, levels: Readonly<Record<string, ClassificationLevel>>): ParsedMarking | undefined {
  // An empty block (`SECRET//NOFORN//`, `SECRET////NOFORN`) is a slip of the pen, not a reason to read no marking at all.
  const [head, ...rest] = text.split('//').map((b) => b.trim());
  const level = head === undefined ? undefined : levels[head];
  if (level === undefined) return undefined;
  const sci: SciControl[] = [];
  const categories: CuiCategoryCode[] = [];
  const dissemination: DisseminationControl[] = [];
  const relTo: string[] = [];
  const unknown: string[] = [];
  // After a `CUI` block, a classified marking's categories are the CUI commingled in it: `(S//NF//CUI//SP-EXPT//FED ONLY)`.
  let holdsCui = level === 'CUI';
  // Where a classified marking's CUI part began: a part that names no category and no CUI control cannot be kept.
  let cuiPartFrom: number | undefined;
  for (const block of rest.filter((b) => b.length > 0)) {
    if (isClassified(level) && !holdsCui && block === 'CUI') {
      holdsCui = true;
      cuiPartFrom = categories.length + dissemination.length;
      continue;
    }
    for (const token of block.split('/').map((t) => t.trim()).filter((t) => t.length > 0)) {
      const control = CONTROL_SPELLINGS[token];
      const relToList = /^REL(?:EASABLE)? TO (.+)$/.exec(token)?.[1];
      if (control !== undefined) dissemination.push(control);
      else if (relToList !== undefined) relTo.push(...relToList.split(/\s*,\s*/).filter((c) => c !== 'USA' && c.length > 0));
      else if (isClassified(level) && isSci(baseSystem(token))) {
        sci.push(baseSystem(token) as SciControl);
        // A compartment (SI-G ABCD) is more than its system: kept as not modelled, so an import lists it rather than drop it.
        if (token !== baseSystem(token)) unknown.push(token);
      }
      else if (holdsCui && (CUI_CATEGORY_CODES as readonly string[]).includes(token)) categories.push(token as CuiCategoryCode);
      else unknown.push(token);
    }
  }
  const marked = normalizeMarking({ level, sci, cuiCategories: categories, dissemination, relTo });
  // `(S//CUI)` or `(S//CUI//NOFORN)`: CUI this model has nowhere to keep beside the classification, listed rather than read past.
  if (cuiPartFrom !== undefined && commingledCui(marked) === undefined) unknown.push('CUI');
  return { marking: marked, unknown };
}

/** `SI-G ABCD` is a compartment of SI: the system is what the banner roll-up works with. */
function baseSystem(token: string): string {
  return token.split(/[- ]/)[0] ?? token;
}

function isSci(token: string): boolean {
  return (SCI_CONTROLS as readonly string[]).includes(token);
}
