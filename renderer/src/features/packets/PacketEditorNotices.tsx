import type { RefObject } from 'react';
import type { AppError } from '../../../../shared/errors/result.js';
import { formatDateTime } from '../../ui/format.js';
import { describeChange, describeKeepMine, type Conflict } from './packet-conflict.js';
import { formFromPacket, mergeForms, type PacketForm } from './packet-form.js';
import './packets.css';

interface PacketEditorNoticesProps {
  readonly restoredDraftAt: string | undefined;
  readonly conflict: Conflict | undefined;
  /** The form being edited, to say which of the reviewer's changes clash with the newer revision. */
  readonly form: PacketForm;
  readonly saveError: AppError | undefined;
  /** Where a refused save takes the keyboard when no field is at fault. */
  readonly errorRef: RefObject<HTMLDivElement | null>;
  readonly onDiscardRestored: () => void;
  readonly onKeepMine: () => void;
  readonly onTakeTheirs: () => void;
}

/** Above the form: a draft restored from an earlier session, someone else's newer revision, or why a save was refused. */
export function PacketEditorNotices({ restoredDraftAt, conflict, form, saveError, errorRef, onDiscardRestored, onKeepMine, onTakeTheirs }: PacketEditorNoticesProps) {
  const clashes = conflict?.base ? mergeForms(conflict.base, form, formFromPacket(conflict.current)).clashes : [];
  return (
    <>
      {restoredDraftAt && !conflict && (
        <p className="editor__notice" role="status">
          Restored unsaved changes from {formatDateTime(restoredDraftAt)}.{' '}
          <button type="button" className="button--link" onClick={onDiscardRestored}>
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
            <button type="button" onClick={onKeepMine}>
              Keep my changes on top
            </button>
            <button type="button" onClick={onTakeTheirs}>
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
    </>
  );
}
