import { useState } from 'react';
import { localIsoDate } from '../../../../shared/calendar/iso-date.js';
import type { Finding } from '../../../../shared/findings/finding.js';
import { newMilestone, newPlanItem, onDate, syncAddedItems, withoutItem } from '../../../../shared/plans/plan-edit.js';
import {
  REMEDIATION_LIFECYCLES,
  RISK_STATUSES,
  type PlanItem,
  type PlanMilestone,
  type PlanRemediation,
  type PlanRisk,
  type PlanVersion,
  type RemediationPlanContent,
} from '../../../../shared/plans/remediation-plan.js';
import { useServices } from '../../app/services.js';
import type { FindingLinkChange, SavedPlanEdit } from '../../data/plan-store.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { Modal } from '../../ui/Modal.js';
import { DialogActions } from '../../ui/DialogActions.js';

interface PlanEditorProps {
  /** The version edited, as it was when the editor opened. */
  readonly version: PlanVersion;
  readonly findings: readonly Finding[];
  readonly onClose: () => void;
  readonly onSaved: (saved: SavedPlanEdit) => void;
}

const clock = () => ({ now: new Date(), newUuid: () => crypto.randomUUID() });

/** Minutes east of UTC on the reviewer's clock at the end of `date`, for dates typed here. */
function localOffset(date: string): number {
  return -new Date(`${date}T23:59:59`).getTimezoneOffset();
}

/** A date typed into a date field, as the date-time the plan keeps; blank clears it. */
function typedDate(current: string | null, typed: string): string | null {
  return typed === '' ? null : onDate(current, typed, localOffset(typed));
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

  const updateItem = (uuid: string, patch: Partial<PlanItem>) => setContent((c) => ({ ...c, items: c.items.map((i) => (i.uuid === uuid ? { ...i, ...patch } : i)) }));
  const updateRisk = (uuid: string, change: (r: PlanRisk) => PlanRisk) => setContent((c) => ({ ...c, risks: c.risks.map((r) => (r.uuid === uuid ? change(r) : r)) }));
  const updateRemediation = (riskUuid: string, uuid: string, change: (m: PlanRemediation) => PlanRemediation) =>
    updateRisk(riskUuid, (r) => ({ ...r, remediations: r.remediations.map((m) => (m.uuid === uuid ? change(m) : m)) }));
  const updateMilestone = (riskUuid: string, remediationUuid: string, uuid: string, patch: Partial<PlanMilestone>) =>
    updateRemediation(riskUuid, remediationUuid, (m) => ({ ...m, milestones: m.milestones.map((x) => (x.uuid === uuid ? { ...x, ...patch } : x)) }));

  function addItem() {
    const { item, risk } = newPlanItem('New item', 'Describe what will be done.', clock());
    setContent((c) => ({ ...c, items: [...c.items, item], risks: [...c.risks, risk] }));
  }

  function addRisk(item: PlanItem) {
    const { risk } = newPlanItem(item.title, item.description, clock());
    setContent((c) => ({ ...c, risks: [...c.risks, risk], items: c.items.map((i) => (i.uuid === item.uuid ? { ...i, relatedRisks: [...i.relatedRisks, risk.uuid] } : i)) }));
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
        {content.items.map((item, index) => {
          const itemRisks = item.relatedRisks.map((id) => risks.get(id)).filter((r): r is PlanRisk => r !== undefined);
          const n = index + 1;
          return (
            <fieldset key={item.uuid} className="plan-editor__item">
              <legend>Item {n}</legend>
              <div className="plan-editor__row">
                <label className="plan-editor__grow">
                  Title <input aria-label={`Title of item ${n}`} value={item.title} onChange={(e) => updateItem(item.uuid, { title: e.target.value })} />
                </label>
                <label>
                  Owner <input aria-label={`Owner of item ${n}`} value={item.owner ?? ''} onChange={(e) => updateItem(item.uuid, { owner: e.target.value })} />
                </label>
                <LinkButton danger label={`Remove item ${n}`} onClick={() => setContent((c) => withoutItem(c, item.uuid))}>
                  Remove item
                </LinkButton>
              </div>
              <label className="plan-editor__block">
                Description <textarea aria-label={`Description of item ${n}`} rows={2} value={item.description} onChange={(e) => updateItem(item.uuid, { description: e.target.value })} />
              </label>
              {itemRisks.length === 0 ? (
                <p className="muted">
                  This item answers no risk.{' '}
                  <button type="button" onClick={() => addRisk(item)}>
                    Add a risk with a planned remediation
                  </button>
                </p>
              ) : (
                itemRisks.map((risk, ri) => {
                  const riskName = `risk ${ri + 1} of item ${n}`;
                  return (
                  <div key={risk.uuid} className="plan-editor__risk">
                    <div className="plan-editor__row">
                      <span className="plan-editor__grow plan-editor__risk-title">{risk.title}</span>
                      <label>
                        Status{' '}
                        <select aria-label={`Status of ${riskName}`} value={risk.status} onChange={(e) => updateRisk(risk.uuid, (r) => ({ ...r, status: e.target.value }))}>
                          {[...new Set([...RISK_STATUSES, risk.status])].map((s) => (
                            <option key={s} value={s}>
                              {s}
                            </option>
                          ))}
                        </select>
                      </label>
                      <label>
                        Deadline{' '}
                        <input
                          type="date"
                          aria-label={`Deadline of ${riskName}`}
                          value={risk.deadline?.slice(0, 10) ?? ''}
                          onChange={(e) => updateRisk(risk.uuid, (r) => ({ ...r, deadline: typedDate(r.deadline, e.target.value) }))}
                        />
                      </label>
                    </div>
                    {risk.remediations.map((remediation, j) => {
                      const remediationName = `remediation ${j + 1} of ${riskName}`;
                      return (
                      <div key={remediation.uuid} className="plan-editor__remediation">
                        <div className="plan-editor__row">
                          <label className="plan-editor__grow">
                            Remediation{' '}
                            <input aria-label={`Title of ${remediationName}`} value={remediation.title} onChange={(e) => updateRemediation(risk.uuid, remediation.uuid, (m) => ({ ...m, title: e.target.value }))} />
                          </label>
                          <label>
                            Lifecycle{' '}
                            <select
                              aria-label={`Lifecycle of ${remediationName}`}
                              value={remediation.lifecycle}
                              onChange={(e) => updateRemediation(risk.uuid, remediation.uuid, (m) => ({ ...m, lifecycle: e.target.value }))}
                            >
                              {[...new Set([...REMEDIATION_LIFECYCLES, remediation.lifecycle])].map((l) => (
                                <option key={l} value={l}>
                                  {l}
                                </option>
                              ))}
                            </select>
                          </label>
                        </div>
                        {remediation.milestones.map((m, k) => (
                          <div key={m.uuid} className="plan-editor__row plan-editor__milestone">
                            <input aria-label={`Title of milestone ${k + 1} of ${remediationName}`} className="plan-editor__grow" value={m.title} onChange={(e) => updateMilestone(risk.uuid, remediation.uuid, m.uuid, { title: e.target.value })} />
                            <input
                              type="date"
                              aria-label={`Date of milestone ${k + 1} of ${remediationName}`}
                              value={m.end?.slice(0, 10) ?? ''}
                              onChange={(e) => updateMilestone(risk.uuid, remediation.uuid, m.uuid, { end: typedDate(m.end, e.target.value) })}
                            />
                            <input
                              aria-label={`Owner of milestone ${k + 1} of ${remediationName}`}
                              placeholder="Owner"
                              value={m.owner ?? ''}
                              onChange={(e) => updateMilestone(risk.uuid, remediation.uuid, m.uuid, { owner: e.target.value })}
                            />
                            <LinkButton
                              danger
                              label={`Remove milestone ${k + 1} of ${remediationName}`}
                              onClick={() => updateRemediation(risk.uuid, remediation.uuid, (r) => ({ ...r, milestones: r.milestones.filter((x) => x.uuid !== m.uuid) }))}
                            >
                              Remove
                            </LinkButton>
                          </div>
                        ))}
                        <button
                          type="button"
                          aria-label={`Add a milestone to ${remediationName}`}
                          onClick={() => {
                            const today = localIsoDate(new Date());
                            updateRemediation(risk.uuid, remediation.uuid, (r) => ({ ...r, milestones: [...r.milestones, newMilestone('New milestone', today, null, localOffset(today), clock())] }));
                          }}
                        >
                          Add milestone
                        </button>
                      </div>
                      );
                    })}
                  </div>
                  );
                })
              )}
              {findings.length > 0 && (
                <div className="plan-editor__findings" role="group" aria-label={`Findings item ${n} answers`}>
                  <span className="muted">Answers findings:</span>
                  {findings.map((f) => (
                    <label key={f.id} className="check">
                      <input type="checkbox" checked={(links.get(f.id) ?? []).includes(item.uuid)} onChange={(e) => linkFinding(f.id, item.uuid, e.target.checked)} />
                      {f.title}
                    </label>
                  ))}
                </div>
              )}
            </fieldset>
          );
        })}
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
