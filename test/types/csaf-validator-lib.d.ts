// The BSI's CSAF validator as the tests use it, typed because the package ships JavaScript with
// JSDoc only.
declare module '@secvisogram/csaf-validator-lib/validateStrict.js' {
  interface TestResult {
    readonly name: string;
    readonly isValid: boolean;
    readonly errors: readonly { readonly instancePath: string; readonly message: string }[];
    readonly warnings: readonly { readonly instancePath: string; readonly message: string }[];
  }
  type DocumentTest = (doc: unknown) => unknown;
  /** Runs every test, throwing if one of them is unknown to the library (so none is skipped by mistake). */
  export default function validateStrict(tests: readonly DocumentTest[], doc: unknown): Promise<{ readonly isValid: boolean; readonly tests: readonly TestResult[] }>;
}
declare module '@secvisogram/csaf-validator-lib/schemaTests.js' {
  export const csaf_2_0_strict: (doc: unknown) => unknown;
}
declare module '@secvisogram/csaf-validator-lib/mandatoryTests.js' {
  const tests: Readonly<Record<string, (doc: unknown) => unknown>>;
  export = tests;
}
declare module '@secvisogram/csaf-validator-lib/lib/shared/cvss4.js' {
  /** Base, threat and environmental scores, in that order. */
  export function calculateCvss4_0_Score(vector: string): readonly { readonly score: number; readonly severity: string }[];
}
