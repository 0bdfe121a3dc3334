import type { CarriedMarking } from './file-marking.js';
import { isMarkingBlockLine } from '../marking/marking-blocks.js';
import { parseBanner, parsePortion, type ParsedMarking } from '../marking/parse-marking.js';

/**
 * Reading a report's HTML file back as its readers would, to check it carries its marking: the
 * classification meta tag, the start of its title, the banners at the top and the bottom of the
 * page; and the portion marks and authority lines inside it. Works on the text, as the file
 * was written (see reportHtml), without a DOM.
 */

/** The text of HTML as written by React or reportHtml: the five entities they use, and numbered ones. */
export function htmlUnescape(text: string): string {
  return text.replace(/&(?:#(\d+)|#x([0-9a-f]+)|(amp|lt|gt|quot|apos));/gi, (whole, decimal: string | undefined, hex: string | undefined, name: string | undefined) => {
    if (decimal !== undefined) return String.fromCodePoint(Number(decimal));
    if (hex !== undefined) return String.fromCodePoint(parseInt(hex, 16));
    return ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" } as Readonly<Record<string, string>>)[(name ?? '').toLowerCase()] ?? whole;
  });
}

/** What separates the banner from the rest of the title: "SECRET//NOFORN — Review report: …". */
export const TITLE_SEPARATOR = ' — ';

function carried(where: string, raw: string | undefined, parse: (text: string) => ParsedMarking | undefined = parseBanner): CarriedMarking[] {
  if (raw === undefined) return [];
  const text = htmlUnescape(raw).trim();
  const parsed = parse(text);
  return parsed ? [{ where, text, parsed }] : [];
}

export function htmlMarkings(html: string): CarriedMarking[] {
  const title = /<title>([^<]*)<\/title>/.exec(html)?.[1];
  const portions = [...html.matchAll(/<span class="portion-mark">([^<]*)<\/span>/g)].flatMap((m, i) => carried(`portion mark ${String(i + 1)}`, m[1], parsePortion).map((c) => ({ ...c, portion: true as const })));
  return [
    ...carried('classification meta tag', /<meta name="classification" content="([^"]*)"/.exec(html)?.[1]),
    ...carried('title', title?.split(TITLE_SEPARATOR)[0]),
    ...carried('top banner', /<div class="report-banner(?: [a-z-]+)*" data-banner="top">([^<]*)<\/div>/.exec(html)?.[1]),
    ...carried('bottom banner', /<div class="report-banner(?: [a-z-]+)*" data-banner="bottom">([^<]*)<\/div>/.exec(html)?.[1]),
    ...portions,
  ];
}

/** The classification authority block and CUI designation indicator lines the file carries, in order. */
export function htmlBlockLines(html: string): string[] {
  return [...html.matchAll(/data-marking-block="([^"]*)"/g)].map((m) => htmlUnescape(m[1] ?? '')).filter(isMarkingBlockLine);
}
