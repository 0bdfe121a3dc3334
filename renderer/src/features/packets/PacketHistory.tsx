import { useMemo } from 'react';
import type { AuditEvent, JsonValue } from '../../../../shared/audit/audit-event.js';
import { eventChanges, ownMarking } from '../../../../shared/audit/history-view.js';
import { ACTION_LABELS } from '../history/history-labels.js';
import { useServices } from '../../app/services.js';
import { usePacketHistory } from '../../data/hooks.js';
import { formatDateTime } from '../../ui/format.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import './packets.css';

/** Where an export or a printout of the packet went: "in atlas.frbundle, marked SECRET//NOFORN". */
function leftIn(event: AuditEvent): string {
  const after = typeof event.after === 'object' && event.after !== null && !Array.isArray(event.after) ? (event.after as Readonly<Record<string, JsonValue>>) : {};
  const file = typeof after.fileName === 'string' ? `in ${after.fileName}` : 'on paper';
  return `${file}${typeof after.banner === 'string' ? `, marked ${after.banner}` : ''}`;
}

/** Who changed this packet, when, which fields, and where it went: the record's own slice of the review history. */
export function PacketHistory({ packetId, onOpenHistory }: { readonly packetId: string; readonly onOpenHistory: (packetId: string) => void }) {
  const { store } = useServices();
  const events = usePacketHistory(store, packetId);
  // Earlier revisions (and reasons written then) may have been marked higher than the packet is now.
  useDisplayedMarkings(useMemo(() => (events ?? []).map(ownMarking), [events]));
  if (!events) return null;
  return (
    <details className="history">
      <summary>History ({events.length})</summary>
      <button type="button" className="history__open" onClick={() => onOpenHistory(packetId)}>
        This packet&apos;s records in the review history, with diffs…
      </button>
      <ol className="history__list">
        {[...events].reverse().map((event) => {
          const fields = eventChanges(event).map((c) => c.field);
          const left = event.entityType === 'packet' ? undefined : leftIn(event);
          return (
            <li key={event.seq}>
              <time dateTime={event.at}>{formatDateTime(event.at)}</time> <strong>{ACTION_LABELS[event.action]}</strong> by {event.actor}
              {left && <span className="history__fields"> · {left}</span>}
              {!left && event.action !== 'create' && fields.length > 0 && <span className="history__fields"> · {fields.join(', ')}</span>}
              {event.reason && <span className="history__reason"> · “{event.reason}”</span>}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
