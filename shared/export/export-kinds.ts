import type { ExportFormat } from './file-marking.js';

/**
 * Everything that leaves the workstation, as files or on paper: what each export is called, its
 * format, and where its marking goes. The export gateway takes only these kinds; the README's table
 * lists the same (a test holds them to each other).
 */
export const EXPORT_KINDS = {
  'packets-csv': { label: 'Packet list (Export CSV)', format: 'csv' },
  'history-jsonl': { label: 'Review history with proofs (Export with proofs…)', format: 'jsonl' },
  'history-csv': { label: 'Review history (Export CSV…)', format: 'csv' },
  'comparison-summary-csv': { label: 'Comparison summary (Export summary CSV)', format: 'csv' },
  'comparison-samples-csv': { label: 'Comparison samples (Export samples CSV)', format: 'csv' },
  'comparison-chart-svg': { label: 'A comparison chart as a picture (Export chart SVG)', format: 'svg' },
  'comparison-print': { label: 'Comparison summary, printed or saved as PDF (Print summary)', format: 'print' },
  // A browser's own Print menu cannot be stopped from the page: what it prints is recorded.
  'screen-print': { label: 'The screen, printed from a browser’s own menu (File › Print)', format: 'print' },
  'plan-oscal': { label: 'Remediation plan version (Export OSCAL)', format: 'oscal' },
  'findings-oscal': { label: 'Findings as OSCAL risks (Export OSCAL risks)', format: 'oscal' },
  'findings-csaf': { label: 'Vulnerabilities for the clearinghouse (Export CSAF…)', format: 'csaf' },
  'public-identity': { label: 'Public identity (Save public identity…)', format: 'allowed-signers' },
  'trusted-signers': { label: 'Trusted signers (Save as allowed_signers…)', format: 'allowed-signers' },
  'review-bundle': { label: 'Review bundle (Export bundle…)', format: 'bundle' },
  'report-pdf': { label: 'Review report as a PDF, on the desktop (Save PDF…)', format: 'pdf' },
  // A browser hands the page no PDF: it prints, and its print dialog saves the PDF.
  'report-print': { label: 'Review report, printed or saved as PDF from the print dialog (Print or save as PDF…)', format: 'print' },
  'report-html': { label: 'Review report as one self-contained web page (Save HTML…)', format: 'html' },
  'report-json': { label: 'Review report’s JSON companion, signed or not (Save JSON…)', format: 'json' },
} as const satisfies Readonly<Record<string, { readonly label: string; readonly format: ExportFormat }>>;

export type ExportKind = keyof typeof EXPORT_KINDS;

/** Where each format carries its marking, in words: the README's table and the history's summaries. */
export const MARKING_PLACES: Readonly<Record<ExportFormat, string>> = {
  csv: 'the banner as the first and the last line; the authority block and CUI designation indicator under the table, a line each',
  jsonl: 'the header line: `banner`, `marking` structured, and `markingBlocks` (the authority block and CUI designation indicator)',
  oscal: '`metadata/props`: `marking` (OSCAL’s own, class `us-classification`, and in the namespace https://frontier-review.invalid/ns/oscal), first, before the file’s own properties; the banner as the first paragraph of `metadata/remarks`, the authority block and CUI designation indicator as the second, before the file’s own remarks',
  csaf: '`document/distribution/text`, and a `legal_disclaimer` note titled “Classification and handling” (with the TLP label as chosen), and one titled “Classification authority and CUI designation”',
  'allowed-signers': 'a `#` comment with the banner on the first and the last line (ssh-keygen skips it), the blocks as comments after the first',
  svg: 'the banner in its colours across the top and the bottom of the picture, the SVG `<title>`, and `<metadata>` `marking` (namespace https://frontier-review.invalid/ns/oscal); the blocks as its `<desc>`',
  bundle: '`marking` and `markingBlocks` in the signed `manifest.json`; every record in `review/review.json` keeps its own',
  print: 'the banner at the top and the bottom of every page; the classification authority block and CUI designation indicator on the first',
  pdf: 'the banner at the top and the bottom of every page and in the PDF’s title; the classification authority block and CUI designation indicator on the cover; a portion mark on every paragraph, table and figure',
  html: '`<meta name="classification">`, the `<title>`, and the banner at the top and the bottom of the page (and of every page it prints on); the blocks on the cover; a portion mark on every paragraph, table and figure',
  json: 'top level: `banner`, `marking` structured, and `markingBlocks`; each part of `report` its own `marking` and `portion`',
};
