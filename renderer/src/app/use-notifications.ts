import { useCallback, useEffect, useRef, useState } from 'react';
import type { Marking } from '../../../shared/marking/marking.js';

/** How long a message stays in the header before it fades into the notification list. */
export const MESSAGE_FADE_MS = 12_000;
/** The notification list keeps the latest messages of the session, not all of them. */
const KEPT = 50;

export interface Notice {
  readonly id: number;
  readonly text: string;
  /** A message may name records (an exported file is named after its packet): it shows under their marking. */
  readonly marking: Marking | undefined;
  readonly at: Date;
}

/**
 * The app's messages: the latest shows in the header and fades after a while (held while the
 * pointer or focus is on it), and every one stays in the session's notification list. Locking
 * clears both: nothing of the review stays on screen.
 */
export function useNotifications(now: () => Date = () => new Date()) {
  const [current, setCurrent] = useState<Notice | undefined>();
  const [list, setList] = useState<readonly Notice[]>([]);
  const [held, setHeld] = useState(false);
  const next = useRef(1);
  const notify = useCallback(
    (text: string | undefined, marking?: Marking) => {
      if (text === undefined) {
        setCurrent(undefined);
        return;
      }
      const notice = { id: next.current++, text, marking, at: now() };
      setCurrent(notice);
      setList((l) => [notice, ...l].slice(0, KEPT));
    },
    [now],
  );
  useEffect(() => {
    if (!current || held) return;
    const timer = setTimeout(() => setCurrent((c) => (c === current ? undefined : c)), MESSAGE_FADE_MS);
    return () => clearTimeout(timer);
  }, [current, held]);
  const clear = useCallback(() => {
    setCurrent(undefined);
    setList([]);
  }, []);
  return { current, list, notify, dismiss: () => setCurrent(undefined), hold: setHeld, clear };
}

export type Notifications = ReturnType<typeof useNotifications>;

/**
 * A ref for the message: while the pointer is over it or focus is in it, it does not fade, so a
 * reviewer reading it or about to dismiss it is not raced by the timer.
 */
export function useHoldWhileAttended(hold: (held: boolean) => void): (element: HTMLElement | null) => (() => void) | undefined {
  return useCallback(
    (element: HTMLElement | null) => {
      if (!element) return undefined;
      const on = () => hold(true);
      const off = () => hold(false);
      const events = [['pointerenter', on], ['pointerleave', off], ['focusin', on], ['focusout', off]] as const;
      for (const [name, listener] of events) element.addEventListener(name, listener);
      return () => {
        for (const [name, listener] of events) element.removeEventListener(name, listener);
        hold(false);
      };
    },
    [hold],
  );
}
