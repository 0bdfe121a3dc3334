import type { PlanProblem } from '../../../../shared/plans/remediation-plan.js';

/**
 * What the reader could not follow or carry in a plan version's file, and what became of each. The
 * version keeps what JSON reads of its file and exports that: a key the file gives twice keeps only
 * its last value, so the note does not call the file whole.
 */
export function PlanProblemsNote({ problems }: { readonly problems: readonly PlanProblem[] }) {
  if (problems.length === 0) return null;
  return (
    <div className="editor__notice plan-problems" role="note">
      <p>Problems in the file, and what became of each. The version keeps every field of the file as JSON reads it, and exports it so; where the file gives a key twice, only its last value is kept:</p>
      <ul>
        {problems.map((p, index) => (
          // The same problem can come twice (an item listing one bad link twice), so the
          // position keys it; the list only ever changes whole.
          <li key={index}>
            <span className="mono">{p.where}</span>: {p.message}
          </li>
        ))}
      </ul>
    </div>
  );
}
