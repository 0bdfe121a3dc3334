import { localIsoDate } from '../../../shared/calendar/iso-date.js';

/** "2026-11-22 14:05": local wall-clock time, unambiguous in every locale, sortable by eye. */
export function formatDateTime(iso: string): string {
  const instant = new Date(iso);
  const hours = String(instant.getHours()).padStart(2, '0');
  const minutes = String(instant.getMinutes()).padStart(2, '0');
  return `${localIsoDate(instant)} ${hours}:${minutes}`;
}
