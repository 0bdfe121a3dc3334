import { useState } from 'react';
import type { Packet } from '../../../../shared/packet/packet.js';
import { useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useProfiles } from '../../data/hooks.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { ReasonField } from '../../ui/ReasonField.js';
import { useReasonedChange } from '../../ui/use-reasoned-change.js';
import './packets.css';

/**
 * Who reviews a packet: its assigned reviewers, the only reviewers who may change it. A team lead
 * assigns them; a reviewer who is not assigned is told so before trying to edit.
 */
export function AssignedReviewers({ packet }: { readonly packet: Packet }) {
  const { session } = useServices();
  const state = useSession(session);
  const [assigning, setAssigning] = useState(false);
  const me = state.kind === 'unlocked' ? state.unlocked.profile : undefined;
  const unassigned = me?.role === 'reviewer' && !packet.assignees.includes(me.principal);
  return (
    <div className="assigned-reviewers">
      <span className="assigned-reviewers__label">Reviewers</span>
      <span data-testid="assigned-reviewers">{packet.assignees.length === 0 ? 'none assigned' : packet.assignees.join(', ')}</span>
      {me?.role === 'team-lead' && (
        <button type="button" className="button--link" onClick={() => setAssigning(true)}>
          Assign reviewers…
        </button>
      )}
      {unassigned && (
        <p className="editor__notice" role="note">
          You are not assigned to this packet: you can read it, but only its assigned reviewers and team leads change it.
        </p>
      )}
      {assigning && <AssignDialog packet={packet} onClose={() => setAssigning(false)} />}
    </div>
  );
}

function AssignDialog({ packet, onClose }: { readonly packet: Packet; readonly onClose: () => void }) {
  const { store, profiles } = useServices();
  const known = useProfiles(profiles);
  const [chosen, setChosen] = useState<ReadonlySet<string>>(() => new Set(packet.assignees));
  // Reviewers with a profile here, and anyone already assigned (a principal from another workstation).
  const reviewers = [...new Set([...(known ?? []).filter((p) => p.role === 'reviewer').map((p) => p.principal), ...packet.assignees])].sort();
  const nameOf = new Map((known ?? []).map((p) => [p.principal, p.name]));

  const change = useReasonedChange((reason) => store.assignReviewers(packet.id, packet.revision, [...chosen], reason), onClose);

  return (
    <Modal title="Assign reviewers" onClose={onClose} actions={<DialogActions onCancel={onClose} actLabel={change.busy ? 'Saving…' : 'Save'} disabled={change.busy} onAct={() => void change.submit()} />}>
      <FormAlert problem={change.problem} />
      <fieldset className="bundle-choice">
        <legend>{`Reviewers of ${packet.developer} ${packet.modelName} ${packet.modelVersion}`}</legend>
        {reviewers.length === 0 && <p className="field-hint">No reviewer has a profile on this workstation yet: add one under Profiles.</p>}
        {reviewers.map((principal) => (
          <label key={principal}>
            <input
              type="checkbox"
              checked={chosen.has(principal)}
              onChange={(e) =>
                setChosen((c) => {
                  const next = new Set(c);
                  if (e.target.checked) next.add(principal);
                  else next.delete(principal);
                  return next;
                })
              }
            />
            {nameOf.has(principal) ? `${nameOf.get(principal) ?? ''} (${principal})` : principal}
          </label>
        ))}
      </fieldset>
      <ReasonField change={change} label="Reason (kept in the history)" />
    </Modal>
  );
}
