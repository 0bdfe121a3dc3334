import { useCallback, useEffect, useRef, useState } from 'react';
import type { Packet } from '../../../../shared/packet/packet.js';
import type { AppError } from '../../../../shared/errors/result.js';
import { useServices } from '../../app/services.js';
import { usePacket } from '../../data/hooks.js';
import { formatDateTime } from '../../ui/format.js';
import { conflictWith, type Conflict } from './packet-conflict.js';
import { blankForm, fieldsFromForm, formFromDraft, formFromPacket, mergeForms, sameForm, type PacketForm } from './packet-form.js';
import { useDraftWriter } from './use-draft-writer.js';

export interface Loaded {
  /** The stored packet, or undefined for a new one. */
  readonly packet: Packet | undefined;
  /** The form as last saved: what "unsaved changes" are measured against. */
  readonly saved: PacketForm;
  /** The revision edits are based on (a restored draft keeps the revision it started from). */
  readonly baseRevision: number;
  readonly restoredDraftAt: string | undefined;
}

/**
 * One packet's edit: the form, kept as a draft at every keystroke so a crash loses nothing; the
 * stored packet followed live; saving, deleting, and meeting someone else's newer revision.
 * `packetId` is null for a new packet.
 */
export function usePacketEdit(packetId: string | null, today: string, onSaved: (packet: Packet) => void) {
  const { store } = useServices();
  const [loaded, setLoaded] = useState<Loaded | 'missing' | undefined>();
  const [form, setForm] = useState<PacketForm>(() => blankForm(today));
  const [saveError, setSaveError] = useState<AppError | undefined>();
  const [conflict, setConflict] = useState<Conflict | undefined>();
  const [attempted, setAttempted] = useState(false);
  const [saving, setSaving] = useState(false);
  const [announcement, setAnnouncement] = useState('');
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

  const issues = ready ? store.checkPacket(fieldsFromForm(form)) : [];

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

  /** Saves the form; 'refused' when the store said no (the error or conflict is then shown). */
  async function save(): Promise<'saved' | 'refused' | 'busy'> {
    if (!ready || saveGuard.current !== 'idle') return 'busy';
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
      return 'refused';
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
    return 'saved';
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

  /**
   * Deletes the packet with the reviewer's reason. `settled` runs as soon as the store answers;
   * a refusal is then shown, with the newer revision when that was why.
   */
  async function deletePacket(reason: string, settled: () => void): Promise<boolean> {
    if (!ready?.packet) return false;
    const result = await store.deletePacket(ready.packet.id, ready.baseRevision, reason);
    settled();
    if (!result.ok) {
      setSaveError(result.error);
      const current = await store.getPacket(ready.packet.id);
      if (result.error.code === 'conflict' && current) setConflict(await conflictWith(store, current, ready.baseRevision));
      return false;
    }
    return true;
  }

  return {
    loaded,
    ready,
    form,
    setForm,
    update,
    dirty,
    saving,
    issues,
    fieldError,
    saveError,
    conflict,
    announcement,
    save,
    keepMine,
    takeTheirs,
    discardRestored,
    discardDraft: drafts.discardNow,
    deletePacket,
  };
}
