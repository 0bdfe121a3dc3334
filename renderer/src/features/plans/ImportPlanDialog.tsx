import { useState } from 'react';
import type { Packet } from '../../../../shared/packet/packet.js';
import type { PlanVersion } from '../../../../shared/plans/remediation-plan.js';
import { useServices } from '../../app/services.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { useMarkingChoice } from '../marking/use-marking-choice.js';

/** Imports a developer's OSCAL plan of action and milestones as the packet plan's next version. */
export function ImportPlanDialog({ packet, onClose, onImported }: { readonly packet: Packet; readonly onClose: () => void; readonly onImported: (version: PlanVersion) => void }) {
  const { plans } = useServices();
  const [file, setFile] = useState<File | undefined>();
  const { marking, issues: markingIssues, fields: markingFields } = useMarkingChoice(packet.marking);
  const [problem, setProblem] = useState<string | undefined>();
  const [working, setWorking] = useState(false);

  async function start() {
    if (!file) return;
    if (markingIssues[0]) {
      setProblem(markingIssues[0]);
      return;
    }
    setWorking(true);
    setProblem(undefined);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      setWorking(false);
      setProblem(`${file.name} could not be read; it may have been moved or changed. Choose it again.`);
      return;
    }
    const result = await plans.importVersion(packet.id, file.name, bytes, marking);
    setWorking(false);
    if (result.ok) onImported(result.value);
    else setProblem(result.error.message);
  }

  return (
    <Modal
      title={`Import a remediation plan into ${packet.developer} ${packet.modelName}`}
      onClose={onClose}
      actions={<DialogActions cancelLabel="Close" onCancel={onClose} actLabel="Import" disabled={!file || working} onAct={() => void start()} />}
    >
      <div className="import">
        <label className="dropzone">
          Plan file <span className="muted">(OSCAL plan of action and milestones, JSON, OSCAL 1.0 or 1.1)</span>
          <input
            type="file"
            accept=".json,application/json"
            disabled={working}
            onChange={(e) => {
              setProblem(undefined);
              setFile(e.target.files?.[0]);
            }}
          />
        </label>
        {markingFields('Marking of this plan', working)}
        <FormAlert problem={problem} />
      </div>
    </Modal>
  );
}
