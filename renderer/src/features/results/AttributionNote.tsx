import type { LogHeadline } from '../../../../shared/inspect/log-headline.js';
import type { Result } from '../../../../shared/errors/result.js';
import type { RunRole } from '../../../../shared/results/benchmark-run.js';
import type { Attribution, ModelUnderReview } from '../../../../shared/results/model-attribution.js';
import { attributionWords } from './attribution-words.js';
import './results.css';

/**
 * Says which model a log or run is of against the model under review, and what the role chosen
 * means for the determination; marked as a warning unless the model is the one under review.
 */
export function AttributionNote({
  what,
  model,
  subject,
  attribution,
  role,
}: {
  readonly what: 'log' | 'run';
  readonly model: string;
  readonly subject: ModelUnderReview;
  readonly attribution: Attribution;
  readonly role: RunRole;
}) {
  const matches = attribution.kind === 'subject';
  return (
    <p className={matches ? 'attribution-note' : 'attribution-note attribution-note--other'} role="note" aria-live="polite">
      {attributionWords(what, model, subject, attribution, role)}
    </p>
  );
}

/** What the import dialog says of a chosen log's model, or that it could not be read before the import. */
export function LogAttributionNote({
  headline,
  attribution,
  role,
  subject,
}: {
  readonly headline: Result<LogHeadline>;
  readonly attribution: Attribution | undefined;
  readonly role: RunRole | undefined;
  readonly subject: ModelUnderReview;
}) {
  if (!headline.ok) {
    return (
      <p className="attribution-note attribution-note--other" role="note">
        Which model this log measured could not be read before the import ({headline.error.message}). Say which model the run measured.
      </p>
    );
  }
  return attribution && role ? <AttributionNote what="log" model={headline.value.model} subject={subject} attribution={attribution} role={role} /> : null;
}
