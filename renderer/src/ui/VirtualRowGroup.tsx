import type { CSSProperties, ReactNode, RefObject } from 'react';
import { GRID_ROW_HEIGHT, type RowVirtualizer } from './use-virtual-rows.js';

/**
 * A grid's rows that scroll under its header: a spacer as tall as every row, and on it the rows in
 * view, each of `items` rendered by `row` with its index and placed by the style it is given. `row`
 * returns the row's element with its own key: a record's id where rows are re-sorted, so focus stays.
 */
export function VirtualRowGroup<T>({
  items,
  scrollRef,
  virtualizer,
  className,
  row,
}: {
  readonly items: readonly T[];
  readonly scrollRef: RefObject<HTMLDivElement | null>;
  readonly virtualizer: RowVirtualizer;
  readonly className: string;
  readonly row: (item: T, index: number, placed: CSSProperties) => ReactNode;
}) {
  return (
    <div ref={scrollRef} className={className} role="rowgroup">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((virtual) => {
          const item = items[virtual.index];
          return item === undefined ? null : row(item, virtual.index, { transform: `translateY(${virtual.start}px)`, height: GRID_ROW_HEIGHT });
        })}
      </div>
    </div>
  );
}
