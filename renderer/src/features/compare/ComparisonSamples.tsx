import {
  columnPinningFeature,
  columnSizingFeature,
  columnVisibilityFeature,
  createColumnHelper,
  rowSortingFeature,
  sortFn_basic,
  sortFn_text,
  tableFeatures,
  useTable,
  type ColumnPinningState,
  type ColumnVisibilityState,
  type SortingState,
} from '@tanstack/react-table';
import { memo, useMemo, useState, type KeyboardEvent } from 'react';
import { runLetter, type Comparison, type JoinedSample } from '../../../../shared/compare/comparison.js';
import { sortedSamples, viewRows, type SampleMode, type SampleViewRow, type TaskGroupRow } from '../../../../shared/compare/sample-order.js';
import type { SampleRow } from '../../../../shared/results/benchmark-run.js';
import { ScoreKind, formatIndexedScore } from '../../../../shared/results/sample-index.js';
import { useServices } from '../../app/services.js';
import { GRID_ROW_HEIGHT, useVirtualRows } from '../../ui/use-virtual-rows.js';
import { useRowCache, type RowCache } from './row-cache.js';
import { SampleSideBySide } from './SampleSideBySide.js';

/**
 * One row per task, sample and epoch, one column group per run: sort, filter, group by task,
 * pin and hide columns, and only the rows where the runs disagree or failed. A hundred thousand
 * rows scroll smoothly because only those in view are rendered; the rows are the comparison's
 * own, pointing at each run's stored samples rather than copying them.
 */

export type { SampleMode };
export const SAMPLE_MODES: Readonly<Record<SampleMode, string>> = { all: 'All samples', disagree: 'Only disagreements', errors: 'Only errors' };

/**
 * The table's columns and their state (sorting, visibility, pinning); the rows themselves are
 * ordered by orderSamples over the runs' score columns. TanStack's own row models allocate
 * per row and take 100 to 200 ms to re-sort 100,000 samples; the typed-array sort takes a few tens.
 */
const FEATURES = tableFeatures({
  rowSortingFeature,
  columnVisibilityFeature,
  columnPinningFeature,
  columnSizingFeature,
  sortFns: { text: sortFn_text, basic: sortFn_basic },
});
type Features = typeof FEATURES;
const column = createColumnHelper<Features, JoinedSample>();

const ROW_HEIGHT = GRID_ROW_HEIGHT;

/** The main score of a sample in one run, from the run's score columns. */
export interface IndexedScore {
  readonly value: number;
  readonly kind: number;
}

/** For each run, a reader of its main scorer's column. */
function primaryScores(indexes: Comparison['indexes'], primaryScorers: Comparison['primaryScorers']): ((sample: JoinedSample) => IndexedScore | null)[] {
  return indexes.map((index, i) => {
    const column = index ? index.scorers.indexOf(primaryScorers[i] ?? '') : -1;
    const values = index?.scores[column];
    const kinds = index?.kinds[column];
    return (sample) => {
      const position = sample.positions[i] ?? -1;
      if (!values || !kinds || position < 0) return null;
      return { value: values[position] ?? Number.NaN, kind: kinds[position] ?? ScoreKind.None };
    };
  });
}

/** Pass and fail read alike whether the log wrote C/I or 1/0. */
export function scoreClass(score: IndexedScore): string {
  if (score.kind === ScoreKind.None || Number.isNaN(score.value)) return 'score--nan';
  return score.value === 1 ? 'score--correct' : score.value === 0 ? 'score--incorrect' : 'score--other';
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
  const [groupByTask, setGroupByTask] = useState(false);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const [pinning, setPinning] = useState<ColumnPinningState>({ start: ['sample'], end: [] });
  // Beyond three runs, answers and errors start hidden: scores side by side are what can be read
  // across that many, and the selected sample shows each run's answer below.
  const [visibility, setVisibility] = useState<ColumnVisibilityState>(() =>
    comparison.runs.length > 3 ? Object.fromEntries(comparison.runs.flatMap((_, i) => [[`answer-${i}`, false], [`error-${i}`, false]])) : {},
  );
  // The selected row's key, and where it was: finding a row among 100,000 on every frame would stall scrolling.
  const [selection, setSelection] = useState<{ readonly id: string; readonly index: number } | undefined>();
  const runs = comparison.runs;
  const { results } = useServices();
  const { cache, version: cacheVersion } = useRowCache(results, comparison);
  const { samples, indexes, primaryScorers } = comparison;
  const scores = useMemo(() => primaryScores(indexes, primaryScorers), [indexes, primaryScorers]);

  const columns = useMemo(
    () =>
      column.columns([
        sortable('task', 'Task', 200, false),
        sortable('sample', 'Sample', 170, false),
        sortable('epoch', 'Epoch', 56, false),
        ...runs.flatMap((_, i) => [
          // Scores and errors sort highest (and errors) first on the first click.
          sortable(`score-${i}`, `${runLetter(i)} score`, 84, true),
          // Answers are fetched for the rows on screen only, so they cannot sort.
          column.display({ id: `answer-${i}`, header: `${runLetter(i)} answer`, size: 200, enableSorting: false }),
          sortable(`error-${i}`, `${runLetter(i)} error`, 150, true),
        ]),
      ]),
    [runs],
  );

  const needle = search.trim().toLowerCase();
  const sort = sorting[0];
  // Sorted once per sort; a filter or search then only walks that order.
  const sorted = useMemo(() => sortedSamples({ samples, indexes, primaryScorers }, sort ? { column: sort.id, desc: sort.desc } : null), [samples, indexes, primaryScorers, sort]);
  const ordered = useMemo(
    () => viewRows({ samples, indexes, primaryScorers }, sorted, { mode, needle, groupByTask, collapsed }),
    [samples, indexes, primaryScorers, sorted, mode, needle, groupByTask, collapsed],
  );
  const rows = ordered.rows;

  const table = useTable({
    features: FEATURES,
    columns,
    data: NO_ROWS,
    state: { sorting, columnPinning: pinning, columnVisibility: visibility },
    onSortingChange: setSorting,
    onColumnPinningChange: setPinning,
    onColumnVisibilityChange: setVisibility,
    // The rows are ordered above, from the score columns.
    manualSorting: true,
    enableSorting: true,
    enableMultiSort: false,
  });
  // The header row sits in the scroller above the rows: the rows start one row down, and a row
  // scrolled to must not hide beneath the header.
  const { scrollRef, virtualizer } = useVirtualRows(rows.length, { overscan: 8, scrollMargin: ROW_HEIGHT, scrollPaddingStart: ROW_HEIGHT });
  const leafColumns = [...table.getStartLeafColumns(), ...table.getCenterLeafColumns()].filter((c) => c.getIsVisible());
  const pinnedIds = table.getStartLeafColumns().filter((c) => c.getIsVisible()).map((c) => c.id);
  // The cells' layout changes only when columns are hidden or pinned: rows compare it by identity.
  const layoutKey = `${leafColumns.map((c) => `${c.id}:${c.getSize()}`).join(',')}|${pinnedIds.join(',')}`;
  const layout = useMemo(() => cellLayout(layoutKey), [layoutKey]);
  const offsets = new Map(layout.filter((c) => c.left !== null).map((c) => [c.id, c.left ?? 0]));
  const width = layout.reduce((n, c) => n + c.size, 0) + 16;
  const selected = selection?.id;
  // Where the selection is now: where it was, unless the rows were re-sorted or filtered since.
  const selectedIndex = useMemo(
    () => (!selection ? -1 : rowKey(rows[selection.index]) === selection.id ? selection.index : rows.findIndex((r) => rowKey(r) === selection.id)),
    [rows, selection],
  );
  const selectedRow = rows[selectedIndex];
  const selectedSample = typeof selectedRow === 'number' ? comparison.samples[selectedRow] : undefined;

  function move(to: number) {
    const index = Math.max(0, Math.min(rows.length - 1, to));
    const row = rows[index];
    if (row === undefined) return;
    setSelection({ id: rowKey(row), index });
    virtualizer.scrollToIndex(index);
  }

  function toggleGroup(task: string) {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(task)) next.add(task);
      return next;
    });
  }

  function onGridKey(event: KeyboardEvent<HTMLDivElement>) {
    // Keys pressed on a control inside the grid (a sort button, a group's toggle) are the control's.
    if (event.target !== event.currentTarget) return;
    const page = Math.max(1, Math.floor((scrollRef.current?.clientHeight ?? 280) / ROW_HEIGHT) - 1);
    const steps: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page, j: 1, k: -1 };
    const step = steps[event.key];
    if (step !== undefined) move((selectedIndex < 0 ? (step > 0 ? -1 : rows.length) : selectedIndex) + step);
    else if (event.key === 'Home') move(0);
    else if (event.key === 'End') move(rows.length - 1);
    else if (event.key === 'Enter' && typeof selectedRow === 'object') toggleGroup(selectedRow.task);
    else return;
    event.preventDefault();
  }

  const cellStyle = (id: string, size: number): React.CSSProperties => {
    const pinnedAt = offsets.get(id);
    return pinnedAt === undefined ? { width: size } : { width: size, position: 'sticky', left: pinnedAt, zIndex: 1 };
  };
  const hideable = table.getAllLeafColumns().filter((c) => c.id !== 'sample');
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
          <input type="checkbox" checked={groupByTask} onChange={(e) => setGroupByTask(e.target.checked)} /> Group by task
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
          {`${ordered.matching.toLocaleString('en-US')} of ${comparison.samples.length.toLocaleString('en-US')} samples; ${disagreements.toLocaleString('en-US')} disagree`}
        </span>
      </div>
      <div
        ref={scrollRef}
        className="compare-samples__scroll"
        role="grid"
        aria-label="Samples across the runs"
        aria-rowcount={rows.length + 1}
        aria-colcount={leafColumns.length}
        // Only while the selected row is drawn: rows scrolled far away are not in the document.
        aria-activedescendant={selectedIndex >= 0 && virtualizer.getVirtualItems().some((item) => item.index === selectedIndex) ? rowDomId(selected ?? '') : undefined}
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
                {c.getCanSort() ? (
                  <button type="button" className="sort-button" onClick={c.getToggleSortingHandler()}>
                    {typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id}
                    <span className="sort-indicator" aria-hidden="true">
                      {sorted === 'asc' ? '▲' : sorted === 'desc' ? '▼' : ''}
                    </span>
                  </button>
                ) : typeof c.columnDef.header === 'string' ? (
                  c.columnDef.header
                ) : (
                  c.id
                )}
              </div>
            );
          })}
        </div>
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative', width }}>
          {virtualizer.getVirtualItems().map((item) => {
            const row = rows[item.index];
            if (row === undefined) return null;
            const key = rowKey(row);
            if (typeof row === 'object') {
              return <GroupGridRow key={key} group={row} rowId={key} index={item.index} start={item.start - ROW_HEIGHT} width={width} selected={key === selected} onToggle={toggleGroup} />;
            }
            const sample = comparison.samples[row];
            if (!sample) return null;
            return (
              <SampleGridRow
                key={key}
                sample={sample}
                rowId={key}
                index={item.index}
                start={item.start - ROW_HEIGHT}
                width={width}
                selected={key === selected}
                layout={layout}
                scores={scores}
                cache={cache}
                cacheVersion={cacheVersion}
              />
            );
          })}
        </div>
      </div>
      {selectedSample && <SampleSideBySide comparison={comparison} sample={selectedSample} sourceFiles={sourceFiles} cache={cache} />}
    </section>
  );
}

const NO_ROWS: JoinedSample[] = [];

/**
 * A column the reviewer can sort by. The table never reads its value (the rows are ordered by
 * orderSamples); the accessor only marks it sortable, and the first direction is set, not guessed.
 */
function sortable(id: string, header: string, size: number, descFirst: boolean) {
  return column.accessor(() => null, { id, header, size, sortDescFirst: descFirst });
}

/** A stable key for a row of the view: the sample's position, or the task of a group heading. */
function rowKey(row: SampleViewRow | undefined): string {
  return row === undefined ? '' : typeof row === 'number' ? String(row) : `task:${row.task}`;
}

function GroupGridRow({ group, rowId, index, start, width, selected, onToggle }: { readonly group: TaskGroupRow; readonly rowId: string; readonly index: number; readonly start: number; readonly width: number; readonly selected: boolean; readonly onToggle: (task: string) => void }) {
  return (
    <div id={rowDomId(rowId)} role="row" aria-rowindex={index + 2} className={`compare-samples__row compare-samples__row--group${selected ? ' is-selected' : ''}`} style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT, width }} data-row-id={rowId} data-row-index={index}>
      <div role="gridcell" className="compare-samples__group-cell">
        <button type="button" className="link-button" onClick={() => onToggle(group.task)} aria-expanded={group.expanded} aria-label={`Samples of ${group.task}`}>
          {group.expanded ? '▾' : '▸'}
        </button>{' '}
        <strong>{group.task}</strong> <span className="muted">{`${group.samples.toLocaleString('en-US')} samples, ${group.disagree.toLocaleString('en-US')} disagree`}</span>
      </div>
    </div>
  );
}

/** Where each visible column sits: its width, and for a pinned column its offset from the left. */
interface CellLayout {
  readonly id: string;
  readonly size: number;
  readonly left: number | null;
}

function cellLayout(key: string): CellLayout[] {
  const [columns = '', pinned = ''] = key.split('|');
  const pinnedIds = pinned === '' ? [] : pinned.split(',');
  let left = 0;
  return columns.split(',').map((entry) => {
    const [id = '', size = '0'] = entry.split(':');
    const width = Number(size);
    const at = pinnedIds.includes(id) ? left : null;
    if (at !== null) left += width;
    return { id, size: width, left: at };
  });
}

interface SampleGridRowProps {
  readonly sample: JoinedSample;
  readonly rowId: string;
  readonly index: number;
  readonly start: number;
  readonly width: number;
  readonly selected: boolean;
  readonly layout: readonly CellLayout[];
  readonly scores: readonly ((sample: JoinedSample) => IndexedScore | null)[];
  readonly cache: RowCache;
  /** Changes when fetched rows arrive, so a row waiting for its answers draws them. */
  readonly cacheVersion: number;
}

/**
 * One sample's row. Memoized: while the grid scrolls, the rows that stay in view keep their
 * props and are not drawn again; only those scrolling in are.
 */
const SampleGridRow = memo(function SampleGridRow({ sample, rowId, index, start, width, selected, layout, scores, cache }: SampleGridRowProps) {
  return (
    <div
      id={rowDomId(rowId)}
      role="row"
      aria-rowindex={index + 2}
      aria-selected={selected}
      className={`compare-samples__row${selected ? ' is-selected' : ''}${sample.disagree ? ' is-disagreement' : ''}`}
      style={{ transform: `translateY(${start}px)`, height: ROW_HEIGHT, width }}
      data-row-id={rowId}
      data-row-index={index}
    >
      {layout.map((c) => {
        const content = cellContent(sample, c.id, scores, cache);
        return (
          <div
            key={c.id}
            role="gridcell"
            className={c.left === null ? content.className : `${content.className} is-pinned`}
            title={content.title}
            style={c.left === null ? { width: c.size } : { width: c.size, position: 'sticky', left: c.left, zIndex: 1 }}
          >
            {content.text}
          </div>
        );
      })}
    </div>
  );
});

function rowDomId(key: string): string {
  return `compare-row-${encodeURIComponent(key).replace(/%/g, '_')}`;
}

/** A cell's text and look: drawn as the cell itself, with no element inside, to keep rows light. */
interface CellContent {
  readonly text: string;
  readonly className: string;
  readonly title?: string;
}

function cellContent(sample: JoinedSample, id: string, scores: readonly ((sample: JoinedSample) => IndexedScore | null)[], cache: RowCache): CellContent {
  if (id === 'task') return { text: sample.task, className: 'ellipsis', title: sample.task };
  if (id === 'sample') return { text: String(sample.id), className: 'mono ellipsis', title: String(sample.id) };
  if (id === 'epoch') return { text: String(sample.epoch), className: '' };
  const [kind, index] = id.split('-');
  const run = Number(index);
  const position = sample.positions[run] ?? -1;
  if (position < 0) return { text: '—', className: 'muted' };
  if (kind === 'score') {
    const score = scores[run]?.(sample);
    return score ? { text: formatIndexedScore(score.kind, score.value), className: `score ${scoreClass(score)}` } : { text: '—', className: 'muted' };
  }
  const row = cache.row(run, position);
  if (row === undefined) return { text: '…', className: 'muted' };
  if (row === null) return { text: 'could not be read', className: 'muted' };
  if (kind === 'answer') {
    const answer = answerOf(row, cache.scorerOf(run));
    return { text: answer, className: 'mono ellipsis', title: answer };
  }
  const problem = problemOf(row);
  return { text: problem, className: 'ellipsis sample-error', title: problem };
}

/** The answer a run's main scorer recorded for a sample, or the first any scorer did. */
export function answerOf(row: SampleRow, scorer: string | null): string {
  return (scorer === null ? undefined : row.scores[scorer]?.answer) ?? Object.values(row.scores)[0]?.answer ?? '';
}

/** A sample's error, or the limit it hit, as one line. */
export function problemOf(row: SampleRow): string {
  return row.error ?? (row.limit === null ? '' : `limit: ${row.limit}`);
}
