import { changedFields, type AuditEvent } from '../../../../shared/audit/audit-event.js';
import { useServices } from '../../app/services.js';
import { usePacketHistory } from '../../data/hooks.js';
import { formatDateTime } from '../../ui/format.js';

const ACTION_LABELS: Readonly<Record<AuditEvent['action'], string>> = {
  create: 'Created',
  update: 'Edited',
  'status-change': 'Status changed',
  delete: 'Deleted',
  export: 'Exported in a bundle',
  import: 'Imported from a bundle',
};

/** Who changed this packet, when, and which fields: the record's own slice of the review history. */
export function PacketHistory({ packetId }: { readonly packetId: string }) {
  const { store } = useServices();
  const events = usePacketHistory(store, packetId);
  if (!events) return null;
  return (
    <details className="history">
      <summary>History ({events.length})</summary>
      <ol className="history__list">
        {[...events].reverse().map((event) => {
          const fields = changedFields(event.before, event.after)
            .map((c) => c.field)
            .filter((f) => f !== 'updatedAt' && f !== 'revision');
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
