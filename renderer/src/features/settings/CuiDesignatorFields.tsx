import { NO_DESIGNATOR, type CuiDesignator } from '../../../../shared/marking/cui-designation.js';
import { Field } from '../../ui/Field.js';
import '../marking/marking.css';

const FIELDS: readonly { readonly key: keyof CuiDesignator; readonly label: string; readonly hint: string }[] = [
  { key: 'agency', label: 'Designating agency', hint: 'Such as Cybersecurity and Infrastructure Security Agency' },
  { key: 'office', label: 'Designating office', hint: 'Such as AI Security Center' },
  { key: 'poc', label: 'CUI point of contact', hint: 'A name, and a telephone or mailbox' },
];

/**
 * Who the CUI designation indicator names on every file and printout that holds CUI
 * (32 CFR 2002.20): "Controlled by" the agency and office, and whom to ask.
 */
export function CuiDesignatorFields({ designator, disabled, onChange }: { readonly designator: CuiDesignator | undefined; readonly disabled: boolean; readonly onChange: (designator: CuiDesignator) => void }) {
  const current = designator ?? NO_DESIGNATOR;
  return (
    // Laid out as the authority block's fields are: side by side, each as wide as it needs.
    <fieldset disabled={disabled} className="authority-fields">
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
