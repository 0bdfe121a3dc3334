export interface HeadColumn {
  readonly label: string;
  /** Right-aligned, for columns of numbers. */
  readonly numeric?: boolean;
}

/**
 * The header row of a data table. `actions` adds a last column for the row's buttons, named for
 * screen readers but not shown.
 */
export function TableHead({ columns, actions = false }: { readonly columns: readonly (string | HeadColumn)[]; readonly actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((column) => {
          const { label, numeric = false } = typeof column === 'string' ? { label: column } : column;
          return (
            <th key={label} scope="col" className={numeric ? 'num' : undefined}>
              {label}
            </th>
          );
        })}
        {actions && (
          <th scope="col">
            <span className="visually-hidden">Actions</span>
          </th>
        )}
      </tr>
    </thead>
  );
}
