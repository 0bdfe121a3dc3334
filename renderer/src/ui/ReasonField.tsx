import { Field } from './Field.js';
import type { ReasonedChange } from './use-reasoned-change.js';

/** Where the reason for a change is typed; the history keeps it with the change. */
export function ReasonField({
  change,
  label = 'Reason',
  hint,
  error,
  multiline = false,
}: {
  readonly change: ReasonedChange;
  readonly label?: string;
  readonly hint?: string;
  readonly error?: string | undefined;
  readonly multiline?: boolean;
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(props) =>
        multiline ? (
          <textarea {...props} value={change.reason} onChange={(e) => change.setReason(e.target.value)} rows={2} />
        ) : (
          <input {...props} value={change.reason} onChange={(e) => change.setReason(e.target.value)} />
        )
      }
    </Field>
  );
}
