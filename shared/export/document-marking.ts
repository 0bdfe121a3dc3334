/**
 * The marking a PDF carries where its readers look for it beside its pages: its title (the document
 * information, which viewers show and search). The export gateway reads a report's PDF back with it
 * before it leaves, as it reads every other format (file-marking, html-markings).
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
