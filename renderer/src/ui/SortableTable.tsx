import type { ReactTable, RowData } from '@tanstack/react-table';
import { SortableHeader } from './SortableHeader.js';
import type { TableFeatures } from './table-features.js';

/**
 * A table built with the app's table features, drawn plainly: a sortable header row and one row
 * per row of the model, every cell rendered by its column. For short tables; long ones virtualize.
 */
export function SortableTable<TData extends RowData>({ table, className, labelledBy }: { readonly table: ReactTable<TableFeatures, TData>; readonly className: string; readonly labelledBy: string }) {
  return (
    <table className={`data-table ${className}`} aria-labelledby={labelledBy}>
      <thead>
        {table.getHeaderGroups().map((group) => (
          <tr key={group.id}>
            {group.headers.map((header) => (
              <SortableHeader key={header.id} column={header.column}>
                <table.FlexRender header={header} />
              </SortableHeader>
            ))}
          </tr>
        ))}
      </thead>
      <tbody>
        {table.getRowModel().rows.map((row) => (
          <tr key={row.id}>
            {row.getAllCells().map((cell) => (
              <td key={cell.id}>
                <table.FlexRender cell={cell} />
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
