import { useCallback, useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { isIsoDate } from '../../../../shared/calendar/iso-date.js';
import { markingProblems } from '../../../../shared/marking/marking.js';
import { AGENCIES, AGENCY_NAMES } from '../../../../shared/packet/agencies.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { PACKET_STATUSES, PACKET_STATUS_LABELS, nextStatuses, type PacketStatus } from '../../../../shared/packet/packet-status.js';
import { describeDaysRemaining, reviewWindow, MAX_REVIEW_WINDOW_DAYS } from '../../../../shared/packet/review-window.js';
import type { AppError, FieldIssue } from '../../../../shared/result/result.js';
import { useServices } from '../../app/services.js';
import { useToday } from '../../app/use-today.js';
import { packetDraftKey } from '../../data/review-store.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { Field } from '../../ui/Field.js';
import { formatDateTime } from '../../ui/format.js';
import { MarkingFields } from '../marking/MarkingFields.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PacketHistory } from './PacketHistory.js';
import { blankForm, fieldsFromForm, formFromDraft, formFromPacket, sameForm, type PacketForm } from './packet-form.js';

export type EditorTarget = { readonly kind: 'new' } | { readonly kind: 'packet'; readonly id: string };

interface PacketEditorProps {
  readonly target: EditorTarget;
  readonly onClose: () => void;
  readonly onSaved: (packet: Packet) => void;
}

interface Loaded {
  /** The stored packet, or undefined for a new one. */
  readonly packet: Packet | undefined;
  /** The form as last saved: what "unsaved changes" are measured against. */
  readonly saved: PacketForm;
  /** The revision edits are based on (a restored draft keeps the revision it started from). */
  readonly baseRevision: number;
  readonly restoredDraftAt: string | undefined;
}

/** Creates or edits one packet. Every keystroke is kept as a draft, so a crash loses nothing. */
export function PacketEditor({ target, onClose, onSaved }: PacketEditorProps) {
  const { store } = useServices();
  const today = useToday();
  const titleId = useId();
  const [loaded, setLoaded] = useState<Loaded | 'missing' | undefined>();
  const [form, setForm] = useState<PacketForm>(() => blankForm(today));
  const [saveError, setSaveError] = useState<AppError | undefined>();
  const [attempted, setAttempted] = useState(false);
  const [confirm, setConfirm] = useState<'discard' | 'delete' | undefined>();
  const [deleteReason, setDeleteReason] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const draftKey = packetDraftKey(target.kind === 'packet' ? target.id : null);
  const draftWrites = useRef<Promise<void>>(Promise.resolve());

  // Load the packet and any draft left by an earlier session.
  useEffect(() => {
    const abandoned = new AbortController();
    void (async () => {
      const packet = target.kind === 'packet' ? await store.getPacket(target.id) : undefined;
      if (target.kind === 'packet' && !packet) {
        if (!abandoned.signal.aborted) setLoaded('missing');
        return;
      }
      const saved = packet ? formFromPacket(packet) : blankForm(today);
      const draft = await store.loadDraft(draftKey);
      const draftForm = draft ? formFromDraft(draft.form) : undefined;
      const restore = draftForm !== undefined && !sameForm(draftForm, saved);
      if (abandoned.signal.aborted) return;
      setLoaded({
        packet,
        saved,
        baseRevision: restore && draft?.baseRevision != null ? draft.baseRevision : (packet?.revision ?? 0),
        restoredDraftAt: restore ? draft?.savedAt : undefined,
      });
      setForm(restore ? draftForm : saved);
      setSaveError(undefined);
      setAttempted(false);
    })();
    return () => abandoned.abort();
    // `today` only seeds a new form; a date change must not reload the editor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, draftKey, target]);

  const ready = loaded !== undefined && loaded !== 'missing' ? loaded : undefined;
  const dirty = ready !== undefined && !sameForm(form, ready.saved);

  // Keep the draft in step with the form; writes are chained so the last one always wins.
  useEffect(() => {
    if (!ready) return;
    const base = ready.packet ? ready.baseRevision : null;
    draftWrites.current = draftWrites.current
      .then(() => (dirty ? store.saveDraft(draftKey, form, base) : store.discardDraft(draftKey)))
      .catch((error: unknown) => console.error('Could not keep the draft', error));
  }, [form, dirty, ready, store, draftKey]);

  const issues = ready ? store.checkPacket(fieldsFromForm(form)) : [];
  // Marking problems show while typing: a marking above the workstation is refused at once.
  const markingMessages = [
    ...new Set([
      ...markingProblems(form.marking).map((p) => p.message),
      ...issues.filter((i) => i.path === 'marking' || i.path.startsWith('marking.')).map((i) => i.message),
    ]),
  ];
  const markingAcceptable = markingMessages.length === 0;
  useDisplayedMarkings(markingAcceptable ? [form.marking] : ready?.packet ? [ready.packet.marking] : []);

  const fieldError = (path: string): string | undefined => (attempted ? issues.find((i) => i.path === path)?.message : undefined);
  const update = useCallback(<K extends keyof PacketForm>(key: K, value: PacketForm[K]) => setForm((f) => ({ ...f, [key]: value })), []);

  async function save(event?: SyntheticEvent) {
    event?.preventDefault();
    if (!ready) return;
    setAttempted(true);
    const fields = fieldsFromForm(form);
    const result = ready.packet
      ? await store.updatePacket(ready.packet.id, ready.baseRevision, fields, form.statusReason)
      : await store.createPacket(fields);
    if (!result.ok) {
      setSaveError(result.error);
      return;
    }
    setSaveError(undefined);
    setAttempted(false);
    await draftWrites.current;
    await store.discardDraft(draftKey);
    const savedForm = formFromPacket(result.value);
    setLoaded({ packet: result.value, saved: savedForm, baseRevision: result.value.revision, restoredDraftAt: undefined });
    setForm(savedForm);
    setAnnouncement(`Saved ${result.value.developer} ${result.value.modelName} at ${formatDateTime(result.value.updatedAt)}.`);
    onSaved(result.value);
  }

  async function discardAndClose() {
    await draftWrites.current;
    await store.discardDraft(draftKey);
    setConfirm(undefined);
    onClose();
  }

  async function deletePacket() {
    if (!ready?.packet) return;
    const result = await store.deletePacket(ready.packet.id, ready.baseRevision, deleteReason);
    setConfirm(undefined);
    if (!result.ok) {
      setSaveError(result.error);
      return;
    }
    onClose();
  }

  function requestClose() {
    if (dirty) setConfirm('discard');
    else onClose();
  }

  // Ctrl+S saves and Escape closes from anywhere in the window, except inside a dialog, which
  // handles its own keys. The latest handlers are kept in a ref so the listener is added once.
  const shortcuts = useRef({ save, requestClose });
  useEffect(() => {
    shortcuts.current = { save, requestClose };
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.target instanceof Element && event.target.closest('dialog')) return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void shortcuts.current.save();
      } else if (event.key === 'Escape') {
        event.preventDefault();
        shortcuts.current.requestClose();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // Focus the first field once the form is there, so typing can start at once.
  const firstField = useRef<HTMLInputElement>(null);
  const isReady = ready !== undefined;
  useEffect(() => {
    if (isReady) firstField.current?.focus();
  }, [isReady]);

  if (loaded === 'missing') {
    return (
      <section className="editor" aria-labelledby={titleId}>
        <header className="editor__header">
          <h2 id={titleId}>Packet not found</h2>
        </header>
        <p className="editor__notice">This packet no longer exists; it may have been deleted in another window.</p>
        <div className="editor__actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </section>
    );
  }

  if (!ready) {
    // Fields appear only once any draft is restored, so nothing typed can be overwritten by it.
    return (
      <section className="editor" aria-labelledby={titleId} aria-busy="true">
        <header className="editor__header">
          <h2 id={titleId}>Opening…</h2>
        </header>
      </section>
    );
  }

  const statusChoices: readonly PacketStatus[] = ready.packet ? [ready.packet.status, ...nextStatuses(ready.packet.status)] : PACKET_STATUSES;
  const window =
    isIsoDate(form.accessGrantedDate) && isIsoDate(form.plannedReleaseDate) && form.plannedReleaseDate >= form.accessGrantedDate
      ? reviewWindow({ ...form }, today)
      : undefined;
  const statusChanged = ready.packet !== undefined && form.status !== ready.packet.status;
  const title = ready.packet ? `${ready.packet.developer} ${ready.packet.modelName}` : 'New packet';

  return (
    <section className="editor" aria-labelledby={titleId}>
      <header className="editor__header">
        <h2 id={titleId}>{title}</h2>
        {ready.packet && <span className="editor__subtitle">{ready.packet.modelVersion}</span>}
        <span className="editor__state" aria-hidden="true">
          {dirty ? 'Unsaved changes (kept as draft)' : ready.packet ? `Revision ${ready.packet.revision}` : ''}
        </span>
        <button type="button" className="button--icon" onClick={requestClose} aria-label="Close editor" title="Close (Esc)">
          ×
        </button>
      </header>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>

      {ready.restoredDraftAt && (
        <p className="editor__notice" role="status">
          Restored unsaved changes from {formatDateTime(ready.restoredDraftAt)}.{' '}
          {ready.packet && ready.baseRevision !== ready.packet.revision && 'The packet has been changed since; saving will be refused until you discard these changes. '}
          <button type="button" className="button--link" onClick={() => void discardAndClose()}>
            Discard them
          </button>
        </p>
      )}
      {saveError && (
        <div className="editor__error" role="alert">
          <strong>Not saved.</strong> {saveError.message}
          {saveError.issues && saveError.issues.length > 1 && (
            <ul>
              {saveError.issues.map((i: FieldIssue) => (
                <li key={`${i.path}:${i.message}`}>{i.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <form className="editor__form" onSubmit={(e) => void save(e)} noValidate>
        <div className="form-grid">
          <Field label="AI developer" error={fieldError('developer')}>
            {(p) => <input {...p} ref={firstField} type="text" value={form.developer} autoComplete="off" onChange={(e) => update('developer', e.target.value)} />}
          </Field>
          <Field label="Model name" error={fieldError('modelName')}>
            {(p) => <input {...p} type="text" value={form.modelName} autoComplete="off" onChange={(e) => update('modelName', e.target.value)} />}
          </Field>
          <Field label="Version or snapshot id" error={fieldError('modelVersion')}>
            {(p) => <input {...p} type="text" value={form.modelVersion} autoComplete="off" spellCheck={false} onChange={(e) => update('modelVersion', e.target.value)} />}
          </Field>
          <Field label="Status" error={fieldError('status')}>
            {(p) => (
              <select {...p} value={form.status} onChange={(e) => update('status', e.target.value as PacketStatus)}>
                {statusChoices.map((s) => (
                  <option key={s} value={s}>
                    {PACKET_STATUS_LABELS[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Access granted" error={fieldError('accessGrantedDate')}>
            {(p) => <input {...p} type="date" value={form.accessGrantedDate} onChange={(e) => update('accessGrantedDate', e.target.value)} />}
          </Field>
          <Field
            label="Planned public release"
            error={fieldError('plannedReleaseDate')}
            hint={
              window && (
                <span className={`window-summary window-summary--${window.state}`}>
                  {window.lengthDays}-day review window · {describeDaysRemaining(window)}
                  {window.longerThanAllowed && ` · longer than the ${MAX_REVIEW_WINDOW_DAYS} days the order provides for`}
                </span>
              )
            }
          >
            {(p) => <input {...p} type="date" value={form.plannedReleaseDate} onChange={(e) => update('plannedReleaseDate', e.target.value)} />}
          </Field>
        </div>

        {statusChanged && (
          <Field label="Reason for the status change" hint="Recorded in the review history.">
            {(p) => <input {...p} type="text" value={form.statusReason} onChange={(e) => update('statusReason', e.target.value)} />}
          </Field>
        )}

        <fieldset className="agency-fields" aria-describedby={fieldError('agencies') ? `${titleId}-agencies-error` : undefined}>
          <legend>Participating agencies</legend>
          <div className="check-grid">
            {AGENCIES.map((agency) => (
              <label key={agency} className="check" title={AGENCY_NAMES[agency]}>
                <input
                  type="checkbox"
                  checked={form.agencies.includes(agency)}
                  onChange={(e) => update('agencies', e.target.checked ? [...form.agencies, agency] : form.agencies.filter((a) => a !== agency))}
                />
                {agency}
              </label>
            ))}
          </div>
          {form.agencies.includes('Other') && (
            <Field label="Other agencies" error={fieldError('otherAgencies')}>
              {(p) => <input {...p} type="text" value={form.otherAgencies} onChange={(e) => update('otherAgencies', e.target.value)} />}
            </Field>
          )}
          {fieldError('agencies') && (
            <div id={`${titleId}-agencies-error`} className="field-error">
              {fieldError('agencies')}
            </div>
          )}
        </fieldset>

        <MarkingFields
          legend="Marking"
          marking={form.marking}
          relToText={form.relToText}
          problems={markingMessages}
          onChange={(marking, relToText) => setForm((f) => ({ ...f, marking, relToText }))}
        />

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
          <button type="submit" className="button--primary" disabled={!dirty && ready.packet !== undefined} title="Save (Ctrl+S)">
            {ready.packet ? 'Save changes' : 'Create packet'}
          </button>
        </div>
      </form>

      {ready.packet && <PacketHistory packetId={ready.packet.id} />}

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
