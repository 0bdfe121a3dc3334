import { useEffect, useState } from 'react';
import { readTranscript, type TranscriptMessage } from '../../../../shared/inspect/transcript.js';
import type { BenchmarkRun, SampleRow } from '../../../../shared/results/benchmark-run.js';
import { useServices } from '../../app/services.js';
import { Modal } from '../../ui/Modal.js';
import { blobSource } from '../../host/blob-source.js';
import { PortionMark } from '../marking/PortionMark.js';
import './results.css';

/**
 * A sample's conversation, read from the original log: the copy this workstation keeps (received
 * in a review bundle), or the reviewer's own. Transcripts are not copied into the database: if the
 * log is neither kept nor at hand from this session, the reviewer picks it, and it must be the
 * same size as the file imported.
 */
export function TranscriptDialog({
  run,
  row,
  sourceFile,
  onSourceFile,
  onClose,
}: {
  readonly run: BenchmarkRun;
  readonly row: SampleRow;
  readonly sourceFile: File | undefined;
  readonly onSourceFile: (file: File) => void;
  readonly onClose: () => void;
}) {
  return (
    <Modal
      title={`Sample ${String(row.id)}, epoch ${row.epoch}`}
      onClose={onClose}
      wide
      actions={
        <button type="button" onClick={onClose}>
          Close
        </button>
      }
    >
      <p className="transcript__marking">
        <PortionMark marking={run.marking} /> {run.model}, {run.source.fileName}
      </p>
      <TranscriptView run={run} row={row} sourceFile={sourceFile} onSourceFile={onSourceFile} />
    </Modal>
  );
}

/** One sample's transcript, read from the log at hand, or a prompt to choose the log. */
export function TranscriptView({
  run,
  row,
  sourceFile,
  onSourceFile,
}: {
  readonly run: BenchmarkRun;
  readonly row: SampleRow;
  readonly sourceFile: File | undefined;
  readonly onSourceFile: (file: File) => void;
}) {
  const { results } = useServices();
  const [file, setFile] = useState(sourceFile);
  useEffect(() => {
    if (file) return;
    let current = true;
    void results.keptOriginal(run).then((kept) => current && kept && setFile(kept));
    return () => {
      current = false;
    };
  }, [file, results, run]);
  const [read, setRead] = useState<{ readonly file: File; readonly messages?: TranscriptMessage[]; readonly problem?: string } | undefined>();
  // Checked before reading: a file of another size cannot be the one imported.
  const mismatch =
    file && file.size !== run.source.size
      ? `${file.name} is not the file this run was imported from (${run.source.fileName}, ${run.source.size.toLocaleString('en-US')} bytes).`
      : undefined;

  useEffect(() => {
    if (!file || mismatch || !row.transcript) return;
    let current = true;
    readTranscript(blobSource(file), row.transcript).then(
      (messages) => {
        if (!current) return;
        setRead({ file, messages });
        onSourceFile(file);
      },
      (e: unknown) => {
        if (current) setRead({ file, problem: e instanceof Error ? e.message : String(e) });
      },
    );
    return () => {
      current = false;
    };
  }, [file, mismatch, row.transcript, onSourceFile]);

  const current = read?.file === file ? read : undefined;
  const problem = mismatch ?? current?.problem;
  const messages = current?.messages;

  return (
    <>
      {!file || problem ? (
        <div className="transcript__pick">
          {problem && (
            <p className="form-error" role="alert">
              {problem}
            </p>
          )}
          <p>
            Transcripts stay in the log, not in Frontier Review. Choose your copy of <strong>{run.source.fileName}</strong> to read this one.
          </p>
          <input type="file" aria-label={`Choose ${run.source.fileName}`} onChange={(e) => setFile(e.target.files?.[0])} />
        </div>
      ) : messages === undefined ? (
        <p className="loading">Reading the transcript…</p>
      ) : (
        <ol className="transcript">
          {messages.map((m, i) => (
            <li key={i} className={`transcript__message transcript__message--${m.role}`}>
              <span className="transcript__role">{m.role}</span>
              <pre className="transcript__text">{m.text}</pre>
              {m.toolCalls.map((call, j) => (
                <pre key={j} className="transcript__tool">
                  {call}
                </pre>
              ))}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
