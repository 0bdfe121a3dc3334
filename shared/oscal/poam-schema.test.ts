import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POAM_VALIDATOR, poamValidatorSource } from '../../build/scripts/poam-validator.mjs';
import { everyPartPoam, fedrampPoam } from '../../test/fixtures/fedramp-poam.js';
import { poamSchemaErrorPointers } from '../../test/fixtures/oscal-schema.js';
import { NIST_POAM_EXAMPLE, providedBytes } from '../../test/fixtures/provided.js';
import { jsonPointer } from '../import/dropped.js';
import { describeSchemaIssue, poamSchemaIssue } from './poam-schema.js';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const nist = JSON.parse(new TextDecoder().decode(providedBytes(NIST_POAM_EXAMPLE))) as Json;
const DOCUMENTS: readonly Json[] = [nist, fedrampPoam('rev4') as Json, fedrampPoam('rev5') as Json, everyPartPoam() as Json];

/** Every place in a document: each object's fields and each list's members, the top itself first. */
function places(value: Json, at: (string | number)[] = []): (string | number)[][] {
  const here = [at];
  if (Array.isArray(value)) return [...here, ...value.flatMap((v, i) => places(v, [...at, i]))];
  if (typeof value === 'object' && value !== null) return [...here, ...Object.entries(value).flatMap(([k, v]) => places(v, [...at, k]))];
  return here;
}

/** Values OSCAL's datatypes take or refuse: empty, spaced, tokens, UUIDs, date-times, URIs, emails, numbers. */
const VALUES: readonly Json[] = [
  '', ' padded ', 'two words', 'token', 'Änderung_1.x', '1bad', 'line\nbreak', 'not-a-uuid', '8B8BAE66-B28C-4FA5-9A20-B79E7322FC00', '8b8bae66-b28c-1fa5-9a20-b79e7322fc00',
  '2024-02-29T00:00:00Z', '2023-02-29T00:00:00Z', '2024-01-01T00:00:00+05:17', '2024-01-01T23:59:60Z', '2024-01-01 00:00:00Z', '2024-01-01T00:00Z', '1899-01-01T00:00:00Z',
  'https://example.com/x', 'https://example.com/x y', 'urn:x', '#frag', '../rel/path', 'a:b', 'x@example.com', 'a@b', 'iVBORw0KGgo=', '==',
  0, 1, -1, 1.5, true, null, [], {}, ['EXAMINE'], [''], { extra: 'x' },
];

type Mutation = { readonly kind: 'set'; readonly value: Json } | { readonly kind: 'delete' } | { readonly kind: 'add'; readonly key: string; readonly value: Json } | { readonly kind: 'wrap' } | { readonly kind: 'unwrap' };

function mutate(document: Json, at: readonly (string | number)[], mutation: Mutation): Json {
  const copy = structuredClone(document);
  if (at.length === 0) return mutation.kind === 'set' ? mutation.value : copy;
  let parent = copy as Record<string | number, Json>;
  for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, Json>;
  const key = at.at(-1)!;
  const current = parent[key] as Json;
  if (mutation.kind === 'set') parent[key] = mutation.value;
  else if (mutation.kind === 'delete') {
    if (Array.isArray(parent)) parent.splice(key as number, 1);
    else Reflect.deleteProperty(parent, key);
  } else if (mutation.kind === 'add') {
    if (typeof current === 'object' && current !== null && !Array.isArray(current)) current[mutation.key] = mutation.value;
  } else if (mutation.kind === 'wrap') parent[key] = [current];
  else parent[key] = Array.isArray(current) ? (current[0] ?? null) : current;
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constantFrom(...VALUES).map((value): Mutation => ({ kind: 'set', value })),
  fc.constant<Mutation>({ kind: 'delete' }),
  fc.tuple(fc.constantFrom('extra', 'remarks', 'props', 'uuid', 'title', 'links'), fc.constantFrom(...VALUES)).map(([key, value]): Mutation => ({ kind: 'add', key, value })),
  fc.constant<Mutation>({ kind: 'wrap' }),
  fc.constant<Mutation>({ kind: 'unwrap' }),
);

describe("NIST's POA&M schema, as the app checks it", () => {
  it('is the validator Ajv compiles today from NIST\'s published schema', () => {
    expect(readFileSync(new URL(`../../${POAM_VALIDATOR}`, import.meta.url), 'utf8')).toBe(poamValidatorSource());
  });

  it('accepts the NIST example and FedRAMP\'s templates, as Ajv does', () => {
    for (const document of DOCUMENTS) {
      expect(poamSchemaErrorPointers(document as object)).toEqual([]);
      expect(poamSchemaIssue(document)).toBeNull();
    }
  });

  it('agrees with Ajv on every change to a valid POA&M, and names a place Ajv names', () => {
    const cases = fc.constantFrom(...DOCUMENTS).chain((document) => fc.tuple(fc.constant(document), fc.constantFrom(...places(document)), mutation));
    fc.assert(
      fc.property(cases, ([document, at, change]) => {
        const changed = mutate(document, at, change);
        const ajv = poamSchemaErrorPointers(changed);
        const issue = poamSchemaIssue(changed);
        expect(issue === null, `${jsonPointer(at)} ${JSON.stringify(change)}: Ajv says ${ajv.join('; ')}`).toBe(ajv.length === 0);
        if (issue) expect(ajv).toContain(jsonPointer(issue.path));
      }),
      { numRuns: 3000, seed: 20261207 },
    );
    // 3,000 documents through two validators: about 2 s alone, longer on a machine busy with other work.
  }, 30_000);

  it('says what is wrong in words, naming the field', () => {
    const issueOf = (change: (poam: Record<string, Json>) => void) => {
      const document = structuredClone(nist) as { 'plan-of-action-and-milestones': Record<string, Json> };
      change(document['plan-of-action-and-milestones']);
      const issue = poamSchemaIssue(document);
      return issue && describeSchemaIssue(issue);
    };
    expect(issueOf((p) => (p.uuid = 'x'))).toBe('uuid is not a version 4 or 5 UUID.');
    expect(issueOf((p) => ((p['import-ssp'] as Record<string, Json>).href = 'a b'))).toBe('import-ssp.href is not a URI reference.');
    expect(issueOf((p) => ((p.metadata as Record<string, Json>).title = 5))).toBe('metadata.title is not text.');
    expect(issueOf((p) => ((p.metadata as Record<string, Json>)['last-modified'] = 5))).toBe('metadata.last-modified is not a date and time with a time zone (as 2024-01-31T09:00:00-05:00).');
    expect(issueOf((p) => (p.risks = []))).toBe('risks holds no items, and OSCAL requires at least one.');
    expect(issueOf((p) => delete p.metadata)).toBe('metadata is missing, and OSCAL requires it.');
    expect(issueOf((p) => ((p.observations as Record<string, Json>[])[1]!.props = [{ name: 'n', value: 'v', ns: 'not a uri' }]))).toBe('observations[1].props[0].ns is not a URI.');
    expect(issueOf((p) => ((p.observations as Record<string, Json>[])[1]!.methods = ['TEST', ' ']))).toBe('observations[1].methods[1] is empty, spans lines, or starts or ends with a space.');
    expect(issueOf((p) => ((p.metadata as Record<string, Json>).extra = 1))).toBe('metadata.extra is not a field OSCAL defines there.');
    expect(issueOf((p) => ((p.risks as Record<string, Json>[])[0]!.status = 'two words'))).toBe('risks[0].status is not a single word (an OSCAL token).');
  });
});
