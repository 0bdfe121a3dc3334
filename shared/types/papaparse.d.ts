// The papaparse functions the app uses, typed here because @types/papaparse pulls in
// Node's type definitions (for its stream API), and shared/ and the renderer must not type-check against Node.
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
  interface ParseConfig {
    readonly header: true;
    readonly skipEmptyLines?: boolean | 'greedy';
    readonly delimiter?: string;
  }
  interface ParseError {
    readonly type: string;
    readonly code: string;
    readonly message: string;
    readonly row?: number;
  }
  interface ParseResult<T> {
    readonly data: T[];
    readonly errors: ParseError[];
    readonly meta: { readonly fields?: string[]; readonly delimiter: string };
  }
  const Papa: {
    unparse(data: UnparseObject, config?: UnparseConfig): string;
    parse<T>(text: string, config: ParseConfig): ParseResult<T>;
  };
  export default Papa;
}
