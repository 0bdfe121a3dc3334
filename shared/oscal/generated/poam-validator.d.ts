// Types for the validator build/scripts/poam-validator.mjs generates with Ajv.

/** One thing NIST's schema refuses, as Ajv reports it. */
export interface PoamSchemaError {
  /** JSON pointer to the value. */
  readonly instancePath: string;
  /** JSON pointer into the schema (`#/definitions/UUIDDatatype/pattern`) or into the definition reached by `$id`. */
  readonly schemaPath: string;
  readonly keyword: string;
  readonly params: Readonly<Record<string, unknown>>;
  readonly message?: string;
}

/** The OSCAL datatype each `$id` anchor (and `#/definitions/…Datatype`) stands for. */
export declare const DATATYPE_BY_ANCHOR: Readonly<Record<string, string>>;

/** True when the document is valid; otherwise `errors` holds the first failure Ajv met. */
export declare const validate: ((data: unknown) => boolean) & { errors?: readonly PoamSchemaError[] | null };
export default validate;
