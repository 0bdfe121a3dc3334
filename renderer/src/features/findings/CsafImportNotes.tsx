import type { CsafProblem } from '../../../../shared/csaf/csaf-read.js';
import type { Dropped } from '../../../../shared/import/dropped.js';
import { TitledList } from '../../ui/TitledList.js';
import './findings.css';

/** At most this many of each list are drawn: a vendor's advisory may leave out thousands of products. */
const LISTED = 50;

export interface CsafImportOutcome {
  readonly problems: readonly CsafProblem[];
  readonly dropped: readonly Dropped[];
}

/** How many things an import has to say, for the message that announces it. */
export function outcomeCount(o: CsafImportOutcome): number {
  return o.problems.length + o.dropped.length;
}

/**
 * What an imported advisory held that did not come across, each with the JSON pointer to it in the
 * file, and the notes made on what did (a severity left to a reviewer, a vulnerability listed twice).
 */
export function CsafImportNotes({ outcome }: { readonly outcome: CsafImportOutcome }) {
  if (outcomeCount(outcome) === 0) return null;
  return (
    <div className="editor__notice plan-problems csaf-import-notes" role="note" aria-label="What the advisory held that did not come across">
      <TitledList
        title={<p>What the advisory held that did not come across, and why ({outcome.dropped.length.toLocaleString('en-US')}):</p>}
        items={outcome.dropped}
        limit={LISTED}
        render={(d) => (
          <>
            <code>{d.path === '' ? '(the whole file)' : d.path}</code>: {d.why}
          </>
        )}
      />
      <TitledList
        title={<p>Notes on what was read ({outcome.problems.length.toLocaleString('en-US')}):</p>}
        items={outcome.problems}
        limit={LISTED}
        render={(p) => (
          <>
            <code>{p.where === '' ? '(the whole file)' : p.where}</code>: {p.message}
          </>
        )}
      />
    </div>
  );
}
