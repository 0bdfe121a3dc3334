/**
 * Readers of the markings a printed document carries where its readers look: a PDF's title (its
 * document information, which viewers show and search), and a web page's `<meta name="classification">`,
 * `<title>` and banner elements. The export gateway reads each report file back with these before
 * it leaves, as it does every other format with shared/export/file-marking.
 */

const latin1 = new TextDecoder('latin1');

/** The PDF's /Title, as a literal string or UTF-16BE hex; undefined when it has none. */
export function pdfTitle(bytes: Uint8Array): string | undefined {
  // The document information dictionary is written uncompressed near the end of the file.
  const text = latin1.decode(bytes.subarray(Math.max(0, bytes.length - 65_536)));
  const at = text.lastIndexOf('/Title');
  if (at < 0) return undefined;
  const rest = text.slice(at + 6).trimStart();
  if (rest.startsWith('<')) {
    const hex = rest.slice(1, rest.indexOf('>')).replace(/\s+/g, '');
    const data = Uint8Array.from(hex.match(/../g) ?? [], (h) => Number.parseInt(h, 16));
    return data[0] === 0xfe && data[1] === 0xff ? new TextDecoder('utf-16be').decode(data.subarray(2)) : latin1.decode(data);
  }
  if (rest.startsWith('(')) return literalString(rest);
  return undefined;
}

/** A PDF literal string from its opening parenthesis: escapes undone, nested parentheses kept. */
function literalString(text: string): string {
  let depth = 0;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '\\') {
      const next = text[++i] ?? '';
      out += ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' } as Record<string, string>)[next] ?? next;
      continue;
    }
    if (c === '(' && depth++ === 0) continue;
    if (c === ')' && --depth === 0) break;
    out += c;
  }
  // Chromium writes a non-ASCII title as UTF-16BE with its byte order mark.
  return out.startsWith('\u00fe\u00ff') ? new TextDecoder('utf-16be').decode(Uint8Array.from(out.slice(2), (ch) => ch.charCodeAt(0))) : out;
}

export interface PageMarkings {
  /** `<meta name="classification" content>`. */
  readonly meta: string | undefined;
  readonly title: string;
  /** The text of every element marked `data-banner`: the banners at the top and the bottom. */
  readonly banners: readonly string[];
}

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'" };
const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => entities[e] ?? '');

export function pageMarkings(html: string): PageMarkings {
  const meta = /<meta\s+name="classification"\s+content="([^"]*)"/i.exec(html)?.[1];
  const title = /<title>([^<]*)<\/title>/i.exec(html)?.[1] ?? '';
  const banners = [...html.matchAll(/<[a-z]+[^>]*\sdata-banner(?:="[^"]*")?[^>]*>([^<]*)</gi)].map((m) => unescape(m[1] ?? '').trim());
  return { meta: meta === undefined ? undefined : unescape(meta), title: unescape(title), banners };
}
