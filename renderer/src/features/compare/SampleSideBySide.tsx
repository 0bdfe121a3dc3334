import { diffWords } from 'diff';
import { useState } from 'react';
import { runLetter, type Comparison, type JoinedSample } from '../../../../shared/compare/comparison.js';
import { scoreToNumber } from '../../../../shared/results/benchmark-run.js';
import { ScoreKind } from '../../../../shared/results/sample-index.js';
import { LinkButton } from '../../ui/LinkButton.js';
import { formatScore } from '../results/format-results.js';
import { TranscriptView } from '../results/TranscriptDialog.js';
import { Modal } from '../../ui/Modal.js';
import { answerOf, scoreClass } from './sample-cells.js';
import type { RowCache } from './row-cache.js';
import { PortionMark } from '../marking/PortionMark.js';
import './compare.css';

/**
 * The selected sample in every run, side by side: score, answer and error. Each answer is set
 * against the first run's, with what it adds underlined and what it lacks struck through; the
 * transcripts open side by side from the reviewer's copies of the logs.
 */
/** Word differences, bounded: very different long answers are shown plainly rather than stall the page. */
function answerDiff(from: string, to: string): readonly { readonly value: string; readonly added: boolean; readonly removed: boolean }[] {
  const parts = diffWords(from, to, { maxEditLength: 400, timeout: 50 });
  return parts ?? [{ value: to, added: false, removed: false }];
}

export function SampleSideBySide({
  comparison,
  sample,
  sourceFiles,
  cache,
}: {
  readonly comparison: Comparison;
  readonly sample: JoinedSample;
  readonly sourceFiles: Map<string, File>;
  readonly cache: RowCache;
}) {
  const [transcripts, setTranscripts] = useState(false);
  const present = comparison.runs.map((run, i) => ({ run, i, position: sample.positions[i] ?? -1 })).filter((p) => p.position >= 0);
  const rowOf = (i: number, position: number) => cache.row(i, position);
  const baseline = present[0];
  // The runs whose log holds this sample's transcript, each to read from the reviewer's copy.
  const withTranscripts = present.flatMap(({ run, i, position }) => {
    const row = rowOf(i, position);
    return row?.transcript ? [{ run, i, row }] : [];
  });
  const baselineRow = baseline ? rowOf(baseline.i, baseline.position) : undefined;
  const baselineAnswer = baseline && baselineRow ? answerOf(baselineRow, cache.scorerOf(baseline.i)) : '';
  return (
    <section className="side-by-side" aria-label={`Sample ${String(sample.id)} epoch ${sample.epoch} in each run`}>
      <h3 className="section-title">
        Sample <span className="mono">{String(sample.id)}</span> <span className="muted">epoch {sample.epoch}, {sample.task}</span>{' '}
        {withTranscripts.length > 0 && (
          <LinkButton onClick={() => setTranscripts(true)} label={`Open the transcripts of sample ${String(sample.id)} side by side`}>
            Transcripts side by side
          </LinkButton>
        )}
      </h3>
      <div className="side-by-side__columns" style={{ gridTemplateColumns: `repeat(${Math.max(1, present.length)}, minmax(0, 1fr))` }}>
        {present.map(({ run, i, position }) => {
          const cell = rowOf(i, position);
          if (!cell) {
            return (
              <article key={run.id} className="side-by-side__run" aria-label={`Run ${runLetter(i)}`}>
                <span className={`run-letter run-letter--${i}`}>{runLetter(i)}</span> <span className="muted">{cell === null ? 'This sample could not be read.' : 'Loading…'}</span>
              </article>
            );
          }
          const scorer = comparison.primaryScorers[i];
          const score = scorer ? cell.scores[scorer] : undefined;
          const answer = answerOf(cell, cache.scorerOf(i));
          const parts = baseline && baseline.i !== i ? answerDiff(baselineAnswer, answer) : [{ value: answer, added: false, removed: false }];
          return (
            <article key={run.id} className="side-by-side__run" aria-label={`Run ${runLetter(i)}`}>
              <header>
                <span className={`run-letter run-letter--${i}`}>{runLetter(i)}</span> {run.model}{' '}
                {score && <span className={`score ${scoreClass({ value: scoreToNumber(score.value) ?? Number.NaN, kind: ScoreKind.Number })}`}>{formatScore(score.value)}</span>}
              </header>
              <pre className="side-by-side__answer" aria-label={`Answer of run ${runLetter(i)}`}>
                {answer === '' ? (
                  <span className="muted">no answer</span>
                ) : (
                  parts.map((part, k) => (part.added ? <ins key={k}>{part.value}</ins> : part.removed ? <del key={k}>{part.value}</del> : <span key={k}>{part.value}</span>))
                )}
              </pre>
              {(cell.error ?? cell.limit) && <p className="sample-error">{cell.error ?? `limit: ${cell.limit ?? ''}`}</p>}
            </article>
          );
        })}
      </div>
      {transcripts && (
        <Modal
          title={`Sample ${String(sample.id)}, epoch ${sample.epoch}: transcripts`}
          onClose={() => setTranscripts(false)}
          wide
          actions={
            <button type="button" onClick={() => setTranscripts(false)}>
              Close
            </button>
          }
        >
          <div className="side-by-side__columns side-by-side__transcripts" style={{ gridTemplateColumns: `repeat(${Math.max(1, withTranscripts.length)}, minmax(0, 1fr))` }}>
            {withTranscripts.map(({ run, i, row }) => (
              <section key={run.id} aria-label={`Transcript of run ${runLetter(i)}`}>
                <h3 className="section-title">
                  <span className={`run-letter run-letter--${i}`}>{runLetter(i)}</span> <PortionMark marking={run.marking} /> {run.model}
                </h3>
                <TranscriptView run={run} row={row} sourceFile={sourceFiles.get(run.id)} onSourceFile={(file) => sourceFiles.set(run.id, file)} />
              </section>
            ))}
          </div>
        </Modal>
      )}
    </section>
  );
}
