import { z } from 'zod';
import { markingVocabularySchema } from '../marking/marking-schema.js';

/**
 * The review report: the marked, provable document a team lead hands up at the end of a review.
 * One zod schema is the source of truth; `review-report.schema.json` beside it is generated from
 * it (a test holds the two together) so readers outside the app validate the JSON companion with
 * any JSON Schema validator.
 *
 * Every part carries its own marking and portion mark, computed from what the part draws on; the
 * report's marking is the commingled marking of its parts, never typed.
 */

export const REPORT_KIND = 'frontier-review/review-report';
export const REPORT_SCHEMA_ID = 'https://frontier-review.invalid/schemas/review-report-1.schema.json';
/** SSHSIG namespace of a report's signature (`ssh-keygen -Y verify -n frontier-review-report`). */
export const REPORT_SIGNATURE_NAMESPACE = 'frontier-review-report';

const text = z.string().max(20_000);
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 is 64 lowercase hex digits');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar date (YYYY-MM-DD)');
const number = z.number();

// One definition in the JSON Schema ($defs/Marking), not one copy per part.
const markingJson = markingVocabularySchema.meta({ id: 'Marking', description: 'A classification marking: level, SCI controls, CUI categories, dissemination controls and REL TO countries.' });

/** A marked portion: its marking and the portion mark shown beside it, e.g. "(S//NF)". */
const portion = { marking: markingJson, portion: z.string().max(200) };

const personSchema = z.strictObject({ name: text, principal: text, role: text });

const coverSchema = z.strictObject({
  ...portion,
  title: text,
  reportDate: isoDate,
  packet: z.strictObject({
    id: text,
    developer: text,
    modelName: text,
    modelVersion: text,
    accessGrantedDate: isoDate,
    plannedReleaseDate: isoDate,
    /** Days from access to planned release: the access window. */
    windowDays: z.number().int(),
    /** Days of the window used by the report date (0 before it opens, at most windowDays). */
    daysUsed: z.number().int(),
    agencies: z.array(text),
    status: text,
  }),
  reviewers: z.array(personSchema),
  teamLead: personSchema,
  /** The classification authority block and CUI designation indicator, a line each. */
  markingBlocks: z.array(text),
});

const evidenceSchema = z.strictObject({
  runId: text,
  fileName: text,
  provenance: text,
  model: text,
  scorer: text,
  metric: text,
  value: number,
  stderr: number.nullable(),
  interval: z.tuple([number, number]).nullable(),
  n: number.nullable(),
});

const thresholdRowSchema = z.strictObject({
  ...portion,
  task: text,
  scorer: text,
  metric: text,
  direction: z.enum(['higher', 'lower']),
  value: number,
  state: z.enum(['crossed', 'not-crossed', 'no-evidence', 'unusable-evidence']),
  crossed: z.boolean(),
  /** The 95% interval reaches the other side of the threshold. */
  close: z.boolean(),
  evidence: evidenceSchema.nullable(),
  reason: text,
});

const determinationSchema = z.strictObject({
  ...portion,
  outcome: z.enum(['covered', 'not-covered', 'undetermined']),
  outcomeLabel: text,
  reasoning: z.array(text),
  thresholds: z.array(thresholdRowSchema),
});

const reproducedSideSchema = z.strictObject({ runId: text, fileName: text, value: number, stderr: number.nullable(), n: number.nullable() });

const reproductionRowSchema = z.strictObject({
  ...portion,
  task: text,
  benchmark: text,
  scorer: text,
  metric: text,
  developer: reproducedSideSchema,
  government: reproducedSideSchema,
  /** Government minus developer. */
  difference: number,
  interval: z.tuple([number, number]).nullable(),
  p: number.nullable(),
  /** How the difference was tested: paired on shared samples (McNemar, bootstrap) or unpaired. */
  method: z.enum(['mcnemar', 'bootstrap', 'unpaired']).nullable(),
  sharedSamples: z.number().int(),
  /** The two disagree beyond chance (p < 0.05). */
  disagree: z.boolean(),
  /** Values on a 0–1 scale, read as proportions and their differences as points (the comparison engine's call). */
  proportion: z.boolean(),
  words: text,
});

const reproductionSchema = z.strictObject({
  ...portion,
  rows: z.array(reproductionRowSchema),
  /** Benchmarks with a developer-reported or a government run but not both. */
  unpaired: z.array(z.strictObject({ benchmark: text, has: text })),
});

const findingRowSchema = z.strictObject({
  ...portion,
  id: text,
  title: text,
  severity: text,
  cvss: z.strictObject({ version: text, vector: text, score: number }).nullable(),
  cwe: text.nullable(),
  status: text,
  affectedProducts: z.array(text),
  evidence: z.array(z.strictObject({ kind: z.enum(['run', 'file']), label: text, runId: text.nullable(), sampleId: text.nullable(), sha256: sha256Hex.nullable() })),
});

const countSchema = z.strictObject({ key: text, count: z.number().int() });

const findingsSchema = z.strictObject({
  ...portion,
  bySeverity: z.array(countSchema),
  byStatus: z.array(countSchema),
  rows: z.array(findingRowSchema),
});

const remediationSchema = z.strictObject({
  ...portion,
  plan: z.strictObject({ id: text, title: text, version: z.number().int(), versionLabel: text, firstVersion: z.number().int(), fileName: text }).nullable(),
  unanswered: z.array(z.strictObject({ findingId: text, title: text, reason: text })),
  slipped: z.array(z.strictObject({ title: text, entity: text, days: z.number().int() })),
  statusMoves: z.array(z.strictObject({ title: text, before: text, after: text })),
  openDeviations: z.array(z.strictObject({ title: text, status: text })),
});

const sourceSchema = z.strictObject({ kind: z.enum(['benchmark-log', 'results-table', 'remediation-plan', 'advisory', 'evidence-file']), fileName: text, sha256: sha256Hex, size: z.number().int().nonnegative() });

const provenanceSchema = z.strictObject({
  ...portion,
  sources: z.array(sourceSchema),
  /** The review history's signed checkpoint when the report was made (C2SP tlog-checkpoint). */
  checkpoint: z
    .strictObject({
      origin: text,
      treeSize: z.number().int().positive(),
      rootHash: z.string().regex(/^[0-9a-f]{64}$/),
      note: text,
      verifierKey: text,
    })
    .nullable(),
  people: z.array(z.strictObject({ name: text, role: text, changes: z.number().int(), first: text, last: text })),
});

export const reviewReportSchema = z.strictObject({
  kind: z.literal(REPORT_KIND),
  /** Stable across a packet's report versions. */
  reportId: text,
  version: z.number().int().positive(),
  createdAt: z.string(),
  createdBy: personSchema,
  /** The commingled marking of every part, and its banner. */
  marking: markingJson,
  banner: text,
  cover: coverSchema,
  determination: determinationSchema,
  reproduction: reproductionSchema,
  findings: findingsSchema,
  remediation: remediationSchema,
  provenance: provenanceSchema,
});

export type ReviewReport = z.infer<typeof reviewReportSchema>;
export type ReportCover = ReviewReport['cover'];
export type ReportDetermination = ReviewReport['determination'];
export type ReportReproduction = ReviewReport['reproduction'];
export type ReportFindings = ReviewReport['findings'];
export type ReportRemediation = ReviewReport['remediation'];
export type ReportProvenance = ReviewReport['provenance'];
export type ReportSource = z.infer<typeof sourceSchema>;

/**
 * The JSON companion as a file: the report, the file's own marking where a JSON reader looks for
 * it (as the history export's header carries it), and, when signed, an SSHSIG signature over the
 * RFC 8785 canonical JSON of everything but `signature` (see report-signature).
 */
export const reportFileSchema = z.strictObject({
  $schema: z.literal(REPORT_SCHEMA_ID),
  banner: text,
  marking: markingJson,
  markingBlocks: z.array(text),
  report: reviewReportSchema,
  /** The PDF and HTML of this report version saved before the JSON: the signature covers them by hash. */
  files: z.array(z.strictObject({ format: z.enum(['pdf', 'html']), fileName: text, size: z.number().int().nonnegative(), sha256: sha256Hex })),
  signature: z.strictObject({ namespace: z.literal(REPORT_SIGNATURE_NAMESPACE), principal: text, armored: text }).optional(),
});

export type ReportFile = z.infer<typeof reportFileSchema>;
