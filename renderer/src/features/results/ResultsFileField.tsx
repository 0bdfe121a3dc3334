import { useState } from 'react';
import type { Chosen } from './use-chosen-results.js';
import './results.css';

/** Where the results file is chosen, or dropped, and what was chosen. */
export function ResultsFileField({
  chosen,
  reading,
  disabled,
  onChoose,
  onPick,
}: {
  readonly chosen: Chosen | undefined;
  readonly reading: boolean;
  readonly disabled: boolean;
  readonly onChoose: (file: File | undefined) => void;
  /** The desktop app's own file dialog, whose logs its intake process reads; absent in a browser. */
  readonly onPick?: () => void;
}) {
  const [dragging, setDragging] = useState(false);
  return (
    // Dropping is a shortcut; the file input inside is the accessible way to choose.
    // eslint-disable-next-line jsx-a11y/no-static-element-interactions
    <div
      className={`dropzone ${dragging ? 'dropzone--over' : ''}`}
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (!disabled) onChoose(e.dataTransfer.files[0]);
      }}
    >
      <label>
        Results file <span className="muted">(Inspect .eval or .json log; results table as .csv or .json)</span>
        <input type="file" accept=".eval,.json,.csv,.tsv,.txt" disabled={disabled} onChange={(e) => onChoose(e.target.files?.[0])} />
      </label>
      {onPick && (
        <button type="button" disabled={disabled} onClick={onPick}>
          Choose a log in the file dialog…
        </button>
      )}
      <span className="muted">or drop a file here</span>
      {reading && <p className="import__chosen muted">Reading what the file holds…</p>}
      {chosen && (
        <p className="import__chosen">
          <strong>{chosen.file.name}</strong> · {chosen.file.size.toLocaleString('en-US')} bytes ·{' '}
          {chosen.kind === 'inspect-log'
            ? `Inspect evaluation log${chosen.headline.ok ? ` of ${chosen.headline.value.model}, task ${chosen.headline.value.task}` : ''}`
            : `results table, ${chosen.table.rows.length.toLocaleString('en-US')} rows`}
        </p>
      )}
    </div>
  );
}
