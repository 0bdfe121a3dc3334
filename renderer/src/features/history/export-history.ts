import Papa from 'papaparse';
import type { HistoryRow } from '../../../../shared/audit/history-view.js';
import { portionMark } from '../../../../shared/marking/marking.js';

/**
 * Part of the review history as CSV, for spreadsheets: one row per event with what it changed and
 * its portion mark (the export gateway adds the banner as the first and last line). Cells a
 * spreadsheet would run as formulas are escaped. The proofs are in the JSON lines export.
 */
export function historyToCsv(rows: readonly HistoryRow[], packets: ReadonlyMap<string, string>): string {
  return Papa.unparse(
    {
      fields: ['Marking', 'Event', 'Time (UTC)', 'Actor', 'Role', 'Action', 'Entity', 'Record id', 'Record', 'Packet', 'Fields changed', 'Reason', 'Leaf hash'],
      data: rows.map(({ event, packetId, record, fields, marking }) => [
        portionMark(marking),
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
}
