/**
 * Calendar dates as `YYYY-MM-DD` strings. Review windows are counted in whole calendar
 * days, so dates never carry a time of day or a zone that could shift them by one.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;

/** Day number since 1970-01-01, or undefined when the string is not a real calendar date. */
export function dayNumber(date: IsoDate): number | undefined {
  const match = ISO_DATE.exec(date);
  if (!match) return undefined;
  const [, y, m, d] = match;
  const year = Number(y);
  const month = Number(m);
  const day = Number(d);
  const ms = Date.UTC(year, month - 1, day);
  const check = new Date(ms);
  // Date.UTC rolls 2026-02-30 over into March; a real date survives the round trip.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return undefined;
  }
  return Math.round(ms / MS_PER_DAY);
}

export function isIsoDate(value: string): boolean {
  return dayNumber(value) !== undefined;
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: IsoDate, to: IsoDate): number {
  const a = dayNumber(from);
  const b = dayNumber(to);
  if (a === undefined || b === undefined) {
    throw new RangeError(`Not a calendar date: ${a === undefined ? from : to}`);
  }
  return b - a;
}

/** The local calendar date of an instant: a reviewer's "today" is the date on their wall clock. */
export function localIsoDate(instant: Date): IsoDate {
  const y = String(instant.getFullYear()).padStart(4, '0');
  const m = String(instant.getMonth() + 1).padStart(2, '0');
  const d = String(instant.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}
