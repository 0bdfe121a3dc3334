import { bannerColours, bannerText, type Marking } from '../../../../shared/marking/marking.js';
import { useServices } from '../../app/services.js';
import { useHighestDisplayedMarking } from './displayed-markings.js';

/** The marking the banner shows now: the workstation's system high, or the highest on screen. */
export function useBannerMarking(): Marking {
  const { settings } = useServices();
  const onScreen = useHighestDisplayedMarking();
  return settings.settings.bannerMode === 'system-high' ? settings.settings.systemHigh : onScreen;
}

/** The classification banner fixed at the top and bottom of the window. */
export function ClassificationBanner({ position }: { readonly position: 'top' | 'bottom' }) {
  const marking = useBannerMarking();
  const colours = bannerColours(marking);
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
