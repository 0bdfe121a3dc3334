import { useEffect, useState } from 'react';
import { describeRun, runLetter, type Comparison } from '../../../../shared/compare/comparison.js';
import type { SavedComparison } from '../../../../shared/compare/saved-comparison.js';
import { localIsoDate } from '../../../../shared/calendar/iso-date.js';
import { portionMark } from '../../../../shared/marking/marking.js';
import { useServices } from '../../app/services.js';
import { useSavedComparisons } from '../../data/hooks.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { TabList } from '../../ui/TabList.js';
import { formatDateTime } from '../../ui/format.js';
import { DeleteLink, LinkButton } from '../../ui/LinkButton.js';
import { PrintBanner } from '../marking/ClassificationBanner.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { ComparisonChart } from './ComparisonChart.js';
import { ComparisonSamples, type SampleMode } from './ComparisonSamples.js';
import { ComparisonSummary } from './ComparisonSummary.js';
import { RunPickerDialog } from './RunPickerDialog.js';
import { comparisonBanner, comparisonMarking, samplesToCsv, summaryToCsv } from './export-comparison.js';
import { useComparison } from './use-comparison.js';
import { TableHead } from '../../ui/TableHead.js';

export type CompareView = 'summary' | 'chart' | 'samples';
const VIEWS: readonly { readonly id: CompareView; readonly label: string }[] = [
  { id: 'summary', label: 'Summary' },
  { id: 'chart', label: 'Chart' },
  { id: 'samples', label: 'Samples' },
];

function isEditable(element: Element | null): boolean {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement;
}

/**
 * Comparisons of benchmark runs: the saved ones, a new one from any runs, and the open one in
 * three views (summary, chart, samples), switched with 1, 2 and 3.
 */
export function ComparePage({ openId, onOpen, onClose, sourceFiles }: { readonly openId: string | undefined; readonly onOpen: (id: string | undefined) => void; readonly onClose: () => void; readonly sourceFiles: Map<string, File> }) {
  const { comparisons } = useServices();
  const saved = useSavedComparisons(comparisons);
  const [picking, setPicking] = useState(false);
  const [deleting, setDeleting] = useState<SavedComparison | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const open = saved?.find((c) => c.id === openId);
  // The names of saved comparisons may speak of their runs: they show under their markings.
  useDisplayedMarkings(saved?.map((c) => c.marking) ?? []);

  return (
    <section className="compare" aria-labelledby="compare-title">
      <div className="compare__bar">
        <h2 id="compare-title">Compare runs</h2>
        <button type="button" className="button--primary" onClick={() => setPicking(true)}>
          New comparison…
        </button>
        {saved && saved.length > 0 && (
          <label>
            Saved{' '}
            <select value={open?.id ?? ''} onChange={(e) => onOpen(e.target.value === '' ? undefined : e.target.value)}>
              <option value="">All saved comparisons</option>
              {saved.map((c) => (
                <option key={c.id} value={c.id}>
                  {`${portionMark(c.marking)} ${c.name}`}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" onClick={onClose}>
          Back to packets
        </button>
        {message && (
          <span role="status" className="results__message">
            {message}
          </span>
        )}
      </div>
      {saved === undefined ? (
        <p className="loading">Loading comparisons…</p>
      ) : open ? (
        <ComparisonView key={open.id} saved={open} sourceFiles={sourceFiles} onDelete={() => setDeleting(open)} onMessage={setMessage} />
      ) : openId ? (
        <p className="empty">This comparison no longer exists.</p>
      ) : saved.length === 0 ? (
        <p className="empty">No comparisons yet. Choose New comparison… and pick two to eight runs, of any packets and models.</p>
      ) : (
        <table className="data-table compare__saved">
          <TableHead columns={['Comparison', { label: 'Runs', numeric: true }, 'Saved']} actions />
          <tbody>
            {saved.map((c) => (
              <tr key={c.id}>
                <td>
                  <span className="portion-chip">{portionMark(c.marking)}</span> <LinkButton onClick={() => onOpen(c.id)}>{c.name}</LinkButton>
                </td>
                <td className="num">{c.runIds.length}</td>
                <td className="nowrap">{formatDateTime(c.updatedAt)}</td>
                <td>
                  <DeleteLink what={`comparison ${c.name}`} onClick={() => setDeleting(c)} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {picking && (
        <RunPickerDialog
          onClose={() => setPicking(false)}
          onSaved={(created) => {
            setPicking(false);
            onOpen(created.id);
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          title="Delete this comparison?"
          confirmLabel="Delete comparison"
          destructive
          onCancel={() => setDeleting(undefined)}
          onConfirm={() => {
            const target = deleting;
            setDeleting(undefined);
            void comparisons.delete(target.id).then((result) => {
              setMessage(result.ok ? `Deleted the comparison ${target.name}. Its runs are unchanged.` : result.error.message);
              if (result.ok && openId === target.id) onOpen(undefined);
            });
          }}
        >
          <p>The saved comparison {deleting.name} is removed; the runs it compares stay in their packets.</p>
        </ConfirmDialog>
      )}
    </section>
  );
}

function ComparisonView({ saved, sourceFiles, onDelete, onMessage }: { readonly saved: SavedComparison; readonly sourceFiles: Map<string, File>; readonly onDelete: () => void; readonly onMessage: (m: string) => void }) {
  const { host, results } = useServices();
  const state = useComparison(saved);
  const [view, setView] = useState<CompareView>('summary');
  const [mode, setMode] = useState<SampleMode>('all');
  const comparison = state.state === 'ready' ? state.comparison : undefined;
  useDisplayedMarkings(comparison ? [comparisonMarking(comparison)] : []);

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

  async function exportCsv(kind: 'summary' | 'samples', c: Comparison) {
    // The samples' rows are read in full only for the export, and let go after it.
    const csv = kind === 'summary' ? summaryToCsv(c) : samplesToCsv(c, c.samples, await Promise.all(c.runs.map((r, i) => (c.indexes[i] ? results.sampleRows(r.id) : Promise.resolve(null)))));
    const slug = saved.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'comparison';
    const result = await host.saveFile({
      title: kind === 'summary' ? 'Export comparison summary' : 'Export comparison samples',
      suggestedName: `${slug}-${kind}-${localIsoDate(new Date())}.csv`,
      filters: [{ name: 'CSV', extensions: ['csv'] }],
      data: new TextEncoder().encode(csv),
    });
    if (!result.ok) onMessage(`Export failed: ${result.error.message}`);
    else if (result.value.saved) onMessage(`Exported the ${kind === 'summary' ? 'summary' : `${c.samples.length.toLocaleString('en-US')} sample rows`} to ${result.value.fileName}, marked ${comparisonBanner(c)}.`);
  }

  function print() {
    setView('summary');
    // The summary must be on the page before the print dialog copies it.
    requestAnimationFrame(() => requestAnimationFrame(() => window.print()));
  }

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
  return (
    // A print frame: browsers repeat a table's header and footer rows on every printed page.
    <table className="print-frame comparison" role="presentation">
      <thead>
        <tr>
          <td>
            <PrintBanner />
          </td>
        </tr>
      </thead>
      <tfoot>
        <tr>
          <td>
            <PrintBanner />
          </td>
        </tr>
      </tfoot>
      <tbody>
        <tr>
          <td>
            <div className="comparison__head">
              <h3 className="comparison__title">{saved.name}</h3>
              <ul className="comparison__runs" aria-label="Runs in this comparison">
                {c.runs.map((run, i) => (
                  <li key={run.id}>
                    <span className={`run-letter run-letter--${i}`}>{runLetter(i)}</span> <span className="portion-chip">{portionMark(run.marking)}</span> {describeRun(run, i).slice(3)}
                    {run.taskVersion !== null && <span className="muted"> · {run.task} v{run.taskVersion}</span>}
                  </li>
                ))}
              </ul>
              {state.missing > 0 && <p className="form-error">{state.missing === 1 ? 'One run' : `${state.missing} runs`} of this comparison no longer exist; the others are compared.</p>}
            </div>
            <div className="comparison__toolbar no-print">
              <TabList label="Comparison view" tabs={VIEWS} selected={view} idPrefix="compare-tab" panelId="compare-panel" onSelect={setView} numbered />
              {state.bootstrapsLeft > 0 && (
                <span className="muted" role="status">
                  Computing {state.bootstrapsLeft} paired bootstrap{state.bootstrapsLeft === 1 ? '' : 's'}…
                </span>
              )}
              <span className="comparison__actions">
                <button type="button" onClick={() => void exportCsv('summary', c)} disabled={pending} title={pending ? 'Waiting for the paired bootstraps' : undefined}>
                  Export summary CSV
                </button>
                <button type="button" onClick={() => void exportCsv('samples', c)} disabled={c.samples.length === 0}>
                  Export samples CSV
                </button>
                <button type="button" onClick={print} disabled={pending} title={pending ? 'Waiting for the paired bootstraps' : undefined}>
                  Print summary
                </button>
                <button type="button" className="button--danger-quiet" onClick={onDelete}>
                  Delete
                </button>
              </span>
            </div>
            <div id="compare-panel" role="tabpanel" aria-labelledby={`compare-tab-${view}`} className="comparison__panel">
              {view === 'summary' ? (
                <ComparisonSummary comparison={c} />
              ) : view === 'chart' ? (
                <ComparisonChart comparison={c} />
              ) : (
                <ComparisonSamples comparison={c} mode={mode} onMode={setMode} sourceFiles={sourceFiles} />
              )}
            </div>
          </td>
        </tr>
      </tbody>
    </table>
  );
}
