import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { markingArbitrary } from '../../../../test/fixtures/marking-arbitrary.js';
import { notCoveredBy } from '../../../../shared/marking/coverage.js';
import { exceedsCeiling, marking, type Marking } from '../../../../shared/marking/marking.js';
import { bannerFor, DisplayedMarkings, displayedMarkings, printedMarking, printFrameMarkings } from './displayed-markings.js';

describe('the banner over whatever is on screen', () => {
  it('covers every marking shown, as screens come and go in any order, in either banner mode', () => {
    // A step shows a marking (as a screen or a portion mark mounts) or takes one away (as it unmounts).
    const step = fc.oneof(fc.record({ show: markingArbitrary }), fc.record({ hide: fc.nat(20) }));
    fc.assert(
      fc.property(markingArbitrary, fc.constantFrom('highest-on-screen' as const, 'system-high' as const), fc.array(step, { maxLength: 30 }), (systemHigh, bannerMode, steps) => {
        const registry = new DisplayedMarkings();
        const shown: { readonly marking: Marking; readonly remove: () => void }[] = [];
        let notified = 0;
        registry.subscribe(() => (notified += 1));
        for (const s of steps) {
          if ('show' in s) {
            // What a workstation holds is within its system high: the data layer refuses the rest.
            if (exceedsCeiling(s.show, systemHigh).length > 0) continue;
            shown.push({ marking: s.show, remove: registry.register(Symbol('screen'), s.show) });
          } else {
            shown.splice(s.hide % Math.max(1, shown.length), 1)[0]?.remove();
          }
          const banner = bannerFor({ systemHigh, bannerMode }, registry.snapshot());
          for (const { marking } of shown) expect(notCoveredBy(banner, marking)).toEqual([]);
        }
        expect(notified).toBeGreaterThanOrEqual(shown.length);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the same banner object while nothing changes, and drops back when the last screen goes', () => {
    const registry = new DisplayedMarkings();
    const before = registry.snapshot();
    expect(registry.snapshot()).toBe(before);
    const remove = registry.register(Symbol('screen'), { level: 'SECRET', sci: [], cuiCategories: [], dissemination: ['NOFORN'], relTo: [] });
    expect(registry.snapshot()).toMatchObject({ level: 'SECRET', dissemination: ['NOFORN'] });
    expect(registry.snapshot()).toBe(registry.snapshot());
    remove();
    expect(registry.snapshot()).toMatchObject({ level: 'UNCLASSIFIED' });
  });
});

describe('what a print from the browser’s own menu is marked', () => {
  const secret = marking('SECRET', { dissemination: ['NOFORN'] });
  const confidential = marking('CONFIDENTIAL');
  const settings = { systemHigh: marking('TOP SECRET'), bannerMode: 'highest-on-screen' as const };

  it('is the print frame’s marking where the page has one, not the screen’s, which also holds what printing hides', () => {
    // The bar of saved comparisons shows a SECRET comparison; the one printed is CONFIDENTIAL.
    const bar = displayedMarkings.register(Symbol('bar'), secret);
    const shown = displayedMarkings.register(Symbol('comparison'), confidential);
    expect(printedMarking(settings)).toEqual(secret);
    const frame = printFrameMarkings.register(Symbol('frame'), confidential);
    expect(printedMarking(settings)).toEqual(confidential);
    // In system-high mode too: the frame prints its own banner, not the window's.
    expect(printedMarking({ ...settings, bannerMode: 'system-high' })).toEqual(confidential);
    frame();
    expect(printedMarking({ ...settings, bannerMode: 'system-high' })).toEqual(marking('TOP SECRET', { dissemination: ['NOFORN'] }));
    bar();
    shown();
  });
});
