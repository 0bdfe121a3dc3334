import { useMemo, useState } from 'react';
import { MAX_COMPARED_RUNS, MIN_COMPARED_RUNS, runLetter } from '../../../../shared/compare/comparison.js';
import type { SavedComparison } from '../../../../shared/compare/saved-comparison.js';
import { commingle } from '../../../../shared/marking/marking.js';
import { PROVENANCE_LABELS, RUN_STATUS_LABELS, type BenchmarkRun } from '../../../../shared/results/benchmark-run.js';
import { useServices } from '../../app/services.js';
import { useAllRuns, usePackets } from '../../data/hooks.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { Field } from '../../ui/Field.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PortionMark } from '../marking/PortionMark.js';
import { formatCount } from '../results/format-results.js';
import './compare.css';

/**
 * Picks 2 to 8 runs, of any packets and models, for a new comparison. The order of picking is
 * the order of the comparison: the first run is A, the baseline the others are measured from.
 */
export function RunPickerDialog({ onClose, onSaved }: { readonly onClose: () => void; readonly onSaved: (saved: SavedComparison) => void }) {
  const { results, store, comparisons } = useServices();
  const runs = useAllRuns(results);
  const packets = usePackets(store);
  const [picked, setPicked] = useState<readonly string[]>([]);
  const [filter, setFilter] = useState('');
  const [name, setName] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  // Every run listed shows under its marking, with its packet's name, whatever else is open.
  useDisplayedMarkings([...(runs ?? []), ...(packets ?? []).filter((p) => runs?.some((r) => r.packetId === p.id))].map((r) => r.marking));
  const packetMarking = useMemo(() => new Map((packets ?? []).map((p) => [p.id, p.marking])), [packets]);
  const packetName = useMemo(() => new Map((packets ?? []).map((p) => [p.id, `${p.developer} ${p.modelName} ${p.modelVersion}`])), [packets]);
  const byId = useMemo(() => new Map((runs ?? []).map((r) => [r.id, r])), [runs]);
  const needle = filter.trim().toLowerCase();
  const shown = (runs ?? []).filter((r) => needle === '' || [r.model, r.task, r.source.fileName, packetName.get(r.packetId) ?? ''].some((t) => t.toLowerCase().includes(needle)));
  const suggested = picked.map((id) => byId.get(id)).filter((r): r is BenchmarkRun => r !== undefined).map((r) => `${r.model} (${PROVENANCE_LABELS[r.provenance].split('-')[0]?.toLowerCase() ?? ''})`).join(' vs ');

  function toggle(id: string) {
    setProblem(undefined);
    setPicked((current) => (current.includes(id) ? current.filter((x) => x !== id) : current.length >= MAX_COMPARED_RUNS ? current : [...current, id]));
  }

  async function save() {
    setSaving(true);
    const result = await comparisons.create({ name: name.trim() === '' ? suggested.slice(0, 120) : name, runIds: picked });
    setSaving(false);
    if (result.ok) onSaved(result.value);
    else setProblem(result.error.message);
  }

  return (
    <Modal
      title="New comparison"
      wide
      onClose={onClose}
      actions={<DialogActions onCancel={onClose} actLabel={saving ? 'Saving…' : 'Compare'} onAct={() => void save()} disabled={saving || picked.length < MIN_COMPARED_RUNS} />}
    >
      <p className="muted">
        Pick {MIN_COMPARED_RUNS} to {MAX_COMPARED_RUNS} runs from any packets. The first you pick is A, the baseline the others are compared with.
      </p>
      <div className="run-picker__controls">
        <input type="search" aria-label="Filter runs by model, task, file or packet" placeholder="Filter runs" value={filter} onChange={(e) => setFilter(e.target.value)} />
        <span role="status" className="muted">
          {picked.length} of {MAX_COMPARED_RUNS} picked
        </span>
      </div>
      {runs === undefined ? (
        <p className="loading">Loading runs…</p>
      ) : runs.length === 0 ? (
        <p className="empty">No runs yet. Import results into a packet first.</p>
      ) : (
        <div className="run-picker__table">
          <table className="data-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Pick</span>
                </th>
                <th scope="col">Packet</th>
                <th scope="col">Model</th>
                <th scope="col">Task</th>
                <th scope="col">Provenance</th>
                <th scope="col">Status</th>
                <th scope="col" className="num">
                  Samples
                </th>
                <th scope="col">File</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((run) => {
                const index = picked.indexOf(run.id);
                return (
                  <tr key={run.id} className={index >= 0 ? 'is-selected' : undefined}>
                    <td>
                      <label className="run-picker__pick">
                        <input
                          type="checkbox"
                          checked={index >= 0}
                          disabled={index < 0 && picked.length >= MAX_COMPARED_RUNS}
                          onChange={() => toggle(run.id)}
                          aria-label={`Compare ${run.model}, ${PROVENANCE_LABELS[run.provenance].toLowerCase()}, ${run.source.fileName}`}
                        />
                        {index >= 0 && <span className={`run-letter run-letter--${index}`}>{runLetter(index)}</span>}
                      </label>
                    </td>
                    <td>
                      <PortionMark marking={commingle([run.marking, packetMarking.get(run.packetId) ?? run.marking])} /> {packetName.get(run.packetId) ?? 'deleted packet'}
                    </td>
                    <td>{run.model}</td>
                    <td>
                      {run.task}
                      {run.taskVersion !== null && <span className="muted"> v{run.taskVersion}</span>}
                    </td>
                    <td>{PROVENANCE_LABELS[run.provenance]}</td>
                    <td>{RUN_STATUS_LABELS[run.status]}</td>
                    <td className="num">{run.sourceKind === 'results-table' ? '—' : formatCount(run.samples.read)}</td>
                    <td className="ellipsis" title={run.source.fileName}>
                      {run.source.fileName}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <Field label="Name" hint={suggested ? `Left empty: ${suggested.slice(0, 120)}` : 'Left empty, the runs name it.'}>
        {(props) => <input {...props} value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <FormAlert problem={problem} />
    </Modal>
  );
}
