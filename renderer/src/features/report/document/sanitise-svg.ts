/**
 * The chart the app draws, cut down to drawing before it goes into a report: the elements of a
 * picture and their presentational attributes only. A report file is read offline by people who
 * must be able to trust that opening it runs nothing and fetches nothing, so anything that could
 * (scripts, event handlers, links, foreign content, stylesheets, external references, namespace
 * URLs an HTML page does not need) is dropped, not escaped. Works on the text, without a DOM, so
 * the same code runs where the report is rendered and in tests.
 */

const DRAWING_ELEMENTS = new Set(['svg', 'g', 'path', 'line', 'polyline', 'polygon', 'rect', 'circle', 'ellipse', 'text', 'tspan', 'title', 'desc', 'defs', 'clippath', 'lineargradient', 'radialgradient', 'stop', 'marker']);

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>|<[?!][^>]*>|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[^\s=>/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?)*)\s*(\/?)>|[^<]+|</g;
const ATTRIBUTE = /([^\s=>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g;

/** A reference to anything outside the picture itself: only `#id` and `url(#id)` stay inside. */
function reachesOut(value: string): boolean {
  const lower = value.toLowerCase();
  if (/(?:javascript|data|https?|ftp|file|blob):|@import|expression\s*\(|\\/.test(lower)) return true;
  return [...lower.matchAll(/url\(\s*['"]?([^'")\s]*)/g)].some((m) => !(m[1] ?? '').startsWith('#'));
}

function keptAttribute(name: string, value: string): boolean {
  const lower = name.toLowerCase();
  // Inline styles too: the app's own policy refuses them (style-src 'self'); report.css styles the chart instead.
  if (lower.startsWith('on') || lower === 'style' || lower === 'xmlns' || lower.startsWith('xmlns:') || lower.startsWith('xml:')) return false;
  if (lower === 'href' || lower === 'xlink:href') return value.startsWith('#');
  if (!/^[a-z][a-z0-9:-]*$/.test(lower)) return false;
  return !reachesOut(value);
}

function escapeAttribute(value: string): string {
  return value.replace(/&(?!(?:#\d+|#x[0-9a-f]+|[a-z]+);)/gi, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

function escapeText(text: string): string {
  return text.replace(/&(?!(?:#\d+|#x[0-9a-f]+|[a-z]+);)/gi, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attributesOf(source: string): string {
  let kept = '';
  for (const m of source.matchAll(ATTRIBUTE)) {
    const name = m[1] ?? '';
    const value = m[2] ?? m[3] ?? m[4] ?? '';
    if (keptAttribute(name, value)) kept += ` ${name}="${escapeAttribute(value)}"`;
  }
  return kept;
}

/**
 * The SVG with only its drawing left. An element outside the drawing set is dropped with
 * everything inside it; comments, processing instructions and doctypes are dropped.
 */
export function sanitiseSvg(svg: string): string {
  let out = '';
  const open: string[] = [];
  // While > 0, inside a dropped element: nothing is written until it closes.
  let dropping = 0;
  for (const m of svg.matchAll(TOKEN)) {
    const [token, closing, tagName, attributes, selfClosing] = m;
    if (tagName === undefined) {
      if (dropping === 0 && !token.startsWith('<!') && !token.startsWith('<?')) out += token === '<' ? '&lt;' : escapeText(token);
      continue;
    }
    const name = tagName.toLowerCase();
    if (closing) {
      if (open.at(-1)?.toLowerCase() !== name) continue;
      open.pop();
      if (dropping > 0) dropping--;
      else out += `</${tagName}>`;
      continue;
    }
    const kept = dropping === 0 && DRAWING_ELEMENTS.has(name);
    if (selfClosing) {
      if (kept) out += `<${tagName}${attributesOf(attributes ?? '')}/>`;
      continue;
    }
    open.push(tagName);
    if (kept) out += `<${tagName}${attributesOf(attributes ?? '')}>`;
    else dropping++;
  }
  // An unclosed element is closed, so the page after the picture is not swallowed by it.
  open.splice(open.length - dropping);
  for (const name of open.reverse()) out += `</${name}>`;
  return out;
}
