import { bannerText, type Marking } from '../marking/marking.js';
import { parseBanner, parsePortion, type ParsedMarking } from '../marking/parse-marking.js';

/**
 * Where a file's marking goes, in each format the app writes: the place that format's own readers
 * look. Each format has a writer, which puts the marking there, and a reader, which finds every
 * marking a file of that format carries: the export gateway checks what it wrote with the reader
 * before anything leaves, and an import checks the marking a reviewer declares against it.
 */

/** The namespace of the app's own OSCAL properties (owners, markings). */
export const FRONTIER_REVIEW_OSCAL_NS = 'https://frontier-review.invalid/ns/oscal';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'oscal', 'csaf', 'allowed-signers', 'bundle', 'print'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A marking a file carries, and where: "first line", "metadata/props marking", "document/distribution/text". */
export interface CarriedMarking {
  readonly where: string;
  readonly text: string;
  readonly parsed: ParsedMarking;
}

type Json = Readonly<Record<string, unknown>>;

function asObject(v: unknown): Json | undefined {
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Json) : undefined;
}

function carried(where: string, text: unknown, parse: (t: string) => ParsedMarking | undefined = parseBanner): CarriedMarking[] {
  if (typeof text !== 'string') return [];
  const parsed = parse(text);
  return parsed ? [{ where, text: text.trim(), parsed }] : [];
}

// ----- CSV ---------------------------------------------------------------------------------------

/** CSV: the banner as the first and the last line, as on paper. `body` is the table with its header row. */
export function markCsv(body: string, marking: Marking): string {
  const banner = bannerText(marking);
  return `${banner}\r\n${body.replace(/(\r?\n)+$/, '')}\r\n${banner}\r\n`;
}

/** The banners on a CSV file's first and last non-empty lines (a results table from another tool may carry them). */
export function csvMarkings(text: string): CarriedMarking[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const cell = (line: string | undefined) => line?.split(',')[0]?.replace(/^"|"$/g, '');
  return [...carried('first line', cell(lines[0])), ...(lines.length > 1 ? carried('last line', cell(lines.at(-1))) : [])];
}

// ----- JSON lines --------------------------------------------------------------------------------

/** JSON lines: the first line is a header object whose `banner` is the marking (and `marking`, structured). */
export function jsonLinesMarkings(text: string): CarriedMarking[] {
  const first = text.split('\n', 1)[0] ?? '';
  try {
    return carried('header banner', asObject(JSON.parse(first))?.banner);
  } catch {
    return [];
  }
}

// ----- OSCAL -------------------------------------------------------------------------------------

/**
 * OSCAL: the banner as a `marking` property of the document's metadata, both OSCAL's own (a label
 * "tied to a sensitivity or classification marking system") and in this app's namespace, and as the
 * first paragraph of `metadata/remarks`. `document` is any OSCAL document: `{ "<model>": { metadata } }`.
 */
export function markOscal(document: object, marking: Marking): object {
  const banner = bannerText(marking);
  const [model, body] = Object.entries(document)[0] ?? [];
  const content = asObject(body);
  const metadata = asObject(content?.metadata);
  if (model === undefined || !content || !metadata) throw new Error('An OSCAL document has one model with metadata.');
  const props = (Array.isArray(metadata.props) ? (metadata.props as Json[]) : []).filter((p) => p.name !== 'marking');
  const remarks = typeof metadata.remarks === 'string' ? metadata.remarks.split('\n\n').filter((p) => !parseBanner(p)).join('\n\n') : '';
  return {
    [model]: {
      ...content,
      metadata: {
        ...metadata,
        props: [...props, { name: 'marking', class: 'us-classification', value: banner }, { name: 'marking', ns: FRONTIER_REVIEW_OSCAL_NS, value: banner }],
        remarks: remarks === '' ? banner : `${banner}\n\n${remarks}`,
      },
    },
  };
}

/** The markings an OSCAL document's metadata carries: its `marking` properties, the first paragraph of its remarks, a portion mark on its title. */
export function oscalMarkings(document: unknown): CarriedMarking[] {
  const metadata = asObject(asObject(Object.values(asObject(document) ?? {})[0])?.metadata);
  if (!metadata) return [];
  const props = Array.isArray(metadata.props) ? (metadata.props as unknown[]).map(asObject) : [];
  return [
    ...props.flatMap((p) => (p?.name === 'marking' ? carried(`metadata/props marking${typeof p.ns === 'string' ? ` (${p.ns})` : ''}`, p.value) : [])),
    ...carried('metadata/remarks', typeof metadata.remarks === 'string' ? metadata.remarks.split(/\n/)[0] : undefined),
    ...carried('metadata/title', typeof metadata.title === 'string' ? /^\([^)]*\)/.exec(metadata.title)?.[0] : undefined, parsePortion),
  ];
}

// ----- CSAF --------------------------------------------------------------------------------------

const CSAF_MARKING_NOTE = 'Classification and handling';

/**
 * CSAF 2.0: the banner is the distribution statement (`document/distribution/text`, "constraints on
 * how this document might be shared"), and a `legal_disclaimer` note titled "Classification and
 * handling" repeats it. (A portion mark on another publisher's title is read too, but not written:
 * the title stays what the reviewer typed, as the clearinghouse files it.)
 */
export function markCsaf(document: object, marking: Marking): object {
  const banner = bannerText(marking);
  const root = asObject(document) ?? {};
  const doc = asObject(root.document);
  if (!doc) throw new Error('A CSAF document has a document object.');
  const notes = (Array.isArray(doc.notes) ? (doc.notes as Json[]) : []).filter((n) => n.title !== CSAF_MARKING_NOTE);
  return {
    ...root,
    document: {
      ...doc,
      distribution: { ...asObject(doc.distribution), text: banner },
      notes: [...notes, { category: 'legal_disclaimer', title: CSAF_MARKING_NOTE, text: `${banner}. Handle, store and pass on this advisory as its marking requires.` }],
    },
  };
}

export function csafMarkings(document: unknown): CarriedMarking[] {
  const doc = asObject(asObject(document)?.document);
  if (!doc) return [];
  const notes = Array.isArray(doc.notes) ? (doc.notes as unknown[]).map(asObject) : [];
  const distribution = asObject(doc.distribution);
  return [
    ...carried('document/distribution/text', typeof distribution?.text === 'string' ? distribution.text.split(/[.\n]/)[0] : undefined),
    ...carried('document/title', typeof doc.title === 'string' ? /^\([^)]*\)/.exec(doc.title)?.[0] : undefined, parsePortion),
    ...notes.flatMap((n) => (n?.title === CSAF_MARKING_NOTE && typeof n.text === 'string' ? carried('document/notes', n.text.split(/[.\n]/)[0]) : [])),
  ];
}

/** The markings a JSON document (OSCAL or CSAF) carries, read from its bytes; none if it does not parse as plain JSON. */
export function documentMarkings(format: 'oscal' | 'csaf', bytes: Uint8Array): CarriedMarking[] {
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
  } catch {
    return [];
  }
  return format === 'oscal' ? oscalMarkings(document) : csafMarkings(document);
}

// ----- allowed_signers ---------------------------------------------------------------------------

/** allowed_signers (and the public identity file): the banner as a `#` comment on the first and last line, which ssh-keygen skips. */
export function markAllowedSigners(text: string, marking: Marking): string {
  const banner = `# ${bannerText(marking)}`;
  return `${banner}\n${text.replace(/\n+$/, '')}\n${banner}\n`;
}

export function allowedSignersMarkings(text: string): CarriedMarking[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const comment = (line: string | undefined) => (line?.startsWith('#') ? line.slice(1) : undefined);
  return [...carried('first line', comment(lines[0])), ...carried('last line', comment(lines.at(-1)))];
}
