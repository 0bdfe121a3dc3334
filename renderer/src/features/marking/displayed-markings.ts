import { useLayoutEffect, useSyncExternalStore } from 'react';
import { bannerOf, systemHighBanner, type Marking } from '../../../../shared/marking/marking.js';
import type { WorkstationSettings } from '../../../../shared/settings/workstation-settings.js';

/**
 * The markings of everything currently on screen. Components that show marked content register
 * their marking while mounted; the banner shows the roll-up of all of them.
 */
export class DisplayedMarkings {
  private readonly entries = new Map<symbol, Marking>();
  private readonly listeners = new Set<() => void>();
  private current: Marking | undefined = bannerOf([]);

  register(id: symbol, marking: Marking): () => void {
    this.entries.set(id, marking);
    this.changed();
    return () => {
      this.entries.delete(id);
      this.changed();
    };
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Whether nothing is registered. */
  get empty(): boolean {
    return this.entries.size === 0;
  }

  /** Rolled up when asked, not at each registration: a table of portion marks registers a row at a time. */
  snapshot = (): Marking => (this.current ??= bannerOf([...this.entries.values()]));

  private changed(): void {
    this.current = undefined;
    for (const listener of this.listeners) listener();
  }
}

export const displayedMarkings = new DisplayedMarkings();

/**
 * The markings of the print frames on the page. A page with one prints only its frame, between the
 * frame's own banners, so what it prints is marked by the frame's content, not by the whole screen
 * (which also holds what printing hides, such as the bar of saved comparisons).
 */
export const printFrameMarkings = new DisplayedMarkings();

/** The marking of what the browser prints now: the print frames', or where there is none, the window's banner. */
export function printedMarking(settings: Pick<WorkstationSettings, 'bannerMode' | 'systemHigh'>): Marking {
  return printFrameMarkings.empty ? bannerFor(settings, displayedMarkings.snapshot()) : printFrameMarkings.snapshot();
}

/**
 * The marking the banner shows: the highest marking on screen, or in system-high mode the
 * workstation's system high raised by what is on screen. Either way it never shows less than what
 * is on screen, so a dissemination control on content (NOFORN, ORCON) always reaches the banner.
 */
export function bannerFor(settings: Pick<WorkstationSettings, 'bannerMode' | 'systemHigh'>, onScreen: Marking): Marking {
  return settings.bannerMode === 'system-high' ? systemHighBanner(settings.systemHigh, onScreen) : onScreen;
}

/**
 * Declares that the calling component shows content with these markings. Registered in a layout
 * effect, before the browser paints, so content never shows for a frame under a lower banner.
 */
export function useDisplayedMarkings(markings: readonly Marking[]): void {
  // One key per distinct set keeps the effect from re-running on every render.
  const key = JSON.stringify(markings);
  useLayoutEffect(() => {
    const parsed = JSON.parse(key) as Marking[];
    return displayedMarkings.register(Symbol('displayed'), bannerOf(parsed));
  }, [key]);
}

export function useHighestDisplayedMarking(): Marking {
  return useSyncExternalStore(displayedMarkings.subscribe, displayedMarkings.snapshot);
}
