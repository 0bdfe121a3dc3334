import { useState } from 'react';
import type { Finding } from '../../../../shared/findings/finding.js';
import { newPlanItem, syncAddedItems } from '../../../../shared/plans/plan-edit.js';
import type { PlanRisk, PlanVersion, RemediationPlanContent } from '../../../../shared/plans/remediation-plan.js';
import { useServices } from '../../app/services.js';
import type { FindingLinkChange, SavedPlanEdit } from '../../data/plan-store.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { editClock } from './plan-editing.js';
import { PlanItemFields } from './PlanItemFields.js';
import './plans.css';

interface PlanEditorProps {
  /** The version edited, as it was when the editor opened. */
  readonly version: PlanVersion;
  readonly findings: readonly Finding[];
  readonly onClose: () => void;
  readonly onSaved: (saved: SavedPlanEdit) => void;
}

const sameLinks = (a: readonly string[], b: readonly string[]) => [...a].sort().join() === [...b].sort().join();

/** Owners are optional: blank is none, and OSCAL wants no spaces at either end. */
function owner(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/**
 * Edits the latest version of a plan: items, owners, deadlines, statuses (a deviation request is
 * a status with its justification), remediations' lifecycles and milestones, and which findings
 * each item answers. Saving makes the next version; the one edited stays as it was.
 */
export function PlanEditorDialog({ version, findings, onClose, onSaved }: PlanEditorProps) {
  const { plans } = useServices();
  const [content, setContent] = useState<RemediationPlanContent>(version.content);
  // The findings' links and revisions as the editor opened: only links changed here are saved.
  const [opened] = useState(() => findings.map((f) => ({ id: f.id, title: f.title, revision: f.revision, uuids: f.planItemUuids })));
  const [links, setLinks] = useState<ReadonlyMap<string, readonly string[]>>(() => new Map(opened.map((f) => [f.id, f.uuids])));
  const [reason, setReason] = useState('');
  const [problem, setProblem] = useState<string | undefined>();
  const [saving, setSaving] = useState(false);
  const [confirmingClose, setConfirmingClose] = useState(false);
  const dirty = content !== version.content || reason !== '' || opened.some((f) => !sameLinks(f.uuids, links.get(f.id) ?? []));
  const close = () => (dirty ? setConfirmingClose(true) : onClose());

  const risks = new Map(content.risks.map((r) => [r.uuid, r]));
  const baseStatus = new Map(version.content.risks.map((r) => [r.uuid, r.status]));
  const statusMoved = content.risks.some((r) => baseStatus.has(r.uuid) && baseStatus.get(r.uuid) !== r.status);

  function addItem() {
    const { item, risk } = newPlanItem('New item', 'Describe what will be done.', editClock());
    setContent((c) => ({ ...c, items: [...c.items, item], risks: [...c.risks, risk] }));
  }

  function linkFinding(findingId: string, itemUuid: string, linked: boolean) {
    setLinks((current) => {
      const next = new Map(current);
      const uuids = current.get(findingId) ?? [];
      next.set(findingId, linked ? [...uuids, itemUuid] : uuids.filter((u) => u !== itemUuid));
      return next;
    });
  }

  async function save() {
    setSaving(true);
    setProblem(undefined);
    const tidy: RemediationPlanContent = syncAddedItems(version.content, {
      ...content,
      items: content.items.map((i) => ({ ...i, owner: owner(i.owner ?? '') })),
      risks: content.risks.map((r) => ({ ...r, remediations: r.remediations.map((m) => ({ ...m, milestones: m.milestones.map((x) => ({ ...x, owner: owner(x.owner ?? '') })) })) })),
    });
    // Links to items removed in this edit go with them; links left as they were are not sent.
    const kept = new Set(tidy.items.map((i) => i.uuid));
    const changes: FindingLinkChange[] = opened.flatMap((f) => {
      const uuids = (links.get(f.id) ?? []).filter((u) => kept.has(u));
      return sameLinks(uuids, f.uuids) ? [] : [{ findingId: f.id, baseRevision: f.revision, planItemUuids: uuids }];
    });
    const result = await plans.saveEdit(version.packetId, version.id, tidy, changes, reason);
    setSaving(false);
    if (result.ok) onSaved(result.value);
    else setProblem(result.error.message);
  }

  return (
    <Modal
      title={`Edit version ${version.version} of the plan`}
      onClose={close}
      wide
      actions={<DialogActions onCancel={close} actLabel={`Save as version ${version.version + 1}`} disabled={saving} onAct={() => void save()} />}
    >
      <div className="plan-editor">
        <p className="muted">Saving makes version {version.version + 1}; version {version.version} stays as it is, and the two can be compared.</p>
        {content.items.map((item, index) => (
          <PlanItemFields
            key={item.uuid}
            item={item}
            n={index + 1}
            risks={item.relatedRisks.map((id) => risks.get(id)).filter((r): r is PlanRisk => r !== undefined)}
            findings={findings}
            answers={(findingId) => (links.get(findingId) ?? []).includes(item.uuid)}
            onLinkFinding={(findingId, linked) => linkFinding(findingId, item.uuid, linked)}
            onChange={setContent}
          />
        ))}
        <button type="button" onClick={addItem}>
          Add item
        </button>
        <label className="plan-editor__block">
          {statusMoved ? 'Why the statuses changed (required: it goes in each risk’s log and the history)' : 'Why these changes (optional: it goes in the history)'}
          <input value={reason} aria-required={statusMoved} onChange={(e) => setReason(e.target.value)} />
        </label>
        <FormAlert problem={problem} />
      </div>
      {confirmingClose && (
        <ConfirmDialog title="Discard your changes to the plan?" confirmLabel="Discard changes" destructive onCancel={() => setConfirmingClose(false)} onConfirm={onClose}>
          <p>Nothing you changed in this editor has been saved.</p>
        </ConfirmDialog>
      )}
    </Modal>
  );
}
