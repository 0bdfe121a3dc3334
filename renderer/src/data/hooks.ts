import { useLiveQuery } from 'dexie-react-hooks';
import { useMemo } from 'react';
import type { AuditEvent } from '../../../shared/audit/audit-event.js';
import type { Packet } from '../../../shared/packet/packet.js';
import { useServices } from '../app/services.js';

/** All packets, kept current as they change (in this window or another). Undefined while loading. */
export function usePackets(): Packet[] | undefined {
  const { store } = useServices();
  return useLiveQuery(() => store.listPackets(), [store]);
}

export function usePacketHistory(packetId: string | undefined): AuditEvent[] | undefined {
  const { store } = useServices();
  return useLiveQuery(() => (packetId ? store.historyOf('packet', packetId) : Promise.resolve([])), [store, packetId]);
}

/** Keys of unsaved drafts, so the list can show which packets have edits in progress. */
export function useDraftKeys(): ReadonlySet<string> {
  const { store } = useServices();
  const keys = useLiveQuery(() => store.draftKeys(), [store]);
  return useMemo(() => new Set(keys ?? []), [keys]);
}
