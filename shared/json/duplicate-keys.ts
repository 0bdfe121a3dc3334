/**
 * Keys a JSON text gives more than once in the same object. JSON.parse (and every schema checker
 * built on it) keeps the last value and drops the others without a word; an importer that must
 * drop nothing in silence asks this where that happened. `text` must be JSON that parsed (bare
 * NaN and Infinity allowed), so only strings and brackets need telling apart.
 */
export function duplicateKeys(text: string): { readonly path: readonly (string | number)[]; readonly times: number }[] {
  type Frame = { readonly kind: 'object'; readonly seen: Map<string, number>; key: string | null; awaitingKey: boolean } | { readonly kind: 'array'; index: number };
  const stack: Frame[] = [];
  const found = new Map<string, { path: (string | number)[]; times: number }>();
  const pathTo = (key: string): (string | number)[] => [...stack.slice(0, -1).map((f) => (f.kind === 'array' ? f.index : (f.key ?? ''))), key];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let end = i + 1;
      for (;;) {
        const quote = text.indexOf('"', end);
        if (quote < 0) return [...found.values()];
        let backslashes = 0;
        while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
        end = quote;
        if (backslashes % 2 === 0) break;
        end = quote + 1;
      }
      const top = stack.at(-1);
      if (top?.kind === 'object' && top.awaitingKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        const times = (top.seen.get(key) ?? 0) + 1;
        top.seen.set(key, times);
        top.key = key;
        top.awaitingKey = false;
        if (times > 1) {
          const path = pathTo(key);
          found.set(JSON.stringify(path), { path, times });
        }
      }
      i = end;
    } else if (c === 0x7b /* { */) stack.push({ kind: 'object', seen: new Map(), key: null, awaitingKey: true });
    else if (c === 0x5b /* [ */) stack.push({ kind: 'array', index: 0 });
    else if (c === 0x7d /* } */ || c === 0x5d /* ] */) stack.pop();
    else if (c === 0x2c /* , */) {
      const top = stack.at(-1);
      if (top?.kind === 'object') top.awaitingKey = true;
      else if (top) top.index++;
    }
  }
  return [...found.values()];
}
