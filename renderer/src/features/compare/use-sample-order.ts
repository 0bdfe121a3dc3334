import type { SortingState } from '@tanstack/react-table';
import { useMemo, useState } from 'react';
import type { Comparison } from '../../../../shared/compare/comparison.js';
import { sortedSamples, viewRows, type SampleMode } from '../../../../shared/compare/sample-order.js';

/**
 * The order of a comparison's samples as the reviewer set it: the column sorted by, the search,
 * the grouping by task and which groups are collapsed, over the chosen mode.
 */
export function useSampleOrder(comparison: Comparison, mode: SampleMode) {
  const [search, setSearch] = useState('');
  const [sorting, setSorting] = useState<SortingState>([]);
  const [groupByTask, setGroupByTask] = useState(false);
  const [collapsed, setCollapsed] = useState<ReadonlySet<string>>(new Set());
  const { samples, indexes, primaryScorers } = comparison;
  const needle = search.trim().toLowerCase();
  const sort = sorting[0];
  // Sorted once per sort; a filter or search then only walks that order.
  const sorted = useMemo(() => sortedSamples({ samples, indexes, primaryScorers }, sort ? { column: sort.id, desc: sort.desc } : null), [samples, indexes, primaryScorers, sort]);
  const ordered = useMemo(
    () => viewRows({ samples, indexes, primaryScorers }, sorted, { mode, needle, groupByTask, collapsed }),
    [samples, indexes, primaryScorers, sorted, mode, needle, groupByTask, collapsed],
  );

  function toggleGroup(task: string) {
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(task)) next.add(task);
      return next;
    });
  }

  return { search, setSearch, sorting, setSorting, groupByTask, setGroupByTask, toggleGroup, rows: ordered.rows, matching: ordered.matching };
}
