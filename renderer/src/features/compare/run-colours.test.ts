import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RUN_COLOURS } from './chart-plots.js';

const tokens = readFileSync(new URL('../../styles/tokens.css', import.meta.url), 'utf8');

describe("a run's colour", () => {
  it('is the same in the charts (SVG attributes) as in the legend and tables (the design tokens)', () => {
    const fromTokens = RUN_COLOURS.map((_, i) => new RegExp(`--run-${i}:\\s*([^;]+);`).exec(tokens)?.[1]?.trim());
    expect(fromTokens).toEqual([...RUN_COLOURS]);
  });
});
