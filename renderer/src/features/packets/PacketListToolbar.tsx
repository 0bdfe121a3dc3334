import type { RefObject } from 'react';
import { PACKET_STATUSES, PACKET_STATUS_LABELS } from '../../../../shared/packet/packet-status.js';
import './packets.css';

interface PacketListToolbarProps {
  /** Packets shown after filtering, and in all. */
  readonly shown: number;
  readonly total: number;
  readonly overdue: number;
  readonly closingSoon: number;
  /** The filter's result, announced once typing pauses. */
  readonly announcement: string;
  readonly filter: string;
  readonly filterRef: RefObject<HTMLInputElement | null>;
  readonly onFilterChange: (filter: string) => void;
  /** Down or Enter in the filter: on to the first row. */
  readonly onLeaveFilter: () => void;
  /** A status label, or '' for all. */
  readonly statusFilter: string;
  readonly onStatusFilterChange: (label: string) => void;
  readonly onExport: () => void;
  readonly onNew: () => void;
}

/** The packet list's title, counts, filters, export and New packet. */
export function PacketListToolbar(props: PacketListToolbarProps) {
  const { shown, total, overdue, closingSoon, filterRef } = props;
  return (
    <div className="toolbar">
      <h1 id="packet-list-title">Evaluation packets</h1>
      <span className="toolbar__summary">
        {shown === total ? `${total} ${total === 1 ? 'packet' : 'packets'}` : `${shown} of ${total} packets`}
        {overdue > 0 && <span className="badge badge--danger">{overdue} overdue</span>}
        {closingSoon > 0 && <span className="badge badge--warn">{closingSoon} closing soon</span>}
      </span>
      <span className="visually-hidden" role="status">
        {props.announcement}
      </span>
      <span className="spacer" />
      <label className="visually-hidden" htmlFor="packet-filter">
        Filter packets
      </label>
      <input
        id="packet-filter"
        ref={filterRef}
        type="search"
        placeholder="Filter packets  ( / )"
        value={props.filter}
        onChange={(e) => props.onFilterChange(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown' || e.key === 'Enter') {
            e.preventDefault();
            props.onLeaveFilter();
          }
        }}
      />
      <label className="visually-hidden" htmlFor="status-filter">
        Status
      </label>
      <select id="status-filter" value={props.statusFilter} onChange={(e) => props.onStatusFilterChange(e.target.value)}>
        <option value="">All statuses</option>
        {PACKET_STATUSES.map((s) => (
          <option key={s} value={PACKET_STATUS_LABELS[s]}>
            {PACKET_STATUS_LABELS[s]}
          </option>
        ))}
      </select>
      <button type="button" onClick={props.onExport} disabled={shown === 0}>
        Export CSV
      </button>
      <button type="button" className="button--primary" onClick={props.onNew} title="New packet (Alt+N)">
        New packet
      </button>
    </div>
  );
}
