import { diffWords } from 'diff';
import { useState } from 'react';
import { runLetter, type Comparison, type JoinedSample } from '../../../../shared/compare/comparison.js';
import type { BenchmarkRun, SampleRow } from '../../../../shared/results/benchmark-run.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { formatScore } from '../results/format-results.js';
import { TranscriptDialog } from '../results/TranscriptDialog.js';
import { scoreClass } from './ComparisonSamples.js';

/**
 * The selected sample in every run, side by side: score, answer and error. Each answer is set
 * against the first run's, with what it adds underlined and what it lacks struck through; the
 * transcript opens from the reviewer's copy of the log.
 */
export function SampleSideBySide({ comparison, sample, sourceFiles }: { readonly comparison: Comparison; readonly sample: JoinedSample; readonly sourceFiles: Map<string, File> }) {
  const [transcript, setTranscript] = useState<{ readonly run: BenchmarkRun; readonly row: SampleRow } | undefined>();
  const present = comparison.runs.map((run, i) => ({ run, i, cell: sample.cells[i] })).filter((p) => p.cell !== undefined);
  const answerOf = (i: number) => {
    const scorer = comparison.primaryScorers[i];
    return (scorer ? sample.cells[i]?.scores[scorer]?.answer : null) ?? '';
  };
  const baseline = present[0];
  return (
    <section className="side-by-side" aria-label={`Sample ${String(sample.id)} epoch ${sample.epoch} in each run`}>
      <h3 className="section-title">
        Sample <span className="mono">{String(sample.id)}</span> <span className="muted">epoch {sample.epoch}, {sample.task}</span>
      </h3>
      <div className="side-by-side__columns" style={{ gridTemplateColumns: `repeat(${Math.max(1, present.length)}, minmax(0, 1fr))` }}>
        {present.map(({ run, i, cell }) => {
          if (!cell) return null;
          const scorer = comparison.primaryScorers[i];
          const score = scorer ? cell.scores[scorer] : undefined;
          const answer = answerOf(i);
          const parts = baseline && baseline.i !== i ? diffWords(answerOf(baseline.i), answer) : [{ value: answer, added: false, removed: false }];
          return (
            <article key={run.id} className="side-by-side__run" aria-label={`Run ${runLetter(i)}`}>
              <header>
                <span className={`run-letter run-letter--${i}`}>{runLetter(i)}</span> {run.model}{' '}
                {score && <span className={`score ${scoreClass(score)}`}>{formatScore(score.value)}</span>}
              </header>
              <pre className="side-by-side__answer" aria-label={`Answer of run ${runLetter(i)}`}>
                {answer === '' ? (
                  <span className="muted">no answer</span>
                ) : (
                  parts.map((part, k) => (part.added ? <ins key={k}>{part.value}</ins> : part.removed ? <del key={k}>{part.value}</del> : <span key={k}>{part.value}</span>))
                )}
              </pre>
              {(cell.error ?? cell.limit) && <p className="sample-error">{cell.error ?? `limit: ${cell.limit ?? ''}`}</p>}
              {cell.transcript && (
                <LinkButton onClick={() => setTranscript({ run, row: cell })} label={`Open the transcript of run ${runLetter(i)}`}>
                  Transcript
                </LinkButton>
              )}
            </article>
          );
        })}
      </div>
      {transcript && (
        <TranscriptDialog
          run={transcript.run}
          row={transcript.row}
          sourceFile={sourceFiles.get(transcript.run.id)}
          onSourceFile={(file) => sourceFiles.set(transcript.run.id, file)}
          onClose={() => setTranscript(undefined)}
        />
      )}
    </section>
  );
}
