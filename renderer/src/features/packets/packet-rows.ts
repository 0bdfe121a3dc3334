import { bannerText, levelRank, portionMark } from '../../../../shared/marking/marking.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { PACKET_STATUSES, PACKET_STATUS_LABELS } from '../../../../shared/packet/packet-status.js';
import { describeDaysRemaining, reviewWindow, type ReviewWindow } from '../../../../shared/packet/review-window.js';

/** A packet as the list shows it: the stored record plus what is computed for today. */
export interface PacketRow {
  readonly packet: Packet;
  readonly window: ReviewWindow;
  readonly windowText: string;
  readonly statusLabel: string;
  readonly statusRank: number;
  readonly portion: string;
  readonly banner: string;
  readonly markingRank: number;
  readonly hasDraft: boolean;
}

export function toPacketRows(packets: readonly Packet[], today: string, withDrafts: ReadonlySet<string>): PacketRow[] {
  return packets.map((packet) => {
    const window = reviewWindow(packet, today);
    return {
      packet,
      window,
      windowText: describeDaysRemaining(window),
      statusLabel: PACKET_STATUS_LABELS[packet.status],
      statusRank: PACKET_STATUSES.indexOf(packet.status),
      portion: portionMark(packet.marking),
      banner: bannerText(packet.marking),
      // Level first, then the number of controls, so SECRET//NOFORN sorts above SECRET.
      markingRank: levelRank(packet.marking.level) * 100 + packet.marking.sci.length * 10 + packet.marking.dissemination.length,
      hasDraft: withDrafts.has(packet.id),
    };
  });
}
