import { useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { isClassified, markingAsClaimed, markingProblems, bannerOf } from '../../../../shared/marking/marking.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { INITIAL_STATUSES, nextStatuses, type PacketStatus } from '../../../../shared/packet/packet-status.js';
import { AssignedReviewers } from './AssignedReviewers.js';
import { useToday } from '../../app/use-today.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { Field } from '../../ui/Field.js';
import { MarkingFields } from '../marking/MarkingFields.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PacketHistory } from './PacketHistory.js';
import { AuthorityFields } from '../marking/AuthorityFields.js';
import { AgencyFields } from './AgencyFields.js';
import { PacketBasicsFields } from './PacketBasicsFields.js';
import { PacketEditorNotices } from './PacketEditorNotices.js';
import { PacketEditorPlaceholder } from './PacketEditorPlaceholder.js';
import { useEditorKeys } from './use-editor-keys.js';
import { usePacketEdit } from './use-packet-edit.js';
import './packets.css';

export type EditorTarget = { readonly kind: 'new' } | { readonly kind: 'packet'; readonly id: string };

interface PacketEditorProps {
  readonly target: EditorTarget;
  readonly onClose: () => void;
  readonly onSaved: (packet: Packet) => void;
  /** Opens the review history page filtered to this packet, with every record of it. */
  readonly onOpenHistory: (packetId: string) => void;
}

/** Creates or edits one packet. Every keystroke is kept as a draft, so a crash loses nothing. */
export function PacketEditor({ target, onClose, onSaved, onOpenHistory }: PacketEditorProps) {
  const today = useToday();
  const titleId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const [confirm, setConfirm] = useState<'discard' | 'delete' | undefined>();
  const [deleteReason, setDeleteReason] = useState('');
  const edit = usePacketEdit(target.kind === 'packet' ? target.id : null, today, onSaved);
  const { ready, form, setForm, update, dirty, fieldError } = edit;

  // Focus the first field once the form is there, so typing can start at once.
  const isReady = ready !== undefined;
  useEffect(() => {
    if (isReady) firstField.current?.focus();
  }, [isReady]);

  // Marking problems show while choosing: a marking above the workstation is refused at once.
  const markingMessages = [
    ...new Set([...markingProblems(form.marking).map((p) => p.message), ...edit.issues.filter((i) => i.path === 'marking' || i.path.startsWith('marking.')).map((i) => i.message)]),
  ];
  // The banner covers everything the editor shows: the saved content, and what is being typed at
  // the marking chosen for it, even one this workstation may not hold (saving that is refused; the
  // banner must not understate what is on screen meanwhile).
  const claimed = markingAsClaimed(form.marking);
  useDisplayedMarkings(ready ? [ready.packet ? bannerOf([ready.packet.marking, claimed]) : claimed] : []);

  async function save(event?: SyntheticEvent) {
    event?.preventDefault();
    // Take the reviewer to the first problem, or to the message when no field is at fault.
    if ((await edit.save()) === 'refused') requestAnimationFrame(() => (formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? errorRef.current)?.focus());
  }

  async function discardAndClose() {
    await edit.discardDraft();
    setConfirm(undefined);
    onClose();
  }

  async function deletePacket() {
    if (await edit.deletePacket(deleteReason, () => setConfirm(undefined))) onClose();
  }

  function requestClose() {
    if (dirty) setConfirm('discard');
    else onClose();
  }

  useEditorKeys(sectionRef, save, requestClose);

  if (!ready) {
    return <PacketEditorPlaceholder state={edit.loaded === 'missing' ? 'missing' : 'opening'} titleId={titleId} sectionRef={sectionRef} onClose={onClose} />;
  }

  const statusChoices: readonly PacketStatus[] = ready.packet ? [ready.packet.status, ...nextStatuses(ready.packet.status)] : INITIAL_STATUSES;
  const statusChanged = ready.packet !== undefined && form.status !== ready.packet.status;

  return (
    <section className="editor" aria-labelledby={titleId} ref={sectionRef}>
      <header className="editor__header">
        <h2 id={titleId}>{ready.packet ? `${ready.packet.developer} ${ready.packet.modelName}` : 'New packet'}</h2>
        {ready.packet && <span className="editor__subtitle">{ready.packet.modelVersion}</span>}
        <span className="editor__state">{dirty ? 'Unsaved changes (kept as draft)' : ready.packet ? `Revision ${ready.packet.revision}` : ''}</span>
        <button type="button" className="button--icon" onClick={requestClose} aria-label="Close editor" title="Close (Esc)">
          ×
        </button>
      </header>
      <div className="visually-hidden" role="status" aria-live="polite">
        {edit.announcement}
      </div>
      {ready.packet && <AssignedReviewers packet={ready.packet} />}
      <PacketEditorNotices
        restoredDraftAt={ready.restoredDraftAt}
        conflict={edit.conflict}
        form={form}
        saveError={edit.saveError}
        errorRef={errorRef}
        onDiscardRestored={edit.discardRestored}
        onKeepMine={edit.keepMine}
        onTakeTheirs={() => void edit.takeTheirs()}
      />

      <form className="editor__form" onSubmit={(e) => void save(e)} noValidate ref={formRef}>
        <PacketBasicsFields form={form} setForm={setForm} statusChoices={statusChoices} savedStatus={ready.packet?.status} today={today} fieldError={fieldError} firstField={firstField} />
        {statusChanged && (
          <Field label="Reason for the status change" hint="Recorded in the review history.">
            {(p) => <input {...p} type="text" value={form.statusReason} onChange={(e) => update('statusReason', e.target.value)} />}
          </Field>
        )}
        <AgencyFields
          agencies={form.agencies}
          otherAgencies={form.otherAgencies}
          onChange={(agencies) => update('agencies', agencies)}
          onOtherAgenciesChange={(otherAgencies) => update('otherAgencies', otherAgencies)}
          fieldError={fieldError}
          errorId={`${titleId}-agencies-error`}
        />
        <MarkingFields legend="Marking" marking={form.marking} relToText={form.relToText} problems={markingMessages} onChange={(marking, relToText) => setForm((f) => ({ ...f, marking, relToText }))} />
        <AuthorityFields authority={form.authority} classified={isClassified(form.marking.level)} onChange={(authority) => update('authority', authority)} error={(field) => fieldError(`authority.${field}`)} />
        <Field label="Notes" error={fieldError('notes')} className="field--wide">
          {(p) => <textarea {...p} rows={5} value={form.notes} onChange={(e) => update('notes', e.target.value)} />}
        </Field>
        <div className="editor__actions">
          {ready.packet && (
            <button type="button" className="button--danger-quiet" onClick={() => setConfirm('delete')}>
              Delete…
            </button>
          )}
          <span className="spacer" />
          <button type="button" onClick={requestClose}>
            Close
          </button>
          <button type="submit" className="button--primary" disabled={edit.saving || (!dirty && ready.packet !== undefined)} title="Save (Ctrl+S)">
            {ready.packet ? 'Save changes' : 'Create packet'}
          </button>
        </div>
      </form>

      {ready.packet && <PacketHistory packetId={ready.packet.id} onOpenHistory={onOpenHistory} />}

      {confirm === 'discard' && (
        <ConfirmDialog title="Discard unsaved changes?" confirmLabel="Discard changes" cancelLabel="Keep editing" destructive onConfirm={() => void discardAndClose()} onCancel={() => setConfirm(undefined)}>
          <p>Your edits to this packet have not been saved.</p>
        </ConfirmDialog>
      )}
      {confirm === 'delete' && ready.packet && (
        <ConfirmDialog title="Delete this packet?" confirmLabel="Delete packet" destructive onConfirm={() => void deletePacket()} onCancel={() => setConfirm(undefined)}>
          <p>
            {ready.packet.developer} {ready.packet.modelName} {ready.packet.modelVersion} will be removed. Its history stays in the review log.
          </p>
          <Field label="Reason (recorded in the history)">
            {(p) => <input {...p} type="text" value={deleteReason} onChange={(e) => setDeleteReason(e.target.value)} />}
          </Field>
        </ConfirmDialog>
      )}
    </section>
  );
}
