import { useCallback, useEffect, useId, useRef, useState, type SyntheticEvent } from 'react';
import { changedFields, type AuditEvent } from '../../../../shared/audit/audit-event.js';
import { isIsoDate } from '../../../../shared/calendar/iso-date.js';
import { isClassified, markingAsClaimed, markingProblems, rollUp } from '../../../../shared/marking/marking.js';
import { AGENCIES, AGENCY_NAMES, type Agency } from '../../../../shared/packet/agencies.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { INITIAL_STATUSES, PACKET_STATUS_LABELS, nextStatuses, type PacketStatus } from '../../../../shared/packet/packet-status.js';
import { MAX_REVIEW_WINDOW_DAYS, describeDaysRemaining, reviewWindow } from '../../../../shared/packet/review-window.js';
import type { AppError } from '../../../../shared/errors/result.js';
import { AssignedReviewers } from './AssignedReviewers.js';
import { useServices } from '../../app/services.js';
import { useToday } from '../../app/use-today.js';
import { usePacket } from '../../data/hooks.js';
import type { ReviewStore } from '../../data/review-store.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { EnumOptions } from '../../ui/EnumOptions.js';
import { Field } from '../../ui/Field.js';
import { formatDateTime } from '../../ui/format.js';
import { MarkingFields } from '../marking/MarkingFields.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PacketHistory } from './PacketHistory.js';
import { blankForm, fieldsFromForm, formFromDraft, formFromPacket, mergeForms, sameForm, type EditedField, type PacketForm } from './packet-form.js';
import { AuthorityFields } from '../marking/AuthorityFields.js';

export type EditorTarget = { readonly kind: 'new' } | { readonly kind: 'packet'; readonly id: string };

interface PacketEditorProps {
  readonly target: EditorTarget;
  readonly onClose: () => void;
  readonly onSaved: (packet: Packet) => void;
  /** Opens the review history page filtered to this packet, with every record of it. */
  readonly onOpenHistory: (packetId: string) => void;
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

/** Someone else's changes that landed after this edit began. */
interface Conflict {
  readonly current: Packet;
  readonly changes: readonly AuditEvent[];
  /** The packet as it was when this edit began, to tell my changes from theirs. */
  readonly base: Readonly<Record<string, unknown>> | undefined;
}

/** Creates or edits one packet. Every keystroke is kept as a draft, so a crash loses nothing. */
export function PacketEditor({ target, onClose, onSaved, onOpenHistory }: PacketEditorProps) {
  const { store } = useServices();
  const today = useToday();
  const titleId = useId();
  const sectionRef = useRef<HTMLElement>(null);
  const formRef = useRef<HTMLFormElement>(null);
  const errorRef = useRef<HTMLDivElement>(null);
  const firstField = useRef<HTMLInputElement>(null);
  const [loaded, setLoaded] = useState<Loaded | 'missing' | undefined>();
  const [form, setForm] = useState<PacketForm>(() => blankForm(today));
  const [saveError, setSaveError] = useState<AppError | undefined>();
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [confirm, setConfirm] = useState<'discard' | 'delete' | undefined>();
  const [deleteReason, setDeleteReason] = useState('');
  const [announcement, setAnnouncement] = useState('');
  const packetId = target.kind === 'packet' ? target.id : null;
  const drafts = useDraftWriter(store, packetId);

  // Load the packet and any draft left by an earlier session.
  useEffect(() => {
    const abandoned = new AbortController();
    void (async () => {
      const packet = packetId === null ? undefined : await store.getPacket(packetId);
      if (packetId !== null && !packet) {
        if (!abandoned.signal.aborted) setLoaded('missing');
        return;
      }
      const saved = packet ? formFromPacket(packet) : blankForm(today);
      const draft = await store.loadPacketDraft(packetId);
      const draftForm = draft ? formFromDraft(draft.form) : undefined;
      const restore = draftForm !== undefined && !sameForm(draftForm, saved);
      const baseRevision = restore && draft?.baseRevision != null ? draft.baseRevision : (packet?.revision ?? 0);
      const stale = packet !== undefined && baseRevision !== packet.revision ? await conflictWith(store, packet, baseRevision) : undefined;
      if (abandoned.signal.aborted) return;
      setLoaded({ packet, saved, baseRevision, restoredDraftAt: restore ? draft?.savedAt : undefined });
      setForm(restore ? draftForm : saved);
      setConflict(stale);
    })();
    return () => abandoned.abort();
    // `today` only seeds a new form; a date change must not reload the editor.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [store, packetId]);

  const ready = loaded !== undefined && loaded !== 'missing' ? loaded : undefined;
  const dirty = ready !== undefined && !sameForm(form, ready.saved);

  // The packet as stored, followed live: a change made elsewhere (another window, a merged
  // bundle) replaces an untouched form at once; with edits under way, saving meets the conflict.
  const stored = usePacket(store, packetId);
  // Only forward: just after a save here, the live copy may still be the revision before it.
  if (ready?.packet && stored && stored.revision > ready.packet.revision && !dirty && !saving) {
    const fresh = formFromPacket(stored);
    setLoaded({ packet: stored, saved: fresh, baseRevision: stored.revision, restoredDraftAt: undefined });
    setForm(fresh);
  }

  // Keep the draft in step with the form.
  useEffect(() => {
    if (!ready) return;
    if (dirty) drafts.write(form, ready.packet ? ready.baseRevision : null);
    else drafts.discard();
  }, [form, dirty, ready, drafts]);

  // Focus the first field once the form is there, so typing can start at once.
  const isReady = ready !== undefined;
  useEffect(() => {
    if (isReady) firstField.current?.focus();
  }, [isReady]);

  const issues = ready ? store.checkPacket(fieldsFromForm(form)) : [];
  // Marking problems show while choosing: a marking above the workstation is refused at once.
  const markingMessages = [
    ...new Set([...markingProblems(form.marking).map((p) => p.message), ...issues.filter((i) => i.path === 'marking' || i.path.startsWith('marking.')).map((i) => i.message)]),
  ];
  // The banner covers everything the editor shows: the saved content, and what is being typed at
  // the marking chosen for it, even one this workstation may not hold (saving that is refused; the
  // banner must not understate what is on screen meanwhile).
  const claimed = markingAsClaimed(form.marking);
  useDisplayedMarkings(ready ? [ready.packet ? rollUp([ready.packet.marking, claimed]) : claimed] : []);

  // The latest form, for work that finishes after the reviewer has typed on.
  const latestForm = useRef(form);
  useEffect(() => {
    latestForm.current = form;
  });

  const fieldError = (path: string): string | undefined => (attempted ? issues.find((i) => i.path === path)?.message : undefined);
  const update = useCallback(<K extends keyof PacketForm>(key: K, value: PacketForm[K]) => setForm((f) => ({ ...f, [key]: value })), []);

  // Held in a ref, not state: two clicks can arrive before React renders again, and both would
  // see a state flag still false. A new-packet editor saves once; it is replaced after that.
  const saveGuard = useRef<'idle' | 'saving' | 'created'>('idle');

  async function save(event?: SyntheticEvent) {
    event?.preventDefault();
    if (!ready || saveGuard.current !== 'idle') return;
    saveGuard.current = 'saving';
    setSaving(true);
    setAttempted(true);
    const submitted = form;
    const statusChanged = ready.packet !== undefined && submitted.status !== ready.packet.status;
    const result = ready.packet
      ? await store.updatePacket(ready.packet.id, ready.baseRevision, fieldsFromForm(submitted), statusChanged ? submitted.statusReason : undefined)
      : await store.createPacket(fieldsFromForm(submitted));
    setSaving(false);
    saveGuard.current = result.ok && !ready.packet ? 'created' : 'idle';
    if (!result.ok) {
      setSaveError(result.error);
      if (result.error.code === 'conflict' && ready.packet) {
        const current = await store.getPacket(ready.packet.id);
        if (current) setConflict(await conflictWith(store, current, ready.baseRevision));
      }
      // Take the reviewer to the first problem, or to the message when no field is at fault.
      requestAnimationFrame(() => (formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? errorRef.current)?.focus());
      return;
    }
    setSaveError(undefined);
    setAttempted(false);
    setConflict(undefined);
    // Nothing queued before the save may land after it; typing since the save is kept as a draft
    // of the new revision (a new packet's goes with it to its own id).
    await drafts.discardNow();
    const typedSince = latestForm.current;
    if (packetId === null && !sameForm(typedSince, submitted)) {
      await store.savePacketDraft(result.value.id, typedSince, typedSince.marking, result.value.revision);
    }
    const savedForm = formFromPacket(result.value);
    setLoaded({ packet: result.value, saved: savedForm, baseRevision: result.value.revision, restoredDraftAt: undefined });
    // Typing that happened while the save was running is kept, as an edit of the new revision.
    setForm((current) => (sameForm(current, submitted) ? savedForm : current));
    setAnnouncement(`Saved ${result.value.developer} ${result.value.modelName} at ${formatDateTime(result.value.updatedAt)}.`);
    onSaved(result.value);
  }

  /**
   * Applies the reviewer's changes on top of the newer revision, field by field, and bases the
   * edit on it: fields only they changed keep their value; the next save records the result.
   */
  function keepMine() {
    if (!ready || !conflict) return;
    const theirs = formFromPacket(conflict.current);
    setLoaded({ packet: conflict.current, saved: theirs, baseRevision: conflict.current.revision, restoredDraftAt: undefined });
    setForm((mine) => (conflict.base ? mergeForms(conflict.base, mine, theirs).merged : mine));
    setConflict(undefined);
    setSaveError(undefined);
  }

  /** Drops the reviewer's edit and shows the packet as it is now. */
  async function takeTheirs() {
    await showStoredPacket();
    setConflict(undefined);
    setSaveError(undefined);
  }

  /** Discards the draft and shows the packet as stored: a blank form for a new one, "not found" if it is gone. */
  async function showStoredPacket() {
    await drafts.discardNow();
    const current = packetId === null ? undefined : await store.getPacket(packetId);
    if (packetId !== null && !current) {
      setLoaded('missing');
      return;
    }
    const saved = current ? formFromPacket(current) : blankForm(today);
    setLoaded({ packet: current, saved, baseRevision: current?.revision ?? 0, restoredDraftAt: undefined });
    setForm(saved);
  }

  /**
   * Drops a restored draft: the form shows the stored packet at once, so what the reviewer types
   * next is never overwritten by the discard finishing later.
   */
  function discardRestored() {
    if (!ready) return;
    setLoaded({ ...ready, restoredDraftAt: undefined });
    setForm(ready.saved);
    void drafts.discardNow();
  }

  async function discardAndClose() {
    await drafts.discardNow();
    setConfirm(undefined);
    onClose();
  }

  async function deletePacket() {
    if (!ready?.packet) return;
    const result = await store.deletePacket(ready.packet.id, ready.baseRevision, deleteReason);
    setConfirm(undefined);
    if (!result.ok) {
      setSaveError(result.error);
      const current = await store.getPacket(ready.packet.id);
      if (result.error.code === 'conflict' && current) setConflict(await conflictWith(store, current, ready.baseRevision));
      return;
    }
    onClose();
  }

  function requestClose() {
    if (dirty) setConfirm('discard');
    else onClose();
  }

  // Ctrl+S saves from anywhere in the window; Escape closes when the editor (or nothing) has focus.
  // Keys inside a dialog belong to the dialog. The latest handlers live in a ref so the listener
  // is added once.
  const shortcuts = useRef({ save, requestClose });
  useEffect(() => {
    shortcuts.current = { save, requestClose };
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('dialog')) return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void shortcuts.current.save();
      } else if (event.key === 'Escape' && (target === document.body || (target && sectionRef.current?.contains(target)))) {
        event.preventDefault();
        shortcuts.current.requestClose();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  if (loaded === 'missing') {
    return (
      <section className="editor" aria-labelledby={titleId} ref={sectionRef}>
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
      <section className="editor" aria-labelledby={titleId} aria-busy="true" ref={sectionRef}>
        <header className="editor__header">
          <h2 id={titleId}>Opening…</h2>
        </header>
      </section>
    );
  }

  const statusChoices: readonly PacketStatus[] = ready.packet ? [ready.packet.status, ...nextStatuses(ready.packet.status)] : INITIAL_STATUSES;
  const window =
    isIsoDate(form.accessGrantedDate) && isIsoDate(form.plannedReleaseDate) && form.plannedReleaseDate >= form.accessGrantedDate
      ? reviewWindow({ ...form }, today)
      : undefined;
  const statusChanged = ready.packet !== undefined && form.status !== ready.packet.status;
  const title = ready.packet ? `${ready.packet.developer} ${ready.packet.modelName}` : 'New packet';
  const clashes = conflict?.base ? mergeForms(conflict.base, form, formFromPacket(conflict.current)).clashes : [];
  const toggleAgency = (agency: Agency, on: boolean) =>
    // Kept in the canonical order, so ticking and unticking returns the same form.
    update('agencies', AGENCIES.filter((a) => (a === agency ? on : form.agencies.includes(a))));

  return (
    <section className="editor" aria-labelledby={titleId} ref={sectionRef}>
      <header className="editor__header">
        <h2 id={titleId}>{title}</h2>
        {ready.packet && <span className="editor__subtitle">{ready.packet.modelVersion}</span>}
        <span className="editor__state">{dirty ? 'Unsaved changes (kept as draft)' : ready.packet ? `Revision ${ready.packet.revision}` : ''}</span>
        <button type="button" className="button--icon" onClick={requestClose} aria-label="Close editor" title="Close (Esc)">
          ×
        </button>
      </header>
      <div className="visually-hidden" role="status" aria-live="polite">
        {announcement}
      </div>
      {ready.packet && <AssignedReviewers packet={ready.packet} />}

      {ready.restoredDraftAt && !conflict && (
        <p className="editor__notice" role="status">
          Restored unsaved changes from {formatDateTime(ready.restoredDraftAt)}.{' '}
          <button type="button" className="button--link" onClick={discardRestored}>
            Discard them
          </button>
        </p>
      )}
      {conflict && (
        <div className="editor__conflict" role="alert">
          <p>
            <strong>This packet changed after your edit began.</strong> It is now at revision {conflict.current.revision}:
          </p>
          <ul>
            {conflict.changes.map((change) => (
              <li key={change.seq}>
                {formatDateTime(change.at)} by {change.actor}: {describeChange(change)}
              </li>
            ))}
          </ul>
          <p>{describeKeepMine(conflict, clashes)}</p>
          <div className="editor__conflict-actions">
            <button type="button" onClick={keepMine}>
              Keep my changes on top
            </button>
            <button type="button" onClick={() => void takeTheirs()}>
              Discard mine, show theirs
            </button>
          </div>
        </div>
      )}
      {saveError && !conflict && (
        <div className="editor__error" role="alert" tabIndex={-1} ref={errorRef}>
          <strong>Not saved.</strong> {saveError.message}
          {saveError.issues && saveError.issues.length > 1 && (
            <ul>
              {saveError.issues.map((i) => (
                <li key={`${i.path}:${i.message}`}>{i.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}

      <form className="editor__form" onSubmit={(e) => void save(e)} noValidate ref={formRef}>
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
              <select
                {...p}
                value={form.status}
                onChange={(e) => {
                  const status = e.target.value as PacketStatus;
                  // A reason belongs to a change of status; going back to the saved status drops it.
                  setForm((f) => ({ ...f, status, statusReason: status === ready.packet?.status ? '' : f.statusReason }));
                }}
              >
                <EnumOptions values={statusChoices} labels={PACKET_STATUS_LABELS} />
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
                <input type="checkbox" checked={form.agencies.includes(agency)} onChange={(e) => toggleAgency(agency, e.target.checked)} />
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
          <button type="submit" className="button--primary" disabled={saving || (!dirty && ready.packet !== undefined)} title="Save (Ctrl+S)">
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

async function conflictWith(store: ReviewStore, current: Packet, baseRevision: number): Promise<Conflict> {
  const [changes, base] = await Promise.all([store.packetChangesSince(current.id, baseRevision), store.packetAtRevision(current.id, baseRevision)]);
  const isRecord = (v: unknown): v is Readonly<Record<string, unknown>> => typeof v === 'object' && v !== null && !Array.isArray(v);
  return { current, changes, base: isRecord(base) ? base : undefined };
}

/** What "Keep my changes on top" will do, in words, before the reviewer chooses it. */
function describeKeepMine(conflict: Conflict, clashes: readonly EditedField[]): string {
  if (!conflict.base) return 'The revision your edit began from is not in the history, so keeping yours replaces the packet with your version as a whole.';
  const notes: string[] = [];
  const replaced = clashes.filter((f) => f !== 'marking' && f !== 'status');
  if (replaced.length > 0) notes.push(`You both changed ${replaced.map((f) => FIELD_LABELS[f]).join(', ')}: keeping yours replaces theirs there.`);
  if (clashes.includes('marking')) notes.push('The marking becomes the higher of the two, since their content was written under theirs.');
  if (clashes.includes('status')) notes.push('Your status cannot follow theirs in the workflow; theirs is kept unless you choose another.');
  notes.push('Their other changes stay.');
  return notes.join(' ');
}

const FIELD_LABELS: Readonly<Record<EditedField, string>> = {
  developer: 'developer',
  modelName: 'model name',
  modelVersion: 'version',
  accessGrantedDate: 'access granted',
  plannedReleaseDate: 'planned release',
  agencies: 'agencies',
  otherAgencies: 'other agencies',
  status: 'status',
  notes: 'notes',
  marking: 'marking',
  authority: 'classification authority',
};

function describeChange(event: AuditEvent): string {
  const labels: Readonly<Record<string, string | undefined>> = FIELD_LABELS;
  const fields = changedFields(event.before, event.after)
    .map((c) => labels[c.field])
    .filter((label): label is string => label !== undefined);
  return fields.length > 0 ? `changed ${fields.join(', ')}` : 'saved';
}

/**
 * Writes drafts without piling up: one write at a time, and while one runs only the latest form
 * waits, so a burst of typing costs two writes, not one per key.
 */
function useDraftWriter(store: ReviewStore, packetId: string | null) {
  const [writer] = useState(() => {
    type Next = { readonly form: PacketForm; readonly baseRevision: number | null } | 'discard';
    let running: Promise<void> | undefined;
    let next: Next | undefined;
    const run = async (): Promise<void> => {
      while (next !== undefined) {
        const job = next;
        next = undefined;
        try {
          if (job === 'discard') await store.discardPacketDraft(packetId);
          else await store.savePacketDraft(packetId, job.form, job.form.marking, job.baseRevision);
        } catch (error) {
          console.error('Could not keep the draft', error);
        }
      }
      running = undefined;
    };
    const schedule = (job: Next) => {
      next = job;
      running ??= run();
    };
    return {
      write: (form: PacketForm, baseRevision: number | null) => schedule({ form, baseRevision }),
      discard: () => schedule('discard'),
      /** Discards and waits until no draft write can land after it. */
      discardNow: async () => {
        schedule('discard');
        await running;
      },
    };
  });
  return writer;
}
