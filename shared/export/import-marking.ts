import { notCoveredBy } from '../marking/coverage.js';
import { bannerText, rollUp, type Marking } from '../marking/marking.js';
import type { CarriedMarking } from './file-marking.js';

/**
 * What the marking a reviewer gives an import must answer to: the markings the file carries itself
 * (its banner lines, its metadata's marking, its distribution statement). A declared marking below
 * any of them is refused, since the records would be held, shown and exported under less than
 * their content; words of the file's marking this workstation does not model are listed, not dropped.
 */
export function declaredMarkingCheck(fileName: string, declared: Marking, carried: readonly CarriedMarking[]): { readonly problem: string | undefined; readonly notes: readonly string[] } {
  const under = carried.flatMap((c) => notCoveredBy(declared, c.parsed.marking).map((reason) => ({ c, reason })));
  const first = under[0];
  const least = bannerText(rollUp([declared, ...carried.map((c) => c.parsed.marking)]));
  const problem = first
    ? `${fileName} is marked ${bannerText(first.c.parsed.marking)} in its ${first.c.where}; imported as ${bannerText(declared)} it would be held under less than it says: ${[...new Set(under.map((u) => u.reason))].join(' ')} Mark the import at least ${least}. Nothing was imported.`
    : undefined;
  const unknown = [...new Set(carried.flatMap((c) => c.parsed.unknown))];
  const notes = unknown.length > 0 ? [`${fileName}'s marking also says ${unknown.join(', ')}, which this workstation does not model: it is not carried by the marking given here. Handle the records as the file's own marking requires.`] : [];
  return { problem, notes };
}
