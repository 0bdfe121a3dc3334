import { bannerText, type Marking } from '../marking/marking.js';
import { parseLenientJson } from '../json/lenient-json.js';
import { bannersIn, parseBanner, parsePortion, type ParsedMarking } from '../marking/parse-marking.js';

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
  /** A part's portion mark (a row's), rather than the marking of the file as a whole. */
  readonly portion?: true;
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

/**
 * CSV: the banner as the first and the last line, as on paper, quoted where it holds a comma
 * (`"SECRET//REL TO USA, GBR"`) so a spreadsheet keeps it in one cell. `body` is the table with its header row.
 */
export function markCsv(body: string, marking: Marking): string {
  const text = bannerText(marking);
  const banner = /[",]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  return `${banner}\r\n${body.replace(/(\r?\n)+$/, '')}\r\n${banner}\r\n`;
}

/** A CSV line's first cell, quoted or not. */
export function firstCsvCell(line: string): string {
  const quoted = /^\s*"((?:[^"]|"")*)"/.exec(line);
  return quoted?.[1] !== undefined ? quoted[1].replace(/""/g, '"') : (line.split(',')[0] ?? '');
}

/**
 * The markings a CSV file carries: the banners on its first and last non-empty lines, and the portion
 * marks of a `Marking` column (as this app writes each row's), which stay with their rows when a
 * spreadsheet sorts them.
 */
export function csvMarkings(text: string): CarriedMarking[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const banners = [...carried('first line', firstCsvCell(lines[0] ?? '')), ...(lines.length > 1 ? carried('last line', firstCsvCell(lines.at(-1) ?? '')) : [])];
  const rows = lines.slice(banners.some((b) => b.where === 'first line') ? 1 : 0);
  const header = rows[0] ?? '';
  const portions = firstCsvCell(header).trim().toLowerCase() === 'marking' ? rows.slice(1).flatMap((row, i) => carried(`Marking column, row ${i + 1}`, firstCsvCell(row), parsePortion).map((c) => ({ ...c, portion: true as const }))) : [];
  return [...banners, ...portions];
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

/** The models an OSCAL document may hold, by the key that names its root. */
const OSCAL_MODELS = ['catalog', 'profile', 'component-definition', 'system-security-plan', 'assessment-plan', 'assessment-results', 'plan-of-action-and-milestones', 'mapping-collection'];

/** The document's model key and its root, found by name (a `$schema` key may come first). */
function oscalRoot(document: unknown): { readonly model: string; readonly root: Json } | undefined {
  const top = asObject(document);
  const model = OSCAL_MODELS.find((m) => asObject(top?.[m]) !== undefined);
  const root = model === undefined ? undefined : asObject(top?.[model]);
  return model !== undefined && root ? { model, root } : undefined;
}

/**
 * OSCAL: the banner as a `marking` property of the document's metadata, both OSCAL's own (a label
 * "tied to a sensitivity or classification marking system") and in this app's namespace, and as the
 * first paragraph of `metadata/remarks`. `document` is any OSCAL document: `{ "<model>": { metadata } }`.
 */
export function markOscal(document: object, marking: Marking): object {
  const banner = bannerText(marking);
  const found = oscalRoot(document);
  const content = found?.root;
  const metadata = asObject(content?.metadata);
  if (!found || !content || !metadata) throw new Error('An OSCAL document has one model with metadata.');
  const model = found.model;
  const props = (Array.isArray(metadata.props) ? (metadata.props as Json[]) : []).filter((p) => p.name !== 'marking');
  const remarks = typeof metadata.remarks === 'string' ? metadata.remarks.split('\n\n').filter((p) => !parseBanner(p)).join('\n\n') : '';
  return {
    ...(asObject(document) ?? {}),
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
  const metadata = asObject(oscalRoot(document)?.root.metadata);
  if (!metadata) return [];
  const props = Array.isArray(metadata.props) ? (metadata.props as unknown[]).map(asObject) : [];
  return [
    ...props.flatMap((p) => (p?.name === 'marking' ? carried(`metadata/props marking${typeof p.ns === 'string' ? ` (${p.ns})` : ''}`, p.value) : [])),
    ...(typeof metadata.remarks === 'string' ? bannersIn(metadata.remarks.split(/\n\s*\n/)[0] ?? '').map((b) => ({ where: 'metadata/remarks', text: b.text, parsed: b.parsed })) : []),
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
  const inText = (where: string, text: unknown) => (typeof text === 'string' ? bannersIn(text).map((b) => ({ where, text: b.text, parsed: b.parsed })) : []);
  return [
    // A distribution statement may say more than its banner ("TLP:AMBER. SECRET//NOFORN; …"): every banner in it counts.
    ...inText('document/distribution/text', distribution?.text),
    ...carried('document/title', typeof doc.title === 'string' ? /^\([^)]*\)/.exec(doc.title)?.[0] : undefined, parsePortion),
    ...notes.flatMap((n) => (n?.title === CSAF_MARKING_NOTE ? inText('document/notes', n.text) : [])),
  ];
}

/**
 * The markings a results table carries: a CSV's banner lines and Marking column, or for JSON
 * records, every value of a `marking`, `classification` or `banner` key that reads as a marking.
 */
export function tableMarkings(bytes: Uint8Array): CarriedMarking[] {
  const text = new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
  if (!/^\s*[[{]/.test(text)) return csvMarkings(text);
  let document: unknown;
  try {
    document = parseLenientJson(text);
  } catch {
    return [];
  }
  const found: CarriedMarking[] = [];
  const walk = (value: unknown, path: string, depth: number) => {
    if (depth > 6 || typeof value !== 'object' || value === null) return;
    for (const [key, v] of Object.entries(value)) {
      if (typeof v === 'string' && /^(marking|classification|banner)$/i.test(key)) found.push(...carried(`${path}/${key}`, v, (t) => (t.trim().startsWith('(') ? parsePortion(t) : parseBanner(t))).map((c) => ({ ...c, portion: true as const })));
      else walk(v, `${path}/${key}`, depth + 1);
    }
  };
  walk(document, '', 0);
  return found;
}

/**
 * The markings a JSON document (OSCAL or CSAF) carries, read from its bytes as the importers read
 * them (a byte-order mark, bare NaN and Infinity allowed); none if it is not JSON at all, which the
 * importers refuse anyway.
 */
export function documentMarkings(format: 'oscal' | 'csaf', bytes: Uint8Array): CarriedMarking[] {
  let document: unknown;
  try {
    document = parseLenientJson(new TextDecoder().decode(bytes).replace(/^\uFEFF/, ''));
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
