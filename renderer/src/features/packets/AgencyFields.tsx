import { AGENCIES, AGENCY_NAMES, type Agency } from '../../../../shared/packet/agencies.js';
import { Field } from '../../ui/Field.js';
import type { PacketForm } from './packet-form.js';
import './packets.css';

interface AgencyFieldsProps {
  readonly agencies: PacketForm['agencies'];
  readonly otherAgencies: string;
  readonly onChange: (agencies: PacketForm['agencies']) => void;
  readonly onOtherAgenciesChange: (otherAgencies: string) => void;
  readonly fieldError: (path: string) => string | undefined;
  /** The id of the agencies' error message, which the group points at. */
  readonly errorId: string;
}

/** The agencies taking part in the review, and the others named in words. */
export function AgencyFields({ agencies, otherAgencies, onChange, onOtherAgenciesChange, fieldError, errorId }: AgencyFieldsProps) {
  const toggle = (agency: Agency, on: boolean) =>
    // Kept in the canonical order, so ticking and unticking returns the same form.
    onChange(AGENCIES.filter((a) => (a === agency ? on : agencies.includes(a))));
  return (
    <fieldset className="agency-fields" aria-describedby={fieldError('agencies') ? errorId : undefined}>
      <legend>Participating agencies</legend>
      <div className="check-grid">
        {AGENCIES.map((agency) => (
          <label key={agency} className="check" title={AGENCY_NAMES[agency]}>
            <input type="checkbox" checked={agencies.includes(agency)} onChange={(e) => toggle(agency, e.target.checked)} />
            {agency}
          </label>
        ))}
      </div>
      {agencies.includes('Other') && (
        <Field label="Other agencies" error={fieldError('otherAgencies')}>
          {(p) => <input {...p} type="text" value={otherAgencies} onChange={(e) => onOtherAgenciesChange(e.target.value)} />}
        </Field>
      )}
      {fieldError('agencies') && (
        <div id={errorId} className="field-error">
          {fieldError('agencies')}
        </div>
      )}
    </fieldset>
  );
}
