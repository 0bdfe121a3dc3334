import { useMemo } from 'react';
import { eventChanges, ownMarking } from '../../../../shared/audit/history-view.js';
import { ACTION_LABELS } from '../history/history-labels.js';
import { useServices } from '../../app/services.js';
import { usePacketHistory } from '../../data/hooks.js';
import { formatDateTime } from '../../ui/format.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';

/** Who changed this packet, when, and which fields: the record's own slice of the review history. */
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
          return (
            <li key={event.seq}>
              <time dateTime={event.at}>{formatDateTime(event.at)}</time> <strong>{ACTION_LABELS[event.action]}</strong> by {event.actor}
              {event.action !== 'create' && fields.length > 0 && <span className="history__fields"> · {fields.join(', ')}</span>}
              {event.reason && <span className="history__reason"> · “{event.reason}”</span>}
            </li>
          );
        })}
      </ol>
    </details>
  );
}
