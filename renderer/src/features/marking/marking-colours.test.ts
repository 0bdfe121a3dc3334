import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BANNER_COLOURS, UNCLASSIFIED, type BannerColourKey } from '../../../../shared/marking/marking.js';
import { MARKING_COLOUR_TOKENS, markingColours } from './marking-colours.js';

const tokens = readFileSync(new URL('../../styles/tokens.css', import.meta.url), 'utf8');

function token(name: string): string | undefined {
  return new RegExp(`--${name}:\\s*([^;]+);`).exec(tokens)?.[1]?.trim();
}

describe('the banner colours on screen', () => {
  it('are the conventional colours of each marking, as the design tokens hold them', () => {
    for (const [key, colours] of Object.entries(BANNER_COLOURS) as [BannerColourKey, (typeof BANNER_COLOURS)[BannerColourKey]][]) {
      const name = MARKING_COLOUR_TOKENS[key];
      expect({ key, background: token(`marking-${name}`), text: token(`marking-${name}-text`) }).toEqual({ key, background: colours.background, text: colours.text });
    }
  });

  it('name the token of the marking shown: SCI turns TOP SECRET yellow', () => {
    expect(markingColours({ ...UNCLASSIFIED, level: 'SECRET' })).toEqual({ background: 'var(--marking-secret)', text: 'var(--marking-secret-text)' });
    expect(markingColours({ ...UNCLASSIFIED, level: 'TOP SECRET', sci: ['SI'] }).background).toBe('var(--marking-top-secret-sci)');
  });
});
