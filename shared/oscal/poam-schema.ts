import { DATATYPE_BY_ANCHOR, validate, type PoamSchemaError } from './generated/poam-validator.js';

/**
 * A POA&M checked against NIST's own POA&M JSON Schema, compiled by Ajv ahead of time (the page's
 * Content-Security-Policy allows no eval): what the schema accepts is read, and what it refuses is
 * refused with the field named in words. Everything the app carries from a file is then valid
 * OSCAL, so every export of it validates too.
 */

export const POAM_ROOT = 'plan-of-action-and-milestones';

/** The first thing NIST's schema refuses, with its place in the document. */
export interface SchemaIssue {
  /** The path to the value, from the document's top; for a missing or unknown field, to the field. */
  readonly path: readonly (string | number)[];
  /** The JSON Schema keyword that failed: `type`, `required`, `pattern`, `format`, `enum`, … */
  readonly keyword: string;
  /** The OSCAL datatype the value was checked against (`UUIDDatatype`), when it came by reference. */
  readonly datatype: string | undefined;
  /** The type, format, pattern or bound expected; for `enum`, the values allowed, comma-separated. */
  readonly expected: string;
  /** Ajv's own words, for a keyword this module does not put into words itself. */
  readonly message: string;
}

/** The first thing NIST's schema refuses in `document`, or null. */
export function poamSchemaIssue(document: unknown): SchemaIssue | null {
  if (validate(document)) return null;
  const error = validate.errors?.[0];
  return error === undefined ? { path: [], keyword: 'schema', datatype: undefined, expected: '', message: 'is not valid' } : issueFrom(error);
}

/** A JSON pointer as keys: list positions as numbers, `~1` and `~0` unescaped. */
function pointerPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part.replaceAll('~1', '/').replaceAll('~0', '~')));
}

function issueFrom(error: PoamSchemaError): SchemaIssue {
  const params = error.params;
  const field = typeof params.missingProperty === 'string' ? params.missingProperty : typeof params.additionalProperty === 'string' ? params.additionalProperty : undefined;
  const path = [...pointerPath(error.instancePath), ...(field === undefined ? [] : [field])];
  const datatype = datatypeOf(error.schemaPath);
  return { path, keyword: error.keyword, datatype, expected: expectedOf(params), message: error.message ?? 'is not valid' };
}

/** The datatype a schema path lies in: `#/definitions/UUIDDatatype/…`, or a field defined as one (`#field_oscal-metadata_version/…`). */
function datatypeOf(schemaPath: string): string | undefined {
  const definition = /^#\/definitions\/(\w+Datatype)\//.exec(schemaPath)?.[1];
  if (definition !== undefined) return definition;
  const anchor = /^#[^/]+/.exec(schemaPath)?.[0];
  return anchor === undefined ? undefined : DATATYPE_BY_ANCHOR[anchor];
}

function expectedOf(params: Readonly<Record<string, unknown>>): string {
  const { type, limit, allowedValues, pattern, format } = params;
  if (Array.isArray(allowedValues)) return allowedValues.map(String).join(', ');
  const value = type ?? limit ?? pattern ?? format;
  if (Array.isArray(value)) return value.map(String).join(' or ');
  return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** What the OSCAL datatypes require, in words. */
const DATATYPES: Readonly<Record<string, string>> = {
  UUIDDatatype: 'is not a version 4 or 5 UUID',
  StringDatatype: 'is empty, spans lines, or starts or ends with a space',
  TokenDatatype: 'is not a single word (an OSCAL token)',
  URIDatatype: 'is not a URI',
  URIReferenceDatatype: 'is not a URI reference',
  DateTimeWithTimezoneDatatype: 'is not a date and time with a time zone (as 2024-01-31T09:00:00-05:00)',
  Base64Datatype: 'is not base64 text',
  EmailAddressDatatype: 'is not an email address',
  IntegerDatatype: 'is not a whole number',
  NonNegativeIntegerDatatype: 'is not a whole number of 0 or more',
  PositiveIntegerDatatype: 'is not a whole number of 1 or more',
};

const TYPES: Readonly<Record<string, string>> = {
  object: 'an object (a set of named fields)',
  array: 'a list',
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  null: 'null',
};

/** A place in a POA&M as a reviewer reads it: `risks[1].status`, from the plan's own fields. */
export function readablePath(path: readonly (string | number)[]): string {
  const inPlan = path[0] === POAM_ROOT ? path.slice(1) : path;
  if (inPlan.length === 0) return path.length === 0 ? 'the file' : 'the plan';
  return inPlan.reduce<string>((text, key) => (typeof key === 'number' ? `${text}[${key}]` : text === '' ? key : `${text}.${key}`), '');
}

/** The issue as a sentence naming the field: "risks[1].status is missing, and OSCAL requires it." */
export function describeSchemaIssue(issue: SchemaIssue): string {
  const where = readablePath(issue.path);
  const words = issue.datatype === undefined ? undefined : DATATYPES[issue.datatype];
  if (issue.path.length === 1 && issue.keyword === 'additionalProperties') return `"${String(issue.path[0])}" at the top of the file is not part of an OSCAL plan of action and milestones.`;
  switch (issue.keyword) {
    case 'required':
      return `${where} is missing, and OSCAL requires it.`;
    case 'additionalProperties':
      return `${where} is not a field OSCAL defines there.`;
    case 'type':
      return `${where} ${words ?? `is not ${TYPES[issue.expected] ?? issue.expected}`}.`;
    case 'minItems':
      return issue.expected === '1' ? `${where} holds no items, and OSCAL requires at least one.` : `${where} holds fewer than ${issue.expected} items, and OSCAL requires that many.`;
    case 'maxItems':
      return `${where} holds more than ${issue.expected} items, the most OSCAL allows.`;
    case 'enum':
      return `${where} is not one of: ${issue.expected}.`;
    case 'minimum':
      return `${where} ${words ?? `is less than ${issue.expected}`}.`;
    case 'pattern':
    case 'format':
      return `${where} ${words ?? `does not have the form OSCAL requires (${issue.keyword === 'format' ? issue.expected : `/${issue.expected}/`})`}.`;
    default:
      return `${where} ${issue.message}.`;
  }
}
