import { useMemo } from 'react';
import type { CarriedMarking } from '../../../../shared/export/file-marking.js';
import { bannerText } from '../../../../shared/marking/marking.js';
import { useDisplayedMarkings } from './displayed-markings.js';
import { PortionMark } from './PortionMark.js';
import './marking.css';

/**
 * What a chosen file says of its own marking, before it is imported: the import's marking may not
 * be below it. The file's words are on screen (its name, its preview), so they count for the banner.
 */
export function FileMarkingNote({ markings }: { readonly markings: readonly CarriedMarking[] }) {
  useDisplayedMarkings(useMemo(() => markings.map((m) => m.parsed.marking), [markings]));
  const [first] = markings;
  if (!first) return null;
  const places = [...new Set(markings.map((m) => m.where))].join(', ');
  return (
    <p className="file-marking-note" data-testid="file-marking">
      <PortionMark marking={first.parsed.marking} /> The file marks itself {bannerText(first.parsed.marking)} ({places}). Its marking here must be at least that.
    </p>
  );
}
