import { bannerColourKey, type BannerColourKey, type BannerColours, type Marking } from '../../../../shared/marking/marking.js';

/** The name each banner colour has among the design tokens (styles/tokens.css): `--marking-<name>`. */
export const MARKING_COLOUR_TOKENS: Readonly<Record<BannerColourKey, string>> = {
  UNCLASSIFIED: 'unclassified',
  CUI: 'cui',
  CONFIDENTIAL: 'confidential',
  SECRET: 'secret',
  'TOP SECRET': 'top-secret',
  'TOP SECRET//SCI': 'top-secret-sci',
};

/** A marking's banner colours, as the design tokens that hold them, for an element's style. */
export function markingColours(marking: Marking): BannerColours {
  const token = MARKING_COLOUR_TOKENS[bannerColourKey(marking)];
  return { background: `var(--marking-${token})`, text: `var(--marking-${token}-text)` };
}
