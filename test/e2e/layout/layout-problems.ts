import type { Page } from '@playwright/test';

/**
 * What a reviewer would call a broken layout, found in the page as drawn:
 * - a control they cannot reach: outside the window, or cut by a container that does not scroll;
 * - a control squeezed to nothing (a select shown as a bare caret), or a button whose label is cut;
 * - a table cell too narrow to read: a word broken over lines ("(S/ /NF )", a file name over 7 lines).
 * Long identifiers must be truncated with the full text on hover and focus, not wrapped.
 * Returns one sentence per problem, naming the element by its role and text.
 */
export function layoutProblems(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const viewport = { width: window.innerWidth, height: window.innerHeight };
    const describe = (el: Element) => {
      const text = (el.getAttribute('aria-label') ?? (el instanceof HTMLElement ? el.innerText : (el.textContent ?? ''))).replace(/\s+/g, ' ').trim().slice(0, 60);
      const label = el instanceof HTMLInputElement || el instanceof HTMLSelectElement || el instanceof HTMLTextAreaElement ? (el.labels?.[0]?.innerText ?? el.name) : '';
      return `${el.tagName.toLowerCase()}${el.getAttribute('role') ? `[role=${el.getAttribute('role')}]` : ''} "${text || label}"`;
    };
    const visible = (el: Element) => {
      if (el.closest('[aria-hidden="true"], [inert], .visually-hidden, .no-screen')) return false;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || style.display === 'none') return false;
      const rect = el.getBoundingClientRect();
      return rect.width > 0 && rect.height > 0;
    };
    // The modal on top, when there is one: what is under it cannot be reached anyway.
    const dialogs = [...document.querySelectorAll('dialog[open]')];
    const root = dialogs.at(-1) ?? document.body;
    const scrolls = (el: Element, axis: 'x' | 'y') => {
      const overflow = getComputedStyle(el)[axis === 'x' ? 'overflowX' : 'overflowY'];
      return overflow === 'auto' || overflow === 'scroll';
    };
    const clips = (el: Element, axis: 'x' | 'y') => {
      const overflow = getComputedStyle(el)[axis === 'x' ? 'overflowX' : 'overflowY'];
      return overflow === 'hidden' || overflow === 'clip';
    };

    const controls = root.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href], summary, [role=tab], [role=button], [role=checkbox]');
    for (const control of controls) {
      if (!visible(control) || control.closest('details:not([open]) > :not(summary)')) continue;
      const rect = control.getBoundingClientRect();
      // Cut by an ancestor that does not scroll: hidden for good.
      for (let parent = control.parentElement; parent && parent !== document.documentElement; parent = parent.parentElement) {
        const box = parent.getBoundingClientRect();
        const outX = rect.left < box.left - 1 || rect.right > box.right + 1;
        const outY = rect.top < box.top - 1 || rect.bottom > box.bottom + 1;
        if ((outX && clips(parent, 'x')) || (outY && clips(parent, 'y'))) {
          problems.push(`${describe(control)} is cut off by ${describe(parent).slice(0, 40)} (${Math.round(rect.left)}–${Math.round(rect.right)} in ${Math.round(box.left)}–${Math.round(box.right)})`);
          break;
        }
        if ((outX && scrolls(parent, 'x')) || (outY && scrolls(parent, 'y'))) break;
        // An open modal dialog is drawn in the top layer: what holds it in the page does not clip it.
        if (parent instanceof HTMLDialogElement && parent.open) break;
      }
      // Off the side of the window, where nothing scrolls to it.
      const reachable = (axis: 'x' | 'y') => {
        for (let parent = control.parentElement; parent; parent = parent.parentElement) if (scrolls(parent, axis) && (axis === 'x' ? parent.scrollWidth > parent.clientWidth : parent.scrollHeight > parent.clientHeight)) return true;
        return axis === 'x' ? document.documentElement.scrollWidth > viewport.width && !clips(document.body, 'x') : document.documentElement.scrollHeight > viewport.height && !clips(document.body, 'y');
      };
      if ((rect.right > viewport.width + 1 || rect.left < -1) && !reachable('x')) problems.push(`${describe(control)} is outside the window (x ${Math.round(rect.left)}–${Math.round(rect.right)} of ${viewport.width})`);
      if ((rect.bottom > viewport.height + 1 || rect.top < -1) && !reachable('y')) problems.push(`${describe(control)} is below the window and nothing scrolls to it`);
      const isBox = control instanceof HTMLSelectElement || (control instanceof HTMLInputElement && !['checkbox', 'radio', 'range', 'color', 'file'].includes(control.type));
      if (isBox && rect.width < 56) problems.push(`${describe(control)} is squeezed to ${Math.round(rect.width)} px`);
      if (control instanceof HTMLButtonElement && control.scrollWidth > control.clientWidth + 2 && getComputedStyle(control).textOverflow !== 'ellipsis') problems.push(`${describe(control)} has its label cut (${control.scrollWidth} px in ${control.clientWidth})`);
    }

    // Words broken over lines inside table cells: a cell crushed below legibility.
    const cells = root.querySelectorAll('td, th, [role=gridcell], [role=rowheader], [role=columnheader]');
    for (const cell of cells) {
      if (!visible(cell)) continue;
      const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const text = node.textContent ?? '';
        const parent = node.parentElement;
        if (!parent || !visible(parent)) continue;
        // A line may break after a hyphen, as in print; within a word it may not.
        for (const match of text.matchAll(/[^\s\-‐]{2,}/g)) {
          const range = document.createRange();
          range.setStart(node, match.index);
          range.setEnd(node, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
          if (lines.size > 1) {
            problems.push(`"${match[0].slice(0, 40)}" is broken over ${lines.size} lines in a ${Math.round(cell.getBoundingClientRect().width)} px cell (${describe(cell).slice(0, 50)})`);
            break;
          }
        }
      }
    }
    return [...new Set(problems)];
  });
}

export const LAYOUT_SIZES = [
  [1280, 800],
  [1440, 900],
  [1920, 1080],
] as const;
