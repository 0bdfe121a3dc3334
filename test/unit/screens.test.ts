import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { SCREEN_WALKS } from '../e2e/screens.js';

const renderer = fileURLToPath(new URL('../../renderer/src/', import.meta.url));

/**
 * The renderer's screens and dialogs, found in its source: every component (a function or an arrow
 * function, exported or not) that renders a Modal or a ConfirmDialog, and every exported component
 * named as a page, panel, list, editor, view or dialog.
 */
function screensInSource(): string[] {
  const names = new Set<string>();
  for (const file of readdirSync(renderer, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.tsx') || file.startsWith('ui/')) continue;
    const source = readFileSync(`${renderer}${file}`, 'utf8');
    for (const chunk of source.split(/\n(?=(?:export (?:default )?)?(?:function [A-Z]\w*\(|const [A-Z]\w*\s*=))/)) {
      const name = /^(?:export (?:default )?)?(?:function ([A-Z]\w*)\(|const ([A-Z]\w*)\s*=)/.exec(chunk);
      const component = name?.[1] ?? name?.[2];
      if (!component) continue;
      if (chunk.includes('<Modal') || chunk.includes('<ConfirmDialog') || (chunk.startsWith('export') && /(Page|Panel|List|Editor|Screen|View|Dialog)$/.test(component))) names.add(component);
    }
  }
  return [...names].sort();
}

describe('the screens the end-to-end walks open under the marking guard', () => {
  it('are every screen and dialog in the renderer: a new one must join a walk', () => {
    const walked = Object.values(SCREEN_WALKS).flat();
    expect(screensInSource()).toEqual([...new Set(walked)].sort());
  });

  it('finds the screens it should (the scan itself is not blind)', () => {
    expect(screensInSource()).toEqual(expect.arrayContaining(['ImportBundleDialog', 'HistoryPage', 'PacketList', 'TranscriptDialog']));
  });
});
