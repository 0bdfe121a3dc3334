import { bannerText, isClassified, levelRank, portionMark, type DisseminationControl, type Marking } from './marking.js';
import { notReleasableTo } from './releasability.js';

const AUDIENCE: readonly DisseminationControl[] = ['FED ONLY', 'FEDCON', 'NOCON'];

/**
 * Why a banner (of a screen, a printout or a file) does not cover a portion shown under it, or an
 * empty list when it does. A banner covers a portion when nothing the portion restricts is left
 * unrestricted by the banner:
 * - its level is at least the portion's, and it names every SCI system the portion needs;
 * - ORCON and NOFORN on the portion are on the banner;
 * - on a CUI banner, the portion's categories and limited dissemination controls are on it
 *   (FED ONLY stands for the narrower of FED ONLY, FEDCON and NOCON, a specified category for its
 *   basic form); on a classified banner they stay with their portions (DoD practice for commingled
 *   CUI), whether the portion is CUI or classified with CUI commingled in it;
 * - a banner releasable to partners lists no country the portion is not releasable to, by member
 *   country (a portion releasable to AUS, CAN, GBR and NZL sits under `REL TO USA, FVEY`).
 */
export function notCoveredBy(banner: Marking, portion: Marking): string[] {
  const reasons: string[] = [];
  const mark = portionMark(portion);
  const under = bannerText(banner);
  if (levelRank(portion.level) > levelRank(banner.level)) reasons.push(`${mark} is above ${under}.`);
  const sci = portion.sci.filter((c) => !banner.sci.includes(c));
  if (sci.length > 0) reasons.push(`${mark} needs SCI ${sci.join('/')}, which ${under} does not name.`);
  for (const control of ['ORCON', 'NOFORN'] as const) {
    if (portion.dissemination.includes(control) && !banner.dissemination.includes(control)) reasons.push(`${mark} is ${control}, which ${under} does not say.`);
  }
  if (banner.level === 'CUI') {
    // A specified category covers its basic form: the banner asks the stricter handling.
    const categories = portion.cuiCategories.filter((c) => !banner.cuiCategories.includes(c) && !(banner.cuiCategories as readonly string[]).includes(`SP-${c}`));
    if (categories.length > 0) reasons.push(`${mark} holds CUI ${categories.join('/')}, which ${under} does not name.`);
    for (const control of portion.dissemination) {
      if (control === 'NOFORN' || control === 'ORCON' || banner.dissemination.includes(control)) continue;
      if (AUDIENCE.includes(control) && banner.dissemination.includes('FED ONLY')) continue;
      reasons.push(`${mark} is ${control}, which ${under} does not say.`);
    }
  }
  if (banner.relTo.length > 0 && portion.level !== 'UNCLASSIFIED' && !portion.dissemination.includes('NOFORN')) {
    const restricted = isClassified(portion.level) || portion.relTo.length > 0;
    const beyond = notReleasableTo(portion.relTo, banner.relTo);
    if (restricted && beyond.length > 0) reasons.push(`${under} releases to ${beyond.join(', ')}, to which ${mark} is not releasable.`);
  }
  return reasons;
}

export function covers(banner: Marking, portion: Marking): boolean {
  return notCoveredBy(banner, portion).length === 0;
}
