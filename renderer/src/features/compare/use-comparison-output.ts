import { useRef, useState } from 'react';
import { localIsoDate } from '../../../../shared/calendar/iso-date.js';
import { describeMetric, type Comparison, type SummaryGroup } from '../../../../shared/compare/comparison.js';
import type { SavedComparison } from '../../../../shared/compare/saved-comparison.js';
import { authorityBlock, type AuthoritySource } from '../../../../shared/marking/authority.js';
import { cuiDesignationOf } from '../../../../shared/marking/cui-designation.js';
import { bannerText, commingle, type Marking } from '../../../../shared/marking/marking.js';
import { classifierOf } from '../../../../shared/identity/profile.js';
import { useSession } from '../../app/profile-session.js';
import { useServices, useSettings } from '../../app/services.js';
import type { ExportedRecord, PrintDecision } from '../../data/export-gateway.js';
import { usePackets } from '../../data/hooks.js';
import { samplesToCsv, summaryToCsv } from './export-comparison.js';

/** What a comparison shows, as records the export gateway marks it by: its runs, thresholds and its own name. */
function comparisonRecords(saved: SavedComparison, c: Comparison): ExportedRecord[] {
  return [
    { type: 'comparison', id: saved.id, marking: saved.marking },
    ...c.runs.map((r) => ({ type: 'benchmark-run', id: r.id, marking: r.marking })),
    ...c.groups.flatMap((g) => g.thresholds.map((t) => ({ type: 'threshold', id: t.threshold.id, marking: t.threshold.marking }))),
  ];
}

/**
 * A comparison leaving the workstation, through the export gateway: as CSV (summary or samples),
 * or printed. While it prints, `printing` holds the gateway's decision (the banner and authority
 * block of what is printed) for the print frame.
 */
export function useComparisonOutput(saved: SavedComparison, onMessage: (m: string) => void) {
  const { exports, results, store, session } = useServices();
  const signedIn = useSession(session);
  const { settings } = useSettings();
  const packets = usePackets(store);
  const [printing, setPrinting] = useState<PrintDecision | undefined>();
  const frame = useRef<HTMLTableElement>(null);
  const slug = saved.name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase() || 'comparison';

  /** The packets of the runs, whose authority blocks a printout carries. */
  const sourcesOf = (c: Comparison): AuthoritySource[] =>
    (packets ?? []).filter((p) => c.runs.some((r) => r.packetId === p.id)).map((p) => ({ id: p.id, name: `${p.developer} ${p.modelName} ${p.modelVersion}`, marking: p.marking, authority: p.authority }));

  /**
   * What a print from the browser's own menu shows, outside the gateway's print: the same banner and
   * blocks the gateway would decide, computed here from what the comparison holds.
   */
  function preview(c: Comparison, shown: Marking): PrintDecision {
    const sources = sourcesOf(c);
    const classifier = signedIn.kind === 'unlocked' ? classifierOf(signedIn.unlocked.profile) : session.actor();
    const markings = [...comparisonRecords(saved, c).map((r) => r.marking), ...sources.map((s) => s.marking)];
    // As the gateway decides it: the packets the printout names count with what it shows.
    const marking = commingle([shown, ...markings]);
    return { marking, banner: bannerText(marking), authority: authorityBlock(sources, marking, classifier), cui: cuiDesignationOf(markings, settings.cuiDesignator) };
  }

  async function exportCsv(kind: 'summary' | 'samples', c: Comparison) {
    // The samples' rows are read in full only for the export, and let go after it.
    const body = kind === 'summary' ? summaryToCsv(c) : samplesToCsv(c, c.samples, await Promise.all(c.runs.map((r, i) => (c.indexes[i] ? results.sampleRows(r.id) : Promise.resolve(null)))));
    const result = await exports.saveFile({
      kind: kind === 'summary' ? 'comparison-summary-csv' : 'comparison-samples-csv',
      what: `the ${kind} of the comparison ${saved.name}`,
      records: comparisonRecords(saved, c),
      dialogTitle: kind === 'summary' ? 'Export comparison summary' : 'Export comparison samples',
      suggestedName: `${slug}-${kind}-${localIsoDate(new Date())}.csv`,
      body: { format: 'csv', body },
    });
    if (!result.ok) onMessage(`Export failed: ${result.error.message}`);
    else if (result.value.saved) onMessage(`Exported the ${kind === 'summary' ? 'summary' : `${c.samples.length.toLocaleString('en-US')} sample rows`} to ${result.value.fileName}, marked ${result.value.banner}.`);
  }

  /** One group's charts as a marked SVG: its runs and its thresholds decide the marking. */
  async function exportChart(c: Comparison, group: SummaryGroup, chart: string) {
    const name = `${group.task} ${describeMetric(group)}`;
    const records = [
      { type: 'comparison', id: saved.id, marking: saved.marking },
      ...c.runs.filter((_, i) => group.cells[i]).map((r) => ({ type: 'benchmark-run', id: r.id, marking: r.marking })),
      ...group.thresholds.map((t) => ({ type: 'threshold', id: t.threshold.id, marking: t.threshold.marking })),
    ];
    const result = await exports.saveFile({
      kind: 'comparison-chart-svg',
      what: `the chart of ${name} in the comparison ${saved.name}`,
      records,
      dialogTitle: 'Export chart as SVG',
      suggestedName: `${slug}-${name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase()}-${localIsoDate(new Date())}.svg`,
      body: { format: 'svg', chart },
    });
    if (!result.ok) onMessage(`Export failed: ${result.error.message}`);
    else if (result.value.saved) onMessage(`Exported the chart of ${name} to ${result.value.fileName}, marked ${result.value.banner}.`);
  }

  async function print(c: Comparison) {
    const result = await exports.print({
      kind: 'comparison-print',
      what: `the summary of the comparison ${saved.name}`,
      records: comparisonRecords(saved, c),
      // The frame shows the gateway's banner and block before the print dialog copies the page.
      render: (decision) =>
        new Promise((resolve) => {
          setPrinting(decision);
          requestAnimationFrame(() => requestAnimationFrame(() => resolve(frame.current?.outerHTML ?? '')));
        }),
    });
    setPrinting(undefined);
    onMessage(result.ok ? `Printed the summary, marked ${result.value.banner}.` : `Not printed: ${result.error.message}`);
  }

  return { exportCsv, exportChart, print, printing, frame, preview };
}
