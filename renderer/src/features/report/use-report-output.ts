import { useEffect, useState } from 'react';
import { bannerColours } from '../../../../shared/marking/marking.js';
import { markingBlockLines } from '../../../../shared/marking/marking-blocks.js';
import type { StoredReport } from '../../../../shared/report/stored-report.js';
import { useSession } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import type { PrintDecision } from '../../data/export-gateway.js';
import type { ReportOutcome } from '../../data/report-exports.js';

export type ReportFormat = 'pdf' | 'html' | 'json';

/** While the report prints: what the print frame shows, and the document title the PDF takes. */
export interface ReportPrinting {
  readonly decision: PrintDecision;
}

/**
 * A report version leaving the workstation, through the export gateway: the marking and blocks the
 * gateway decides for it (shown on the preview's frame too), and its PDF, web page and JSON.
 */
export function useReportOutput(stored: StoredReport | undefined, chartSvg: string | null, onMessage: (message: string) => void) {
  const { exports, session } = useServices();
  const signedIn = useSession(session);
  const [decided, setDecided] = useState<{ readonly of: StoredReport; readonly decision: PrintDecision | string } | undefined>();
  const [printing, setPrinting] = useState<ReportPrinting | undefined>();
  const [busy, setBusy] = useState<ReportFormat | undefined>();

  useEffect(() => {
    if (!stored) return;
    let current = true;
    void exports.reportDecision(stored).then((d) => {
      if (current) setDecided({ of: stored, decision: d.ok ? d.value : d.error.message });
    });
    return () => {
      current = false;
    };
  }, [exports, stored]);
  const decision = decided?.of === stored ? decided?.decision : undefined;
  // A team lead signs, as a team lead signs bundles.
  const signer = signedIn.kind === 'unlocked' && signedIn.unlocked.profile.role === 'team-lead' ? { principal: signedIn.unlocked.profile.principal, seed: signedIn.unlocked.keys.signingSeed, name: signedIn.unlocked.profile.name } : undefined;

  /** Puts the report on the print frame under the gateway's banner, titled with it (the PDF's title), and resolves once it is painted. */
  const render = (d: PrintDecision) =>
    new Promise<string>((resolve) => {
      setPrinting({ decision: d });
      document.title = `${d.banner} — ${stored?.report.cover.title ?? 'Review report'}`;
      requestAnimationFrame(() => requestAnimationFrame(() => resolve(document.querySelector('.report-print')?.outerHTML ?? '')));
    });

  async function save(format: ReportFormat, sign: boolean) {
    if (!stored) return;
    setBusy(format);
    const title = document.title;
    let result;
    try {
      result =
        format === 'pdf'
          ? await exports.saveReportPdf(stored, render)
          : format === 'html'
            ? await htmlWriter().then((reportHtml) => exports.saveReportHtml(stored, (d) => reportHtml({ report: stored.report, chartSvg, banner: d.banner, bannerColours: bannerColours(d.marking), markingBlocks: markingBlockLines({ authority: d.authority, cui: d.cui }) })))
            : await exports.saveReportJson(stored, sign && signer ? signer : null);
    } finally {
      setPrinting(undefined);
      document.title = title;
      setBusy(undefined);
    }
    onMessage(result.ok ? outcomeWords(result.value, format, stored.version) : `Not saved: ${result.error.message}`);
  }

  return { decision, printing, busy, save, signer };
}

/** The web page's writer, loaded when a page is first saved: it brings React's server renderer, which nothing else needs. */
async function htmlWriter() {
  return (await import('./document/report-html.js')).reportHtml;
}

const FORMAT_WORDS: Readonly<Record<ReportFormat, string>> = { pdf: 'the PDF', html: 'the web page', json: 'the JSON companion' };

function outcomeWords(outcome: ReportOutcome, format: ReportFormat, version: number): string {
  if ('printed' in outcome) return `Sent version ${version} to the print dialog, marked ${outcome.banner}: choose “Save as PDF” there for a PDF.`;
  if (!outcome.saved) return 'Nothing was saved.';
  const covered = outcome.covers.length > 0 ? `, and by their SHA-256 ${outcome.covers.join(' and ')}` : ': no PDF or web page of this version was saved before it, so it covers the report alone';
  const signed = outcome.signedBy ? `, signed by ${outcome.signedBy} (the signature covers the report${covered})` : '';
  return `Saved ${FORMAT_WORDS[format]} of version ${version} as ${outcome.fileName}, marked ${outcome.banner}${signed}. SHA-256 ${outcome.sha256}.`;
}
