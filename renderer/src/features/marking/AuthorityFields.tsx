import type { ClassificationAuthority } from '../../../../shared/marking/authority.js';
import { Field } from '../../ui/Field.js';
import './marking.css';

/**
 * The classification authority block (EO 13526 §1.6): who classified the record, what it is derived
 * from, and when it is declassified. Classified printouts and exports drawn from it carry the block.
 */
export function AuthorityFields({ authority, classified, onChange, error }: { readonly authority: ClassificationAuthority; readonly classified: boolean; readonly onChange: (next: ClassificationAuthority) => void; readonly error: (field: keyof ClassificationAuthority) => string | undefined }) {
  const set = (field: keyof ClassificationAuthority, value: string) => onChange({ ...authority, [field]: value });
  return (
    <fieldset className="authority-fields">
      <legend>Classification authority</legend>
      {classified && !authority.classifiedBy.trim() && <p className="field-hint">A classified packet carries its authority block on every printout and export: say who classified it, from what, and until when.</p>}
      <Field label="Classified by" hint="Name, position and agency" error={error('classifiedBy')}>
        {(p) => <input {...p} value={authority.classifiedBy} onChange={(e) => set('classifiedBy', e.target.value)} />}
      </Field>
      <Field label="Derived from" hint="The source and its date, or “Reason: 1.4(c)” for an original classification" error={error('derivedFrom')}>
        {(p) => <input {...p} value={authority.derivedFrom} onChange={(e) => set('derivedFrom', e.target.value)} />}
      </Field>
      <Field label="Declassify on" hint="A date (YYYYMMDD), an event, or an exemption (25X1)" error={error('declassifyOn')}>
        {(p) => <input {...p} value={authority.declassifyOn} onChange={(e) => set('declassifyOn', e.target.value)} />}
      </Field>
    </fieldset>
  );
}
