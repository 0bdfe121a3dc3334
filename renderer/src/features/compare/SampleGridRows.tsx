import { memo, type CSSProperties } from 'react';
import type { JoinedSample } from '../../../../shared/compare/comparison.js';
import type { TaskGroupRow } from '../../../../shared/compare/sample-order.js';
import { GRID_ROW_HEIGHT } from '../../ui/use-virtual-rows.js';
import type { RowCache } from './row-cache.js';
import { cellContent, rowDomId, type CellLayout, type ScoreReaders } from './sample-cells.js';
import './compare.css';

/** What the header needs of a column of the samples' table. */
interface HeaderColumn {
  readonly id: string;
  readonly columnDef: { readonly header?: unknown };
  getSize(): number;
  getIsSorted(): false | 'asc' | 'desc';
  getCanSort(): boolean;
  getToggleSortingHandler(): ((event: unknown) => void) | undefined;
}

/** The header row, inside the scroller above the rows; pinned columns stay at the left. */
export function SampleGridHeader({ columns, layout, width }: { readonly columns: readonly HeaderColumn[]; readonly layout: readonly CellLayout[]; readonly width: number }) {
  const offsets = new Map(layout.filter((c) => c.left !== null).map((c) => [c.id, c.left ?? 0]));
  const cellStyle = (id: string, size: number): CSSProperties => {
    const pinnedAt = offsets.get(id);
    return pinnedAt === undefined ? { width: size } : { width: size, position: 'sticky', left: pinnedAt, zIndex: 1 };
  };
  return (
    <div className="compare-samples__row compare-samples__row--head" role="row" aria-rowindex={1} style={{ width }}>
      {columns.map((c) => {
        const sorted = c.getIsSorted();
        return (
          <div key={c.id} role="columnheader" className={offsets.has(c.id) ? 'is-pinned' : undefined} style={cellStyle(c.id, c.getSize())} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
            {c.getCanSort() ? (
              <button type="button" className="sort-button" onClick={c.getToggleSortingHandler()}>
                {typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id}
                <span className="sort-indicator" aria-hidden="true">
                  {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                </span>
              </button>
            ) : typeof c.columnDef.header === 'string' ? (
              c.columnDef.header
            ) : (
              c.id
            )}
          </div>
        );
      })}
    </div>
  );
}

interface GroupGridRowProps {
  readonly group: TaskGroupRow;
  readonly rowId: string;
  readonly index: number;
  readonly start: number;
  readonly width: number;
  readonly selected: boolean;
  readonly onToggle: (task: string) => void;
}

/** A task's heading when the samples are grouped by task: it folds and unfolds the task's samples. */
export function GroupGridRow({ group, rowId, index, start, width, selected, onToggle }: GroupGridRowProps) {
  return (
    <div id={rowDomId(rowId)} role="row" aria-rowindex={index + 2} className={`compare-samples__row compare-samples__row--group${selected ? ' is-selected' : ''}`} style={{ transform: `translateY(${start}px)`, height: GRID_ROW_HEIGHT, width }} data-row-id={rowId} data-row-index={index}>
      <div role="gridcell" className="compare-samples__group-cell">
        <button type="button" className="link-button" onClick={() => onToggle(group.task)} aria-expanded={group.expanded} aria-label={`Samples of ${group.task}`}>
          {group.expanded ? '▾' : '▸'}
        </button>{' '}
        <strong>{group.task}</strong> <span className="muted">{`${group.samples.toLocaleString('en-US')} samples, ${group.disagree.toLocaleString('en-US')} disagree`}</span>
      </div>
    </div>
  );
}

interface SampleGridRowProps {
  readonly sample: JoinedSample;
  readonly rowId: string;
  readonly index: number;
  readonly start: number;
  readonly width: number;
  readonly selected: boolean;
  readonly layout: readonly CellLayout[];
  readonly scores: ScoreReaders;
  readonly cache: RowCache;
  /** Changes when fetched rows arrive, so a row waiting for its answers draws them. */
  readonly cacheVersion: number;
}

/**
 * One sample's row. Memoized: while the grid scrolls, the rows that stay in view keep their
 * props and are not drawn again; only those scrolling in are.
 */
export const SampleGridRow = memo(function SampleGridRow({ sample, rowId, index, start, width, selected, layout, scores, cache }: SampleGridRowProps) {
  return (
    <div
      id={rowDomId(rowId)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`compare-samples__row${selected ? ' is-selected' : ''}${sample.disagree ? ' is-disagreement' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: GRID_ROW_HEIGHT, width }}
      data-row-id={rowId}
      data-row-index={index}
    >
      {layout.map((c) => {
        const content = cellContent(sample, c.id, scores, cache);
        return (
          <div
            key={c.id}
            role="gridcell"
            className={c.left === null ? content.className : `${content.className} is-pinned`}
            title={content.title}
            style={c.left === null ? { width: c.size } : { width: c.size, position: 'sticky', left: c.left, zIndex: 1 }}
          >
            {content.text}
          </div>
        );
      })}
    </div>
  );
});
