import { useEffect } from 'react';
import type { ProfileSession } from '../../app/profile-session.js';

const ACTIVITY = ['keydown', 'pointerdown', 'wheel'] as const;

/** Locks the unlocked profile after its idle time without a key press, click or scroll. */
export function useIdleLock(session: ProfileSession): void {
  useEffect(() => {
    let last = Date.now();
    const touch = () => {
      last = Date.now();
    };
    for (const type of ACTIVITY) document.addEventListener(type, touch, { capture: true, passive: true });
    const timer = setInterval(() => {
      const state = session.current();
      if (state.kind !== 'unlocked') {
        last = Date.now();
        return;
      }
      const minutes = state.unlocked.profile.idleLockMinutes;
      if (Date.now() - last >= minutes * 60_000) session.lock(`Locked after ${minutes} minute${minutes === 1 ? '' : 's'} without activity.`);
    }, 5_000);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) document.removeEventListener(type, touch, { capture: true });
    };
  }, [session]);
}
