/**
 * A JSON Schema (draft-07) checker for the keywords NIST's OSCAL schemas use, and no others: the
 * app checks a document against NIST's own schema, as data, rather than against rules of its own
 * that could refuse what NIST accepts or accept what it refuses. No code is generated (the app's
 * Content-Security-Policy allows no eval), and a schema using a keyword this does not know is
 * refused when it is compiled, never half-applied.
 *
 * Formats are checked as Ajv's `ajv-formats` checks them in its default ("full") mode (MIT
 * licence, https://github.com/ajv-validator/ajv-formats), which is how the tests validate.
 */

export type JsonSchema = Readonly<Record<string, unknown>>;

/** What a value fails, and where: the first failure found, in the document's own order. */
export interface SchemaIssue {
  /** The path to the value, from the document's top; for a missing field, to the field. */
  readonly path: readonly (string | number)[];
  readonly keyword: 'type' | 'required' | 'additionalProperties' | 'minItems' | 'maxItems' | 'pattern' | 'format' | 'enum' | 'minimum';
  /** The named definition the value was checked against (`UUIDDatatype`), when it came by reference. */
  readonly datatype: string | undefined;
  /** The type, format, pattern or bound expected; for `enum`, the values allowed, comma-separated. */
  readonly expected: string;
}

interface Node {
  readonly ref?: string;
  readonly type?: string;
  readonly properties?: ReadonlyMap<string, Node>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean | Node;
  readonly items?: Node;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly pattern?: { readonly source: string; readonly regex: RegExp };
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly anyOf?: readonly Node[];
  readonly allOf?: readonly Node[];
  readonly minimum?: number;
}

/** Keywords that only annotate, or that draft-07 leaves to the application (contentEncoding). */
const IGNORED = new Set(['$schema', '$id', '$comment', 'title', 'description', 'definitions', 'contentEncoding', 'examples', 'default']);

type Issue = Omit<SchemaIssue, 'datatype'> & { readonly datatype?: string | undefined };

export class JsonSchemaChecker {
  private readonly root: Node;
  private readonly anchors = new Map<string, Node>();

  constructor(schema: JsonSchema) {
    const definitions = (schema.definitions ?? {}) as Readonly<Record<string, JsonSchema>>;
    for (const [name, definition] of Object.entries(definitions)) {
      const node = compile(definition, `#/definitions/${name}`);
      this.anchors.set(`#/definitions/${name}`, node);
      if (typeof definition.$id === 'string' && definition.$id.startsWith('#')) this.anchors.set(definition.$id, node);
    }
    this.root = compile(schema, '#');
    // Every reference must lead somewhere now, not when a document first takes that path.
    const missing = [...references(schema)].find((ref) => !this.anchors.has(ref));
    if (missing !== undefined) throw new Error(`The schema refers to ${missing}, which it does not define.`);
  }

  /** The first thing `value` fails, or null when it is valid. Throws RangeError on a document nested too deep to walk. */
  firstIssue(value: unknown): SchemaIssue | null {
    const issue = this.check(this.root, value, [], undefined);
    return issue === null ? null : { ...issue, datatype: issue.datatype };
  }

  private check(node: Node, value: unknown, path: (string | number)[], datatype: string | undefined): Issue | null {
    if (node.ref !== undefined) {
      const target = this.anchors.get(node.ref);
      if (!target) throw new Error(`The schema refers to ${node.ref}, which it does not define.`);
      const name = node.ref.startsWith('#/definitions/') ? node.ref.slice('#/definitions/'.length) : node.ref.slice(1);
      return this.check(target, value, path, name);
    }
    const fail = (keyword: Issue['keyword'], expected: string, at: (string | number)[] = path): Issue => ({ path: [...at], keyword, datatype, expected });
    if (node.type !== undefined && !hasType(value, node.type)) return fail('type', node.type);
    if (node.enum && !node.enum.some((allowed) => allowed === value)) return fail('enum', node.enum.map(String).join(', '));
    if (typeof value === 'string') {
      if (node.pattern && !node.pattern.regex.test(value)) return fail('pattern', node.pattern.source);
      if (node.format !== undefined && FORMATS[node.format]?.(value) === false) return fail('format', node.format);
    }
    if (typeof value === 'number' && node.minimum !== undefined && value < node.minimum) return fail('minimum', String(node.minimum));
    if (Array.isArray(value)) {
      if (node.minItems !== undefined && value.length < node.minItems) return fail('minItems', String(node.minItems));
      if (node.maxItems !== undefined && value.length > node.maxItems) return fail('maxItems', String(node.maxItems));
      if (node.items) {
        for (let i = 0; i < value.length; i++) {
          path.push(i);
          const issue = this.check(node.items, value[i], path, undefined);
          path.pop();
          if (issue) return issue;
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      const record = value as Readonly<Record<string, unknown>>;
      for (const key of node.required ?? []) if (!Object.hasOwn(record, key)) return fail('required', key, [...path, key]);
      for (const [key, child] of Object.entries(record)) {
        const property = node.properties?.get(key);
        const schema = property ?? (typeof node.additionalProperties === 'object' ? node.additionalProperties : undefined);
        if (!schema) {
          if (node.additionalProperties === false) return fail('additionalProperties', key, [...path, key]);
          continue;
        }
        path.push(key);
        const issue = this.check(schema, child, path, undefined);
        path.pop();
        if (issue) return issue;
      }
    }
    for (const part of node.allOf ?? []) {
      const issue = this.check(part, value, path, datatype);
      if (issue) return issue;
    }
    if (node.anyOf) {
      const issues: Issue[] = [];
      for (const part of node.anyOf) {
        const issue = this.check(part, value, path, datatype);
        if (!issue) return null;
        issues.push(issue);
      }
      // None fits: say what the first alternative (in OSCAL, the datatype) wants.
      return issues[0] ?? null;
    }
    return null;
  }
}

function hasType(value: unknown, type: string): boolean {
  switch (type) {
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    case 'array':
      return Array.isArray(value);
    case 'string':
      return typeof value === 'string';
    case 'integer':
      return Number.isInteger(value);
    case 'number':
      return typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return typeof value === 'boolean';
    case 'null':
      return value === null;
    default:
      throw new Error(`The schema names the type "${type}", which JSON Schema does not define.`);
  }
}

function compile(schema: JsonSchema, where: string): Node {
  const unknown = Object.keys(schema).find((k) => !IGNORED.has(k) && !KEYWORDS.has(k));
  if (unknown !== undefined) throw new Error(`The schema uses the keyword "${unknown}" at ${where}, which this checker does not apply.`);
  const child = (value: unknown, key: string): Node => compile(value as JsonSchema, `${where}/${key}`);
  const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
  const properties = schema.properties as Readonly<Record<string, JsonSchema>> | undefined;
  const additional = schema.additionalProperties;
  if (typeof schema.type !== 'string' && schema.type !== undefined) throw new Error(`The schema gives a list of types at ${where}, which this checker does not apply.`);
  if (typeof schema.format === 'string' && !Object.hasOwn(FORMATS, schema.format)) throw new Error(`The schema uses the format "${schema.format}" at ${where}, which this checker does not apply.`);
  return {
    ...(typeof schema.$ref === 'string' ? { ref: schema.$ref } : {}),
    ...(typeof schema.type === 'string' ? { type: schema.type } : {}),
    ...(properties ? { properties: new Map(Object.entries(properties).map(([k, v]) => [k, child(v, `properties/${k}`)])) } : {}),
    ...(Array.isArray(schema.required) ? { required: schema.required.map(String) } : {}),
    ...(typeof additional === 'boolean' ? { additionalProperties: additional } : additional !== undefined ? { additionalProperties: child(additional, 'additionalProperties') } : {}),
    ...(schema.items !== undefined ? { items: child(schema.items, 'items') } : {}),
    ...(number(schema.minItems) !== undefined ? { minItems: number(schema.minItems) } : {}),
    ...(number(schema.maxItems) !== undefined ? { maxItems: number(schema.maxItems) } : {}),
    // Ajv compiles patterns with the "u" flag: OSCAL's tokens use \p{L}.
    ...(typeof schema.pattern === 'string' ? { pattern: { source: schema.pattern, regex: new RegExp(schema.pattern, 'u') } } : {}),
    ...(typeof schema.format === 'string' ? { format: schema.format } : {}),
    ...(Array.isArray(schema.enum) ? { enum: schema.enum as unknown[] } : {}),
    ...(Array.isArray(schema.anyOf) ? { anyOf: schema.anyOf.map((s, i) => child(s, `anyOf/${i}`)) } : {}),
    ...(Array.isArray(schema.allOf) ? { allOf: schema.allOf.map((s, i) => child(s, `allOf/${i}`)) } : {}),
    ...(number(schema.minimum) !== undefined ? { minimum: number(schema.minimum) } : {}),
  } as Node;
}

const KEYWORDS = new Set(['$ref', 'type', 'properties', 'required', 'additionalProperties', 'items', 'minItems', 'maxItems', 'pattern', 'format', 'enum', 'anyOf', 'allOf', 'minimum']);

function* references(node: unknown): Generator<string> {
  if (Array.isArray(node)) for (const n of node) yield* references(n);
  else if (typeof node === 'object' && node !== null) {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') yield value;
      else yield* references(value);
    }
  }
}

// ----- Formats, as ajv-formats checks them ------------------------------------------------------

const DATE = /^(\d\d\d\d)-(\d\d)-(\d\d)$/;
const DAYS = [0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const TIME = /^(\d\d):(\d\d):(\d\d(?:\.\d+)?)(z|([+-])(\d\d)(?::?(\d\d))?)?$/i;

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function isDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= (month === 2 && isLeapYear(year) ? 29 : (DAYS[month] ?? 0));
}

/** RFC 3339 time with a time zone, leap seconds allowed at 23:59:60 UTC. */
function isTime(text: string): boolean {
  const m = TIME.exec(text);
  if (!m) return false;
  const hr = Number(m[1]);
  const min = Number(m[2]);
  const sec = Number(m[3]);
  const tzSign = m[5] === '-' ? -1 : 1;
  const tzH = Number(m[6] ?? 0);
  const tzM = Number(m[7] ?? 0);
  if (tzH > 23 || tzM > 59 || m[4] === undefined) return false;
  if (hr <= 23 && min <= 59 && sec < 60) return true;
  const utcMin = min - tzM * tzSign;
  const utcHr = hr - tzH * tzSign - (utcMin < 0 ? 1 : 0);
  return (utcHr === 23 || utcHr === -1) && (utcMin === 59 || utcMin === -1) && sec < 61;
}

const URI =
  /^(?:[a-z][a-z0-9+\-.]*:)(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'()*+,;=:@]|%[0-9a-f]{2})*)*)(?:\?(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
const URI_REFERENCE =
  /^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$/i;
const EMAIL = /^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/i;

const FORMATS: Readonly<Record<string, (text: string) => boolean>> = {
  'date-time': (text) => {
    const parts = text.split(/t|\s/i);
    return parts.length === 2 && isDate(parts[0] ?? '') && isTime(parts[1] ?? '');
  },
  uri: (text) => /\/|:/.test(text) && URI.test(text),
  'uri-reference': (text) => URI_REFERENCE.test(text),
  email: (text) => EMAIL.test(text),
};
