import { eventChanges, type HistoryRow } from '../../../../shared/audit/history-view.js';
import { ROLE_LABELS } from '../../../../shared/identity/profile.js';
import { FieldChangesTable } from '../../ui/FieldChangesTable.js';
import { formatDateTime } from '../../ui/format.js';
import { ACTION_LABELS, ENTITY_LABELS } from './history-labels.js';
import { PortionMark } from '../marking/PortionMark.js';
import './history.css';

/** One event: who, when, why, and each field before and after. */
export function EventDetail({
  row,
  packets,
  onRecordHistory,
}: {
  readonly row: HistoryRow;
  /** Packets by id, named as the history names them. */
  readonly packets: ReadonlyMap<string, string>;
  readonly onRecordHistory: () => void;
}) {
  const { event } = row;
  const changes = eventChanges(event);
  return (
    <section className="event-detail" aria-labelledby="event-detail-title">
      <h2 id="event-detail-title" className="section-title">
        Event #{event.seq}: {ACTION_LABELS[event.action]} {ENTITY_LABELS[event.entityType]}
      </h2>
      <dl className="event-detail__facts">
        <dt>Marking</dt>
        <dd>
          <PortionMark marking={row.marking} />
        </dd>
        <dt>When</dt>
        <dd>
          <time dateTime={event.at}>{formatDateTime(event.at)}</time> <span className="muted">({event.at})</span>
        </dd>
        <dt>Who</dt>
        <dd>
          {event.actor}
          {event.role ? `, ${ROLE_LABELS[event.role]}` : ''}
        </dd>
        <dt>Record</dt>
        <dd>
          {row.record} <span className="mono muted">{event.entityId}</span>
        </dd>
        {row.packetIds.length > 0 && (
          <>
            <dt>{row.packetIds.length === 1 ? 'Packet' : 'Packets'}</dt>
            <dd>{row.packetIds.map((id) => packets.get(id) ?? id).join('; ')}</dd>
          </>
        )}
        {event.reason && (
          <>
            <dt>Reason</dt>
            <dd>“{event.reason}”</dd>
          </>
        )}
        <dt>Leaf hash</dt>
        <dd className="mono ellipsis" title={event.leaf}>
          {event.leaf}
        </dd>
      </dl>
      <button type="button" onClick={onRecordHistory}>
        Full history of this record
      </button>
      {changes.length === 0 ? (
        <p className="muted">No field changed.</p>
      ) : (
        <FieldChangesTable changes={changes} beforeLabel="Before" afterLabel="After" caption={`What changed in event #${event.seq}`} className="event-diff" multiline />
      )}
    </section>
  );
}
