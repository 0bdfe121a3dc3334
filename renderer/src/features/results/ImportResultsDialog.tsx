import { useEffect, useRef, useState } from 'react';
import { sha256Hex } from '../../../../shared/hash/sha256.js';
import type { Packet } from '../../../../shared/packet/packet.js';
import { FileProblem } from '../../../../shared/errors/file-problem.js';
import type { BenchmarkRun, Provenance } from '../../../../shared/results/benchmark-run.js';
import { runsFromTable, tableSignature } from '../../../../shared/results/results-table.js';
import { useServices } from '../../app/services.js';
import { Modal } from '../../ui/Modal.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { useMarkingChoice } from '../marking/use-marking-choice.js';
import { LogAttributionNote } from './AttributionNote.js';
import { ResultsFileField } from './ResultsFileField.js';
import { ProvenanceFieldset, RoleFieldset } from './RunAttributionFields.js';
import { TableMappingFields } from './TableMappingFields.js';
import type { ImportProgress } from './import/import-log.js';
import { importChosenLog } from './import/import-chosen-log.js';
import type { PickedFile } from '../../host/host.js';
import { useChosenResults } from './use-chosen-results.js';
import { FileMarkingNote } from '../marking/FileMarkingNote.js';

interface ImportResultsDialogProps {
  readonly packet: Packet;
  readonly onClose: () => void;
  readonly onImported: (runs: readonly BenchmarkRun[], file: File | PickedFile) => void;
}

/**
 * Imports evaluation results into a packet: Inspect logs (read in workers, with progress and
 * Cancel) or results tables (with a column-mapping step remembered per source). A log's model is
 * read as soon as the file is chosen, and the run is pre-selected as of the model under review
 * only when the log names it. Nothing is saved unless the whole file is good.
 */
export function ImportResultsDialog({ packet, onClose, onImported }: ImportResultsDialogProps) {
  const { results, host } = useServices();
  const [problem, setProblem] = useState<string | undefined>();
  const file = useChosenResults(packet, setProblem);
  const { chosen, role, mapping } = file;
  const [provenance, setProvenance] = useState<Provenance | undefined>();
  const { marking, issues: markingIssues, fields: markingFields } = useMarkingChoice(packet.marking);
  const [progress, setProgress] = useState<ImportProgress | undefined>();
  const abort = useRef<AbortController | undefined>(undefined);
  const working = progress !== undefined;

  useEffect(() => () => abort.current?.abort(), []);

  async function start() {
    const refusal = !chosen
      ? 'Choose a file to import.'
      : (file.refused ?? (!provenance ? 'Say whether these results are developer-reported or government-reproduced.' : (file.unanswered ?? markingIssues[0])));
    if (refusal !== undefined || !chosen || !provenance) {
      setProblem(refusal);
      return;
    }
    setProblem(undefined);
    const filing = { packetId: packet.id, provenance, marking, ...(chosen.kind === 'table' ? { fileBytes: chosen.bytes } : {}) };
    if (chosen.kind === 'table') {
      if (!mapping || !file.subject) return;
      try {
        const runs = runsFromTable(chosen.file.name, chosen.table, mapping);
        const source = { kind: 'results-table' as const, fileName: chosen.file.name, size: chosen.file.size, sha256: await sha256Hex(chosen.bytes) };
        const subjectModel = file.subject.kind === 'model' ? file.subject.model : '';
        const stored = await results.commitTableImport(filing, subjectModel, source, runs, { signature: tableSignature(chosen.table.columns), mapping });
        if (stored.ok) onImported(stored.value, chosen.file);
        else setProblem(stored.error.message);
      } catch (e) {
        setProblem(e instanceof FileProblem ? e.message : String(e));
      }
      return;
    }
    if (role === undefined) return;
    const controller = new AbortController();
    abort.current = controller;
    setProgress({ fraction: 0, samples: 0, phase: 'reading' });
    const stored = await importChosenLog(chosen.file, host.logIntake, { filing, role, results, onProgress: setProgress, signal: controller.signal });
    abort.current = undefined;
    setProgress(undefined);
    if (stored.ok) onImported([stored.value], chosen.file);
    else setProblem(stored.error.message);
  }

  /** The desktop's file dialog: a log picked there is read by the app's intake process. */
  async function pickLog() {
    const picked = await host.openFiles({ title: 'Choose an Inspect log', multiple: false, filters: [{ name: 'Inspect logs', extensions: ['eval', 'json'] }] });
    if (!picked.ok) setProblem(picked.error.message);
    else if (picked.value[0]) await file.choose(picked.value[0]);
  }

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
        <ResultsFileField chosen={chosen} reading={file.reading} disabled={working} onChoose={(f) => void file.choose(f)} {...(host.logIntake ? { onPick: () => void pickLog() } : {})} />
        <ProvenanceFieldset value={provenance} onChange={setProvenance} disabled={working} />
        {chosen?.kind === 'inspect-log' && file.refused === undefined && (
          <>
            <RoleFieldset value={role} onChange={file.setRole} modelName={packet.modelName} disabled={working} />
            <LogAttributionNote headline={chosen.headline} attribution={chosen.attribution} role={role} subject={packet} />
          </>
        )}
        {chosen?.kind === 'table' && mapping && (
          <TableMappingFields
            table={chosen.table}
            mapping={mapping}
            onMapping={file.setMapping}
            remembered={file.remembered}
            models={file.models}
            subject={file.subject}
            matching={file.matching}
            onSubject={file.setSubject}
            packetModel={packet}
            issues={file.tableIssues}
            disabled={working}
          />
        )}
        {chosen?.kind === 'table' && <FileMarkingNote markings={chosen.markings} />}
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
