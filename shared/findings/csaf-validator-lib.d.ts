// The parts of the BSI's CSAF validator library used here, typed because the package ships
// JavaScript with JSDoc only.
declare module '@secvisogram/csaf-validator-lib/cwe.js' {
  /** The CWE catalogue CSAF 2.0's mandatory test 6.1.11 checks names against. */
  export const weaknesses: readonly { readonly id: string; readonly name: string }[];
}
declare module '@secvisogram/csaf-validator-lib/lib/shared/bcpLanguageTagChecker.js' {
  /** Whether a language tag is one CSAF 2.0's mandatory test 6.1.12 accepts: BCP 47, of registered subtags. */
  export default function bcpLanguageTagChecker(tag: string): boolean;
}
