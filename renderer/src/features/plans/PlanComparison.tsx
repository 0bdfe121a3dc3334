import { createColumnHelper, useTable, type ColumnFiltersState, type SortingState } from '@tanstack/react-table';
import { useId, useMemo, useState } from 'react';
import { comparePlans, type PlanChange, type PlanEntity } from '../../../../shared/plans/plan-diff.js';
import type { PlanVersion } from '../../../../shared/plans/remediation-plan.js';
import { formatDateTime } from '../../ui/format.js';
import { FilterSelect } from '../../ui/FilterSelect.js';
import { SortableTable } from '../../ui/SortableTable.js';
import { TABLE_FEATURES, type TableFeatures } from '../../ui/table-features.js';
import './plans.css';

const column = createColumnHelper<TableFeatures, PlanChange>();

const ENTITY_LABELS: Readonly<Record<PlanEntity, string>> = { item: 'Item', risk: 'Risk', remediation: 'Remediation', milestone: 'Milestone' };
const KIND_LABELS: Readonly<Record<PlanChange['kind'], string>> = { added: 'Added', removed: 'Removed', changed: 'Changed' };

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** Date-times read as dates and times; everything else as it is. */
function shown(value: string | null): string {
  if (value === null || value === '') return '—';
  return /^\d{4}-\d{2}-\d{2}T/.test(value) ? formatDateTime(value) : value;
}

const columns = column.columns([
  column.accessor('kind', { header: 'Change', sortFn: 'text', filterFn: 'equals', cell: (info) => <span className={`plan-change plan-change--${info.getValue()}`}>{KIND_LABELS[info.getValue()]}</span> }),
  column.accessor('entity', { header: 'What', sortFn: 'text', filterFn: 'equals', cell: (info) => ENTITY_LABELS[info.getValue()] }),
  column.accessor('title', { header: 'Title', sortFn: 'text' }),
  column.accessor((c) => c.fields.map((f) => f.field).join(', '), {
    id: 'fields',
    header: 'Fields changed',
    enableSorting: false,
    cell: (info) => (
      <ul className="plan-fields">
        {info.row.original.fields.map((f) => (
          <li key={f.field}>
            <span className="muted">{f.field}:</span> <del>{shown(f.before)}</del> → <ins>{shown(f.after)}</ins>
          </li>
        ))}
      </ul>
    ),
  }),
  column.accessor((c) => c.slippedDays ?? 0, { id: 'slipped', header: 'Slipped', sortFn: 'basic', cell: (info) => (info.getValue() > 0 ? `${info.getValue()} days later` : '') }),
]);

/** Two versions of a plan side by side: what was added, removed and changed, deadlines that slipped, statuses that moved. */
export function PlanComparison({ versions }: { readonly versions: readonly PlanVersion[] }) {
  const id = useId();
  const [fromId, setFromId] = useState(versions.at(-2)?.id ?? '');
  const [toId, setToId] = useState(versions.at(-1)?.id ?? '');
  const [sorting, setSorting] = useState<SortingState>([]);
  const [columnFilters, setColumnFilters] = useState<ColumnFiltersState>([]);
  const [onlySlipped, setOnlySlipped] = useState(false);
  const [onlyStatus, setOnlyStatus] = useState(false);
  const from = versions.find((v) => v.id === fromId);
  const to = versions.find((v) => v.id === toId);
  const changes = useMemo(() => (from && to ? comparePlans(from.content, to.content) : []), [from, to]);
  const data = useMemo(() => changes.filter((c) => (!onlySlipped || c.slippedDays !== null) && (!onlyStatus || c.statusChange !== null)), [changes, onlySlipped, onlyStatus]);
  const table = useTable({ features: TABLE_FEATURES, columns, data, state: { sorting, columnFilters }, onSortingChange: setSorting, onColumnFiltersChange: setColumnFilters });
  const rows = table.getRowModel().rows;
  const count = (kind: PlanChange['kind']) => changes.filter((c) => c.kind === kind).length;
  const filterValue = (columnId: string) => {
    const value = columnFilters.find((f) => f.id === columnId)?.value;
    return typeof value === 'string' ? value : '';
  };
  const setFilter = (columnId: string, value: string) => table.getColumn(columnId)?.setFilterValue(value === '' ? undefined : value);
  const versionOptions = versions.map((v) => (
    <option key={v.id} value={v.id}>
      {`Version ${v.version} (${v.content.version})`}
    </option>
  ));

  return (
    <section aria-labelledby={`${id}-title`} className="plan-comparison">
      <h3 id={`${id}-title`} className="section-title">
        Compare versions
      </h3>
      <div className="plan-comparison__controls">
        <label>
          From <select value={fromId} onChange={(e) => setFromId(e.target.value)}>{versionOptions}</select>
        </label>
        <label>
          to <select value={toId} onChange={(e) => setToId(e.target.value)}>{versionOptions}</select>
        </label>
        <FilterSelect label="Change" value={filterValue('kind')} options={KIND_LABELS} onChange={(value) => setFilter('kind', value)} />
        <FilterSelect label="What" value={filterValue('entity')} options={ENTITY_LABELS} onChange={(value) => setFilter('entity', value)} />
        <label className="check">
          <input type="checkbox" checked={onlySlipped} onChange={(e) => setOnlySlipped(e.target.checked)} /> Only slipped deadlines
        </label>
        <label className="check">
          <input type="checkbox" checked={onlyStatus} onChange={(e) => setOnlyStatus(e.target.checked)} /> Only status changes
        </label>
      </div>
      <p className="plan-comparison__summary" data-testid="plan-comparison-summary">
        {from !== undefined && from.id === to?.id
          ? 'Choose two different versions.'
          : `${count('added')} added, ${count('removed')} removed, ${count('changed')} changed; ${plural(changes.filter((c) => c.slippedDays !== null).length, 'deadline')} slipped; ${plural(changes.filter((c) => c.statusChange !== null).length, 'status change')}.`}
      </p>
      <SortableTable table={table} className="plan-changes-table" labelledBy={`${id}-title`} />
      {rows.length === 0 && <p className="empty">No changes match.</p>}
    </section>
  );
}
