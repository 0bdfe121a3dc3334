import type { ReactNode } from 'react';
import { DialogActions } from './DialogActions.js';
import { Modal } from './Modal.js';

interface ConfirmDialogProps {
  readonly title: string;
  readonly children: ReactNode;
  readonly confirmLabel: string;
  readonly cancelLabel?: string;
  readonly destructive?: boolean;
  /** While the answer is being acted on: the confirming button waits. */
  readonly busy?: boolean;
  readonly onConfirm: () => void;
  readonly onCancel: () => void;
}

/**
 * A yes/no question. The dialog focuses its first control: a field the question asks for, else
 * Cancel, which comes before the confirming button so the safe choice is the default.
 */
export function ConfirmDialog({ title, children, confirmLabel, cancelLabel = 'Cancel', destructive = false, busy = false, onConfirm, onCancel }: ConfirmDialogProps) {
  return (
    <Modal
      title={title}
      onClose={onCancel}
      actions={<DialogActions cancelLabel={cancelLabel} onCancel={onCancel} actLabel={confirmLabel} onAct={onConfirm} disabled={busy} destructive={destructive} />}
    >
      {children}
    </Modal>
  );
}
