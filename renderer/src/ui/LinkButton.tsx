import type { ReactNode } from 'react';

/**
 * A button that reads as a link: the quiet actions in a table row (open, edit, delete). `label`
 * names the action for a screen reader when the visible text alone would be ambiguous in a list.
 */
export function LinkButton({
  onClick,
  children,
  label,
  title,
  pressed,
  danger = false,
}: {
  readonly onClick: () => void;
  readonly children: ReactNode;
  readonly label?: string;
  readonly title?: string;
  readonly pressed?: boolean;
  readonly danger?: boolean;
}) {
  return (
    <button type="button" className={danger ? 'button--link button--danger-quiet' : 'button--link'} onClick={onClick} aria-label={label} title={title} aria-pressed={pressed}>
      {children}
    </button>
  );
}

/** A row's Delete action, named for a screen reader by what it deletes. */
export function DeleteLink({ what, onClick }: { readonly what: string; readonly onClick: () => void }) {
  return (
    <LinkButton danger onClick={onClick} label={`Delete ${what}`}>
      Delete
    </LinkButton>
  );
}
