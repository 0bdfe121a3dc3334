import { useMemo } from 'react';
import { bannerText, portionMark, type Marking } from '../../../../shared/marking/marking.js';
import { useDisplayedMarkings } from './displayed-markings.js';

/**
 * A record's portion mark, as shown beside it: `(S//NF)`. Showing it registers its marking with the
 * banner, so no portion mark on screen is ever above the banner over it, whatever screen it is on.
 */
export function PortionMark({ marking }: { readonly marking: Marking }) {
  useDisplayedMarkings(useMemo(() => [marking], [marking]));
  return (
    <span className="portion-chip" data-marking={bannerText(marking)}>
      {portionMark(marking)}
    </span>
  );
}
