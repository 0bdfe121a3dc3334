import { NO_DESIGNATOR, type CuiDesignator } from '../../../../shared/marking/cui-designation.js';
import { Field } from '../../ui/Field.js';

const FIELDS: readonly { readonly key: keyof CuiDesignator; readonly label: string; readonly hint: string }[] = [
  { key: 'agency', label: 'Designating agency', hint: 'Cybersecurity and Infrastructure Security Agency' },
  { key: 'office', label: 'Designating office', hint: 'Office of the Chief AI Officer' },
  { key: 'poc', label: 'CUI point of contact', hint: 'Name, telephone or mailbox' },
];

/**
 * Who the CUI designation indicator names on every file and printout that holds CUI
 * (32 CFR 2002.20): "Controlled by" the agency and office, and whom to ask.
 */
export function CuiDesignatorFields({ designator, disabled, onChange }: { readonly designator: CuiDesignator | undefined; readonly disabled: boolean; readonly onChange: (designator: CuiDesignator) => void }) {
  const current = designator ?? NO_DESIGNATOR;
  return (
    <fieldset disabled={disabled}>
      <legend>CUI designation indicator</legend>
      <p className="field-hint">Files and printouts that hold CUI name these as “Controlled by” and “POC”.</p>
      {FIELDS.map((f) => (
        <Field key={f.key} label={f.label} hint={f.hint}>
          {(p) => <input {...p} value={current[f.key]} maxLength={200} onChange={(e) => onChange({ ...current, [f.key]: e.target.value })} />}
        </Field>
      ))}
    </fieldset>
  );
}
