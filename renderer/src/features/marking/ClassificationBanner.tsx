import { bannerColours, bannerText, systemHighBanner, type Marking } from '../../../../shared/marking/marking.js';
import { useSettings } from '../../app/services.js';
import { useHighestDisplayedMarking } from './displayed-markings.js';

/**
 * The marking the banner shows now: the highest marking on screen, or in system-high mode the
 * workstation's system high. Either way it never shows less than what is on screen, so a
 * dissemination control on content (NOFORN, ORCON) always reaches the banner.
 */
export function useBannerMarking(): Marking {
  const { settings } = useSettings();
  const onScreen = useHighestDisplayedMarking();
  return settings.bannerMode === 'system-high' ? systemHighBanner(settings.systemHigh, onScreen) : onScreen;
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
