import type { ReactNode } from 'react';
import type { Packet } from '../../../shared/packet/packet.js';
import { usePackets } from '../data/hooks.js';
import { DiscussionPanel } from '../features/comments/DiscussionPanel.js';
import { FindingsPanel } from '../features/findings/FindingsPanel.js';
import { useDisplayedMarkings } from '../features/marking/displayed-markings.js';
import { PacketEditor, type EditorTarget } from '../features/packets/PacketEditor.js';
import { PlansPanel } from '../features/plans/PlansPanel.js';
import { ReportPanel } from '../features/report/ReportPanel.js';
import { ResultsPanel, type EvidenceFocus } from '../features/results/ResultsPanel.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';
import { TabList } from '../ui/TabList.js';
import { PANE_TABS, type PacketRoute, type PaneTab } from './routes.js';
import { useServices } from './services.js';
import './app.css';

interface PacketPaneProps {
  readonly route: PacketRoute & { readonly target: EditorTarget };
  /** Logs imported in this session, so their transcripts open without choosing the file again. */
  readonly sourceFiles: Map<string, File>;
  readonly onOpen: (target: EditorTarget, tab: PaneTab, focus?: EvidenceFocus) => void;
  readonly onClose: () => void;
  readonly onOpenHistory: (packetId: string) => void;
}

/** The packet open beside the list: its tabs, and the details editor or the tab chosen. */
export function PacketPane({ route: { target, tab, focus }, sourceFiles, onOpen, onClose, onOpenHistory }: PacketPaneProps) {
  const editorKey = target.kind === 'packet' ? target.id : 'new';
  return (
    <div className="pane">
      {target.kind === 'packet' && (
        <div className="pane__tabs">
          <TabList label="Packet" tabs={PANE_TABS} selected={tab} idPrefix="pane-tab" panelId="pane-panel" onSelect={(t) => onOpen(target, t)} />
          <button type="button" className="button--icon pane__close" aria-label="Close packet" onClick={onClose}>
            ×
          </button>
        </div>
      )}
      <div id="pane-panel" className="pane__panel" role={target.kind === 'packet' ? 'tabpanel' : undefined} aria-labelledby={target.kind === 'packet' ? `pane-tab-${tab}` : undefined}>
        <ErrorBoundary key={`${editorKey}:${tab}`}>
          {target.kind === 'packet' && tab === 'results' ? (
            <PacketResults packetId={target.id} sourceFiles={sourceFiles} focus={focus} />
          ) : target.kind === 'packet' && tab === 'findings' ? (
            <PacketFindings packetId={target.id} onOpenEvidence={(evidence) => onOpen(target, 'results', evidence)} />
          ) : target.kind === 'packet' && tab === 'plans' ? (
            <PacketPlans packetId={target.id} />
          ) : target.kind === 'packet' && tab === 'discussion' ? (
            <PacketDiscussion packetId={target.id} />
          ) : target.kind === 'packet' && tab === 'report' ? (
            <PacketReport packetId={target.id} />
          ) : (
            <PacketEditor
              key={editorKey}
              target={target}
              onClose={onClose}
              onOpenHistory={onOpenHistory}
              onSaved={(packet: Packet) => {
                if (target.kind === 'new') onOpen({ kind: 'packet', id: packet.id }, 'details');
              }}
            />
          )}
        </ErrorBoundary>
      </div>
    </div>
  );
}

/**
 * A tab of a packet: waits for the packet, says so if it is gone, and titles the pane for screen
 * readers. The packet's name is on the tab, so its marking is on screen whatever the list shows.
 */
function PacketTab({ packetId, heading, children }: { readonly packetId: string; readonly heading: string; readonly children: (packet: Packet) => ReactNode }) {
  const { store } = useServices();
  const packets = usePackets(store);
  const packet = packets?.find((p) => p.id === packetId);
  useDisplayedMarkings(packet ? [packet.marking] : []);
  if (!packets) return <p className="loading">Loading…</p>;
  if (!packet) return <p className="empty">This packet no longer exists.</p>;
  return (
    <section className="editor results-pane" aria-labelledby="pane-title">
      <h2 id="pane-title" className="visually-hidden">{`${heading} of ${packet.developer} ${packet.modelName}`}</h2>
      {children(packet)}
    </section>
  );
}

function PacketResults({ packetId, sourceFiles, focus }: { readonly packetId: string; readonly sourceFiles: Map<string, File>; readonly focus: EvidenceFocus | undefined }) {
  return (
    <PacketTab packetId={packetId} heading="Results">
      {(packet) => <ResultsPanel packet={packet} sourceFiles={sourceFiles} focus={focus} />}
    </PacketTab>
  );
}

function PacketFindings({ packetId, onOpenEvidence }: { readonly packetId: string; readonly onOpenEvidence: (focus: EvidenceFocus) => void }) {
  return (
    <PacketTab packetId={packetId} heading="Findings">
      {(packet) => <FindingsPanel packet={packet} onOpenEvidence={onOpenEvidence} />}
    </PacketTab>
  );
}

function PacketDiscussion({ packetId }: { readonly packetId: string }) {
  return (
    <PacketTab packetId={packetId} heading="Discussion">
      {(packet) => <DiscussionPanel packet={packet} />}
    </PacketTab>
  );
}

function PacketReport({ packetId }: { readonly packetId: string }) {
  return (
    <PacketTab packetId={packetId} heading="Review report">
      {(packet) => <ReportPanel packet={packet} />}
    </PacketTab>
  );
}

function PacketPlans({ packetId }: { readonly packetId: string }) {
  return (
    <PacketTab packetId={packetId} heading="Remediation plans">
      {(packet) => <PlansPanel packet={packet} />}
    </PacketTab>
  );
}
