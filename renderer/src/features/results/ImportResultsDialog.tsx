import { useEffect, useId, useRef, useState } from 'react';
import { sha256Hex } from '../../../../shared/hash/sha256.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { FileProblem } from '../../../../shared/result/file-problem.js';
import { PROVENANCES, PROVENANCE_LABELS, type BenchmarkRun, type Provenance, type RunRole } from '../../../../shared/results/benchmark-run.js';
import {
  REQUIRED_TABLE_FIELDS,
  TABLE_FIELDS,
  TABLE_FIELD_LABELS,
  guessMapping,
  mappingProblems,
  runsFromTable,
  tableSignature,
  type ColumnMapping,
  type ResultsTable,
} from '../../../../shared/results/results-table.js';
import { useServices } from '../../app/services.js';
import { Modal } from '../../ui/Modal.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { useMarkingChoice } from '../marking/use-marking-choice.js';
import { importInspectLog, type ImportProgress } from './import/import-log.js';
import { examineResultsFile } from './import/read-results-table.js';

interface ImportResultsDialogProps {
  readonly packet: Packet;
  readonly onClose: () => void;
  readonly onImported: (runs: readonly BenchmarkRun[], file: File) => void;
}

type Chosen = { readonly file: File; readonly kind: 'inspect-log' } | { readonly file: File; readonly kind: 'table'; readonly table: ResultsTable; readonly bytes: Uint8Array };

/**
 * Imports evaluation results into a packet: Inspect logs (read in workers, with progress and
 * Cancel) or results tables (with a column-mapping step remembered per source). Nothing is saved
 * unless the whole file is good.
 */
export function ImportResultsDialog({ packet, onClose, onImported }: ImportResultsDialogProps) {
  const { results } = useServices();
  const [chosen, setChosen] = useState<Chosen | undefined>();
  const [provenance, setProvenance] = useState<Provenance | undefined>();
  const [role, setRole] = useState<RunRole>('subject');
  const { marking, issues: markingIssues, fields: markingFields } = useMarkingChoice(packet.marking);
  const [mapping, setMapping] = useState<ColumnMapping | undefined>();
  const [remembered, setRemembered] = useState(false);
  const [subjectModel, setSubjectModel] = useState('');
  const [progress, setProgress] = useState<ImportProgress | undefined>();
  const [problem, setProblem] = useState<string | undefined>();
  const [dragging, setDragging] = useState(false);
  const abort = useRef<AbortController | undefined>(undefined);
  const provenanceName = useId();
  const roleName = useId();
  const working = progress !== undefined;

  useEffect(() => () => abort.current?.abort(), []);

  async function choose(file: File | undefined) {
    setProblem(undefined);
    setChosen(undefined);
    if (!file) return;
    try {
      const examined = await examineResultsFile(file);
      if (examined.kind === 'table') {
        const signature = tableSignature(examined.table.columns);
        const known = await results.rememberedMapping(signature);
        const next = known && mappingProblems(known, examined.table.columns).length === 0 ? known : guessMapping(examined.table.columns);
        setRemembered(known !== undefined && next === known);
        setMapping(next);
        const models = modelsIn(examined.table, next);
        setSubjectModel(models.find((m) => m.toLowerCase().includes(packet.modelName.toLowerCase())) ?? models[0] ?? '');
        setChosen({ file, ...examined });
      } else setChosen({ file, kind: 'inspect-log' });
    } catch (e) {
      setProblem(e instanceof FileProblem ? e.message : `${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  const tableIssues = chosen?.kind === 'table' && mapping ? mappingProblems(mapping, chosen.table.columns) : [];

  async function start() {
    const refusal = !chosen
      ? 'Choose a file to import.'
      : !provenance
        ? 'Say whether these results are developer-reported or government-reproduced.'
        : markingIssues[0];
    if (refusal !== undefined || !chosen || !provenance) {
      setProblem(refusal);
      return;
    }
    setProblem(undefined);
    const filing = { packetId: packet.id, provenance, marking };
    if (chosen.kind === 'table') {
      if (!mapping || tableIssues.length > 0) {
        setProblem(tableIssues[0] ?? 'Map the columns first.');
        return;
      }
      try {
        const runs = runsFromTable(chosen.file.name, chosen.table, mapping);
        const source = { kind: 'results-table' as const, fileName: chosen.file.name, size: chosen.file.size, sha256: await sha256Hex(chosen.bytes) };
        const stored = await results.commitTableImport(filing, subjectModel, source, runs, { signature: tableSignature(chosen.table.columns), mapping });
        if (stored.ok) onImported(stored.value, chosen.file);
        else setProblem(stored.error.message);
      } catch (e) {
        setProblem(e instanceof FileProblem ? e.message : String(e));
      }
      return;
    }
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ fraction: 0, samples: 0, phase: 'reading' });
    const stored = await importInspectLog(chosen.file, filing, role, results, setProgress, controller.signal);
    abort.current = undefined;
    setProgress(undefined);
    if (stored.ok) onImported([stored.value], chosen.file);
    else setProblem(stored.error.message);
  }

  const models = chosen?.kind === 'table' && mapping ? modelsIn(chosen.table, mapping) : [];

  return (
    <Modal
      title={`Import results into ${packet.developer} ${packet.modelName}`}
      onClose={() => (working ? abort.current?.abort() : onClose())}
      wide
      actions={
        working ? (
          <button type="button" onClick={() => abort.current?.abort()}>
            Cancel import
          </button>
        ) : (
          <>
            <button type="button" onClick={onClose}>
              Close
            </button>
            <button type="button" className="button--primary" onClick={() => void start()} disabled={!chosen}>
              Import
            </button>
          </>
        )
      }
    >
      <div className="import">
        {/* Dropping is a shortcut; the file input inside is the accessible way to choose. */}
        {/* eslint-disable-next-line jsx-a11y/no-static-element-interactions */}
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
            if (!working) void choose(e.dataTransfer.files[0]);
          }}
        >
          <label>
            Results file <span className="muted">(Inspect .eval or .json log; results table as .csv or .json)</span>
            <input type="file" accept=".eval,.json,.csv,.tsv,.txt" disabled={working} onChange={(e) => void choose(e.target.files?.[0])} />
          </label>
          <span className="muted">or drop a file here</span>
          {chosen && (
            <p className="import__chosen">
              <strong>{chosen.file.name}</strong> · {chosen.file.size.toLocaleString('en-US')} bytes ·{' '}
              {chosen.kind === 'inspect-log' ? 'Inspect evaluation log' : `results table, ${chosen.table.rows.length.toLocaleString('en-US')} rows`}
            </p>
          )}
        </div>

        <fieldset className="radio-group" disabled={working}>
          <legend>These results are</legend>
          {PROVENANCES.map((p) => (
            <label key={p}>
              <input type="radio" name={provenanceName} value={p} checked={provenance === p} onChange={() => setProvenance(p)} /> {PROVENANCE_LABELS[p]}
            </label>
          ))}
        </fieldset>

        {chosen?.kind === 'inspect-log' && (
          <fieldset className="radio-group" disabled={working}>
            <legend>The run measured</legend>
            <label>
              <input type="radio" name={roleName} checked={role === 'subject'} onChange={() => setRole('subject')} /> The model under review ({packet.modelName})
            </label>
            <label>
              <input type="radio" name={roleName} checked={role === 'reference'} onChange={() => setRole('reference')} /> A reference model
            </label>
          </fieldset>
        )}

        {chosen?.kind === 'table' && mapping && (
          <fieldset className="mapping" disabled={working}>
            <legend>Columns {remembered && <span className="badge">remembered from the last file with these columns</span>}</legend>
            <div className="mapping__grid">
              {TABLE_FIELDS.map((field) => (
                <label key={field}>
                  {TABLE_FIELD_LABELS[field]}
                  {REQUIRED_TABLE_FIELDS.includes(field) && <span aria-hidden="true"> *</span>}
                  <select aria-label={TABLE_FIELD_LABELS[field]} value={mapping[field] ?? ''} onChange={(e) => setMapping({ ...mapping, [field]: e.target.value === '' ? null : e.target.value })}>
                    <option value="">(none)</option>
                    {chosen.table.columns.map((c) => (
                      <option key={c} value={c}>
                        {c}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
            {models.length > 0 && (
              <label>
                Model under review in this table{' '}
                <select value={subjectModel} onChange={(e) => setSubjectModel(e.target.value)}>
                  {models.map((m) => (
                    <option key={m} value={m}>
                      {m}
                    </option>
                  ))}
                </select>{' '}
                <span className="muted">other models are filed as reference runs</span>
              </label>
            )}
            <TablePreview table={chosen.table} />
            {tableIssues.length > 0 && (
              <ul className="form-error">
                {tableIssues.map((t) => (
                  <li key={t}>{t}</li>
                ))}
              </ul>
            )}
          </fieldset>
        )}

        {markingFields('Marking of these results', working)}

        {progress && (
          <div className="import__progress">
            <label>
              {progress.phase === 'saving' ? 'Saving…' : `Reading and verifying… ${progress.samples.toLocaleString('en-US')} samples`}
              <progress max={1} value={progress.fraction} />
            </label>
          </div>
        )}
        <FormAlert problem={problem} />
      </div>
    </Modal>
  );
}

function modelsIn(table: ResultsTable, mapping: ColumnMapping): string[] {
  const column = mapping.model;
  if (column === null) return [];
  return [...new Set(table.rows.map((r) => (r[column] ?? '').trim()).filter((m) => m !== ''))].sort();
}

function TablePreview({ table }: { readonly table: ResultsTable }) {
  const rows = table.rows.slice(0, 4);
  return (
    <div className="table-preview">
      <table className="data-table">
        <caption className="visually-hidden">The first rows of the file</caption>
        <thead>
          <tr>
            {table.columns.map((c) => (
              <th key={c} scope="col">
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {table.columns.map((c) => (
                <td key={c}>{row[c]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
