import type { ReactNode } from 'react';

/**
 * A column header that sorts its table when the column can be sorted: a button inside the
 * header cell, with `aria-sort` saying the order. `children` renders the header's label.
 */
/** What a header needs of its column: the column of a table built with row sorting has it. */
interface SortableColumn {
  getIsSorted(): false | 'asc' | 'desc';
  getCanSort(): boolean;
  getToggleSortingHandler(): ((event: unknown) => void) | undefined;
}

export function SortableHeader({ column, className, children }: { readonly column: SortableColumn; readonly className?: string; readonly children: ReactNode }) {
  const sorted = column.getIsSorted();
  return (
    <th scope="col" className={className} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
      {column.getCanSort() ? (
        <button type="button" className="sort-button" onClick={column.getToggleSortingHandler()}>
          {children}
          <span className="sort-indicator" aria-hidden="true">
            {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
          </span>
        </button>
      ) : (
        children
      )}
    </th>
  );
}
