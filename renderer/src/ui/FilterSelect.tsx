/** A filter on one column of a table: "all", or one of its values. */
export function FilterSelect({ label, value, options, onChange }: { readonly label: string; readonly value: string; readonly options: Readonly<Record<string, string>>; readonly onChange: (value: string) => void }) {
  return (
    <label>
      {label}{' '}
      <select value={value} onChange={(e) => onChange(e.target.value)}>
        <option value="">all</option>
        {Object.entries(options).map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </label>
  );
}
