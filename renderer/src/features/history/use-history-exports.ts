import type { HistoryVerdict } from '../../../../shared/audit/history.js';
import { describeFilters, type HistoryFilters, type HistoryRow } from '../../../../shared/audit/history-view.js';
import { localIsoDate } from '../../../../shared/calendar/iso-date.js';
import { useServices } from '../../app/services.js';
import type { ExportedRecord } from '../../data/export-gateway.js';
import { historyToCsv } from './export-history.js';
import type { Marking } from '../../../../shared/marking/marking.js';

/**
 * The history's exports, through the export gateway: the events shown, as JSON lines with their
 * proofs or as CSV, marked at the highest marking of their records and of the packets they name.
 */
export function useHistoryExports(visible: readonly HistoryRow[], packetEvents: readonly HistoryRow[], filters: HistoryFilters, packets: ReadonlyMap<string, string>, lastVerdict: HistoryVerdict | undefined, onMessage: (text: string, marking?: Marking) => void) {
  const { history, exports } = useServices();
  return async function exportAs(kind: 'jsonl' | 'csv') {
    const picked = new Set(visible.map((r) => r.event.seq));
    const selection = describeFilters(filters, packets);
    // The records exported, and the packets they name: the CSV names every packet of its rows, the proofs only the one filtered on.
    const named = new Set(kind === 'csv' ? visible.flatMap((r) => r.packetIds) : [filters.packetId]);
    const records: ExportedRecord[] = [
      // Each event with the packets it is about: their authority blocks are what the export derives from.
      ...visible.map((r) => ({ type: 'history-event', id: String(r.event.seq), marking: r.marking, packetIds: r.packetIds })),
      ...packetEvents.filter((r) => named.has(r.event.entityId)).map((r) => ({ type: 'packet', id: r.event.entityId, marking: r.marking })),
    ];
    const saved = await exports.saveFile({
      kind: kind === 'csv' ? 'history-csv' : 'history-jsonl',
      what: `${picked.size.toLocaleString('en-US')} events of the review history (${selection})`,
      records,
      dialogTitle: kind === 'csv' ? 'Export the history as CSV' : 'Export the history with its proofs',
      suggestedName: `frontier-review-history-${localIsoDate(new Date())}.${kind}`,
      body: kind === 'csv' ? { format: 'csv', body: historyToCsv(visible, packets) } : { format: 'jsonl', write: async (marking, blocks) => (await history.exportLog(picked, selection, marking, new Date(), blocks)).pieces },
    });
    if (!saved.ok) onMessage(`The history was not exported: ${saved.error.message}`);
    else if (saved.value.saved) {
      // The integrity panel's last verdict, from a worker: the export is what is stored, proofs and all.
      const warning = lastVerdict && !lastVerdict.ok ? ` Warning: the history did not verify when last checked (${lastVerdict.reason}); what was exported holds what is stored.` : '';
      onMessage(`Exported ${picked.size.toLocaleString('en-US')} events (${selection}) to ${saved.value.fileName}, marked ${saved.value.banner}.${warning}`, saved.value.marking);
    }
  };
}
