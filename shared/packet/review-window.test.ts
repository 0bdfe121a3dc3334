import { describe, expect, it } from 'vitest';
import { describeDaysRemaining, reviewWindow } from './review-window.js';

const packet = { accessGrantedDate: '2026-11-10', plannedReleaseDate: '2026-12-10', status: 'in-review' as const };

describe('review window', () => {
  it('counts days left to the planned release and the share of the window used', () => {
    const w = reviewWindow(packet, '2026-11-22');
    expect(w.lengthDays).toBe(30);
    expect(w.daysRemaining).toBe(18);
    expect(w.elapsedFraction).toBeCloseTo(12 / 30);
    expect(w.state).toBe('open');
    expect(w.longerThanAllowed).toBe(false);
    expect(describeDaysRemaining(w)).toBe('18 days left');
  });

  it('flags a window longer than the 30 days the order provides for', () => {
    const w = reviewWindow({ ...packet, accessGrantedDate: '2026-11-09' }, '2026-11-22');
    expect(w.lengthDays).toBe(31);
    expect(w.longerThanAllowed).toBe(true);
  });

  it('is closing soon in the last five days up to release day, and overdue after it', () => {
    expect(reviewWindow(packet, '2026-12-04').state).toBe('open');
    expect(reviewWindow(packet, '2026-12-05').state).toBe('closing-soon');
    expect(describeDaysRemaining(reviewWindow(packet, '2026-12-09'))).toBe('1 day left');
    const releaseDay = reviewWindow(packet, '2026-12-10');
    expect(releaseDay.state).toBe('closing-soon');
    expect(describeDaysRemaining(releaseDay)).toBe('Release day');
    expect(reviewWindow(packet, '2026-12-11').state).toBe('overdue');
    const late = reviewWindow(packet, '2026-12-13');
    expect(late.state).toBe('overdue');
    expect(describeDaysRemaining(late)).toBe('3 days overdue');
    expect(late.elapsedFraction).toBe(1);
  });

  it('is not yet open before access is granted, and closed once the packet is closed', () => {
    expect(reviewWindow(packet, '2026-11-01').state).toBe('not-yet-open');
    expect(reviewWindow(packet, '2026-11-01').elapsedFraction).toBe(0);
    const closed = reviewWindow({ ...packet, status: 'closed' }, '2026-12-20');
    expect(closed.state).toBe('closed');
    expect(describeDaysRemaining(closed)).toBe('Closed');
  });

  it('counts across month ends, leap days and DST changes by calendar day', () => {
    expect(reviewWindow({ ...packet, accessGrantedDate: '2028-02-15', plannedReleaseDate: '2028-03-01' }, '2028-02-28').daysRemaining).toBe(2);
    expect(reviewWindow({ ...packet, accessGrantedDate: '2026-03-01', plannedReleaseDate: '2026-03-31' }, '2026-03-07').daysRemaining).toBe(24);
  });
});
