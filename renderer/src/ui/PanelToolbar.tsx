import type { ReactNode } from 'react';

/** The bar atop a packet's tab: its main action, any others, and the status of what an action last did. */
export function PanelToolbar({
  actionLabel,
  onAction,
  message,
  refusal,
  children,
}: {
  readonly actionLabel: string;
  readonly onAction: () => void;
  readonly message: string | undefined;
  /** Why the one at the workstation may not take the main action: shown in its place. */
  readonly refusal?: string | undefined;
  /** Secondary actions, after the main one. */
  readonly children?: ReactNode;
}) {
  return (
    <div className="results__toolbar">
      {refusal ? (
        <span className="muted">{refusal}</span>
      ) : (
        <button type="button" className="button--primary" onClick={onAction}>
          {actionLabel}
        </button>
      )}
      {children}
      {message && (
        <span role="status" className="results__message">
          {message}
        </span>
      )}
    </div>
  );
}
