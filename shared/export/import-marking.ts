import { notCoveredBy } from '../marking/coverage.js';
import { bannerText, bannerOf, commingle, commingledCui, isClassified, withLevel, type Marking } from '../marking/marking.js';
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
  const least = bannerText(bannerOf([declared, ...carried.map((c) => c.parsed.marking)]));
  return first
    ? `${fileName} is marked ${bannerText(first.c.parsed.marking)} in its ${first.c.where}; imported as ${bannerText(declared)} it would be held under less than it says: ${[...new Set(under.map((u) => u.reason))].join(' ')} Mark the import at least ${least}. Nothing was imported.`
    : undefined;
}

/**
 * The marking imported records are stored under: the one declared, and, beside a classification,
 * the CUI the file says it holds (a `(CUI//SP-EXPT)` title under a SECRET distribution statement),
 * so its designation is not lost on import. Nothing else is added to what the reviewer chose: the
 * declared marking already covers the file's (see `declaredMarkingProblem`).
 */
export function importedMarking(declared: Marking, carried: readonly CarriedMarking[]): Marking {
  if (!isClassified(declared.level)) return declared;
  // Each carried marking's CUI, under the declared classification and its foreign-disclosure controls.
  const cuiParts = carried.flatMap((c) => {
    const cui = commingledCui(withLevel(c.parsed.marking, declared.level));
    return cui ? [{ ...declared, cuiCategories: cui.categories, dissemination: [...declared.dissemination, ...cui.controls] }] : [];
  });
  return cuiParts.length === 0 ? declared : commingle([declared, ...cuiParts]);
}
