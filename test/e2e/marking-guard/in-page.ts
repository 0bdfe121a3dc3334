import { notCoveredBy } from '../../../shared/marking/coverage.js';
import { parseBanner, portionMarksIn } from '../../../shared/marking/parse-marking.js';

/**
 * Runs inside the app's page in every end-to-end test (bundled by esbuild and added as an init
 * script): before each frame that follows a change to the page, it reads the banner and every
 * portion mark visible anywhere on screen, and records each portion the banner does not cover.
 * Whatever screen or dialog a test opens, new ones included, the banner is held to what it shows.
 */

export interface MarkingGuardState {
  readonly violations: string[];
  checks: number;
  /** The most portion marks seen on screen in one check: a test can tell the guard saw them. */
  most: number;
}

declare global {
  interface Window {
    __markingGuard?: MarkingGuardState;
  }
}

const state: MarkingGuardState = { violations: [], checks: 0, most: 0 };
window.__markingGuard = state;

function visible(element: Element): boolean {
  // A closed select's options are offered to the eye as soon as it opens: they count.
  const shown = element.tagName === 'OPTION' ? element.closest('select') : element;
  return shown?.checkVisibility({ visibilityProperty: true, opacityProperty: false }) === true;
}

function where(element: Element): string {
  const dialog = element.closest('dialog, [role="dialog"]');
  const title = dialog?.getAttribute('aria-label') ?? dialog?.querySelector('h1, h2')?.textContent ?? document.querySelector('h1, h2')?.textContent ?? '';
  return `${location.hash || '#'} ${title}`.trim();
}

function check(): void {
  const bannerElement = document.querySelector('[data-testid="banner-top"]');
  // No banner at all (the page is still starting, or a fatal error replaced it) shows no review either.
  if (!bannerElement) return;
  const top = bannerElement.textContent;
  const banner = parseBanner(top);
  if (!banner) {
    const line = `${where(bannerElement)}: the banner "${top}" does not read as a marking`;
    if (!state.violations.includes(line)) state.violations.push(line);
    return;
  }
  state.checks += 1;
  let seen = 0;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent ?? '';
    const element = node.parentElement;
    // Banners, and the previews of ceilings being set (a system high limits content, it marks none), are not content.
    if (!text.includes('(') || !element || element.closest('.classification-banner, [data-marking-ceiling]') || !visible(element)) continue;
    for (const found of portionMarksIn(text)) {
      seen += 1;
      const reasons = notCoveredBy(banner.marking, found.parsed.marking);
      const line = `${where(element)}: ${found.text} under the banner ${top}: ${reasons.join(' ')}`;
      if (reasons.length > 0 && !state.violations.includes(line)) state.violations.push(line);
    }
  }
  state.most = Math.max(state.most, seen);
}

let scheduled = false;
function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  // Checked just before the frame is painted: what the reviewer would see.
  requestAnimationFrame(() => {
    scheduled = false;
    check();
  });
}

function start(): void {
  new MutationObserver(schedule).observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['open', 'hidden', 'class', 'style'] });
  schedule();
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start, { once: true });
else start();
