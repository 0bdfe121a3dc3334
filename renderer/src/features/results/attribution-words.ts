import type { RunRole } from '../../../../shared/results/benchmark-run.js';
import { suggestedRole, type Attribution, type ModelUnderReview } from '../../../../shared/results/model-attribution.js';

/**
 * Which model a log or a run is of, and what follows from the role it is filed under, in words:
 * "This log is of openai/gpt-4o, not Atlas (the model under review): it is filed as a reference
 * run. Choose “The model under review” only if …".
 */
export function attributionWords(what: 'log' | 'run', model: string, subject: ModelUnderReview, attribution: Attribution, role: RunRole): string {
  return `${modelWords(what, model, subject, attribution)}: ${roleWords(attribution, role, subject)}`;
}

function modelWords(what: 'log' | 'run', model: string, subject: ModelUnderReview, attribution: Attribution): string {
  const lead = `This ${what} is of ${model}`;
  const name = subject.modelName;
  switch (attribution.kind) {
    case 'subject':
      return `${lead}, the model under review (${attribution.versionStated ? `${name} ${subject.modelVersion}` : name})`;
    case 'other-version':
      return `${lead}, version ${attribution.version} of ${name}, not ${subject.modelVersion} (the version under review)`;
    case 'reference':
      return attribution.namesSubject
        ? `${lead}, which this packet already files as a reference model, though its name would pass for ${name} (the model under review)`
        : `${lead}, a reference model this packet already holds runs of${attribution.reference === model ? '' : ` (${attribution.reference})`}, not ${name} (the model under review)`;
    case 'unmatched':
      return `${lead}, not ${name} (the model under review)`;
  }
}

function roleWords(attribution: Attribution, role: RunRole, subject: ModelUnderReview): string {
  const chooseOnlyIf = `only if you know the run measured ${subject.modelName} ${subject.modelVersion} under another name`;
  if (suggestedRole(attribution) === 'subject') {
    return role === 'subject'
      ? 'its results count toward the covered-model determination.'
      : 'filed as a reference run, its results do not count toward the covered-model determination.';
  }
  return role === 'reference'
    ? `it is filed as a reference run. Choose “The model under review” ${chooseOnlyIf}.`
    : `filed as the model under review, its results count toward the covered-model determination: choose that ${chooseOnlyIf}.`;
}
