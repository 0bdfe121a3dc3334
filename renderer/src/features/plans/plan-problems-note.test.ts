import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { PlanProblemsNote } from './PlanProblemsNote.js';

const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replaceAll('&quot;', '"').replace(/\s+/g, ' ').trim();

describe('the note on a plan version’s problems', () => {
  it('says a key the file gave twice kept only its last value, rather than that the file is kept whole', () => {
    const html = renderToStaticMarkup(
      createElement(PlanProblemsNote, {
        problems: [{ where: '/plan-of-action-and-milestones/risks/0/title', message: '"title" is given twice in the same object; JSON keeps the last value, so the first is left out.' }],
      }),
    );
    expect(text(html)).toMatch(/^Problems in the file, and what became of each\. The version keeps every field of the file as JSON reads it, and exports it so; where the file gives a key twice, only its last value is kept: /);
    expect(text(html)).not.toContain('whole');
    expect(text(html)).toContain('/plan-of-action-and-milestones/risks/0/title : "title" is given twice');
  });

  it('is not shown for a version without problems', () => {
    expect(renderToStaticMarkup(createElement(PlanProblemsNote, { problems: [] }))).toBe('');
  });
});
