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
} from '@tanstack/react-table';
import { useMemo, useState, type KeyboardEvent } from 'react';
import { runLetter, type Comparison, type JoinedSample } from '../../../../shared/compare/comparison.js';
import type { SampleMode } from '../../../../shared/compare/sample-order.js';
import { useServices } from '../../app/services.js';
import { GRID_ROW_HEIGHT, useVirtualRows } from '../../ui/use-virtual-rows.js';
import { useRowCache } from './row-cache.js';
import { cellLayout, primaryScores, rowDomId, rowKey } from './sample-cells.js';
import { GroupGridRow, SampleGridHeader, SampleGridRow } from './SampleGridRows.js';
import { SampleGridToolbar } from './SampleGridToolbar.js';
import { SampleSideBySide } from './SampleSideBySide.js';
import { useSampleOrder } from './use-sample-order.js';
import './compare.css';

/**
 * One row per task, sample and epoch, one column group per run: sort, filter, group by task,
 * pin and hide columns, and only the rows where the runs disagree or failed. A hundred thousand
 * rows scroll smoothly because only those in view are rendered; the rows are the comparison's
 * own, pointing at each run's stored samples rather than copying them.
 */

export type { SampleMode };

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

interface ComparisonSamplesProps {
  readonly comparison: Comparison;
  readonly mode: SampleMode;
  readonly onMode: (mode: SampleMode) => void;
  /** Logs at hand from this session, so transcripts open without picking the file again. */
  readonly sourceFiles: Map<string, File>;
}

export function ComparisonSamples({ comparison, mode, onMode, sourceFiles }: ComparisonSamplesProps) {
  const order = useSampleOrder(comparison, mode);
  const { rows, toggleGroup } = order;
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
  const { indexes, primaryScorers } = comparison;
  const scores = useMemo(() => primaryScores(indexes, primaryScorers), [indexes, primaryScorers]);

  const columns = useMemo(() => sampleColumns(runs.length), [runs]);

  const table = useTable({
    features: FEATURES,
    columns,
    data: NO_ROWS,
    state: { sorting: order.sorting, columnPinning: pinning, columnVisibility: visibility },
    onSortingChange: order.setSorting,
    onColumnPinningChange: setPinning,
    onColumnVisibilityChange: setVisibility,
    // The rows are ordered by useSampleOrder, from the score columns.
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

  const disagreements = useMemo(() => comparison.samples.reduce((n, s) => n + (s.disagree ? 1 : 0), 0), [comparison]);

  return (
    <section className="compare-samples" aria-label="Samples across the runs">
      <SampleGridToolbar
        mode={mode}
        onMode={onMode}
        search={order.search}
        onSearch={order.setSearch}
        groupByTask={order.groupByTask}
        onGroupByTask={order.setGroupByTask}
        hideable={table.getAllLeafColumns().filter((c) => c.id !== 'sample')}
        pinnable={['sample', 'task', ...runs.map((_, i) => `score-${i}`)].flatMap((id) => table.getColumn(id) ?? [])}
        summary={`${order.matching.toLocaleString('en-US')} of ${comparison.samples.length.toLocaleString('en-US')} samples; ${disagreements.toLocaleString('en-US')} disagree`}
      />
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
        <SampleGridHeader columns={leafColumns} layout={layout} width={width} />
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

/** Task, sample and epoch, then each run's score, answer and error. */
function sampleColumns(runCount: number) {
  return column.columns([
    sortable('task', 'Task', 200, false),
    sortable('sample', 'Sample', 170, false),
    sortable('epoch', 'Epoch', 56, false),
    ...Array.from({ length: runCount }, (_, i) => [
      // Scores and errors sort highest (and errors) first on the first click.
      sortable(`score-${i}`, `${runLetter(i)} score`, 84, true),
      // Answers are fetched for the rows on screen only, so they cannot sort.
      column.display({ id: `answer-${i}`, header: `${runLetter(i)} answer`, size: 200, enableSorting: false }),
      sortable(`error-${i}`, `${runLetter(i)} error`, 150, true),
    ]).flat(),
  ]);
}

/**
 * A column the reviewer can sort by. The table never reads its value (the rows are ordered by
 * orderSamples); the accessor only marks it sortable, and the first direction is set, not guessed.
 */
function sortable(id: string, header: string, size: number, descFirst: boolean) {
  return column.accessor(() => null, { id, header, size, sortDescFirst: descFirst });
}
