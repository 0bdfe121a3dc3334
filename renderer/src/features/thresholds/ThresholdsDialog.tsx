import { useState } from 'react';
import { markingProblems } from '../../../../shared/marking/marking.js';
import {
  THRESHOLD_DIRECTIONS,
  THRESHOLD_DIRECTION_LABELS,
  blankThresholdFields,
  type Threshold,
  type ThresholdFields,
} from '../../../../shared/thresholds/threshold.js';
import { describeVersionRange } from '../../../../shared/thresholds/task-version.js';
import { reviewChangeRefusal, useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useThresholds } from '../../data/hooks.js';
import { Field } from '../../ui/Field.js';
import { Modal } from '../../ui/Modal.js';
import { MarkingFields } from '../marking/MarkingFields.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { TableHead } from '../../ui/TableHead.js';
import { DeleteLink, LinkButton } from '../../ui/LinkButton.js';
import { PortionMark } from '../marking/PortionMark.js';

interface ThresholdForm extends Omit<ThresholdFields, 'value' | 'taskVersionFrom' | 'taskVersionTo'> {
  readonly value: string;
  readonly taskVersionFrom: string;
  readonly taskVersionTo: string;
  readonly relToText: string;
}

/** The threshold's key, typed as text: task, task-version range, scorer and metric. */
const TEXT_FIELDS: readonly { readonly key: 'task' | 'taskVersionFrom' | 'taskVersionTo' | 'scorer' | 'metric'; readonly label: string; readonly hint?: string }[] = [
  { key: 'task', label: 'Task', hint: 'As Inspect names it, e.g. inspect_evals/cybench' },
  { key: 'taskVersionFrom', label: 'Task version from', hint: 'Blank: any' },
  { key: 'taskVersionTo', label: 'Task version to', hint: 'Blank: any' },
  { key: 'scorer', label: 'Scorer', hint: 'Blank: any scorer' },
  { key: 'metric', label: 'Metric' },
];

function toForm(t: ThresholdFields): ThresholdForm {
  return { ...t, value: String(t.value), taskVersionFrom: t.taskVersionFrom ?? '', taskVersionTo: t.taskVersionTo ?? '', relToText: t.marking.relTo.join(', ') };
}

/** The workstation's capability thresholds: what a packet's results are judged against. */
export function ThresholdsDialog({ onClose }: { readonly onClose: () => void }) {
  const { thresholds: store, session } = useServices();
  const refusal = reviewChangeRefusal(useSession(session));
  const thresholds = useThresholds(store);
  const [editing, setEditing] = useState<{ readonly id: string | null; readonly revision: number; readonly form: ThresholdForm } | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  useDisplayedMarkings([...(thresholds ?? []).map((t) => t.marking), ...(editing ? [editing.form.marking] : [])]);

  async function save() {
    if (!editing) return;
    const { relToText: _ignored, ...form } = editing.form;
    const input = { ...form, value: form.value.trim() === '' ? Number.NaN : Number(form.value) };
    const result = editing.id === null ? await store.create(input) : await store.update(editing.id, editing.revision, input);
    if (!result.ok) {
      setProblem(result.error.message);
      return;
    }
    setProblem(undefined);
    setEditing(undefined);
  }

  const set = (patch: Partial<ThresholdForm>) => editing && setEditing({ ...editing, form: { ...editing.form, ...patch } });

  return (
    <Modal
      title="Capability thresholds"
      onClose={onClose}
      wide
      actions={
        editing ? (
          <>
            <button type="button" onClick={() => setEditing(undefined)}>
              Cancel
            </button>
            <button type="button" className="button--primary" onClick={() => void save()}>
              Save threshold
            </button>
          </>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Close
            </button>
            {refusal ? (
              <span className="muted">{refusal}</span>
            ) : (
              <button type="button" className="button--primary" onClick={() => setEditing({ id: null, revision: 0, form: toForm(blankThresholdFields()) })}>
                Add threshold
              </button>
            )}
          </>
        )
      }
    >
      {editing ? (
        <form className="form-grid form-grid--three" onSubmit={(e) => (e.preventDefault(), void save())}>
          {TEXT_FIELDS.map(({ key, label, hint }) => (
            <Field key={key} label={label} hint={hint}>
              {(ids) => <input {...ids} value={editing.form[key]} onChange={(e) => set({ [key]: e.target.value })} />}
            </Field>
          ))}
          <Field label="Direction">
            {(ids) => <select {...ids} value={editing.form.direction} onChange={(e) => set({ direction: e.target.value as ThresholdFields['direction'] })}>
              {THRESHOLD_DIRECTIONS.map((d) => (
                <option key={d} value={d}>
                  {THRESHOLD_DIRECTION_LABELS[d]}
                </option>
              ))}
            </select>}
          </Field>
          <Field label="Threshold value">
            {(ids) => <input {...ids} inputMode="decimal" value={editing.form.value} onChange={(e) => set({ value: e.target.value })} />}
          </Field>
          <Field label="Rationale" className="form-grid__wide">
            {(ids) => <textarea {...ids} rows={3} value={editing.form.rationale} onChange={(e) => set({ rationale: e.target.value })} />}
          </Field>
          <div className="form-grid__wide">
            <MarkingFields
              legend="Marking of this threshold"
              marking={editing.form.marking}
              relToText={editing.form.relToText}
              problems={markingProblems(editing.form.marking).map((p) => p.message)}
              onChange={(marking, relToText) => set({ marking, relToText })}
            />
          </div>
          {problem && (
            <p className="form-error form-grid__wide" role="alert">
              {problem}
            </p>
          )}
        </form>
      ) : thresholds === undefined ? (
        <p className="loading">Loading…</p>
      ) : thresholds.length === 0 ? (
        <p className="empty">No thresholds yet. Without thresholds, every packet&apos;s determination is undetermined.</p>
      ) : (
        <table className="data-table">
          <TableHead columns={['Marking', 'Task', 'Versions', 'Scorer / metric', 'Crossed at', 'Rationale']} actions />
          <tbody>
            {thresholds.map((t: Threshold) => (
              <tr key={t.id}>
                <td>
                  <PortionMark marking={t.marking} />
                </td>
                <td>{t.task}</td>
                <td>{describeVersionRange(t.taskVersionFrom, t.taskVersionTo)}</td>
                <td>
                  {t.scorer || 'any'} / {t.metric}
                </td>
                <td className="nowrap">
                  {t.direction === 'higher' ? '≥' : '≤'} {t.value}
                </td>
                <td className="ellipsis" title={t.rationale}>
                  {t.rationale}
                </td>
                <td className="nowrap">
                  {!refusal && (
                    <>
                      <LinkButton onClick={() => setEditing({ id: t.id, revision: t.revision, form: toForm(t) })} label={`Edit the threshold for ${t.task}`}>
                        Edit
                      </LinkButton>
                      <DeleteLink what={`the threshold for ${t.task}`} onClick={() => void store.delete(t.id)} />
                    </>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
