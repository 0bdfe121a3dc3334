import { useVirtualizer, type Virtualizer, type VirtualizerOptions } from '@tanstack/react-virtual';
import { useRef } from 'react';

/** The height of one row in the app's long grids (samples, comparisons, the history), in pixels. */
export const GRID_ROW_HEIGHT = 28;

export type RowVirtualizer = Virtualizer<HTMLDivElement, Element>;

/**
 * The rows of a long grid of which only those in view are rendered: runs hold a hundred thousand
 * samples and the history a million events. `scrollRef` goes on the element that scrolls. The
 * virtualizer's functions change every render, so no component using it may be memoized (the
 * build runs no React Compiler, and the lint rule is told so here).
 */
export function useVirtualRows(count: number, options: Pick<VirtualizerOptions<HTMLDivElement, Element>, 'overscan' | 'scrollMargin' | 'scrollPaddingStart'> = {}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer: RowVirtualizer = useVirtualizer({ count, getScrollElement: () => scrollRef.current, estimateSize: () => GRID_ROW_HEIGHT, overscan: 12, ...options });
  return { scrollRef, virtualizer };
}
