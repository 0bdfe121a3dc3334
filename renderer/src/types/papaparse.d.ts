// The one papaparse function the renderer uses, typed here because @types/papaparse pulls in
// Node's type definitions (for its stream API), and the renderer must not type-check against Node.
declare module 'papaparse' {
  interface UnparseConfig {
    /** Prefix cells a spreadsheet would run as formulas (=, +, -, @, tab, CR) with a quote. */
    readonly escapeFormulae?: boolean;
    readonly newline?: string;
    readonly quotes?: boolean;
    readonly delimiter?: string;
  }
  interface UnparseObject {
    readonly fields: readonly string[];
    readonly data: readonly (readonly unknown[])[];
  }
  const Papa: { unparse(data: UnparseObject, config?: UnparseConfig): string };
  export default Papa;
}
