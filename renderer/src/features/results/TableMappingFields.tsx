import { useId } from 'react';
import type { ModelUnderReview } from '../../../../shared/results/model-attribution.js';
import { REQUIRED_TABLE_FIELDS, TABLE_FIELDS, TABLE_FIELD_LABELS, type ColumnMapping, type ResultsTable } from '../../../../shared/results/results-table.js';
import type { SubjectChoice } from './use-chosen-results.js';
import './results.css';

interface TableMappingFieldsProps {
  readonly table: ResultsTable;
  readonly mapping: ColumnMapping;
  readonly onMapping: (mapping: ColumnMapping) => void;
  readonly remembered: boolean;
  readonly models: readonly string[];
  readonly subject: SubjectChoice | undefined;
  /** How many of the models match the model under review by name. */
  readonly matching: number;
  readonly onSubject: (subject: SubjectChoice | undefined) => void;
  readonly packetModel: ModelUnderReview;
  readonly issues: readonly string[];
  readonly disabled: boolean;
}

/** A results table's columns mapped to our fields, which of its models is the model under review, and its first rows. */
export function TableMappingFields({ table, mapping, onMapping, remembered, models, subject, matching, onSubject, packetModel, issues, disabled }: TableMappingFieldsProps) {
  return (
    <fieldset className="mapping" disabled={disabled}>
      <legend>Columns {remembered && <span className="badge">remembered from the last file with these columns</span>}</legend>
      <div className="mapping__grid">
        {TABLE_FIELDS.map((field) => (
          <label key={field}>
            {TABLE_FIELD_LABELS[field]}
            {REQUIRED_TABLE_FIELDS.includes(field) && <span aria-hidden="true"> *</span>}
            <select aria-label={TABLE_FIELD_LABELS[field]} value={mapping[field] ?? ''} onChange={(e) => onMapping({ ...mapping, [field]: e.target.value === '' ? null : e.target.value })}>
              <option value="">(none)</option>
              {table.columns.map((c) => (
                <option key={c} value={c}>
                  {c}
                </option>
              ))}
            </select>
          </label>
        ))}
      </div>
      {models.length > 0 && <SubjectModelSelect models={models} subject={subject} matching={matching} onSubject={onSubject} packetModel={packetModel} />}
      <TablePreview table={table} />
      {issues.length > 0 && (
        <ul className="form-error">
          {issues.map((t) => (
            <li key={t}>{t}</li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

const NONE = 'none';
const MODEL = 'model:';

/**
 * Which of the table's models is the model under review. Only a model whose name matches the
 * packet's is chosen for the reviewer; otherwise the reviewer chooses, one of them or none.
 */
function SubjectModelSelect({ models, subject, matching, onSubject, packetModel }: Pick<TableMappingFieldsProps, 'models' | 'subject' | 'matching' | 'onSubject' | 'packetModel'>) {
  const hint = useId();
  const value = subject === undefined ? '' : subject.kind === 'none' ? NONE : `${MODEL}${subject.model}`;
  return (
    <div className="field">
      <label>
        Model under review in this table{' '}
        <select
          value={value}
          aria-describedby={hint}
          onChange={(e) => onSubject(e.target.value === '' ? undefined : e.target.value === NONE ? { kind: 'none' } : { kind: 'model', model: e.target.value.slice(MODEL.length) })}
        >
          <option value="">Choose…</option>
          {models.map((m) => (
            <option key={m} value={`${MODEL}${m}`}>
              {m}
            </option>
          ))}
          <option value={NONE}>None of these: every row is of a reference model</option>
        </select>
      </label>
      <span id={hint} className="muted">
        {subject === undefined && `${unchosen(matching, packetModel)} `}
        Other models are filed as reference runs.
      </span>
    </div>
  );
}

function unchosen(matching: number, packetModel: ModelUnderReview): string {
  const name = `${packetModel.modelName} ${packetModel.modelVersion} (the model under review)`;
  if (matching === 0) return `None of the table's models matches ${name} by name: choose the one that is, or none.`;
  if (matching === 1) return `Choose the model that is ${name}, or none.`;
  return `${matching} of the table's models could be ${name}: choose the one that is.`;
}

function TablePreview({ table }: { readonly table: ResultsTable }) {
  const rows = table.rows.slice(0, 4);
  return (
    <div className="table-preview">
      <table className="data-table">
        <caption className="visually-hidden">The first rows of the file</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {table.columns.map((c) => (
                <td key={c}>{row[c]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
