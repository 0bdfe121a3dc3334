import { useState } from 'react';
import type { Packet } from '../../../../shared/packet/packet.js';
import type { BenchmarkRun, Provenance, RunRole } from '../../../../shared/results/benchmark-run.js';
import { attributeModel, referenceModelsOf } from '../../../../shared/results/model-attribution.js';
import { useServices } from '../../app/services.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { ReasonField } from '../../ui/ReasonField.js';
import { useReasonedChange } from '../../ui/use-reasoned-change.js';
import { AttributionNote } from './AttributionNote.js';
import { ProvenanceFieldset, RoleFieldset } from './RunAttributionFields.js';

/**
 * Changes who produced a run's results and which model it measured, after the import, with the
 * reason the history keeps. What the run's model name says against the model under review is
 * shown as the role is chosen.
 */
export function ReattributeRunDialog({
  run,
  packet,
  runs,
  onClose,
  onDone,
}: {
  readonly run: BenchmarkRun;
  readonly packet: Packet;
  /** The packet's runs, whose reference models the run's model is matched against. */
  readonly runs: readonly BenchmarkRun[];
  readonly onClose: () => void;
  readonly onDone: (updated: BenchmarkRun) => void;
}) {
  const { results } = useServices();
  const [provenance, setProvenance] = useState<Provenance>(run.provenance);
  const [role, setRole] = useState<RunRole>(run.role);
  const change = useReasonedChange((reason) => results.reattributeRun(run.id, { provenance, role }, reason), onDone);
  const attribution = attributeModel(run.model, packet, referenceModelsOf(runs, run.id));

  return (
    <Modal
      title="Change provenance and role"
      onClose={onClose}
      actions={<DialogActions onCancel={onClose} actLabel="Save" onAct={() => void change.submit()} disabled={!change.given || change.busy} cancelDisabled={change.busy} />}
    >
      <p>
        The run from <strong>{run.source.fileName}</strong>: {run.task} on {run.model}.
      </p>
      <ProvenanceFieldset value={provenance} onChange={setProvenance} disabled={change.busy} />
      <RoleFieldset value={role} onChange={setRole} modelName={packet.modelName} disabled={change.busy} />
      <AttributionNote what="run" model={run.model} subject={packet} attribution={attribution} role={role} />
      <ReasonField change={change} hint="Required. The review history keeps it with the change." multiline />
      <FormAlert problem={change.problem} />
    </Modal>
  );
}
