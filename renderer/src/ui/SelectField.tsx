import type { ReactNode } from 'react';
import { Field } from './Field.js';

interface SelectFieldProps<T extends string> {
  readonly label: string;
  readonly value: T;
  /** Each choice and its text; a list of values is shown as written. */
  readonly options: readonly T[] | Readonly<Record<T, string>>;
  readonly onChange: (value: T) => void;
  readonly error?: string | undefined;
  readonly hint?: ReactNode;
  readonly className?: string | undefined;
  readonly disabled?: boolean;
}

/** A labelled choice among fixed values, wired like every other field. */
export function SelectField<T extends string>({ label, value, options, onChange, error, hint, className, disabled = false }: SelectFieldProps<T>) {
  const choices: readonly (readonly [T, string])[] = Array.isArray(options) ? (options as readonly T[]).map((o) => [o, o] as const) : (Object.entries(options) as [T, string][]);
  return (
    <Field label={label} error={error} hint={hint} className={className}>
      {(ids) => (
        <select {...ids} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
          {choices.map(([option, text]) => (
            <option key={option} value={option}>
              {text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
