import { useEffect } from 'react';
import type { ProfileSession } from '../../app/profile-session.js';
import type { UserActivity } from '../../app/user-activity.js';

const ACTIVITY = ['keydown', 'pointerdown', 'wheel'] as const;

/** Locks the unlocked profile after its idle time without a key press, click, scroll or open file dialog. */
export function useIdleLock(session: ProfileSession, activity: UserActivity): void {
  useEffect(() => {
    const touch = () => activity.touch();
    for (const type of ACTIVITY) document.addEventListener(type, touch, { capture: true, passive: true });
    const timer = setInterval(() => {
      const state = session.current();
      if (state.kind !== 'unlocked') {
        activity.touch();
        return;
      }
      const minutes = state.unlocked.profile.idleLockMinutes;
      if (activity.idleMs() >= minutes * 60_000) session.lock(`Locked after ${minutes} minute${minutes === 1 ? '' : 's'} without activity.`);
    }, 5_000);
    return () => {
      clearInterval(timer);
      for (const type of ACTIVITY) document.removeEventListener(type, touch, { capture: true });
    };
  }, [session, activity]);
}
