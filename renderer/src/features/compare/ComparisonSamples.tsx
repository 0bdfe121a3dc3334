import {
  columnFilteringFeature,
  columnGroupingFeature,
  columnPinningFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  createExpandedRowModel,
  createFilteredRowModel,
  createGroupedRowModel,
  createSortedRowModel,
  rowExpandingFeature,
  rowSortingFeature,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type ColumnFiltersState,
  type ColumnPinningState,
  type ExpandedState,
  type GroupingState,
  type SortingState,
  type ColumnVisibilityState,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { runLetter, scoreText, type Comparison, type JoinedSample } from '../../../../shared/compare/comparison.js';
import { scoreToNumber, type SampleRow, type SampleScore } from '../../../../shared/results/benchmark-run.js';
import { formatScore } from '../results/format-results.js';
import { SampleSideBySide } from './SampleSideBySide.js';

/**
 * One row per task, sample and epoch, one column group per run: sort, filter, group by task,
 * pin and hide columns, and only the rows where the runs disagree or failed. A hundred thousand
 * rows scroll smoothly because only those in view are rendered; the rows are the comparison's
 * own, pointing at each run's stored samples rather than copying them.
 */

export type SampleMode = 'all' | 'disagree' | 'errors';
export const SAMPLE_MODES: Readonly<Record<SampleMode, string>> = { all: 'All samples', disagree: 'Only disagreements', errors: 'Only errors' };

/** Rows whose sample id or task contains the search text (already lower-cased). */
function sampleOrTask(row: { readonly original: JoinedSample }, _columnId: string, needle: string): boolean {
  return String(row.original.id).toLowerCase().includes(needle) || row.original.task.toLowerCase().includes(needle);
}

function showOnly(row: { readonly original: JoinedSample }, _columnId: string, mode: SampleMode): boolean {
  return mode === 'disagree' ? row.original.disagree : mode === 'errors' ? row.original.errored : true;
}

const FEATURES = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  columnVisibilityFeature,
  columnPinningFeature,
  columnSizingFeature,
  columnGroupingFeature,
  rowExpandingFeature,
  sortedRowModel: createSortedRowModel(),
  filteredRowModel: createFilteredRowModel(),
  groupedRowModel: createGroupedRowModel(),
  expandedRowModel: createExpandedRowModel(),
  sortFns: { text: sortFn_text, basic: sortFn_basic },
  filterFns: { sampleOrTask, showOnly },
});
type Features = typeof FEATURES;
const column = createColumnHelper<Features, JoinedSample>();

const ROW_HEIGHT = 28;

function primaryScore(comparison: Comparison, sample: JoinedSample, run: number): SampleScore | undefined {
  const scorer = comparison.primaryScorers[run];
  return scorer ? sample.cells[run]?.scores[scorer] : undefined;
}

/** Pass and fail read alike whether the log wrote C/I or 1/0. */
export function scoreClass(score: SampleScore): string {
  const text = scoreText(score.value);
  return text === '1' ? 'score--correct' : text === '0' ? 'score--incorrect' : text === 'NaN' ? 'score--nan' : 'score--other';
}

export function ComparisonSamples({
  comparison,
  mode,
  onMode,
  sourceFiles,
}: {
  readonly comparison: Comparison;
  readonly mode: SampleMode;
  readonly onMode: (mode: SampleMode) => void;
  /** Logs at hand from this session, so transcripts open without picking the file again. */
  readonly sourceFiles: Map<string, File>;
}) {
  const [search, setSearch] = useState('');
  const [sorting, setSorting] = useState<SortingState>([]);
  const [grouping, setGrouping] = useState<GroupingState>([]);
  const [expanded, setExpanded] = useState<ExpandedState>(true);
  const [pinning, setPinning] = useState<ColumnPinningState>({ start: ['sample'], end: [] });
  const [visibility, setVisibility] = useState<ColumnVisibilityState>({});
  // The selected row's id, and where it was: finding a row among 100,000 on every frame would stall scrolling.
  const [selection, setSelection] = useState<{ readonly id: string; readonly index: number } | undefined>();
  const scrollRef = useRef<HTMLDivElement>(null);
  const runs = comparison.runs;

  const columns = useMemo(
    () => column.columns([
      column.accessor('task', { id: 'task', header: 'Task', size: 200, sortFn: 'text', enableGrouping: true }),
      column.accessor((s) => String(s.id), { id: 'sample', header: 'Sample', size: 170, sortFn: 'text', filterFn: 'sampleOrTask', enableGrouping: false }),
      // Hidden: what "only disagreements" and "only errors" filter on.
      column.accessor((s) => s.disagree, { id: 'state', header: 'State', size: 0, filterFn: 'showOnly', enableSorting: false, enableGrouping: false, enableHiding: false }),
      column.accessor('epoch', { id: 'epoch', header: 'Epoch', size: 56, sortFn: 'basic', enableGrouping: false }),
      ...runs.flatMap((_, i) => [
        column.accessor((s) => {
          const score = primaryScore(comparison, s, i);
          // Sorts as numbers where Inspect's grades map to them; missing scores sort last.
          return score ? (scoreToNumber(score.value) ?? Number.NEGATIVE_INFINITY) : Number.NEGATIVE_INFINITY;
        }, { id: `score-${i}`, header: `${runLetter(i)} score`, size: 72, sortFn: 'basic', enableGrouping: false }),
        column.accessor((s) => primaryScore(comparison, s, i)?.answer ?? '', { id: `answer-${i}`, header: `${runLetter(i)} answer`, size: 200, sortFn: 'text', enableGrouping: false }),
        column.accessor((s) => problemOf(s.cells[i]), {
          id: `error-${i}`,
          header: `${runLetter(i)} error`,
          size: 150,
          sortFn: 'text',
          enableGrouping: false,
        }),
      ]),
    ]),
    [comparison, runs],
  );

  // The table filters its own rows (kept once, whatever the filter), then sorts and groups them.
  const needle = search.trim().toLowerCase();
  const columnFilters = useMemo<ColumnFiltersState>(() => [{ id: 'state', value: mode }, ...(needle === '' ? [] : [{ id: 'sample', value: needle }])], [mode, needle]);
  const data = comparison.samples;
  const columnVisibility = useMemo(() => ({ ...visibility, state: false }), [visibility]);

  const table = useTable({
    features: FEATURES,
    columns,
    data,
    getRowId: (s) => String(s.index),
    state: { sorting, grouping, expanded, columnPinning: pinning, columnVisibility, columnFilters },
    onSortingChange: setSorting,
    onGroupingChange: setGrouping,
    onExpandedChange: setExpanded,
    onColumnPinningChange: setPinning,
    onColumnVisibilityChange: setVisibility,
    groupedColumnMode: false,
    // Grouping rebuilds the rows; every group stays open unless the reviewer closes it.
    autoResetExpanded: false,
  });
  const rows = table.getRowModel().rows;
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => ROW_HEIGHT, overscan: 16 });
  const leafColumns = [...table.getStartLeafColumns(), ...table.getCenterLeafColumns()].filter((c) => c.getIsVisible());
  const offsets = new Map<string, number>();
  let left = 0;
  for (const c of table.getStartLeafColumns().filter((c) => c.getIsVisible())) {
    offsets.set(c.id, left);
    left += c.getSize();
  }
  const width = leafColumns.reduce((n, c) => n + c.getSize(), 0) + 16;
  const selected = selection?.id;
  const selectedIndex = !selection ? -1 : rows[selection.index]?.id === selection.id ? selection.index : rows.findIndex((r) => r.id === selection.id);
  const selectedSample = selectedIndex >= 0 ? rows[selectedIndex]?.original : undefined;

  function move(to: number) {
    const index = Math.max(0, Math.min(rows.length - 1, to));
    const row = rows[index];
    if (!row) return;
    setSelection({ id: row.id, index });
    virtualizer.scrollToIndex(index);
  }

  function onGridKey(event: KeyboardEvent<HTMLDivElement>) {
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 280) / ROW_HEIGHT) - 1);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, j: 1, k: -1 };
    const step = steps[event.key];
    if (step !== undefined) move((selectedIndex < 0 ? (step > 0 ? -1 : rows.length) : selectedIndex) + step);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(rows.length - 1);
    else if (event.key === 'Enter' && selectedIndex >= 0) rows[selectedIndex]?.getToggleExpandedHandler()();
    else return;
    event.preventDefault();
  }

  const cellStyle = (id: string, size: number): React.CSSProperties => {
    const pinnedAt = offsets.get(id);
    return pinnedAt === undefined ? { width: size } : { width: size, position: 'sticky', left: pinnedAt, zIndex: 1 };
  };
  const hideable = table.getAllLeafColumns().filter((c) => c.id !== 'sample' && c.getCanHide());
  const disagreements = useMemo(() => comparison.samples.reduce((n, s) => n + (s.disagree ? 1 : 0), 0), [comparison]);

  return (
    <section className="compare-samples" aria-label="Samples across the runs">
      <div className="samples__toolbar compare-samples__toolbar">
        <label>
          Show{' '}
          <select value={mode} onChange={(e) => onMode(e.target.value as SampleMode)}>
            {Object.entries(SAMPLE_MODES).map(([key, label]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <input type="search" data-shortcut-search placeholder="Sample id or task (/)" aria-label="Search samples by id or task" value={search} onChange={(e) => setSearch(e.target.value)} />
        <label className="checkbox">
          <input type="checkbox" checked={grouping.includes('task')} onChange={(e) => setGrouping(e.target.checked ? ['task'] : [])} /> Group by task
        </label>
        <details className="column-menu">
          <summary>Columns</summary>
          <div className="column-menu__body">
            {hideable.map((c) => (
              <label key={c.id} className="checkbox">
                <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} /> {typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id}
              </label>
            ))}
            <hr />
            {['sample', 'task', ...runs.map((_, i) => `score-${i}`)].map((id) => {
              const c = table.getColumn(id);
              if (!c) return null;
              return (
                <label key={`pin-${id}`} className="checkbox">
                  <input type="checkbox" checked={c.getIsPinned() === 'start'} onChange={(e) => c.pin(e.target.checked ? 'start' : false)} /> Pin {typeof c.columnDef.header === 'string' ? c.columnDef.header : id}
                </label>
              );
            })}
          </div>
        </details>
        <span className="muted" role="status">
          {`${table.getFilteredRowModel().rows.length.toLocaleString('en-US')} of ${comparison.samples.length.toLocaleString('en-US')} samples; ${disagreements.toLocaleString('en-US')} disagree`}
        </span>
      </div>
      <div
        ref={scrollRef}
        className="compare-samples__scroll"
        role="grid"
        aria-label="Samples across the runs"
        aria-rowcount={rows.length + 1}
        aria-colcount={leafColumns.length}
        aria-activedescendant={selectedIndex >= 0 ? rowDomId(selected ?? '') : undefined}
        tabIndex={0}
        onKeyDown={onGridKey}
        // Rows are chosen by click as well as by keys; one handler on the grid serves them all.
        onClick={(event) => {
          const row = (event.target as HTMLElement).closest<HTMLElement>('[data-row-id]')?.dataset;
          if (row?.rowId !== undefined) setSelection({ id: row.rowId, index: Number(row.rowIndex) });
        }}
      >
        <div className="compare-samples__row compare-samples__row--head" role="row" aria-rowindex={1} style={{ width }}>
          {leafColumns.map((c) => {
            const sorted = c.getIsSorted();
            return (
              <div key={c.id} role="columnheader" className={offsets.has(c.id) ? 'is-pinned' : undefined} style={cellStyle(c.id, c.getSize())} aria-sort={sorted === 'asc' ? 'ascending' : sorted === 'desc' ? 'descending' : undefined}>
                <button type="button" className="sort-button" onClick={c.getToggleSortingHandler()}>
                  {typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id}
                  <span className="sort-indicator" aria-hidden="true">
                    {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                  </span>
                </button>
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (!row) return null;
            const style = { transform: `translateY(${item.start}px)`, height: ROW_HEIGHT, width };
            if (row.getIsGrouped()) {
              const count = row.getLeafRows().length;
              const disagree = row.getLeafRows().filter((r) => r.original.disagree).length;
              return (
                <div key={row.id} id={rowDomId(row.id)} role="row" aria-rowindex={item.index + 2} className={`compare-samples__row compare-samples__row--group${row.id === selected ? ' is-selected' : ''}`} style={style} data-row-id={row.id} data-row-index={item.index}>
                  <div role="gridcell" className="compare-samples__group-cell">
                    <button type="button" className="link-button" onClick={row.getToggleExpandedHandler()} aria-expanded={row.getIsExpanded()} aria-label={`Samples of ${String(row.groupingValue)}`}>
                      {row.getIsExpanded() ? '▾' : '▸'}
                    </button>{' '}
                    <strong>{String(row.groupingValue)}</strong> <span className="muted">{`${count.toLocaleString('en-US')} samples, ${disagree.toLocaleString('en-US')} disagree`}</span>
                  </div>
                </div>
              );
            }
            const sample = row.original;
            return (
              <div
                key={row.id}
                id={rowDomId(row.id)}
                role="row"
                aria-rowindex={item.index + 2}
                aria-selected={row.id === selected}
                className={`compare-samples__row${row.id === selected ? ' is-selected' : ''}${sample.disagree ? ' is-disagreement' : ''}`}
                style={style}
                data-row-id={row.id}
                data-row-index={item.index}
              >
                {leafColumns.map((c) => (
                  <div key={c.id} role="gridcell" className={offsets.has(c.id) ? 'is-pinned' : undefined} style={cellStyle(c.id, c.getSize())}>
                    {renderCell(comparison, sample, c.id)}
                  </div>
                ))}
              </div>
            );
          })}
        </div>
      </div>
      {selectedSample && <SampleSideBySide comparison={comparison} sample={selectedSample} sourceFiles={sourceFiles} />}
    </section>
  );
}

/** A sample's error, or the limit it hit, as one line. */
function problemOf(cell: SampleRow | undefined): string {
  if (!cell) return '';
  return cell.error ?? (cell.limit === null ? '' : `limit: ${cell.limit}`);
}

function rowDomId(key: string): string {
  return `compare-row-${encodeURIComponent(key).replace(/%/g, '_')}`;
}

function renderCell(comparison: Comparison, sample: JoinedSample, id: string): ReactNode {
  if (id === 'task') return <span className="ellipsis" title={sample.task}>{sample.task}</span>;
  if (id === 'sample') return <span className="mono ellipsis" title={String(sample.id)}>{String(sample.id)}</span>;
  if (id === 'epoch') return sample.epoch;
  const [kind, index] = id.split('-');
  const run = Number(index);
  const cell = sample.cells[run];
  if (!cell) return <span className="muted">—</span>;
  const score = primaryScore(comparison, sample, run);
  if (kind === 'score') return score ? <span className={`score ${scoreClass(score)}`}>{formatScore(score.value)}</span> : <span className="muted">—</span>;
  if (kind === 'answer') return <span className="mono ellipsis" title={score?.answer ?? ''}>{score?.answer ?? ''}</span>;
  const problem = problemOf(cell);
  return <span className="ellipsis sample-error" title={problem}>{problem}</span>;
}
