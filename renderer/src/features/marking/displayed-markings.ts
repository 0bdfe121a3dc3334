import { useLayoutEffect, useSyncExternalStore } from 'react';
import { rollUp, type Marking } from '../../../../shared/marking/marking.js';

/**
 * The markings of everything currently on screen. Components that show marked content register
 * their marking while mounted; the banner shows the roll-up of all of them.
 */
class DisplayedMarkings {
  private readonly entries = new Map<symbol, Marking>();
  private readonly listeners = new Set<() => void>();
  private current: Marking | undefined = rollUp([]);

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

  /** Rolled up when asked, not at each registration: a table of portion marks registers a row at a time. */
  snapshot = (): Marking => (this.current ??= rollUp([...this.entries.values()]));

  private changed(): void {
    this.current = undefined;
    for (const listener of this.listeners) listener();
  }
}

export const displayedMarkings = new DisplayedMarkings();

/**
 * Declares that the calling component shows content with these markings. Registered in a layout
 * effect, before the browser paints, so content never shows for a frame under a lower banner.
 */
export function useDisplayedMarkings(markings: readonly Marking[]): void {
  // One key per distinct set keeps the effect from re-running on every render.
  const key = JSON.stringify(markings);
  useLayoutEffect(() => {
    const parsed = JSON.parse(key) as Marking[];
    return displayedMarkings.register(Symbol('displayed'), rollUp(parsed));
  }, [key]);
}

export function useHighestDisplayedMarking(): Marking {
  return useSyncExternalStore(displayedMarkings.subscribe, displayedMarkings.snapshot);
}
