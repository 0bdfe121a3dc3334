/**
 * A dialog's two buttons: the safe one first (so it is the default focus), then the one that acts.
 * Dialogs with other needs build their own row.
 */
export function DialogActions({
  cancelLabel = 'Cancel',
  onCancel,
  actLabel,
  onAct,
  disabled = false,
  cancelDisabled = false,
  destructive = false,
}: {
  readonly cancelLabel?: string;
  readonly onCancel: () => void;
  readonly actLabel: string;
  readonly onAct: () => void;
  readonly disabled?: boolean;
  readonly cancelDisabled?: boolean;
  readonly destructive?: boolean;
}) {
  return (
    <>
      <button type="button" disabled={cancelDisabled} onClick={onCancel}>
        {cancelLabel}
      </button>
      <button type="button" className={destructive ? 'button--danger' : 'button--primary'} disabled={disabled} onClick={onAct}>
        {actLabel}
      </button>
    </>
  );
}
