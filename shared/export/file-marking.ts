import { bannerColours, bannerText, type Marking } from '../marking/marking.js';
import { parseLenientJson } from '../json/lenient-json.js';
import { bannersIn, parseBanner, parsePortion, type ParsedMarking } from '../marking/parse-marking.js';
import { isMarkingBlockLine } from '../marking/marking-blocks.js';

/**
 * Where a file's marking goes, in each format the app writes: the place that format's own readers
 * look. Each format has a writer, which puts the marking there, and a reader, which finds every
 * marking a file of that format carries: the export gateway checks what it wrote with the reader
 * before anything leaves, and an import checks the marking a reviewer declares against it.
 */

/** The namespace of the app's own OSCAL properties (owners, markings). */
export const FRONTIER_REVIEW_OSCAL_NS = 'https://frontier-review.invalid/ns/oscal';

export const EXPORT_FORMATS = ['csv', 'jsonl', 'oscal', 'csaf', 'allowed-signers', 'svg', 'bundle', 'print', 'pdf', 'html', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** A marking a file carries, and where: "first line", "metadata/props marking", "document/distribution/text". */
export interface CarriedMarking {
  readonly where: string;
  readonly text: string;
  readonly parsed: ParsedMarking;
  /** A part's portion mark (a row's), rather than the marking of the file as a whole. */
  readonly portion?: true;
  /** A marking the file carried before the one it now leads with, kept as it came (an OSCAL file's own `marking` property). */
  readonly superseded?: true;
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
 * (`"SECRET//REL TO USA, GBR"`) so a spreadsheet keeps it in one cell. `body` is the table with its
 * header row. The authority block and CUI indicator follow the table, a line each, after an empty row.
 */
export function markCsv(body: string, marking: Marking, blockLines: readonly string[] = []): string {
  const banner = csvCell(bannerText(marking));
  const lines = blockLines.map(csvCell);
  // An empty row, then a line each: a spreadsheet shows them under the table.
  const blockRows = lines.length > 0 ? `\r\n${lines.join('\r\n')}\r\n` : '';
  return `${banner}\r\n${body.replace(/(\r?\n)+$/, '')}\r\n${blockRows}${banner}\r\n`;
}

/** A cell quoted where it holds a comma, a quote or a line break. */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The authority block's and CUI indicator's lines a CSV file carries. */
export function csvBlockLines(text: string): string[] {
  return text.split(/\r?\n/).map(firstCsvCell).filter(isMarkingBlockLine);
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

/** The blocks' lines a JSON lines file's header carries (`markingBlocks`). */
export function jsonLinesBlockLines(text: string): string[] {
  try {
    const lines = asObject(JSON.parse(text.split('\n', 1)[0] ?? ''))?.markingBlocks;
    return Array.isArray(lines) ? lines.filter((l): l is string => typeof l === 'string') : [];
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
 *
 * The export's marking comes first, where a reader looks. The file's own properties and remarks stay
 * as they came, after it, a marking of its own among them: only what the app wrote on an earlier
 * export (its two properties and its banner paragraph) is replaced, so a re-export carries one.
 */
export function markOscal(document: object, marking: Marking, blockLines: readonly string[] = []): object {
  const banner = bannerText(marking);
  // The authority block and CUI indicator, a line each, as the paragraph after the banner.
  const lead = [banner, blockLines.join('\n')].filter((p) => p !== '').join('\n\n');
  const found = oscalRoot(document);
  const content = found?.root;
  const metadata = asObject(content?.metadata);
  if (!found || !content || !metadata) throw new Error('An OSCAL document has one model with metadata.');
  const model = found.model;
  const props = Array.isArray(metadata.props) ? (metadata.props as unknown[]) : [];
  const previous = props.map(asObject).find(isAppMarking)?.value;
  const remarks = typeof metadata.remarks === 'string' ? withoutLeadingBanner(metadata.remarks, previous) : '';
  return {
    ...(asObject(document) ?? {}),
    [model]: {
      ...content,
      metadata: {
        ...metadata,
        props: [{ name: 'marking', class: 'us-classification', value: banner }, { name: 'marking', ns: FRONTIER_REVIEW_OSCAL_NS, value: banner }, ...withoutAppMarkings(props)],
        remarks: remarks === '' ? lead : `${lead}\n\n${remarks}`,
      },
    },
  };
}

/** The marking property in the app's namespace: only the app writes it. */
function isAppMarking(p: Json | undefined): p is Json & { readonly value: unknown } {
  return p?.name === 'marking' && p.ns === FRONTIER_REVIEW_OSCAL_NS;
}

/**
 * The properties without those an earlier export of the app wrote: its own marking, and OSCAL's
 * marking it wrote just before it with the same value and nothing else (a file's own one, with a
 * remark or a uuid, or somewhere else, stays).
 */
function withoutAppMarkings(props: readonly unknown[]): unknown[] {
  return props.filter((p, i) => {
    const prop = asObject(p);
    if (isAppMarking(prop)) return false;
    const next = asObject(props[i + 1]);
    const keys = prop === undefined ? [] : Object.keys(prop).sort();
    const oscalsOwn = prop?.name === 'marking' && prop.class === 'us-classification' && keys.join() === 'class,name,value';
    return !(oscalsOwn && isAppMarking(next) && next.value === prop.value);
  });
}

/** The remarks without the banner paragraph an earlier export put first (`banner` is the marking it wrote then). */
function withoutLeadingBanner(remarks: string, banner: unknown): string {
  if (typeof banner !== 'string') return remarks;
  const end = remarks.indexOf('\n\n');
  const first = end < 0 ? remarks : remarks.slice(0, end);
  if (first.trim() !== banner.trim()) return remarks;
  const rest = end < 0 ? '' : remarks.slice(end + 2);
  // And the blocks' paragraph it wrote after the banner.
  const next = rest.indexOf('\n\n');
  const blocks = next < 0 ? rest : rest.slice(0, next);
  const isBlocks = blocks.trim() !== '' && blocks.split('\n').every(isMarkingBlockLine);
  return isBlocks ? (next < 0 ? '' : rest.slice(next + 2)) : rest;
}

/** The blocks' lines an OSCAL document's remarks carry. */
export function oscalBlockLines(document: unknown): string[] {
  const remarks = asObject(oscalRoot(document)?.root.metadata)?.remarks;
  return typeof remarks === 'string' ? remarks.split('\n').filter(isMarkingBlockLine) : [];
}

/**
 * The markings an OSCAL document's metadata carries: its `marking` properties, the first paragraph of
 * its remarks, a portion mark on its title. The first marking property and the app's own are the
 * document's marking; any other marking property is one the file carried before, kept after it.
 */
export function oscalMarkings(document: unknown): CarriedMarking[] {
  const metadata = asObject(oscalRoot(document)?.root.metadata);
  if (!metadata) return [];
  const props = Array.isArray(metadata.props) ? (metadata.props as unknown[]).map(asObject) : [];
  const first = props.findIndex((p) => p?.name === 'marking');
  return [
    ...props.flatMap((p, i) =>
      p?.name === 'marking' ? carried(`metadata/props marking${typeof p.ns === 'string' ? ` (${p.ns})` : ''}`, p.value).map((c) => (i === first || isAppMarking(p) ? c : { ...c, superseded: true as const })) : [],
    ),
    ...(typeof metadata.remarks === 'string' ? bannersIn(metadata.remarks.split(/\n\s*\n/)[0] ?? '').map((b) => ({ where: 'metadata/remarks', text: b.text, parsed: b.parsed })) : []),
    ...carried('metadata/title', typeof metadata.title === 'string' ? /^\([^)]*\)/.exec(metadata.title)?.[0] : undefined, parsePortion),
  ];
}

// ----- CSAF --------------------------------------------------------------------------------------

const CSAF_MARKING_NOTE = 'Classification and handling';
const CSAF_BLOCKS_NOTE = 'Classification authority and CUI designation';

/**
 * CSAF 2.0: the banner is the distribution statement (`document/distribution/text`, "constraints on
 * how this document might be shared"), and a `legal_disclaimer` note titled "Classification and
 * handling" repeats it. (A portion mark on another publisher's title is read too, but not written:
 * the title stays what the reviewer typed, as the clearinghouse files it.)
 */
export function markCsaf(document: object, marking: Marking, blockLines: readonly string[] = []): object {
  const banner = bannerText(marking);
  const root = asObject(document) ?? {};
  const doc = asObject(root.document);
  if (!doc) throw new Error('A CSAF document has a document object.');
  const notes = (Array.isArray(doc.notes) ? (doc.notes as Json[]) : []).filter((n) => n.title !== CSAF_MARKING_NOTE && n.title !== CSAF_BLOCKS_NOTE);
  const lines = blockLines;
  // The authority block and CUI indicator, a line each, in a note of their own.
  const blockNote = lines.length > 0 ? [{ category: 'legal_disclaimer', title: CSAF_BLOCKS_NOTE, text: lines.join('\n') }] : [];
  return {
    ...root,
    document: {
      ...doc,
      distribution: { ...asObject(doc.distribution), text: banner },
      notes: [...notes, { category: 'legal_disclaimer', title: CSAF_MARKING_NOTE, text: `${banner}. Handle, store and pass on this advisory as its marking requires.` }, ...blockNote],
    },
  };
}

/** The blocks' lines a CSAF document's notes carry. */
export function csafBlockLines(document: unknown): string[] {
  const notes = asObject(asObject(document)?.document)?.notes;
  return (Array.isArray(notes) ? (notes as unknown[]).map(asObject) : []).flatMap((n) => (n?.title === CSAF_BLOCKS_NOTE && typeof n.text === 'string' ? n.text.split('\n') : [])).filter(isMarkingBlockLine);
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
export function markAllowedSigners(text: string, marking: Marking, blockLines: readonly string[] = []): string {
  const banner = `# ${bannerText(marking)}`;
  const lines = blockLines.map((l) => `# ${l}\n`).join('');
  return `${banner}\n${lines}${text.replace(/\n+$/, '')}\n${banner}\n`;
}

/** The blocks' lines an allowed_signers file carries as comments. */
export function allowedSignersBlockLines(text: string): string[] {
  return text.split('\n').flatMap((l) => (l.startsWith('#') ? [l.slice(1).trim()] : [])).filter(isMarkingBlockLine);
}

export function allowedSignersMarkings(text: string): CarriedMarking[] {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const comment = (line: string | undefined) => (line?.startsWith('#') ? line.slice(1) : undefined);
  return [...carried('first line', comment(lines[0])), ...carried('last line', comment(lines.at(-1)))];
}

// ----- SVG ---------------------------------------------------------------------------------------

const SVG_NS = 'http://www.w3.org/2000/svg';
const BAND = 22;

function xmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function xmlUnescape(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

/**
 * A chart as SVG: as on paper, the banner in its colours across the top and the bottom of the
 * image, so it shows wherever the picture is pasted; and in the SVG's own `<title>` and
 * `<metadata>`, which viewers and document tools read. The chart itself is nested unchanged.
 */
export function markSvg(chart: string, marking: Marking, blockLines: readonly string[] = []): string {
  const root = /<svg\b[^>]*>/.exec(chart)?.[0];
  if (!root) throw new Error('the chart is not an SVG image.');
  const size = (name: string) => Number(new RegExp(`\\b${name}="([\\d.]+)"`).exec(root)?.[1] ?? Number.NaN);
  const [width, height] = [size('width'), size('height')];
  if (!(width > 0) || !(height > 0)) throw new Error('the chart has no width and height of its own.');
  const banner = xmlText(bannerText(marking));
  const { background, text } = bannerColours(marking);
  const total = height + 2 * BAND;
  const band = (y: number, where: 'top' | 'bottom') =>
    `<rect x="0" y="${y}" width="${width}" height="${BAND}" fill="${background}"/><text data-banner="${where}" x="${width / 2}" y="${y + BAND / 2}" fill="${text}" text-anchor="middle" dominant-baseline="central" font-family="sans-serif" font-size="12" font-weight="bold">${banner}</text>`;
  // The authority block and CUI indicator, a line each, as the picture's description.
  const lines = blockLines;
  const desc = lines.length > 0 ? `<desc>${xmlText(lines.join('\n'))}</desc>\n` : '';
  const inner = chart.replace(/^<\?xml[^>]*>\s*/, '').replace(/^<svg\b/, `<svg y="${BAND}"`);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="${SVG_NS}" width="${width}" height="${total}" viewBox="0 0 ${width} ${total}">\n<title>${banner}</title>\n${desc}<metadata><marking xmlns="${FRONTIER_REVIEW_OSCAL_NS}">${banner}</marking></metadata>\n<rect x="0" y="0" width="${width}" height="${total}" fill="#ffffff"/>\n${band(0, 'top')}\n${inner}\n${band(height + BAND, 'bottom')}\n</svg>\n`;
}

/** The blocks' lines an SVG's description carries. */
export function svgBlockLines(text: string): string[] {
  return xmlUnescape(/<desc>([^<]*)<\/desc>/.exec(text)?.[1] ?? '').split('\n').filter(isMarkingBlockLine);
}

export function svgMarkings(text: string): CarriedMarking[] {
  const found = (where: string, pattern: RegExp) => carried(where, xmlUnescape(pattern.exec(text)?.[1] ?? '') || undefined);
  return [
    ...found('title', /<title>([^<]*)<\/title>/),
    ...found('metadata marking', /<marking xmlns="[^"]*">([^<]*)<\/marking>/),
    ...found('top banner', /<text data-banner="top"[^>]*>([^<]*)<\/text>/),
    ...found('bottom banner', /<text data-banner="bottom"[^>]*>([^<]*)<\/text>/),
  ];
}
