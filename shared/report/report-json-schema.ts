import { z } from 'zod';
import { REPORT_SCHEMA_ID, reportFileSchema } from './review-report.js';

/**
 * The JSON Schema (draft 2020-12) of a review report's JSON companion, generated from the zod
 * schema the app validates with, so the two cannot disagree. `review-report.schema.json` beside
 * this file is its output, committed for readers outside the app; a test holds them equal.
 */
export function reportFileJsonSchema(): Record<string, unknown> {
  // What a file may hold as written (input), not what parsing it would turn it into.
  const { $schema, ...generated } = z.toJSONSchema(reportFileSchema, { target: 'draft-2020-12', io: 'input' });
  return {
    $schema,
    $id: REPORT_SCHEMA_ID,
    title: 'Frontier Review review report',
    description: 'The JSON companion of a review report: its marking, the report, the PDF and HTML saved with it by SHA-256, and an optional SSH signature (namespace "frontier-review-report") over the RFC 8785 canonical JSON of everything but "signature".',
    ...generated,
  };
}

/** The schema as the committed file holds it: two-space indents and a final newline. */
export function reportFileJsonSchemaText(): string {
  return `${JSON.stringify(reportFileJsonSchema(), null, 2)}\n`;
}
