import { useEffect, useId, useRef, useState } from 'react';

export interface DisclosureItem {
  readonly label: string;
  readonly onSelect: () => void;
}

/**
 * A button that shows a short list of actions below it (the disclosure pattern): arrow keys move
 * between them, Escape or a click elsewhere closes the list and returns focus to the button.
 */
export function DisclosureMenu({ label, items }: { readonly label: string; readonly items: readonly DisclosureItem[] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLButtonElement>('li button')?.focus();
    const outside = (event: PointerEvent) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
    };
    // While focus is in the list, its keys are taken before the app's shortcuts see them.
    const onKeyDown = (event: KeyboardEvent) => {
      if (!(event.target instanceof Node) || !root.current?.contains(event.target)) return;
      const buttons = [...root.current.querySelectorAll<HTMLButtonElement>('li button')];
      const at = buttons.findIndex((b) => b === document.activeElement);
      if (event.key === 'Escape') {
        event.stopPropagation();
        setOpen(false);
        button.current?.focus();
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault();
        event.stopPropagation();
        // From the toggle (not in the list), down goes to the first item and up to the last.
        const from = at < 0 ? (event.key === 'ArrowDown' ? -1 : buttons.length) : at;
        const next = (from + (event.key === 'ArrowDown' ? 1 : -1) + buttons.length) % buttons.length;
        buttons[next]?.focus();
      }
    };
    // Tabbing out closes the list, as a click elsewhere does.
    const focusOut = (event: FocusEvent) => {
      if (!(event.relatedTarget instanceof Node) || !root.current?.contains(event.relatedTarget)) setOpen(false);
    };
    const node = root.current;
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', onKeyDown, { capture: true });
    node?.addEventListener('focusout', focusOut);
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', onKeyDown, { capture: true });
      node?.removeEventListener('focusout', focusOut);
    };
  }, [open]);

  return (
    <div className="disclosure-menu" ref={root}>
      <button type="button" ref={button} aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)}>
        {label} <span aria-hidden="true">▾</span>
      </button>
      <ul id={id} className="disclosure-menu__list" hidden={!open}>
        {items.map((item) => (
          <li key={item.label}>
            <button
              type="button"
              onClick={() => {
                setOpen(false);
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}
