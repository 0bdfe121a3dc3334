import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { reportFileJsonSchemaText } from '../../shared/report/report-json-schema.js';
import { REPORT_SCHEMA_ID } from '../../shared/report/review-report.js';
import { sampleReportFile } from '../fixtures/report/sample-report.js';

const SCHEMA_FILE = fileURLToPath(new URL('../../shared/report/review-report.schema.json', import.meta.url));
const REGENERATE = 'UPDATE_REPORT_SCHEMA=1 npx vitest run --config test/vitest.config.ts test/unit/report-schema.test.ts';

// Regenerating is asked for, never done on the way: a changed schema is a change to review.
if (process.env.UPDATE_REPORT_SCHEMA === '1') writeFileSync(SCHEMA_FILE, reportFileJsonSchemaText());

const committed = readFileSync(SCHEMA_FILE, 'utf8');

/** The committed schema, compiled as a reader outside the app would: ajv's draft 2020-12 build, with formats. */
const validate = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(committed) as object);
})();

/** Where the committed schema finds fault: "<JSON pointer> <message>", none for a valid file. */
function schemaErrors(document: unknown): string[] {
  if (validate(document)) return [];
  return (validate.errors ?? []).map((e) => {
    const { missingProperty } = e.params as { missingProperty?: string };
    return `${missingProperty === undefined ? e.instancePath : `${e.instancePath}/${missingProperty}`} ${e.message ?? ''}`;
  });
}

describe("the review report's JSON Schema", () => {
  it('is committed exactly as generated from the zod schema the app validates with', () => {
    expect(committed === reportFileJsonSchemaText(), `shared/report/review-report.schema.json differs from the zod schema's; regenerate it with: ${REGENERATE}`).toBe(true);
    expect(JSON.parse(committed)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', $id: REPORT_SCHEMA_ID, title: 'Frontier Review review report' });
  });

  it('accepts the sample report file, signed or not', () => {
    expect(schemaErrors(sampleReportFile())).toEqual([]);
    const signed = { ...sampleReportFile(), signature: { namespace: 'frontier-review-report', principal: 'dana.lead@cisa.example', armored: '-----BEGIN SSH SIGNATURE-----\n…\n-----END SSH SIGNATURE-----\n' } };
    expect(schemaErrors(signed)).toEqual([]);
  });

  it('refuses a report whose outcome is not one of the three, or that lacks its banner, saying where', () => {
    const file = sampleReportFile();
    const maybe = { ...file, report: { ...file.report, determination: { ...file.report.determination, outcome: 'maybe' } } };
    expect(schemaErrors(maybe)).toEqual(['/report/determination/outcome must be equal to one of the allowed values']);
    const { banner: _banner, ...unbannered } = file;
    expect(schemaErrors(unbannered)).toEqual(["/banner must have required property 'banner'"]);
    const otherNamespace = { ...file, signature: { namespace: 'frontier-review-bundle', principal: 'x', armored: 'y' } };
    expect(schemaErrors(otherNamespace)).toEqual(['/signature/namespace must be equal to constant']);
    const badHash = { ...file, files: [{ format: 'pdf', fileName: 'r.pdf', size: 1, sha256: 'ABC' }] };
    expect(schemaErrors(badHash)).toEqual(['/files/0/sha256 must match pattern "^[0-9a-f]{64}$"']);
  });
});
