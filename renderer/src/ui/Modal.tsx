import { useEffect, useId, useRef, type ReactNode } from 'react';

interface ModalProps {
  readonly title: string;
  /** Escape, or the close button a caller renders, ends up here. */
  readonly onClose: () => void;
  readonly children: ReactNode;
  /** The buttons at the bottom, in order; the first focusable control in the dialog takes focus. */
  readonly actions: ReactNode;
  readonly wide?: boolean;
}

/** A modal on the native <dialog>: focus moves in and is trapped, Escape closes, focus returns after. */
export function Modal({ title, onClose, children, actions, wide = false }: ModalProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={wide ? 'dialog dialog--wide' : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      <div className="dialog__body">{children}</div>
      <div className="dialog__actions">{actions}</div>
    </dialog>
  );
}
