import type { FieldChange, JsonValue } from '../../../shared/audit/audit-event.js';

/** A value as a reader takes it in: text as it is, anything else as JSON; nothing as a dash. */
export function shownValue(value: JsonValue | undefined, indent?: number): string {
  if (value === undefined) return '—';
  return typeof value === 'string' ? value : JSON.stringify(value, null, indent);
}

/** Field by field, two versions of a record side by side: before and after an edit, or here and in a bundle. */
export function FieldChangesTable({
  changes,
  beforeLabel,
  afterLabel,
  caption,
  className,
  multiline = false,
}: {
  readonly changes: readonly FieldChange[];
  readonly beforeLabel: string;
  readonly afterLabel: string;
  readonly caption?: string;
  readonly className: string;
  /** Values as indented JSON in preformatted blocks, for a diff read closely. */
  readonly multiline?: boolean;
}) {
  const cell = (value: JsonValue | undefined) => (multiline ? <pre>{shownValue(value, 2)}</pre> : shownValue(value));
  return (
    <table className={className}>
      {caption && <caption className="visually-hidden">{caption}</caption>}
      <thead>
        <tr>
          <th scope="col">Field</th>
          <th scope="col">{beforeLabel}</th>
          <th scope="col">{afterLabel}</th>
        </tr>
      </thead>
      <tbody>
        {changes.map((c) => (
          <tr key={c.field}>
            <th scope="row">{c.field}</th>
            <td className="field-changes__value field-changes__value--before">{cell(c.before)}</td>
            <td className="field-changes__value field-changes__value--after">{cell(c.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
