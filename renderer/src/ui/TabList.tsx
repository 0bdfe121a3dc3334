/**
 * A row of tabs over one panel: the selected tab is the one in the tab order, and the arrow keys
 * move between tabs (selecting as they go), as the ARIA tabs pattern has it.
 */
export function TabList<T extends string>({
  label,
  tabs,
  selected,
  idPrefix,
  panelId,
  onSelect,
  numbered = false,
}: {
  readonly label: string;
  readonly tabs: readonly { readonly id: T; readonly label: string }[];
  readonly selected: T;
  /** Each tab's element id is `${idPrefix}-${id}`, which the panel names as its label. */
  readonly idPrefix: string;
  readonly panelId: string;
  readonly onSelect: (id: T) => void;
  /** The tabs also answer to the keys 1, 2, 3… (handled by the page), and say so. */
  readonly numbered?: boolean;
}) {
  return (
    <div role="tablist" aria-label={label} className="pane__tablist">
      {tabs.map(({ id, label: text }, index) => (
        <button
          key={id}
          type="button"
          role="tab"
          id={`${idPrefix}-${id}`}
          aria-selected={selected === id}
          aria-controls={panelId}
          tabIndex={selected === id ? 0 : -1}
          aria-keyshortcuts={numbered ? String(index + 1) : undefined}
          onClick={() => onSelect(id)}
          onKeyDown={(e) => {
            if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
            const next = tabs[(index + (e.key === 'ArrowRight' ? 1 : tabs.length - 1)) % tabs.length]?.id;
            if (next === undefined) return;
            onSelect(next);
            requestAnimationFrame(() => document.getElementById(`${idPrefix}-${next}`)?.focus());
          }}
        >
          {text}
        </button>
      ))}
    </div>
  );
}
