/** The bar atop a packet's tab: its main action, and the status of what that action last did. */
export function PanelToolbar({ actionLabel, onAction, message }: { readonly actionLabel: string; readonly onAction: () => void; readonly message: string | undefined }) {
  return (
    <div className="results__toolbar">
      <button type="button" className="button--primary" onClick={onAction}>
        {actionLabel}
      </button>
      {message && (
        <span role="status" className="results__message">
          {message}
        </span>
      )}
    </div>
  );
}
