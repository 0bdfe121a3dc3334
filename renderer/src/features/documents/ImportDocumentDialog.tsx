import { useState } from 'react';
import type { Marking } from '../../../../shared/marking/marking.js';
import { DialogActions } from '../../ui/DialogActions.js';
import { FormAlert } from '../../ui/FormAlert.js';
import { Modal } from '../../ui/Modal.js';
import { useMarkingChoice } from '../marking/use-marking-choice.js';
import type { CarriedMarking } from '../../../../shared/export/file-marking.js';
import { FileMarkingNote } from '../marking/FileMarkingNote.js';

interface ImportDocumentProps {
  readonly title: string;
  /** What the file is, e.g. "Plan file"; `kind` follows it in lighter text. */
  readonly fileLabel: string;
  readonly kind: string;
  readonly markingLegend: string;
  readonly initialMarking: Marking;
  readonly onClose: () => void;
  /** Imports the file; the problem to show if it was refused, or undefined once it is in. */
  readonly onImport: (fileName: string, bytes: Uint8Array, marking: Marking) => Promise<string | undefined>;
  /** The markings the file's format lets it carry itself (an OSCAL document's metadata, a CSAF distribution statement). */
  readonly markingsOf: (bytes: Uint8Array) => CarriedMarking[];
}

/** Imports one JSON document (a plan, an advisory) with the marking the reviewer gives it. */
export function ImportDocumentDialog({ title, fileLabel, kind, markingLegend, initialMarking, onClose, onImport, markingsOf }: ImportDocumentProps) {
  const [file, setFile] = useState<File | undefined>();
  const { marking, issues: markingIssues, fields: markingFields } = useMarkingChoice(initialMarking);
  const [problem, setProblem] = useState<string | undefined>();
  const [working, setWorking] = useState(false);
  const [carried, setCarried] = useState<readonly CarriedMarking[]>([]);

  async function choose(chosen: File | undefined) {
    setProblem(undefined);
    setFile(chosen);
    setCarried([]);
    // What the file says of its own marking shows before the import, which refuses a marking below it.
    if (chosen && chosen.size <= 64 * 1024 * 1024) setCarried(markingsOf(new Uint8Array(await chosen.arrayBuffer())));
  }

  async function start() {
    if (!file) return;
    if (markingIssues[0]) {
      setProblem(markingIssues[0]);
      return;
    }
    setWorking(true);
    setProblem(undefined);
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await file.arrayBuffer());
    } catch {
      setWorking(false);
      setProblem(`${file.name} could not be read; it may have been moved or changed. Choose it again.`);
      return;
    }
    const refused = await onImport(file.name, bytes, marking);
    setWorking(false);
    setProblem(refused);
  }

  return (
    // While a file is being imported the dialog stays: closing it would hide the outcome.
    <Modal
      title={title}
      onClose={() => working || onClose()}
      actions={<DialogActions cancelLabel="Close" cancelDisabled={working} onCancel={onClose} actLabel="Import" disabled={!file || working} onAct={() => void start()} />}
    >
      <div className="import">
        <label className="dropzone">
          {fileLabel} <span className="muted">({kind})</span>
          <input
            type="file"
            accept=".json,application/json"
            disabled={working}
            onChange={(e) => void choose(e.target.files?.[0])}
          />
        </label>
        <FileMarkingNote markings={carried} />
        {markingFields(markingLegend, working)}
        <FormAlert problem={problem} />
      </div>
    </Modal>
  );
}
