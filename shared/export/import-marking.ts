import { notCoveredBy } from '../marking/coverage.js';
import { bannerText, rollUp, type Marking } from '../marking/marking.js';
import type { CarriedMarking } from './file-marking.js';

/**
 * What the marking a reviewer gives an import must answer to: the markings the file carries itself
 * (its banner lines, a Marking column, its metadata's marking, its distribution statement). A
 * declared marking below any of them is refused, since the records would be held, shown and exported
 * under less than their content. So is a file whose marking says what this workstation does not model
 * (IMCON, FGI, RELIDO): no marking given here could carry it, and leaving it out would understate it.
 */
export function declaredMarkingProblem(fileName: string, declared: Marking, carried: readonly CarriedMarking[]): string | undefined {
  const unknown = carried.filter((c) => c.parsed.unknown.length > 0);
  const [strange] = unknown;
  if (strange) {
    const words = [...new Set(unknown.flatMap((c) => c.parsed.unknown))];
    return `${fileName} is marked ${strange.text} in its ${strange.where}, which says ${words.join(', ')}: this workstation does not model ${words.length === 1 ? 'it' : 'them'}, so no marking given here would carry what the file says. Nothing was imported; ask your security officer how it is to be held.`;
  }
  const under = carried.flatMap((c) => notCoveredBy(declared, c.parsed.marking).map((reason) => ({ c, reason })));
  const first = under[0];
  const least = bannerText(rollUp([declared, ...carried.map((c) => c.parsed.marking)]));
  return first
    ? `${fileName} is marked ${bannerText(first.c.parsed.marking)} in its ${first.c.where}; imported as ${bannerText(declared)} it would be held under less than it says: ${[...new Set(under.map((u) => u.reason))].join(' ')} Mark the import at least ${least}. Nothing was imported.`
    : undefined;
}
