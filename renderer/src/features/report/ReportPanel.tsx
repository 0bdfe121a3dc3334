import { useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import type { Packet } from '../../../../shared/packet/packet.js';
import { markingBlockLines } from '../../../../shared/marking/marking-blocks.js';
import { useSession, type SessionState } from '../../app/profile-session.js';
import { useServices } from '../../app/services.js';
import { useReportVersions } from '../../data/hooks.js';
import { PanelToolbar } from '../../ui/PanelToolbar.js';
import { useDisplayedMarkings } from '../marking/displayed-markings.js';
import { PrintFrame } from '../marking/PrintFrame.js';
import { ReportDocument } from './document/ReportDocument.js';
import { reproductionChartSvg } from './document/reproduction-chart.js';
import { ReportOutputs } from './ReportOutputs.js';
import { ReportVersions } from './ReportVersions.js';
import { useReportOutput } from './use-report-output.js';
import './report-panel.css';

/** Who may make a report: a team lead, or the workstation's user before profiles exist. */
function makeRefusal(state: SessionState): string | undefined {
  if (state.kind === 'locked') return 'Unlock your profile to make a report.';
  if (state.kind === 'unlocked' && state.unlocked.profile.role !== 'team-lead') return 'A team lead makes the review report; you can read and save the versions made.';
  return undefined;
}

/**
 * A packet's review report: a team lead makes it from everything the workstation holds of the
 * packet, and makes it again as the next version; each version reads as the document it is, with
 * what changed since the one before, and leaves as a PDF, a web page or JSON through the gateway.
 */
export function ReportPanel({ packet }: { readonly packet: Packet }) {
  const { reports, session } = useServices();
  const signedIn = useSession(session);
  const versions = useReportVersions(reports, packet.id);
  const [chosen, setChosen] = useState<string | undefined>();
  const [message, setMessage] = useState<string | undefined>();
  const [making, setMaking] = useState(false);
  const shown = versions?.find((v) => v.id === chosen) ?? versions?.at(-1);
  useDisplayedMarkings(useMemo(() => (shown ? [shown.marking] : []), [shown]));
  const chartSvg = useMemo(() => (shown ? reproductionChartSvg(shown.report) : null), [shown]);
  const output = useReportOutput(shown, chartSvg, setMessage);

  async function make() {
    // One version a click: a second click while it is being made makes nothing.
    if (making) return;
    setMaking(true);
    const made = await reports.make(packet.id);
    setMaking(false);
    if (!made.ok) {
      setMessage(`No report was made: ${made.error.message}`);
      return;
    }
    setChosen(made.value.id);
    setMessage(`Made version ${made.value.version} of the report, marked ${made.value.report.banner}: ${made.value.report.determination.outcomeLabel.toLowerCase()}.`);
  }

  // Mounted while the report is open, so a print from the browser's own menu prints it under the gateway's banners too.
  const printed = output.printing?.decision ?? (typeof output.decision === 'object' ? output.decision : undefined);
  return (
    <div className="results report-panel">
      <PanelToolbar actionLabel={making ? 'Making the report…' : versions?.length ? 'Make a new version' : 'Make report'} onAction={() => void make()} message={message} refusal={makeRefusal(signedIn)}>
        {shown && <ReportOutputs version={shown.version} busy={output.busy} canSign={output.signer !== undefined} onSave={(format, sign) => void output.save(format, sign)} />}
      </PanelToolbar>
      {!versions ? (
        <p className="loading">Loading…</p>
      ) : !shown ? (
        <p className="empty">No report yet. A team lead makes one from the packet’s runs, thresholds, findings, plan and history; each one made later is its next version.</p>
      ) : (
        <>
          <ReportVersions versions={versions} shown={shown} onChoose={setChosen} decision={output.decision} />
          <section className="report-preview" aria-label={`Review report, version ${shown.version}`}>
            <ReportDocument report={shown.report} chartSvg={chartSvg} />
          </section>
        </>
      )}
      {shown &&
        printed &&
        createPortal(
          // The cover carries the blocks (markingBlocks), so the frame adds only the banners.
          <PrintFrame className="report-print" marking={printed.marking} authority={undefined} cui={undefined}>
            <ReportDocument report={shown.report} chartSvg={chartSvg} markingBlocks={markingBlockLines({ authority: printed.authority, cui: printed.cui })} />
          </PrintFrame>,
          document.body,
        )}
    </div>
  );
}
