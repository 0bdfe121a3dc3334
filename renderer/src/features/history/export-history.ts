import Papa from 'papaparse';
import type { HistoryRow } from '../../../../shared/audit/history-view.js';

/**
 * Part of the review history as CSV, for spreadsheets: one row per event with what it changed.
 * The banner of the highest marking among its records (and the packets it names) is the first and last line; cells a
 * spreadsheet would run as formulas are escaped. The proofs are in the JSON lines export.
 */
export function historyToCsv(rows: readonly HistoryRow[], packets: ReadonlyMap<string, string>, banner: string): string {
  const body = Papa.unparse(
    {
      fields: ['Event', 'Time (UTC)', 'Actor', 'Role', 'Action', 'Entity', 'Record id', 'Record', 'Packet', 'Fields changed', 'Reason', 'Leaf hash'],
      data: rows.map(({ event, packetId, record, fields }) => [
        event.seq,
        event.at,
        event.actor,
        event.role ?? '',
        event.action,
        event.entityType,
        event.entityId,
        record,
        packetId ? (packets.get(packetId) ?? packetId) : '',
        fields.join('; '),
        event.reason ?? '',
        event.leaf,
      ]),
    },
    { escapeFormulae: true, newline: '\r\n' },
  );
  return `${banner}\r\n${body}\r\n${banner}\r\n`;
}
