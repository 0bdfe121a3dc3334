import { PROVENANCE_LABELS, type BenchmarkRun } from '../../../../shared/results/benchmark-run.js';
import { useServices } from '../../app/services.js';
import { ConfirmDialog } from '../../ui/ConfirmDialog.js';
import { formatCount, formatMetric } from './format-results.js';

/** A run's metrics, each with its scorer, in a cell of the runs table. */
export function RunMetricsCell({ run }: { readonly run: BenchmarkRun }) {
  return (
    <td>
      {run.metrics.map((m) => (
        <div key={`${m.scorer}/${m.name}`}>
          <span className="muted">{m.scorer ? `${m.scorer}/` : ''}</span>
          {m.name} <strong>{formatMetric(m)}</strong>
        </div>
      ))}
    </td>
  );
}

/** How many samples a log's run holds, and how many errored; none for a results table. */
export function RunSamplesCell({ run }: { readonly run: BenchmarkRun }) {
  return (
    <td className="num">
      {run.sourceKind === 'results-table' ? (
        '—'
      ) : (
        <span title={`${formatCount(run.samples.scored)} scored, ${formatCount(run.samples.unscored)} unscored, ${formatCount(run.samples.errored)} errored, ${formatCount(run.samples.limited)} hit a limit`}>
          {formatCount(run.samples.read)}
          {run.samples.errored > 0 && <span className="muted"> ({formatCount(run.samples.errored)} err)</span>}
        </span>
      )}
    </td>
  );
}

/** Asks before a run leaves its packet, and says what became of it. */
export function DeleteRunDialog({ run, onClose, onMessage }: { readonly run: BenchmarkRun; readonly onClose: () => void; readonly onMessage: (text: string) => void }) {
  const { results } = useServices();
  return (
    <ConfirmDialog
      title="Delete this run?"
      confirmLabel="Delete run"
      destructive
      onCancel={onClose}
      onConfirm={() => {
        onClose();
        void results.deleteRun(run.id).then((result) => onMessage(result.ok ? `Deleted the run from ${run.source.fileName}.` : result.error.message));
      }}
    >
      <p>The run from {run.source.fileName} and its sample scores leave this packet. The review history keeps a record of the run and of its deletion.</p>
    </ConfirmDialog>
  );
}

/** What a change of a run's provenance and role did, in words for the panel's status. */
export function reattributedMessage(before: BenchmarkRun, after: BenchmarkRun): string {
  if (before.provenance === after.provenance && before.role === after.role) return `Nothing changed: the run from ${after.source.fileName} was already filed so.`;
  const measured = after.role === 'subject' ? 'of the model under review' : 'of a reference model';
  return `The run from ${after.source.fileName} is now ${PROVENANCE_LABELS[after.provenance].toLowerCase()}, ${measured}.`;
}
