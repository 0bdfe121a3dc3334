import { bannerText, type Marking } from '../../../../shared/marking/marking.js';
import { useSettings } from '../../app/services.js';
import { bannerFor, useHighestDisplayedMarking } from './displayed-markings.js';
import { markingColours } from './marking-colours.js';
import './marking.css';

/** The marking the banner shows now (see `bannerFor`). */
export function useBannerMarking(): Marking {
  const { settings } = useSettings();
  return bannerFor(settings, useHighestDisplayedMarking());
}

/** The classification banner fixed at the top and bottom of the window. */
export function ClassificationBanner({ position }: { readonly position: 'top' | 'bottom' }) {
  const marking = useBannerMarking();
  const colours = markingColours(marking);
  return (
    <div
      className={`classification-banner classification-banner--${position}`}
      data-testid={`banner-${position}`}
      // Set through the CSSOM by React, which the strict CSP allows (inline style attributes it would not).
      style={{ backgroundColor: colours.background, color: colours.text }}
    >
      {bannerText(marking)}
    </div>
  );
}
