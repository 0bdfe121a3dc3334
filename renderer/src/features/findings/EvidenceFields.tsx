import { useEffect, useRef, useState } from 'react';
import { evidenceKey, type Evidence } from '../../../../shared/findings/finding.js';
import { formatBytes } from '../../../../shared/errors/file-problem.js';
import type { BenchmarkRun } from '../../../../shared/results/benchmark-run.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { hashFile, type Hashing } from '../results/import/hash-file.js';
import './findings.css';

interface EvidenceFieldsProps {
  readonly evidence: readonly Evidence[];
  readonly runs: readonly BenchmarkRun[];
  /** Changes the evidence from what it is when the change lands (a file may finish hashing after other edits). */
  readonly onChange: (update: (current: readonly Evidence[]) => readonly Evidence[]) => void;
  /** Whether a file is being hashed, during which the finding is not saved. */
  readonly onHashing: (hashing: boolean) => void;
  readonly onProblem: (message: string) => void;
}

/** A finding's evidence: runs and samples of this packet, and files, of which only the name, size and SHA-256 are kept. */
export function EvidenceFields({ evidence, runs, onChange, onHashing, onProblem }: EvidenceFieldsProps) {
  const [hashing, setHashing] = useState<string | undefined>();
  const [runChoice, setRunChoice] = useState(runs[0]?.id ?? '');
  const [sampleChoice, setSampleChoice] = useState('');
  // A file still being hashed when the dialog closes is not worth finishing.
  const hashingRef = useRef<Hashing | undefined>(undefined);
  useEffect(() => () => hashingRef.current?.terminate(), []);
  const runNames = new Map(runs.map((r) => [r.id, `${r.task} · ${r.model}`]));

  function addRun() {
    if (runChoice === '') return;
    const sampleId = sampleChoice.trim();
    const added: Evidence = { kind: 'run', runId: runChoice, sampleId: sampleId === '' ? null : sampleId };
    onChange((current) => (current.some((e) => evidenceKey(e) === evidenceKey(added)) ? current : [...current, added]));
    setSampleChoice('');
  }

  async function attach(file: File) {
    setHashing(`Hashing ${file.name}… 0%`);
    onHashing(true);
    const hashing = hashFile(file, (fraction) => setHashing(`Hashing ${file.name}… ${Math.round(fraction * 100)}%`));
    hashingRef.current = hashing;
    const sha256 = await hashing.sha256;
    hashing.terminate();
    hashingRef.current = undefined;
    setHashing(undefined);
    onHashing(false);
    if (!sha256.ok) {
      onProblem(sha256.error.message);
      return;
    }
    const added: Evidence = { kind: 'file', fileName: file.name, size: file.size, sha256: sha256.value };
    onChange((current) => [...current.filter((e) => e.kind !== 'file' || e.sha256 !== sha256.value), added]);
  }

  return (
    <fieldset className="form-grid__wide finding-evidence">
      <legend>Evidence</legend>
      {evidence.length === 0 && <p className="muted">None yet: add the runs and samples that show it, or attach files.</p>}
      {evidence.map((e) => {
        const what = e.kind === 'run' ? `${runNames.get(e.runId) ?? 'a deleted run'}${e.sampleId === null ? '' : `, sample ${e.sampleId}`}` : e.fileName;
        return (
          <div key={evidenceKey(e)} className="finding-evidence__entry">
            {e.kind === 'run' ? (
              <span>{what}</span>
            ) : (
              <>
                <span>{e.fileName}</span> <span className="muted">{formatBytes(e.size)}</span>{' '}
                <span className="mono muted" title={`SHA-256 ${e.sha256}`}>
                  SHA-256 {e.sha256.slice(0, 16)}…
                </span>
              </>
            )}
            <LinkButton danger label={`Remove ${what} from the evidence`} onClick={() => onChange((current) => current.filter((x) => evidenceKey(x) !== evidenceKey(e)))}>
              Remove
            </LinkButton>
          </div>
        );
      })}
      {runs.length > 0 && (
        <div className="finding-evidence__add">
          <select aria-label="Benchmark run to add as evidence" value={runChoice} onChange={(e) => setRunChoice(e.target.value)}>
            {runs.map((run) => (
              <option key={run.id} value={run.id}>
                {runNames.get(run.id)} ({run.source.fileName})
              </option>
            ))}
          </select>
          <input aria-label="Sample id (optional)" placeholder="Sample id (optional)" value={sampleChoice} onChange={(e) => setSampleChoice(e.target.value)} />
          <button type="button" onClick={addRun}>
            Add run
          </button>
        </div>
      )}
      <label className="finding-evidence__attach">
        Attach a file as evidence <span className="muted">(only its name, size and SHA-256 are kept)</span>
        <input
          type="file"
          disabled={hashing !== undefined}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void attach(file);
          }}
        />
      </label>
      {hashing && (
        <p role="status" className="muted">
          {hashing}
        </p>
      )}
    </fieldset>
  );
}
