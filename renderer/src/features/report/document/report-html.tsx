import { renderToStaticMarkup } from 'react-dom/server';
import type { BannerColours } from '../../../../../shared/marking/marking.js';
import type { ReviewReport } from '../../../../../shared/report/review-report.js';
import tokensCss from '../../../styles/tokens.css?inline';
import { TITLE_SEPARATOR } from '../../../../../shared/export/html-markings.js';
import { ReportDocument } from './ReportDocument.js';
import reportCss from './report.css?inline';
import pageFootCss from '../../marking/page-foot-banner.css?inline';

/**
 * The review report as one HTML file that opens anywhere, offline: its stylesheet inside it, no
 * script, nothing fetched (the page's own content security policy forbids anything but inline
 * styles and data: images). Its marking is where every reader looks for one: the classification
 * meta tag, the start of the title, and the banner in its colours at the top and the bottom,
 * repeated on every printed page by the frame's header and footer rows.
 */

export const REPORT_HTML_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The tokens and the report's own rules, as Vite inlines them. */
export const REPORT_STYLESHEET = `${tokensCss}\n${reportCss}\n${pageFootCss}`;

export interface ReportHtmlInput {
  readonly report: ReviewReport;
  /** The reproduction chart the app drew (reproductionChartSvg); null or empty leaves the figure out. */
  readonly chartSvg: string | null;
  /** The file's banner line, as the export gateway decided it. */
  readonly banner: string;
  readonly bannerColours: BannerColours;
  /** The authority block and CUI designation indicator lines the file carries. */
  readonly markingBlocks: readonly string[];
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#x27;');
}

/** A colour goes into the stylesheet, so only a colour: a hex value or a design token. */
function cssColour(colour: string): string {
  if (!/^(?:#[0-9a-f]{3,8}|var\(--[a-z0-9-]+\))$/i.test(colour)) throw new Error(`"${colour}" is not a banner colour (a #hex colour or a var(--token)).`);
  return colour;
}

function ReportFileFrame({ input }: { readonly input: ReportHtmlInput }) {
  // The bottom row keeps the banner's room; the copy at each page's foot is what prints (page-foot-banner.css).
  const banner = (where: 'top' | 'bottom') => (
    <div className={where === 'bottom' ? 'report-banner banner-room' : 'report-banner'} data-banner={where}>
      {input.banner}
    </div>
  );
  return (
    <table className="report-frame" role="presentation">
      <thead>
        <tr>
          <td>{banner('top')}</td>
        </tr>
      </thead>
      <tfoot>
        <tr>
          <td>{banner('bottom')}</td>
        </tr>
      </tfoot>
      <tbody>
        <tr>
          <td>
            <ReportDocument report={input.report} chartSvg={input.chartSvg} markingBlocks={input.markingBlocks} />
          </td>
        </tr>
      </tbody>
    </table>
  );
}

/** The bottom banner as printed: at the foot of every page, however short the last one (see page-foot-banner.css). */
function PageFootBanner({ banner }: { readonly banner: string }) {
  return (
    <div className="report-banner page-foot-banner" aria-hidden="true">
      {banner}
    </div>
  );
}

/**
 * The file's text. `stylesheet` is the inlined CSS; tests under Node, where Vite does not inline
 * it, pass it in. A file without it would print unstyled and unmarked in colour, so it is refused.
 */
export function reportHtml(input: ReportHtmlInput, stylesheet: string = REPORT_STYLESHEET): string {
  if (!stylesheet.includes('.report-document')) throw new Error('the report’s stylesheet is missing, so the HTML file would print unstyled.');
  if (input.banner.trim() === '') throw new Error('the report’s HTML file needs its banner line.');
  const banner = escapeHtml(input.banner);
  const bannerRule = `.report-banner { background-color: ${cssColour(input.bannerColours.background)}; color: ${cssColour(input.bannerColours.text)}; }`;
  const body = renderToStaticMarkup(
    <>
      <ReportFileFrame input={input} />
      <PageFootBanner banner={input.banner} />
    </>,
  );
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${REPORT_HTML_CSP}">`,
    `<meta name="classification" content="${banner}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${banner}${TITLE_SEPARATOR}${escapeHtml(input.report.cover.title)}, version ${String(input.report.version)}</title>`,
    `<style>\n${stylesheet.replace(/<\/style/gi, '<\\/style')}\n${bannerRule}\n</style>`,
    '</head>',
    `<body class="report-file">${body}</body>`,
    '</html>',
    '',
  ].join('\n');
}
