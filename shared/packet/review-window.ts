import { daysBetween, type IsoDate } from '../calendar/iso-date.js';
import type { PacketStatus } from './packet-status.js';

/** The executive order lets developers share a covered model up to 30 days before public release. */
export const MAX_REVIEW_WINDOW_DAYS = 30;
/** Fewer days than this left in an open window is shown as closing soon. */
export const CLOSING_SOON_DAYS = 5;

export type ReviewWindowState = 'not-yet-open' | 'open' | 'closing-soon' | 'overdue' | 'closed';

export interface ReviewWindow {
  /** Days from access granted to planned public release. */
  readonly lengthDays: number;
  /** Days from today to planned public release; negative once release has passed. */
  readonly daysRemaining: number;
  /** Share of the window already used, clamped to 0..1, for progress bars. */
  readonly elapsedFraction: number;
  readonly state: ReviewWindowState;
  /** Longer than the 30 days the order provides for. */
  readonly longerThanAllowed: boolean;
}

export interface ReviewWindowDates {
  readonly accessGrantedDate: IsoDate;
  readonly plannedReleaseDate: IsoDate;
  readonly status: PacketStatus;
}

/**
 * The review window runs from the day access was granted to the planned public release.
 * Release day is the window's last day; a review still open after it is overdue.
 */
export function reviewWindow(packet: ReviewWindowDates, today: IsoDate): ReviewWindow {
  const lengthDays = daysBetween(packet.accessGrantedDate, packet.plannedReleaseDate);
  const daysRemaining = daysBetween(today, packet.plannedReleaseDate);
  const elapsed = daysBetween(packet.accessGrantedDate, today);
  const elapsedFraction = lengthDays <= 0 ? 1 : Math.min(1, Math.max(0, elapsed / lengthDays));
  return {
    lengthDays,
    daysRemaining,
    elapsedFraction,
    state: windowState(packet.status, elapsed, daysRemaining),
    longerThanAllowed: lengthDays > MAX_REVIEW_WINDOW_DAYS,
  };
}

function windowState(status: PacketStatus, elapsed: number, daysRemaining: number): ReviewWindowState {
  if (status === 'closed') return 'closed';
  if (daysRemaining < 0) return 'overdue';
  if (elapsed < 0) return 'not-yet-open';
  if (daysRemaining <= CLOSING_SOON_DAYS) return 'closing-soon';
  return 'open';
}

/** "12 days left", "Release day", "3 days overdue": what the packet list says. */
export function describeDaysRemaining(window: ReviewWindow): string {
  if (window.state === 'closed') return 'Closed';
  const n = window.daysRemaining;
  if (n === 0) return 'Release day';
  if (n < 0) return `${-n} ${-n === 1 ? 'day' : 'days'} overdue`;
  return `${n} ${n === 1 ? 'day' : 'days'} left`;
}
