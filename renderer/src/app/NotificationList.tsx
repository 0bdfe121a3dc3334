import { useEffect, useId, useRef, useState } from 'react';
import { useDisplayedMarkings } from '../features/marking/displayed-markings.js';
import type { Notice } from './use-notifications.js';

const TIME = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/**
 * The session's messages after they fade from the header, newest first, behind a header button
 * that counts them. Open, it shows under the markings of the records its messages name.
 */
export function NotificationList({ notices }: { readonly notices: readonly Notice[] }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const root = useRef<HTMLDivElement>(null);
  useDisplayedMarkings(open ? notices.flatMap((n) => (n.marking ? [n.marking] : [])) : []);
  useEffect(() => {
    if (!open) return;
    const outside = (event: PointerEvent) => {
      if (event.target instanceof Node && !root.current?.contains(event.target)) setOpen(false);
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.key !== 'Escape' || !(event.target instanceof Node) || !root.current?.contains(event.target)) return;
      event.stopPropagation();
      setOpen(false);
      root.current.querySelector('button')?.focus();
    };
    document.addEventListener('pointerdown', outside);
    document.addEventListener('keydown', onKeyDown, { capture: true });
    return () => {
      document.removeEventListener('pointerdown', outside);
      document.removeEventListener('keydown', onKeyDown, { capture: true });
    };
  }, [open]);
  return (
    <div className="disclosure-menu notification-list" ref={root}>
      <button type="button" aria-expanded={open} aria-controls={id} onClick={() => setOpen((o) => !o)} title="Messages of this session">
        Notifications{notices.length > 0 ? ` (${notices.length})` : ''}
      </button>
      {open && (
        <div id={id} className="disclosure-menu__list notification-list__panel" role="region" aria-label="Notifications of this session">
          {notices.length === 0 ? (
            <p className="muted">No messages yet.</p>
          ) : (
            <ol>
              {notices.map((n) => (
                <li key={n.id}>
                  <time className="muted" dateTime={n.at.toISOString()}>
                    {TIME.format(n.at)}
                  </time>{' '}
                  {n.text}
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </div>
  );
}
