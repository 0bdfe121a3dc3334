import * as Plot from '@observablehq/plot';
import { useEffect, useRef } from 'react';
import type { HistoryRow } from '../../../../shared/audit/history-view.js';
import { localIsoDate } from '../../../../shared/calendar/iso-date.js';
import './history.css';

// The app's palette (styles/tokens.css): SVG attributes cannot read CSS variables.
const INK = '#1c2430';
const KIND_COLOURS: Readonly<Record<string, string>> = { Changes: '#1f4f99', Deletions: '#a4161a', 'Imports and exports': '#8a5300' };

function kindOf(row: HistoryRow): string {
  const { action } = row.event;
  return action === 'delete' ? 'Deletions' : action === 'import' || action === 'export' ? 'Imports and exports' : 'Changes';
}

/**
 * The events shown, per day, as stacked bars: deletions in red, bundles in amber. A burst of
 * changes, or deletions on a day nobody worked, stands out before a single row is read.
 */
export function HistoryActivity({ rows }: { readonly rows: readonly HistoryRow[] }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container || rows.length === 0) return;
    const days = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const day = localIsoDate(new Date(row.event.at));
      const kinds = days.get(day) ?? days.set(day, new Map()).get(day) ?? new Map<string, number>();
      kinds.set(kindOf(row), (kinds.get(kindOf(row)) ?? 0) + 1);
    }
    // Each local day as that date at UTC midnight: Plot's day intervals and ticks are in UTC.
    const data = [...days].flatMap(([day, kinds]) => [...kinds].map(([kind, count]) => ({ day: new Date(`${day}T00:00:00Z`), kind, count })));
    const totals = [...days].map(([day, kinds]) => ({ day, count: [...kinds.values()].reduce((a, b) => a + b, 0) }));
    const byKind = Object.keys(KIND_COLOURS).map((kind) => ({ kind, count: data.filter((d) => d.kind === kind).reduce((n, d) => n + d.count, 0) }));
    const busiest = totals.reduce((a, b) => (b.count > a.count ? b : a));
    // At least a week around the days shown, so one busy day is a bar among days, not a wall.
    const DAY = 86_400_000;
    const times = data.map((d) => d.day.getTime());
    const domain = [new Date(Math.min(...times) - 3.5 * DAY), new Date(Math.max(...times) + 3.5 * DAY)];
    const spanDays = (Math.max(...times) - Math.min(...times)) / DAY + 7;
    const plot = Plot.plot({
      width: Math.max(320, container.clientWidth || 640),
      height: 96,
      marginLeft: 36,
      marginBottom: 22,
      style: { fontFamily: 'inherit', fontSize: '11px', color: INK, background: 'transparent' },
      x: { type: 'utc', label: null, domain, tickFormat: '%b %d', ticks: spanDays <= 21 ? 'day' : spanDays <= 140 ? 'week' : 'month' },
      y: { label: 'events', grid: true, nice: true },
      color: { domain: Object.keys(KIND_COLOURS), range: Object.values(KIND_COLOURS) },
      ariaLabel: `${rows.length} events over ${totals.length} day${totals.length === 1 ? '' : 's'} (${byKind.map((k) => `${k.count} ${k.kind.toLowerCase()}`).join(', ')}); the busiest, ${busiest.day}, has ${busiest.count}.`,
      marks: [Plot.rectY(data, { x: 'day', y: 'count', fill: 'kind', interval: 'day', title: (d: { kind: string; count: number }) => `${d.count} ${d.kind.toLowerCase()}` }), Plot.ruleY([0], { stroke: INK })],
    });
    // Plot's own <style> element is refused by the content security policy; what matters of it is in history.css (.history-activity svg).
    for (const style of plot.querySelectorAll('style')) style.remove();
    // One image with its summary for screen readers, not its marks' generic names ("rule", "rect").
    plot.setAttribute('role', 'img');
    for (const g of plot.querySelectorAll('g[aria-label]')) g.removeAttribute('aria-label');
    container.replaceChildren(plot);
    return () => plot.remove();
  }, [rows]);
  if (rows.length === 0) return null;
  return (
    <figure className="history-activity">
      <figcaption className="visually-hidden">Events per day</figcaption>
      <div ref={ref} />
      <div className="history-activity__legend" aria-hidden="true">
        {Object.entries(KIND_COLOURS).map(([kind, colour]) => (
          <span key={kind} className="history-activity__key">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={colour} />
            </svg>{' '}
            {kind}
          </span>
        ))}
      </div>
    </figure>
  );
}
