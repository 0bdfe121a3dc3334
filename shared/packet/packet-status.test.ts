import { describe, expect, it } from 'vitest';
import { INITIAL_STATUSES, canMoveStatus, nextStatuses } from './packet-status.js';

describe('packet workflow', () => {
  it('moves one step forward or back, or closes', () => {
    expect(nextStatuses('received')).toEqual(['in-review', 'closed']);
    expect(nextStatuses('findings-issued')).toEqual(['in-review', 'remediation-under-review', 'closed']);
    expect(canMoveStatus('received', 'findings-issued')).toBe(false);
    expect(canMoveStatus('in-review', 'in-review')).toBe(true);
  });

  it('reopens a closed packet into review, and nowhere else', () => {
    expect(nextStatuses('closed')).toEqual(['in-review']);
    expect(canMoveStatus('closed', 'received')).toBe(false);
  });

  it('starts new packets as received or already in review', () => {
    expect(INITIAL_STATUSES).toEqual(['received', 'in-review']);
  });
});
