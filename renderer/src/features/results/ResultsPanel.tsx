import { useMemo, useState } from 'react';
import type { Packet } from '../../../../shared/packet/packet.js';
import { PROVENANCE_LABELS, RUN_STATUS_LABELS, type BenchmarkRun } from '../../../../shared/results/benchmark-run.js';
import { determine } from '../../../../shared/thresholds/determination.js';
import { packetChangeRefusal, useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useRuns, useThresholds } from '../../data/hooks.js';
import { formatDateTime } from '../../ui/format.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { DeterminationView } from './DeterminationView.js';
import { ImportResultsDialog } from './ImportResultsDialog.js';
import { SampleScores } from './SampleScores.js';
import { ReattributeRunDialog } from './ReattributeRunDialog.js';
import { DeleteRunDialog, RunMetricsCell, RunSamplesCell, reattributedMessage } from './run-parts.js';
import { PanelToolbar } from '../../ui/PanelToolbar.js';
import { TableHead } from '../../ui/TableHead.js';
import { DeleteLink, LinkButton } from '../../ui/LinkButton.js';
import { PortionMark } from '../marking/PortionMark.js';
import { PathName } from '../../ui/PathName.js';
import './results.css';

/** A run, and perhaps one of its samples, to show first: where a finding's evidence points. */
export interface EvidenceFocus {
  readonly runId: string;
  readonly sampleId: string | null;
}

interface ResultsPanelProps {
  readonly packet: Packet;
  /** Files imported in this session, kept so transcripts open without picking the file again. */
  readonly sourceFiles: Map<string, File>;
  readonly focus?: EvidenceFocus | undefined;
}

/** A packet's evaluation results: the determination, the runs, and a run's sample scores. */
export function ResultsPanel({ packet, sourceFiles, focus }: ResultsPanelProps) {
  const { results, thresholds: thresholdStore, session } = useServices();
  const refusal = packetChangeRefusal(useSession(session), packet);
  const runs = useRuns(results, packet.id);
  const thresholds = useThresholds(thresholdStore);
  const [importing, setImporting] = useState(false);
  const [selected, setSelected] = useState<string | undefined>(focus?.runId);
  const [deleting, setDeleting] = useState<BenchmarkRun | undefined>();
  const [reattributing, setReattributing] = useState<BenchmarkRun | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const determination = useMemo(() => (runs && thresholds ? determine(thresholds, runs) : undefined), [runs, thresholds]);
  useDisplayedMarkings(useMemo(() => [...(runs ?? []).map((r) => r.marking), ...(thresholds ?? []).map((t) => t.marking)], [runs, thresholds]));
  const selectedRun = runs?.find((r) => r.id === selected);

  return (
    <div className="results">
      <PanelToolbar actionLabel="Import results…" onAction={() => setImporting(true)} message={message} refusal={refusal} />
      {determination && <DeterminationView determination={determination} markingOfRun={(id) => runs?.find((r) => r.id === id)?.marking ?? packet.marking} />}
      <section aria-labelledby="runs-title">
        <h3 id="runs-title" className="section-title">
          Runs {runs && <span className="muted">({runs.length})</span>}
        </h3>
        {runs === undefined ? (
          <p className="loading">Loading runs…</p>
        ) : runs.length === 0 ? (
          <p className="empty">No results yet. Import an Inspect log (.eval or .json) or a results table (.csv or .json).</p>
        ) : (
          <table className="data-table runs-table">
            <TableHead columns={['Marking', 'File', 'Provenance', 'Task', 'Model', 'Status', 'Metrics', { label: 'Samples', numeric: true }, 'Imported']} actions />
            <tbody>
              {runs.map((run) => (
                <tr key={run.id} className={run.id === selected ? 'is-selected' : undefined}>
                  <td>
                    <PortionMark marking={run.marking} />
                  </td>
                  <td className="runs-table__file" title={`${run.source.fileName}\nSHA-256 ${run.source.sha256}`}>
                    {run.source.fileName}
                  </td>
                  <td>{PROVENANCE_LABELS[run.provenance]}</td>
                  <td>
                    <PathName name={run.task} />
                    {run.taskVersion !== null && <span className="muted"> v{run.taskVersion}</span>}
                  </td>
                  <td>
                    <PathName name={run.model} />
                    {run.role === 'reference' && <span className="badge">reference</span>}
                  </td>
                  <td>
                    <span className={`run-status run-status--${run.status}`}>{RUN_STATUS_LABELS[run.status]}</span>
                    {run.error && <span className="muted run-error" title={run.error}> {run.error.slice(0, 60)}</span>}
                  </td>
                  <RunMetricsCell run={run} />
                  <RunSamplesCell run={run} />
                  <td className="nowrap">{formatDateTime(run.importedAt)}</td>
                  <td className="runs-table__actions">
                    {run.sourceKind !== 'results-table' && (
                      <LinkButton pressed={run.id === selected} onClick={() => setSelected(run.id === selected ? undefined : run.id)}>
                        Samples
                      </LinkButton>
                    )}
                    {!refusal && (
                      <>
                        <LinkButton onClick={() => setReattributing(run)} label={`Change provenance and role of ${run.source.fileName}`}>
                          Change provenance and role…
                        </LinkButton>
                        <DeleteLink what={`run ${run.source.fileName}`} onClick={() => setDeleting(run)} />
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {runs?.some((r) => r.notes.length > 0) && (
          <ul className="run-notes">
            {runs.flatMap((r) => r.notes.map((note) => <li key={`${r.id}:${note}`}>{`${r.source.fileName}: ${note}`}</li>))}
          </ul>
        )}
      </section>
      {selectedRun && (
        <SampleScores
          key={selectedRun.id}
          run={selectedRun}
          initialSearch={focus?.runId === selectedRun.id ? (focus.sampleId ?? '') : ''}
          sourceFile={sourceFiles.get(selectedRun.id)}
          onSourceFile={(file) => sourceFiles.set(selectedRun.id, file)}
        />
      )}
      {importing && (
        <ImportResultsDialog
          packet={packet}
          onClose={() => setImporting(false)}
          onImported={(imported, file) => {
            setImporting(false);
            if (file instanceof File) for (const run of imported) sourceFiles.set(run.id, file);
            const samples = imported.reduce((n, r) => n + r.samples.read, 0);
            setMessage(`Imported ${imported.length === 1 ? '1 run' : `${imported.length} runs`} from ${file.name}${samples > 0 ? ` with ${samples.toLocaleString('en-US')} samples` : ''}.`);
          }}
        />
      )}
      {deleting && <DeleteRunDialog run={deleting} onClose={() => setDeleting(undefined)} onMessage={setMessage} />}
      {reattributing && runs && (
        <ReattributeRunDialog
          run={reattributing}
          packet={packet}
          runs={runs}
          onClose={() => setReattributing(undefined)}
          onDone={(updated) => {
            setReattributing(undefined);
            setMessage(reattributedMessage(reattributing, updated));
          }}
        />
      )}
    </div>
  );
}
