import { useEffect, useState } from 'react';
import { localIsoDate } from '../../../shared/calendar/iso-date.js';

/** Today's local date, updated at midnight: reviewers leave the app open for days. */
export function useToday(): string {
  const [today, setToday] = useState(() => localIsoDate(new Date()));
  useEffect(() => {
    const now = new Date();
    const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1, 0, 0, 1);
    const timer = setTimeout(() => setToday(localIsoDate(new Date())), midnight.getTime() - now.getTime());
    return () => clearTimeout(timer);
  }, [today]);
  return today;
}
