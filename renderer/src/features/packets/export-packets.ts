import Papa from 'papaparse';
import { bannerText, rollUp } from '../../../../shared/marking/marking.js';
import type { PacketRow } from './packet-rows.js';

/**
 * The packet list as CSV, for spreadsheets. The overall marking of what is exported is the
 * first and last line, as a banner is on paper, and every row carries its portion mark.
 * Cells that a spreadsheet would run as formulas are escaped.
 */
export function packetsToCsv(rows: readonly PacketRow[]): { csv: string; banner: string } {
  const banner = bannerText(rollUp(rows.map((r) => r.packet.marking)));
  const body = Papa.unparse(
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
  return { csv: `${banner}\r\n${body}\r\n${banner}\r\n`, banner };
}
