import { z } from 'zod';
import { CUI_CATEGORIES, commingledCui, type CuiCategoryCode, type DisseminationControl, type Marking } from './marking.js';

/**
 * The CUI designation indicator (32 CFR 2002.20; NARA CUI Marking Handbook): who controls the
 * CUI in a document, which categories and limited dissemination controls it holds, and whom to ask.
 * Required on the first page of every CUI document, and of every classified document that holds CUI.
 */
export interface CuiDesignator {
  /** The designating agency: "Cybersecurity and Infrastructure Security Agency". */
  readonly agency: string;
  /** The office within it: "Office of the Chief AI Officer". */
  readonly office: string;
  /** Whom to ask about the CUI: a name and a telephone number or mailbox. */
  readonly poc: string;
}

export const NO_DESIGNATOR: CuiDesignator = { agency: '', office: '', poc: '' };

const line = (label: string) => z.string().trim().max(200, `${label} is longer than 200 characters.`).regex(/^[^\p{Cc}]*$/u, `${label} is one line of text, without line breaks or control characters.`);

export const cuiDesignatorSchema = z.strictObject({
  agency: line('The designating agency'),
  office: line('The designating office'),
  poc: line('The CUI point of contact'),
});

export interface CuiDesignation {
  readonly controlledBy: readonly string[];
  /** Each category as the Registry names it, with its marking: "Export Controlled (SP-EXPT)". */
  readonly categories: readonly string[];
  readonly dissemination: readonly DisseminationControl[];
  readonly poc: string;
}

/** CUI limited dissemination controls, in the Registry's order. */
const CUI_LDCS: readonly DisseminationControl[] = ['NOFORN', 'FED ONLY', 'FEDCON', 'NOCON', 'DL ONLY'];
const NOT_SET = '(not set in the workstation settings)';

/** Whether a marking holds CUI: a CUI marking, or a classified one with a commingled CUI part. */
export function holdsCui(m: Marking): boolean {
  // A commingled part is CUI whether it names a category or only a limited dissemination control (S//CUI//FED ONLY).
  return m.level === 'CUI' || commingledCui(m) !== undefined;
}

/**
 * The indicator a document holding `markings` carries, or none when nothing in it is CUI. The
 * categories and limited dissemination controls are those of its CUI content (ORCON is the
 * classification's alone); the rest comes from the workstation's settings.
 */
export function cuiDesignationOf(markings: readonly Marking[], designator: CuiDesignator | undefined): CuiDesignation | undefined {
  const cui = markings.filter(holdsCui);
  if (cui.length === 0) return undefined;
  const codes = new Set<CuiCategoryCode>(cui.flatMap((m) => m.cuiCategories));
  // A commingled marking cannot say whether its NOFORN came with the CUI or the classification: listed, it overstates nothing.
  const controls = new Set(cui.flatMap((m) => m.dissemination.filter((c) => CUI_LDCS.includes(c))));
  const { agency = '', office = '', poc = '' } = designator ?? {};
  return {
    controlledBy: [agency.trim() || NOT_SET, ...(office.trim() ? [office.trim()] : [])],
    categories: CUI_CATEGORIES.filter((c) => codes.has(c.code)).map((c) => `${c.name} (${c.code})`),
    dissemination: CUI_LDCS.filter((c) => controls.has(c)),
    poc: poc.trim() || NOT_SET,
  };
}
