import { useMemo } from 'react';
import { bannerText, portionMark, type Marking } from '../../../../shared/marking/marking.js';
import { useDisplayedMarkings } from './displayed-markings.js';
import { markingColours } from './marking-colours.js';
import './marking.css';

/**
 * A record's portion mark, as shown beside it: `(S//NF)`, edged in its banner colour. Showing it
 * registers its marking with the banner, so no portion mark on screen is ever above the banner
 * over it, whatever screen it is on.
 */
export function PortionMark({ marking }: { readonly marking: Marking }) {
  useDisplayedMarkings(useMemo(() => [marking], [marking]));
  return (
    <span className="portion-chip" title={bannerText(marking)} data-marking={bannerText(marking)} style={{ borderColor: markingColours(marking).background }}>
      {portionMark(marking)}
    </span>
  );
}
