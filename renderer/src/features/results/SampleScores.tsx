import { useMemo, useState } from 'react';
import { isScored } from '../../../../shared/inspect/sample-rows.js';
import type { BenchmarkRun, SampleRow } from '../../../../shared/results/benchmark-run.js';
import { useServices } from '../../app/services.js';
import { useSampleRows } from '../../data/hooks.js';
import { TranscriptDialog } from './TranscriptDialog.js';
import { formatScore } from './format-results.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { VirtualRowGroup } from '../../ui/VirtualRowGroup.js';
import { useVirtualRows } from '../../ui/use-virtual-rows.js';
import './results.css';

type SampleFilter = 'all' | 'scored' | 'unscored' | 'errored' | 'limited';
const FILTERS: Readonly<Record<SampleFilter, { label: string; test: (row: SampleRow) => boolean }>> = {
  all: { label: 'All samples', test: () => true },
  scored: { label: 'Scored', test: isScored },
  unscored: { label: 'Unscored (NaN)', test: (row) => !isScored(row) },
  errored: { label: 'Errors', test: (row) => row.error !== null },
  limited: { label: 'Hit a limit', test: (row) => row.limit !== null },
};

/**
 * A run's per-sample scores. Runs can hold a hundred thousand samples, so only the rows in view
 * are rendered; the transcript of a sample opens on demand from the source file.
 */
export function SampleScores({
  run,
  initialSearch = '',
  sourceFile,
  onSourceFile,
}: {
  readonly run: BenchmarkRun;
  /** What the search box starts with, e.g. the sample a finding cites. */
  readonly initialSearch?: string;
  readonly sourceFile: File | undefined;
  readonly onSourceFile: (file: File) => void;
}) {
  const { results } = useServices();
  const rows = useSampleRows(results, run.id);
  const [filter, setFilter] = useState<SampleFilter>('all');
  const [text, setText] = useState(initialSearch);
  const [open, setOpen] = useState<SampleRow | undefined>();
  const scorers = run.scorers.length > 0 ? run.scorers : [...new Set((rows ?? []).flatMap((r) => Object.keys(r.scores)))];
  const visible = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return (rows ?? []).filter((row) => FILTERS[filter].test(row) && (needle === '' || String(row.id).toLowerCase().includes(needle)));
  }, [rows, filter, text]);
  const virtualRows = useVirtualRows(visible.length);
  const columns = `minmax(120px, 2fr) 56px repeat(${scorers.length}, minmax(64px, 1fr)) minmax(120px, 2fr) minmax(100px, 1.5fr) 96px`;

  return (
    <section className="samples" aria-labelledby="samples-title">
      <div className="samples__toolbar">
        <h3 id="samples-title" className="section-title">
          Samples of {run.source.fileName}
        </h3>
        <label>
          Show{' '}
          <select value={filter} onChange={(e) => setFilter(e.target.value as SampleFilter)}>
            {Object.entries(FILTERS).map(([key, { label }]) => (
              <option key={key} value={key}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <input type="search" placeholder="Sample id" aria-label="Filter samples by id" value={text} onChange={(e) => setText(e.target.value)} />
        <span className="muted" role="status">
          {rows === undefined ? 'Loading…' : `${visible.length.toLocaleString('en-US')} of ${rows.length.toLocaleString('en-US')}`}
        </span>
      </div>
      <div className="samples__grid" role="table" aria-label={`Sample scores of ${run.source.fileName}`} aria-rowcount={visible.length + 1}>
        <div className="samples__row samples__row--head" role="row" style={{ gridTemplateColumns: columns }}>
          <span role="columnheader">Sample</span>
          <span role="columnheader">Epoch</span>
          {scorers.map((s) => (
            <span role="columnheader" key={s}>
              {s}
            </span>
          ))}
          <span role="columnheader">Answer</span>
          <span role="columnheader">Error / limit</span>
          <span role="columnheader">
            <span className="visually-hidden">Transcript</span>
          </span>
        </div>
        <VirtualRowGroup
          {...virtualRows}
          items={visible}
          className="samples__scroll"
          row={(row, index, placed) => (
            <div
              key={index}
              role="row"
              aria-rowindex={index + 2}
              className="samples__row"
              style={{ gridTemplateColumns: columns, ...placed }}
            >
              <span role="cell" className="mono" title={String(row.id)}>
                {String(row.id)}
              </span>
              <span role="cell">{row.epoch}</span>
              {scorers.map((s) => {
                const score = row.scores[s];
                const text = score ? formatScore(score.value) : '—';
                return (
                  <span role="cell" key={s} className={`score score--${text === 'C' ? 'correct' : text === 'I' ? 'incorrect' : text === 'NaN' ? 'nan' : 'other'}`}>
                    {text}
                  </span>
                );
              })}
              <span role="cell" className="mono ellipsis" title={Object.values(row.scores)[0]?.answer ?? ''}>
                {Object.values(row.scores)[0]?.answer ?? ''}
              </span>
              <span role="cell" className="ellipsis sample-error" title={row.error ?? row.limit ?? ''}>
                {row.error ?? (row.limit ? `limit: ${row.limit}` : '')}
              </span>
              <span role="cell">
                {row.transcript && (
                  <LinkButton onClick={() => setOpen(row)} label={`Open the transcript of sample ${String(row.id)} epoch ${row.epoch}`}>
                    Transcript
                  </LinkButton>
                )}
              </span>
            </div>
          )}
        />
      </div>
      {open && <TranscriptDialog run={run} row={open} sourceFile={sourceFile} onSourceFile={onSourceFile} onClose={() => setOpen(undefined)} />}
    </section>
  );
}
