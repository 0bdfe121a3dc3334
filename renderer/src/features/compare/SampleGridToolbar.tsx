import type { SampleMode } from '../../../../shared/compare/sample-order.js';
import './compare.css';

const SAMPLE_MODES: Readonly<Record<SampleMode, string>> = { all: 'All samples', disagree: 'Only disagreements', errors: 'Only errors' };

/** What the column menu needs of a column of the samples' table. */
interface MenuColumn {
  readonly id: string;
  readonly columnDef: { readonly header?: unknown };
  getIsVisible(): boolean;
  getToggleVisibilityHandler(): (event: unknown) => void;
  getIsPinned(): false | 'start' | 'end';
  pin(position: 'start' | false): void;
}

interface SampleGridToolbarProps {
  readonly mode: SampleMode;
  readonly onMode: (mode: SampleMode) => void;
  readonly search: string;
  readonly onSearch: (search: string) => void;
  readonly groupByTask: boolean;
  readonly onGroupByTask: (group: boolean) => void;
  /** Columns the reviewer may hide, and those that may be pinned to the left. */
  readonly hideable: readonly MenuColumn[];
  readonly pinnable: readonly MenuColumn[];
  /** How many samples match, of how many, and how many disagree. */
  readonly summary: string;
}

const label = (c: MenuColumn) => (typeof c.columnDef.header === 'string' ? c.columnDef.header : c.id);

/** Which samples show, the search, grouping by task, the columns shown and pinned, and the count. */
export function SampleGridToolbar({ mode, onMode, search, onSearch, groupByTask, onGroupByTask, hideable, pinnable, summary }: SampleGridToolbarProps) {
  return (
    <div className="samples__toolbar compare-samples__toolbar">
      <label>
        Show{' '}
        <select value={mode} onChange={(e) => onMode(e.target.value as SampleMode)}>
          {Object.entries(SAMPLE_MODES).map(([key, text]) => (
            <option key={key} value={key}>
              {text}
            </option>
          ))}
        </select>
      </label>
      <input type="search" data-shortcut-search placeholder="Sample id or task (/)" aria-label="Search samples by id or task" value={search} onChange={(e) => onSearch(e.target.value)} />
      <label className="checkbox">
        <input type="checkbox" checked={groupByTask} onChange={(e) => onGroupByTask(e.target.checked)} /> Group by task
      </label>
      <details className="column-menu">
        <summary>Columns</summary>
        <div className="column-menu__body">
          {hideable.map((c) => (
            <label key={c.id} className="checkbox">
              <input type="checkbox" checked={c.getIsVisible()} onChange={c.getToggleVisibilityHandler()} /> {label(c)}
            </label>
          ))}
          <hr />
          {pinnable.map((c) => (
            <label key={`pin-${c.id}`} className="checkbox">
              <input type="checkbox" checked={c.getIsPinned() === 'start'} onChange={(e) => c.pin(e.target.checked ? 'start' : false)} /> Pin {label(c)}
            </label>
          ))}
        </div>
      </details>
      <span className="muted" role="status">
        {summary}
      </span>
    </div>
  );
}
