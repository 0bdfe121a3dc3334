import { createColumnHelper, useTable, type ColumnFiltersState, type SortingState } from '@tanstack/react-table';
import { createContext, useContext, useEffect, useImperativeHandle, useMemo, useRef, useState, type KeyboardEvent, type Ref } from 'react';
import type { Packet } from '../../../../shared/packet/packet.js';
import { useToday } from '../../app/use-today.js';
import { useServices } from '../../app/services.js';
import { usePacketIdsWithDrafts } from '../../data/hooks.js';
import { SortableHeader } from '../../ui/SortableHeader.js';
import { TABLE_FEATURES, type TableFeatures } from '../../ui/table-features.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { markingColours } from '../marking/marking-colours.js';
import { PacketListToolbar } from './PacketListToolbar.js';
import { toPacketRows, type PacketRow } from './packet-rows.js';
import '../marking/marking.css';
import './packets.css';

const features = TABLE_FEATURES;
type Features = TableFeatures;

const column = createColumnHelper<Features, PacketRow>();

const columns = column.columns([
  column.accessor('portion', {
    id: 'marking',
    header: 'Marking',
    sortFn: (a, b) => a.original.markingRank - b.original.markingRank,
    cell: (info) => {
      const colours = markingColours(info.row.original.packet.marking);
      return (
        <span className="portion-chip" title={info.row.original.banner} style={{ borderColor: colours.background }}>
          {info.getValue()}
        </span>
      );
    },
  }),
  column.accessor((row) => row.packet.developer, { id: 'developer', header: 'Developer', sortFn: 'text' }),
  column.accessor((row) => row.packet.modelName, {
    id: 'model',
    header: 'Model',
    sortFn: 'text',
    cell: (info) => (
      <>
        <RowOpenButton row={info.row.original} />
        {info.row.original.hasDraft && (
          <span className="badge badge--draft" title="This packet has unsaved changes">
            draft
          </span>
        )}
      </>
    ),
  }),
  column.accessor((row) => row.packet.modelVersion, { id: 'version', header: 'Version', sortFn: 'text', cell: (info) => <code>{info.getValue()}</code> }),
  column.accessor('statusLabel', {
    id: 'status',
    header: 'Status',
    filterFn: 'equals',
    sortFn: (a, b) => a.original.statusRank - b.original.statusRank,
    cell: (info) => <span className={`status status--${info.row.original.packet.status}`}>{info.getValue()}</span>,
  }),
  column.accessor((row) => row.packet.accessGrantedDate, { id: 'accessGranted', header: 'Access granted', sortFn: 'text', enableGlobalFilter: false }),
  column.accessor((row) => row.packet.plannedReleaseDate, { id: 'plannedRelease', header: 'Planned release', sortFn: 'text', enableGlobalFilter: false }),
  // The rail's one column for what the full list spreads over four: who, which version, where it stands.
  column.accessor((row) => `${row.packet.developer} ${row.packet.modelVersion} ${row.statusLabel}`, {
    id: 'packet',
    header: 'Packet',
    enableSorting: false,
    cell: (info) => (
      <span className="rail-detail">
        {info.row.original.packet.developer} · <code>{info.row.original.packet.modelVersion}</code> · <span className={`status status--${info.row.original.packet.status}`}>{info.row.original.statusLabel}</span>
      </span>
    ),
  }),
  column.accessor((row) => row.window.daysRemaining, {
    id: 'window',
    header: 'Review window',
    enableGlobalFilter: false,
    // Closed packets have no deadline left: they sort after every open one.
    sortFn: (a, b) => windowSortKey(a.original) - windowSortKey(b.original),
    cell: (info) => <WindowCell row={info.row.original} />,
  }),
  column.accessor((row) => row.packet.agencies.map((a) => (a === 'Other' ? row.packet.otherAgencies || 'Other' : a)).join(', '), {
    id: 'agencies',
    header: 'Agencies',
    enableSorting: false,
  }),
]);

/** The row the arrow keys are on: its Open button is the one in the Tab order (a roving tab stop). */
const ActiveRowContext = createContext<string | undefined>(undefined);

/** The row's one focusable control: arrow keys move between these, Enter opens the packet. */
function RowOpenButton({ row }: { readonly row: PacketRow }) {
  const active = useContext(ActiveRowContext) === row.packet.id;
  return (
    <button type="button" className="row-open" tabIndex={active ? 0 : -1} data-row-open aria-label={`Open ${row.packet.developer} ${row.packet.modelName} ${row.packet.modelVersion}`}>
      {row.packet.modelName}
    </button>
  );
}

function windowSortKey(row: PacketRow): number {
  return row.window.state === 'closed' ? Number.MAX_SAFE_INTEGER : row.window.daysRemaining;
}

function WindowCell({ row }: { readonly row: PacketRow }) {
  const { window } = row;
  const percent = Math.round(window.elapsedFraction * 100);
  return (
    <span className={`window window--${window.state}`}>
      <span className="window__bar" aria-hidden="true">
        <span className="window__fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="window__text">{row.windowText}</span>
      {window.longerThanAllowed && (
        <span className="badge badge--warn" title={`The window is ${window.lengthDays} days; the order provides for up to 30.`}>
          {window.lengthDays}d window
        </span>
      )}
    </span>
  );
}

export interface PacketListHandle {
  focusFilter(): void;
  focusRows(): void;
}

interface PacketListProps {
  readonly packets: readonly Packet[];
  readonly selectedId: string | undefined;
  readonly onOpen: (id: string) => void;
  readonly onNew: () => void;
  readonly onExport: (rows: readonly PacketRow[]) => void;
  /** Beside an open packet the list is a narrow rail, so the packet gets the width. */
  readonly compact: boolean;
  readonly ref?: Ref<PacketListHandle>;
}

/** With a packet open the list is a narrow rail: marking, model with who and where it stands, and days left. */
const RAIL_VISIBILITY = { developer: false, version: false, status: false, accessGranted: false, plannedRelease: false, agencies: false, packet: true };
const FULL_VISIBILITY = { packet: false };

/** The packet list: sortable, filterable, and navigable with the arrow keys. */
export function PacketList({ packets, selectedId, onOpen, onNew, onExport, compact, ref }: PacketListProps) {
  const { store } = useServices();
  const today = useToday();
  const withDrafts = usePacketIdsWithDrafts(store);
  const data = useMemo(() => toPacketRows(packets, today, withDrafts), [packets, today, withDrafts]);
  const [sorting, setSorting] = useState<SortingState>([{ id: 'window', desc: false }]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [globalFilter, setGlobalFilter] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const filterRef = useRef<HTMLInputElement>(null);
  const bodyRef = useRef<HTMLTableSectionElement>(null);

  const table = useTable({
    features,
    columns,
    data,
    getRowId: (row) => row.packet.id,
    state: { sorting, columnFilters, globalFilter, columnVisibility: compact ? RAIL_VISIBILITY : FULL_VISIBILITY },
    onSortingChange: setSorting,
    onColumnFiltersChange: setColumnFilters,
    onGlobalFilterChange: setGlobalFilter,
    globalFilterFn: 'includesString',
  });
  const rows = table.getRowModel().rows;
  const active = Math.min(activeIndex, Math.max(0, rows.length - 1));
  useDisplayedMarkings(useMemo(() => rows.map((r) => r.original.packet.marking), [rows]));

  const focusRow = (index: number) => {
    const clamped = Math.max(0, Math.min(index, rows.length - 1));
    setActiveIndex(clamped);
    bodyRef.current?.querySelectorAll<HTMLButtonElement>('[data-row-open]')[clamped]?.focus();
  };

  // Announce the result of filtering once typing pauses, not on every keystroke.
  const [announcement, setAnnouncement] = useState('');
  const shown = rows.length;
  const total = data.length;
  useEffect(() => {
    const timer = setTimeout(() => setAnnouncement(shown === total ? '' : `${shown} of ${total} packets shown`), 600);
    return () => clearTimeout(timer);
  }, [shown, total]);

  useImperativeHandle(ref, () => ({
    focusFilter: () => filterRef.current?.focus(),
    focusRows: () => focusRow(active),
  }));

  function onRowKeyDown(event: KeyboardEvent<HTMLTableRowElement>, index: number) {
    const page = 10;
    const moves: Record<string, number> = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: rows.length - 1 };
    const target = moves[event.key];
    if (target !== undefined) {
      event.preventDefault();
      focusRow(target);
    }
  }

  return (
    <section className={compact ? 'packet-list packet-list--rail' : 'packet-list'} aria-labelledby="packet-list-title">
      <PacketListToolbar
        shown={rows.length}
        total={data.length}
        overdue={data.filter((r) => r.window.state === 'overdue').length}
        closingSoon={data.filter((r) => r.window.state === 'closing-soon').length}
        announcement={announcement}
        filter={globalFilter}
        filterRef={filterRef}
        onFilterChange={(value) => table.setGlobalFilter(value)}
        onLeaveFilter={() => focusRow(0)}
        statusFilter={(columnFilters.find((f) => f.id === 'status')?.value as string | undefined) ?? ''}
        onStatusFilterChange={(label) => table.getColumn('status')?.setFilterValue(label === '' ? undefined : label)}
        onExport={() => onExport(rows.map((r) => r.original))}
        onNew={onNew}
      />

      <div className="table-scroll">
        <table className="data-table" aria-labelledby="packet-list-title">
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <SortableHeader key={header.id} column={header.column} className={`col-${header.column.id}`}>
                    <table.FlexRender header={header} />
                  </SortableHeader>
                ))}
              </tr>
            ))}
          </thead>
          <ActiveRowContext value={rows[active]?.id}>
          <tbody ref={bodyRef}>
            {rows.map((row, index) => (
              // A click anywhere on a row is a mouse shortcut for its Open button, which is
              // the keyboard and screen-reader path; the keys here only move between rows.
              <tr
                key={row.id}
                aria-current={row.id === selectedId ? 'true' : undefined}
                className={row.id === selectedId ? 'is-selected' : undefined}
                onClick={() => {
                  setActiveIndex(index);
                  onOpen(row.id);
                }}
                onFocus={() => setActiveIndex(index)}
                onKeyDown={(e) => onRowKeyDown(e, index)}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id} className={`col-${cell.column.id}`}>
                    <table.FlexRender cell={cell} />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
          </ActiveRowContext>
        </table>
        {data.length === 0 && (
          <div className="empty-state">
            <p>No evaluation packets yet.</p>
            <p>
              Create one for each covered model a developer shares for review. <button type="button" className="button--link" onClick={onNew}>New packet</button> (Alt+N)
            </p>
          </div>
        )}
        {data.length > 0 && rows.length === 0 && <div className="empty-state">No packets match the filter.</div>}
      </div>
    </section>
  );
}
