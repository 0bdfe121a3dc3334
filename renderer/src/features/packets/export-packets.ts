import Papa from 'papaparse';
import type { PacketRow } from './packet-rows.js';

/**
 * The packet list as CSV, for spreadsheets: every row carries its portion mark (the export gateway
 * adds the banner as the first and last line). Cells that a spreadsheet would run as formulas are escaped.
 */
export function packetsToCsv(rows: readonly PacketRow[]): string {
  return Papa.unparse(
    {
      fields: ['Marking', 'Developer', 'Model', 'Version', 'Status', 'Access granted', 'Planned release', 'Window (days)', 'Days remaining', 'Agencies', 'Notes'],
      data: rows.map((r) => [
        r.portion,
        r.packet.developer,
        r.packet.modelName,
        r.packet.modelVersion,
        r.statusLabel,
        r.packet.accessGrantedDate,
        r.packet.plannedReleaseDate,
        r.window.lengthDays,
        r.window.state === 'closed' ? '' : r.window.daysRemaining,
        r.packet.agencies.map((a) => (a === 'Other' ? r.packet.otherAgencies : a)).join('; '),
        r.packet.notes,
      ]),
    },
    { escapeFormulae: true, newline: '\r\n' },
  );
}
