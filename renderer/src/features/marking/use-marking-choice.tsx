import { useMemo, useState, type ReactNode } from 'react';
import { exceedsCeiling, markingAsClaimed, markingProblems, type Marking } from '../../../../shared/marking/marking.js';
import { useDisplayedMarkings } from './displayed-markings.js';
import { useSettings } from '../../app/services.js';
import { MarkingFields } from './MarkingFields.js';

/**
 * The marking an import gives what it brings in, starting from the packet's: its problems
 * (including being above the workstation's system high) and the fields to choose it.
 */
export function useMarkingChoice(initial: Marking): {
  readonly marking: Marking;
  readonly issues: readonly string[];
  readonly fields: (legend: string, disabled: boolean) => ReactNode;
} {
  const { settings } = useSettings();
  const [marking, setMarking] = useState<Marking>(initial);
  const [relToText, setRelToText] = useState(initial.relTo.join(', '));
  const issues = [...markingProblems(marking).map((p) => p.message), ...exceedsCeiling(marking, settings.systemHigh)];
  // What is being brought in (or typed) shows under the marking chosen for it, even while that is not valid yet.
  useDisplayedMarkings(useMemo(() => [markingAsClaimed(marking)], [marking]));
  return {
    marking,
    issues,
    fields: (legend, disabled) => (
      <MarkingFields
        legend={legend}
        marking={marking}
        relToText={relToText}
        problems={issues}
        disabled={disabled}
        onChange={(next, text) => {
          setMarking(next);
          setRelToText(text);
        }}
      />
    ),
  };
}
