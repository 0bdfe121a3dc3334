import { useId } from 'react';
import { PROVENANCES, PROVENANCE_LABELS, type Provenance, type RunRole } from '../../../../shared/results/benchmark-run.js';
import './results.css';

/** Who produced a run's results: "These results are" developer-reported or government-reproduced. */
export function ProvenanceFieldset({
  value,
  onChange,
  disabled = false,
}: {
  readonly value: Provenance | undefined;
  readonly onChange: (provenance: Provenance) => void;
  readonly disabled?: boolean;
}) {
  const name = useId();
  return (
    <fieldset className="radio-group" disabled={disabled}>
      <legend>These results are</legend>
      {PROVENANCES.map((p) => (
        <label key={p}>
          <input type="radio" name={name} value={p} checked={value === p} onChange={() => onChange(p)} /> {PROVENANCE_LABELS[p]}
        </label>
      ))}
    </fieldset>
  );
}

/** Which model a run measured: "The run measured" the model under review or a reference model. */
export function RoleFieldset({
  value,
  onChange,
  modelName,
  disabled = false,
}: {
  readonly value: RunRole | undefined;
  readonly onChange: (role: RunRole) => void;
  /** The model under review, as its packet names it. */
  readonly modelName: string;
  readonly disabled?: boolean;
}) {
  const name = useId();
  return (
    <fieldset className="radio-group" disabled={disabled}>
      <legend>The run measured</legend>
      <label>
        <input type="radio" name={name} value="subject" checked={value === 'subject'} onChange={() => onChange('subject')} /> The model under review ({modelName})
      </label>
      <label>
        <input type="radio" name={name} value="reference" checked={value === 'reference'} onChange={() => onChange('reference')} /> A reference model
      </label>
    </fieldset>
  );
}
