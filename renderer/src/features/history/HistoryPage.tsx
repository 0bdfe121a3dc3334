import { createColumnHelper, useTable, type SortingState } from '@tanstack/react-table';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { HistoryVerdict } from '../../../../shared/audit/history.js';
import { NO_HISTORY_FILTERS, filterHistory, historyRows, markingOfEvents, packetNames, type HistoryFilters, type HistoryRow } from '../../../../shared/audit/history-view.js';
import { ROLE_LABELS } from '../../../../shared/identity/profile.js';
import { useServices } from '../../app/services.js';
import { useHistoryEvents, useLatestCheckpoint } from '../../data/hooks.js';
import { VirtualRowGroup } from '../../ui/VirtualRowGroup.js';
import { formatDateTime } from '../../ui/format.js';
import { TABLE_FEATURES, type TableFeatures } from '../../ui/table-features.js';
import { useVirtualRows } from '../../ui/use-virtual-rows.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PortionMark } from '../marking/PortionMark.js';
import { EventDetail } from './EventDetail.js';
import { useHistoryExports } from './use-history-exports.js';
import { ACTION_LABELS, ENTITY_LABELS } from './history-labels.js';
import { HistoryFilterBar } from './HistoryFilterBar.js';
import { HistoryActivity } from './HistoryActivity.js';
import { IntegrityPanel } from './IntegrityPanel.js';
import { SeenHistories } from './SeenHistories.js';
import type { Marking } from '../../../../shared/marking/marking.js';
import './history.css';

const column = createColumnHelper<TableFeatures, HistoryRow>();
const columns = column.columns([
  column.accessor((r) => r.event.seq, { id: 'seq', header: '#', sortFn: 'basic' }),
  column.accessor('marking', { id: 'marking', header: 'Marking', enableSorting: false, cell: (info) => <PortionMark marking={info.getValue()} /> }),
  column.accessor((r) => r.event.at, { id: 'at', header: 'Time', sortFn: 'text', cell: (info) => formatDateTime(info.getValue()) }),
  column.accessor((r) => (r.event.role ? `${r.event.actor} (${ROLE_LABELS[r.event.role]})` : r.event.actor), { id: 'actor', header: 'Actor', sortFn: 'text' }),
  column.accessor((r) => r.event.action, { id: 'action', header: 'Action', sortFn: 'text', cell: (info) => ACTION_LABELS[info.getValue()] }),
  column.accessor((r) => r.event.entityType, { id: 'entity', header: 'Entity', sortFn: 'text', cell: (info) => ENTITY_LABELS[info.getValue()] }),
  column.accessor('record', { id: 'record', header: 'Record', sortFn: 'text' }),
  column.accessor((r) => r.fields.join(', '), { id: 'fields', header: 'Changed', enableSorting: false }),
]);
const GRID = '48px minmax(64px, auto) 120px minmax(110px, 1.2fr) 96px 112px minmax(140px, 2fr) minmax(100px, 1.2fr)';

/**
 * The auditor's view of the review history: every event, newest first, filtered by packet,
 * record, entity, actor, role, action, dates and words; each opens a before/after diff. The
 * integrity panel verifies the whole history; exports carry proofs (JSON lines) or suit a
 * spreadsheet (CSV). Only the rows in view are rendered: a history holds a million events.
 */
export function HistoryPage({ initialFilters, onClose, onMessage }: { readonly initialFilters?: Partial<HistoryFilters>; readonly onClose: () => void; readonly onMessage: (text: string, marking?: Marking) => void }) {
  const { history } = useServices();
  const events = useHistoryEvents(history);
  const rows = useMemo(() => historyRows(events ?? []), [events]);
  const packets = useMemo(() => packetNames(rows), [rows]);
  const actors = useMemo(() => Object.fromEntries([...new Set(rows.map((r) => r.event.actor))].sort().map((a) => [a, a])), [rows]);
  const [filters, setFilters] = useState<HistoryFilters>({ ...NO_HISTORY_FILTERS, ...initialFilters });
  const set = (patch: Partial<HistoryFilters>) => setFilters((f) => ({ ...f, ...patch }));
  const visible = useMemo(() => filterHistory(rows, filters), [rows, filters]);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'seq', desc: true }]);
  const table = useTable({ features: TABLE_FEATURES, columns, data: visible, getRowId: (r) => String(r.event.seq), state: { sorting }, onSortingChange: setSorting, enableMultiSort: false });
  const tableRows = table.getRowModel().rows;
  const [selectedSeq, setSelectedSeq] = useState<number | undefined>();
  const [lastVerdict, setLastVerdict] = useState<HistoryVerdict | undefined>();
  const selectedIndex = tableRows.findIndex((r) => r.original.event.seq === selectedSeq);
  const selected = tableRows[selectedIndex]?.original;
  // Opened from a button that is gone now: focus starts at the page's title, not lost on the body.
  const titleRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => titleRef.current?.focus(), []);
  const virtualRows = useVirtualRows(tableRows.length);
  // The records' words are on screen, and every packet's name in the filter: the banner rises to their highest marking.
  const packetEvents = useMemo(() => rows.filter((r) => r.event.entityType === 'packet'), [rows]);
  useDisplayedMarkings(useMemo(() => [markingOfEvents([...visible, ...packetEvents])], [visible, packetEvents]));
  const checkpoint = useLatestCheckpoint(history);

  function select(index: number) {
    const row = tableRows[Math.max(0, Math.min(tableRows.length - 1, index))];
    if (!row) return;
    const seq = row.original.event.seq;
    setSelectedSeq(seq);
    // Its place as shown (sorted and filtered), not in the data.
    virtualRows.virtualizer.scrollToIndex(Math.max(0, Math.min(tableRows.length - 1, index)), { align: 'auto' });
    // The row takes focus once it is rendered where it was scrolled to: screen readers follow it.
    requestAnimationFrame(() => virtualRows.scrollRef.current?.querySelector<HTMLElement>(`[data-seq="${seq}"]`)?.focus());
  }

  function onGridKey(event: KeyboardEvent<HTMLDivElement>) {
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 20, PageUp: -20 };
    if (event.key in moves) select((selectedIndex < 0 ? -1 : selectedIndex) + (moves[event.key] ?? 0));
    else if (event.key === 'Home') select(0);
    else if (event.key === 'End') select(tableRows.length - 1);
    else return;
    event.preventDefault();
  }

  const exportAs = useHistoryExports(visible, packetEvents, filters, packets, lastVerdict, onMessage);

  return (
    <section className="history-page" aria-labelledby="history-title">
      <div className="history-page__head">
        <h1 id="history-title" ref={titleRef} tabIndex={-1}>
          Review history
        </h1>
        <button type="button" className="button--icon" aria-label="Close the review history" onClick={onClose}>
          ×
        </button>
      </div>
      <IntegrityPanel checkpoint={checkpoint} onVerdict={setLastVerdict} />
      <SeenHistories onMessage={onMessage} />
      <HistoryFilterBar
        filters={filters}
        onChange={set}
        onClear={() => setFilters(NO_HISTORY_FILTERS)}
        packets={packets}
        actors={actors}
        count={events === undefined ? 'Loading…' : `${visible.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')} events`}
        nothingShown={visible.length === 0}
        onExport={(format) => void exportAs(format)}
      />
      <HistoryActivity rows={visible} />
      <div className="history-page__body">
        <div className="history-grid" role="grid" aria-label="Review history events" aria-rowcount={tableRows.length + 1} tabIndex={-1} onKeyDown={onGridKey}>
          <div className="history-grid__row history-grid__row--head" role="row" style={{ gridTemplateColumns: GRID }}>
            {table.getHeaderGroups()[0]?.headers.map((header) => {
              const sorted = header.column.getIsSorted();
              return (
                <span key={header.id} role="columnheader" aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                  {header.column.getCanSort() ? (
                    <button type="button" className="sort-button" onClick={header.column.getToggleSortingHandler()}>
                      {String(header.column.columnDef.header)}
                      <span className="sort-indicator" aria-hidden="true">
                        {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                      </span>
                    </button>
                  ) : (
                    String(header.column.columnDef.header)
                  )}
                </span>
              );
            })}
          </div>
          <VirtualRowGroup
            {...virtualRows}
            items={tableRows}
            className="history-grid__scroll"
            row={(row, index, placed) => {
              const isSelected = row.original.event.seq === selectedSeq;
              // One row is in the tab order: the selected one, or the first.
              const tabbable = isSelected || (selectedIndex < 0 && index === 0);
              return (
                <div
                  key={row.id}
                  role="row"
                  aria-rowindex={index + 2}
                  aria-selected={isSelected}
                  data-seq={row.original.event.seq}
                  tabIndex={tabbable ? 0 : -1}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter' || e.key === ' ') {
                      e.preventDefault();
                      setSelectedSeq(row.original.event.seq);
                    }
                  }}
                  className={`history-grid__row ${isSelected ? 'history-grid__row--selected' : ''} history-grid__row--${row.original.event.action}`}
                  style={{ gridTemplateColumns: GRID, ...placed }}
                  onClick={() => setSelectedSeq(row.original.event.seq)}
                >
                  {row.getVisibleCells().map((cell) => (
                    <span key={cell.id} role="gridcell" className="ellipsis" title={typeof cell.getValue() === 'string' ? (cell.getValue() as string) : undefined}>
                      <table.FlexRender cell={cell} />
                    </span>
                  ))}
                </div>
              );
            }}
          />
        </div>
        <aside className="history-page__detail" aria-label="The selected event">
          {selected ? (
            <EventDetail
              row={selected}
              packets={packets}
              onRecordHistory={() => setFilters({ ...NO_HISTORY_FILTERS, record: { entityType: selected.event.entityType, entityId: selected.event.entityId } })}
            />
          ) : (
            <p className="muted">Select an event (click it, or use the arrow keys in the list) to see what it changed.</p>
          )}
        </aside>
      </div>
    </section>
  );
}
