/**
 * The review workflow of a model evaluation packet. The order is the order work happens in;
 * a packet moves one step at a time, can step back when a step must be redone, can be closed
 * from any step because the developer's participation is voluntary and may end early, and a
 * closed packet reopens into review.
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

/** A new packet is either just received or already being reviewed; later steps need a history. */
export const INITIAL_STATUSES: readonly PacketStatus[] = ['received', 'in-review'];

/** Statuses a packet may move to from `from`, in workflow order (not including `from`). */
export function nextStatuses(from: PacketStatus): PacketStatus[] {
  if (from === 'closed') return ['in-review'];
  const index = PACKET_STATUSES.indexOf(from);
  return PACKET_STATUSES.filter((candidate, i) => candidate !== from && (Math.abs(i - index) === 1 || candidate === 'closed'));
}

export function canMoveStatus(from: PacketStatus, to: PacketStatus): boolean {
  return from === to || nextStatuses(from).includes(to);
}
