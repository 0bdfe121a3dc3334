import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const renderer = fileURLToPath(new URL('../../renderer/src/', import.meta.url));
const files = readdirSync(renderer, { recursive: true, encoding: 'utf8' });
const stylesheets = files.filter((f) => f.endsWith('.css')).sort();
const read = (file: string) => readFileSync(`${renderer}${file}`, 'utf8');
const TOKENS = 'styles/tokens.css';

/** Colours written out (#hex, rgb(), hsl()) rather than taken from a design token. */
function literalColours(css: string): string[] {
  return [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/#[0-9a-f]{3,8}\b|\b(?:rgba?|hsla?)\(/gi)].map((m) => m[0]);
}

/** Custom properties `css` reads, and those it sets. */
function customProperties(css: string): { readonly used: Set<string>; readonly set: Set<string> } {
  const code = css.replace(/\/\*[\s\S]*?\*\//g, '');
  return { used: new Set([...code.matchAll(/var\((--[\w-]+)/g)].map((m) => m[1] ?? '')), set: new Set([...code.matchAll(/(--[\w-]+)\s*:/g)].map((m) => m[1] ?? '')) };
}

describe('the stylesheets beside each feature', () => {
  it('take every colour from the design tokens', () => {
    const literal = stylesheets.filter((f) => f !== TOKENS).flatMap((f) => literalColours(read(f)).map((colour) => `${f}: ${colour}`));
    expect(literal).toEqual([]);
    expect(literalColours('.x { color: #1c2430; box-shadow: 0 1px rgb(0 0 0 / 12%); }')).toEqual(['#1c2430', 'rgb(']);
  });

  it('read only custom properties that are set: a misspelt token would silently fall back', () => {
    const tokens = customProperties(read(TOKENS)).set;
    const unknown = stylesheets.flatMap((f) => {
      const { used, set } = customProperties(read(f));
      return [...used].filter((name) => !tokens.has(name) && !set.has(name)).map((name) => `${f}: ${name}`);
    });
    expect(unknown).toEqual([]);
    expect(customProperties('.x { --fill: red; color: var(--fill); margin: var(--space-mm); }').used).toEqual(new Set(['--fill', '--space-mm']));
  });

  it('are each imported by the code they style', () => {
    const sources = files.filter((f) => /\.tsx?$/.test(f)).map(read).join('\n');
    const orphans = stylesheets.filter((f) => !new RegExp(`import '[./]*(?:[\\w-]+/)*${f.split('/').at(-1)?.replace('.', '\\.')}';`).test(sources));
    expect(orphans).toEqual([]);
  });
});
