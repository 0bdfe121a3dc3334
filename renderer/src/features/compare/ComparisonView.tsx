import { useEffect, useState } from 'react';
import { describeRun, runLetter } from '../../../../shared/compare/comparison.js';
import type { SavedComparison } from '../../../../shared/compare/saved-comparison.js';
import { commingle } from '../../../../shared/marking/marking.js';
import { TabList } from '../../ui/TabList.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PortionMark } from '../marking/PortionMark.js';
import { PrintFrame } from '../marking/PrintFrame.js';
import { ComparisonChart } from './ComparisonChart.js';
import { ComparisonSamples, type SampleMode } from './ComparisonSamples.js';
import { ComparisonSummary } from './ComparisonSummary.js';
import { comparisonMarking } from './export-comparison.js';
import { useComparison } from './use-comparison.js';
import { useComparisonOutput } from './use-comparison-output.js';
import './compare.css';

export type CompareView = 'summary' | 'chart' | 'samples';
const VIEWS: readonly { readonly id: CompareView; readonly label: string }[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'chart', label: 'Chart' },
  { id: 'samples', label: 'Samples' },
];

function isEditable(element: Element | null): boolean {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement;
}

/** One comparison in three views (summary, chart, samples), switched with 1, 2 and 3; exported as CSV or printed. */
export function ComparisonView({ saved, sourceFiles, onDelete, onMessage }: { readonly saved: SavedComparison; readonly sourceFiles: Map<string, File>; readonly onDelete: (() => void) | undefined; readonly onMessage: (m: string) => void }) {
  const state = useComparison(saved);
  const [view, setView] = useState<CompareView>('summary');
  const [mode, setMode] = useState<SampleMode>('all');
  const output = useComparisonOutput(saved, onMessage);
  const comparison = state.state === 'ready' ? state.comparison : undefined;
  useDisplayedMarkings(comparison ? [comparisonMarking(comparison), saved.marking] : [saved.marking]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (document.querySelector('dialog[open]') || isEditable(document.activeElement) || event.ctrlKey || event.metaKey || event.altKey) return;
      const next = VIEWS[Number(event.key) - 1];
      if (next) {
        event.preventDefault();
        setView(next.id);
        requestAnimationFrame(() => document.getElementById(`compare-tab-${next.id}`)?.focus());
      } else if (event.key === 'd' || event.key === 'e') {
        event.preventDefault();
        setView('samples');
        setMode(event.key === 'd' ? 'disagree' : 'errors');
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  if (state.state === 'loading') {
    return (
      <div className="compare__loading">
        <label>
          Loading the runs and their scores ({state.loaded} of {state.total})
          <progress max={state.total} value={state.loaded} />
        </label>
      </div>
    );
  }
  if (state.state === 'failed') return <p className="form-error">{state.message}</p>;
  const c = state.comparison;
  // Exports and prints wait for the statistics still being computed, rather than leave them blank.
  const pending = state.bootstrapsLeft > 0;
  const waiting = pending ? 'Waiting for the paired bootstraps' : undefined;
  // What prints is marked by what it holds, not by the screen: the gateway's decision while printing, else the same computed here.
  const shown = commingle([comparisonMarking(c), saved.marking]);
  const printed = output.printing ?? output.preview(c, shown);
  return (
    <PrintFrame marking={printed.marking} authority={printed.authority} cui={printed.cui} className="comparison" frameRef={output.frame}>
      <div className="comparison__head">
        <h3 className="comparison__title">{saved.name}</h3>
        <ul className="comparison__runs" aria-label="Runs in this comparison">
          {c.runs.map((run, i) => (
            <li key={run.id}>
              <span className={`run-letter run-letter--${i}`}>{runLetter(i)}</span> <PortionMark marking={run.marking} /> {describeRun(run, i).slice(3)}
              {run.taskVersion !== null && <span className="muted"> · {run.task} v{run.taskVersion}</span>}
            </li>
          ))}
        </ul>
        {state.missing > 0 && <p className="form-error">{state.missing === 1 ? 'One run' : `${state.missing} runs`} of this comparison no longer exist; the others are compared.</p>}
      </div>
      <div className="comparison__toolbar no-print">
        <TabList label="Comparison view" tabs={VIEWS} selected={view} idPrefix="compare-tab" panelId="compare-panel" onSelect={setView} numbered />
        {pending && (
          <span className="muted" role="status">
            Computing {state.bootstrapsLeft} paired bootstrap{state.bootstrapsLeft === 1 ? '' : 's'}…
          </span>
        )}
        <span className="comparison__actions">
          <button type="button" onClick={() => void output.exportCsv('summary', c)} disabled={pending} title={waiting}>
            Export summary CSV
          </button>
          <button type="button" onClick={() => void output.exportCsv('samples', c)} disabled={c.samples.length === 0}>
            Export samples CSV
          </button>
          <button type="button" onClick={() => (setView('summary'), void output.print(c))} disabled={pending} title={waiting}>
            Print summary
          </button>
          {onDelete && (
            <button type="button" className="button--danger-quiet" onClick={onDelete}>
              Delete
            </button>
          )}
        </span>
      </div>
      <div id="compare-panel" role="tabpanel" aria-labelledby={`compare-tab-${view}`} className="comparison__panel">
        {view === 'summary' ? <ComparisonSummary comparison={c} /> : view === 'chart' ? <ComparisonChart comparison={c} onExport={(group, svg) => void output.exportChart(c, group, svg)} /> : <ComparisonSamples comparison={c} mode={mode} onMode={setMode} sourceFiles={sourceFiles} />}
      </div>
    </PrintFrame>
  );
}
