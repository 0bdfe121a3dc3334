/**
 * The review workflow of a model evaluation packet. The order is the order work happens in;
 * a packet moves one step at a time, can step back when a step must be redone, and can be
 * closed from any step because the developer's participation is voluntary and may end early.
 */
export const PACKET_STATUSES = [
  'received',
  'in-review',
  'findings-issued',
  'remediation-under-review',
  'closed',
] as const;

export type PacketStatus = (typeof PACKET_STATUSES)[number];

export const PACKET_STATUS_LABELS: Readonly<Record<PacketStatus, string>> = {
  received: 'Received',
  'in-review': 'In review',
  'findings-issued': 'Findings issued',
  'remediation-under-review': 'Remediation under review',
  closed: 'Closed',
};

/** Statuses a packet may move to from `from`, in workflow order (not including `from`). */
export function nextStatuses(from: PacketStatus): PacketStatus[] {
  const index = PACKET_STATUSES.indexOf(from);
  return PACKET_STATUSES.filter((candidate, i) => {
    if (candidate === from) return false;
    return Math.abs(i - index) === 1 || candidate === 'closed';
  });
}

export function canMoveStatus(from: PacketStatus, to: PacketStatus): boolean {
  return from === to || nextStatuses(from).includes(to);
}
