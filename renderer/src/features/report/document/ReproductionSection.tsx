import type { ReportReproduction } from '../../../../../shared/report/review-report.js';
import { intervalText, methodText, pText, signed, valueWithError } from './report-format.js';
import { Breakable, MarkedItems, MarkedParagraph, MarkedTable, Portion, ReportSection, type MarkedRow } from './report-parts.js';
import { sanitiseSvg } from './sanitise-svg.js';

type ReproductionRow = ReportReproduction['rows'][number];

const COLUMNS = [
  { label: 'Benchmark', className: 'report-col--name' },
  { label: 'Developer', className: 'report-col--num report-col--side' },
  { label: 'Government', className: 'report-col--num report-col--side' },
  { label: 'Difference', className: 'report-col--num' },
  { label: '95% interval', className: 'report-col--num' },
  { label: 'p', className: 'report-col--num' },
  { label: 'Method' },
  { label: 'Disagree beyond chance' },
];

/**
 * Section 3: the developer's reported results beside the government's reproduction of them, the
 * difference and whether it is beyond chance, the picture of both, and the benchmarks only one
 * side ran.
 */
export function ReproductionSection({ reproduction, chartSvg }: { readonly reproduction: ReportReproduction; readonly chartSvg: string | null }) {
  const disagreeing = reproduction.rows.filter((r) => r.disagree).length;
  const rows: MarkedRow[] = reproduction.rows.map((r, i) => ({
    key: `${String(i)} ${r.task} ${r.scorer} ${r.metric}`,
    portion: r.portion,
    cells: [<Benchmark key="benchmark" row={r} />, <Side key="developer" side={r.developer} />, <Side key="government" side={r.government} />, signed(r.difference), intervalText(r.interval), pText(r.p), methodText(r.method, r.sharedSamples), <DisagreeFlag key="flag" row={r} />],
  }));
  return (
    <ReportSection id="report-reproduction" number={3} title="Reproduction">
      <MarkedParagraph portion={reproduction.portion}>
        {reproductionSummary(reproduction.rows.length, disagreeing)}
      </MarkedParagraph>
      <MarkedTable portion={reproduction.portion} caption="Developer-reported and government-reproduced results" className="report-table--reproduction" columns={COLUMNS} rows={rows} />
      {reproduction.rows.map((r, i) => (
        <MarkedParagraph key={`${String(i)} ${r.task}`} portion={r.portion}>
          <strong>{r.benchmark}.</strong> {r.words}
        </MarkedParagraph>
      ))}
      {reproduction.rows.length > 0 && chartSvg !== null && chartSvg !== '' && <ReproductionFigure portion={reproduction.portion} chartSvg={chartSvg} />}
      <MarkedItems portion={reproduction.portion} label="Benchmarks with only one side’s results" items={reproduction.unpaired.map((u, i) => ({ key: `${String(i)} ${u.benchmark}`, content: `${u.benchmark}: ${u.has}` }))} />
    </ReportSection>
  );
}

/** "2 benchmarks have both …; 1 disagrees beyond chance (p < 0.05).": the section in a sentence. */
function reproductionSummary(pairs: number, disagreeing: number): string {
  const have = pairs === 1 ? '1 benchmark has' : `${String(pairs)} benchmarks have`;
  const disagree = disagreeing === 0 ? 'none of them disagrees' : disagreeing === 1 ? '1 disagrees' : `${String(disagreeing)} disagree`;
  return `${have} both a developer-reported and a government-reproduced result; ${disagree} beyond chance (p < 0.05).`;
}

/** "cybench" over "includes/accuracy": what was measured, one column for both. */
function Benchmark({ row }: { readonly row: ReproductionRow }) {
  return (
    <>
      <Breakable text={row.benchmark} />
      <span className="report-note">
        <Breakable text={row.scorer === '' ? row.metric : `${row.scorer}/${row.metric}`} />
      </span>
    </>
  );
}

/** "0.45 ± 0.05" over "n = 40, cybench-dev.eval". */
function Side({ side }: { readonly side: ReproductionRow['developer'] }) {
  return (
    <>
      {valueWithError(side.value, side.stderr)}
      <span className="report-note">
        {side.n === null ? '' : `n = ${String(side.n)}, `}
        {side.fileName}
      </span>
    </>
  );
}

function DisagreeFlag({ row }: { readonly row: ReproductionRow }) {
  return row.disagree ? <strong className="report-flag">Yes: beyond chance</strong> : <>No</>;
}

/**
 * The chart, as the app drew it, cut down to drawing. Its caption says how to read it; the table
 * above holds the same numbers for a reader who cannot see it.
 */
function ReproductionFigure({ portion, chartSvg }: { readonly portion: string; readonly chartSvg: string }) {
  return (
    <figure className="report-figure">
      <figcaption>
        <Portion portion={portion} /> Figure 1. Each benchmark&rsquo;s developer-reported value (blue) and government-reproduced value (brown) with its 95% interval; a red ring marks a pair that disagrees beyond chance, and a dashed red line a capability threshold.
      </figcaption>
      <div className="report-figure__chart" aria-hidden="true" dangerouslySetInnerHTML={{ __html: sanitiseSvg(chartSvg) }} />
    </figure>
  );
}
