import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { bannerColours, bannerText, exceedsCeiling, type Marking } from '../../../shared/marking/marking.js';
import type { Packet } from '../../../shared/packet/packet.js';
import { localIsoDate } from '../../../shared/calendar/iso-date.js';
import { usePackets } from '../data/hooks.js';
import { useDisplayedMarkings } from '../features/marking/displayed-markings.js';
import { usePrintGuard } from './use-print-guard.js';
import { ClassificationBanner } from '../features/marking/ClassificationBanner.js';
import { PacketEditor, type EditorTarget } from '../features/packets/PacketEditor.js';
import { PacketList, type PacketListHandle } from '../features/packets/PacketList.js';
import { packetsToCsv } from '../features/packets/export-packets.js';
import type { PacketRow } from '../features/packets/packet-rows.js';
import { ExportBundleDialog } from '../features/bundles/ExportBundleDialog.js';
import { ImportBundleDialog } from '../features/bundles/ImportBundleDialog.js';
import { ComparePage } from '../features/compare/ComparePage.js';
import { DiscussionPanel } from '../features/comments/DiscussionPanel.js';
import { FindingsPanel } from '../features/findings/FindingsPanel.js';
import { HistoryPage } from '../features/history/HistoryPage.js';
import { LockScreen } from '../features/identity/LockScreen.js';
import { ProfilesDialog } from '../features/identity/ProfilesDialog.js';
import { TrustStoreDialog } from '../features/identity/TrustStoreDialog.js';
import { useIdleLock } from '../features/identity/use-idle-lock.js';
import type { EvidenceFocus } from '../features/results/ResultsPanel.js';
import { PlansPanel } from '../features/plans/PlansPanel.js';
import { ResultsPanel } from '../features/results/ResultsPanel.js';
import { WorkstationSettingsDialog } from '../features/settings/WorkstationSettingsDialog.js';
import { ThresholdsDialog } from '../features/thresholds/ThresholdsDialog.js';
import { DisclosureMenu } from '../ui/DisclosureMenu.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';
import { TabList } from '../ui/TabList.js';
import { useSession } from './profile-session.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';
import { ROLE_LABELS } from '../../../shared/identity/profile.js';
import { useServices, useSettings } from './services.js';

type PaneTab = 'details' | 'results' | 'findings' | 'plans' | 'discussion';
const PANE_TABS: readonly { readonly id: PaneTab; readonly label: string }[] = [
  { id: 'details', label: 'Details' },
  { id: 'results', label: 'Results' },
  { id: 'findings', label: 'Findings' },
  { id: 'plans', label: 'Plans' },
  { id: 'discussion', label: 'Discussion' },
];

/** `#packet/<id>`, `#packet/<id>/<tab>` or `#packet/new`: what is open survives a reload. */
function targetFromHash(hash: string): EditorTarget | undefined {
  const match = /^#packet\/([^/]+)/.exec(hash);
  if (!match?.[1]) return undefined;
  return match[1] === 'new' ? { kind: 'new' } : { kind: 'packet', id: decodeURIComponent(match[1]) };
}

/** `#compare` (the saved comparisons) or `#compare/<id>` (one open). */
interface CompareTarget {
  readonly id: string | undefined;
}

function compareFromHash(hash: string): CompareTarget | undefined {
  const match = /^#compare(?:\/([^/]+))?$/.exec(hash);
  return match ? { id: match[1] ? decodeURIComponent(match[1]) : undefined } : undefined;
}

function tabFromHash(hash: string): PaneTab {
  const tab = /^#packet\/[^/]+\/([a-z]+)$/.exec(hash)?.[1];
  return PANE_TABS.find((t) => t.id === tab)?.id ?? 'details';
}

function hashFor(target: EditorTarget | undefined, tab: PaneTab): string {
  if (!target) return '';
  return target.kind === 'new' ? '#packet/new' : `#packet/${encodeURIComponent(target.id)}${tab === 'details' ? '' : `/${tab}`}`;
}

function isEditable(element: Element | null): boolean {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement || (element instanceof HTMLElement && element.isContentEditable);
}

export function App() {
  const { appInfo, store, exports, session, activity } = useServices();
  const sessionState = useSession(session);
  useIdleLock(session, activity);
  const { settings } = useSettings();
  const packets = usePackets(store);
  const [target, setTarget] = useState<EditorTarget | undefined>(() => targetFromHash(location.hash));
  const [tab, setTab] = useState<PaneTab>(() => tabFromHash(location.hash));
  const [compare, setCompare] = useState<CompareTarget | undefined>(() => compareFromHash(location.hash));
  // The review history page, and what it opens filtered to.
  const [historyPage, setHistoryPage] = useState<{ readonly packetId?: string } | undefined>(() => (location.hash === '#history' ? {} : undefined));
  const [dialog, setDialog] = useState<'settings' | 'shortcuts' | 'thresholds' | 'profiles' | 'trust' | 'export-bundle' | 'import-bundle' | undefined>();
  const locked = sessionState.kind === 'locked';
  // Logs imported in this session, so their transcripts open without choosing the file again.
  const [sourceFiles] = useState(() => new Map<string, File>());
  // The run and sample a finding's evidence link asked to show, for the Results tab it opens.
  const [evidenceFocus, setEvidenceFocus] = useState<EvidenceFocus | undefined>();
  // A message may name records (an exported file is named after its packet): it shows under their marking.
  const [shownMessage, setShownMessage] = useState<{ readonly text: string; readonly marking: Marking | undefined } | undefined>();
  const setMessage = useCallback((text: string | undefined, marking?: Marking) => setShownMessage(text === undefined ? undefined : { text, marking }), []);
  const message = shownMessage?.text;
  useDisplayedMarkings(shownMessage?.marking ? [shownMessage.marking] : []);
  usePrintGuard(setMessage);
  // Locking closes whatever was open: nothing of the review stays on screen.
  useEffect(
    () =>
      session.subscribe(() => {
        if (session.current().kind === 'locked') {
          setDialog(undefined);
          setShownMessage(undefined);
        }
      }),
    [session],
  );
  const listRef = useRef<PacketListHandle>(null);

  const open = useCallback((next: EditorTarget | undefined, nextTab: PaneTab = 'details', focus?: EvidenceFocus) => {
    setEvidenceFocus(focus);
    setCompare(undefined);
    setHistoryPage(undefined);
    setTarget(next);
    setTab(nextTab);
    history.replaceState(null, '', `${location.pathname}${location.search}${hashFor(next, nextTab)}`);
  }, []);

  const openCompare = useCallback((id: string | undefined) => {
    setHistoryPage(undefined);
    setCompare({ id });
    history.replaceState(null, '', `${location.pathname}${location.search}#compare${id ? `/${encodeURIComponent(id)}` : ''}`);
  }, []);

  const closeCompare = useCallback(() => {
    setCompare(undefined);
    history.replaceState(null, '', `${location.pathname}${location.search}${hashFor(target, tab)}`);
    requestAnimationFrame(() => listRef.current?.focusRows());
  }, [target, tab]);

  const openHistory = useCallback((packetId?: string) => {
    setCompare(undefined);
    setHistoryPage(packetId ? { packetId } : {});
    history.replaceState(null, '', `${location.pathname}${location.search}#history`);
  }, []);

  const closeHistory = useCallback(() => {
    setHistoryPage(undefined);
    history.replaceState(null, '', `${location.pathname}${location.search}${hashFor(target, tab)}`);
    requestAnimationFrame(() => listRef.current?.focusRows());
  }, [target, tab]);

  const closeEditor = useCallback(() => {
    open(undefined);
    // Back to the list where the reviewer left it.
    requestAnimationFrame(() => listRef.current?.focusRows());
  }, [open]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      // While any dialog is open, its keys are its own; a locked workstation takes none.
      if (dialog || document.querySelector('dialog[open]') || session.current().kind === 'locked') return;
      if (event.altKey && !event.ctrlKey && !event.metaKey && event.key.toLowerCase() === 'n') {
        event.preventDefault();
        open({ kind: 'new' });
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.key.toLowerCase() === 'c') {
        event.preventDefault();
        openCompare(undefined);
      } else if (event.altKey && !event.ctrlKey && !event.metaKey && event.key.toLowerCase() === 'h') {
        event.preventDefault();
        openHistory();
      } else if (!isEditable(document.activeElement) && !event.ctrlKey && !event.metaKey && !event.altKey) {
        if (event.key === '/') {
          event.preventDefault();
          if (compare || historyPage) document.querySelector<HTMLInputElement>('[data-shortcut-search]')?.focus();
          else listRef.current?.focusFilter();
        } else if (event.key === '?') {
          event.preventDefault();
          setDialog('shortcuts');
        }
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [dialog, open, openCompare, openHistory, compare, historyPage, session]);

  async function exportCsv(rows: readonly PacketRow[]) {
    const result = await exports.saveFile({
      kind: 'packets-csv',
      what: `${rows.length} packet${rows.length === 1 ? '' : 's'} of the packet list`,
      records: rows.map((r) => ({ type: 'packet', id: r.packet.id, marking: r.packet.marking })),
      dialogTitle: 'Export packets',
      suggestedName: `frontier-review-packets-${localIsoDate(new Date())}.csv`,
      body: { format: 'csv', body: packetsToCsv(rows) },
    });
    if (!result.ok) setMessage(`Export failed: ${result.error.message}`);
    else if (result.value.saved) setMessage(`Exported ${rows.length} packets to ${result.value.fileName}, marked ${result.value.banner}.`, result.value.marking);
  }

  const systemHigh = settings.systemHigh;
  // Packets above the system high can only come from a changed or damaged workstation setting:
  // say so plainly rather than show them under a banner that understates them.
  const aboveCeiling = packets?.filter((p) => exceedsCeiling(p.marking, systemHigh).length > 0).length ?? 0;
  const colours = bannerColours(systemHigh);
  const selectedId = target?.kind === 'packet' ? target.id : undefined;
  const editorKey = target?.kind === 'packet' ? target.id : 'new';

  return (
    <div className="app">
      <header className="app-top">
      <ClassificationBanner position="top" />
      <div className="app-header">
        <span className="app-header__title">Frontier Review</span>
        <span className="app-header__meta">
          <span className="system-high" title="The highest marking this workstation may hold">
            System high <span className="system-high__chip" style={{ borderColor: colours.background }}>{bannerText(systemHigh)}</span>
          </span>
          {sessionState.kind === 'setup' && <span title="Recorded as the actor of every change">{appInfo.userName}</span>}
          {appInfo.shell === 'browser' && <span className="badge">browser</span>}
        </span>
        {!locked && (
          <>
            <button type="button" onClick={() => setDialog('profiles')} title="Recorded as the actor of every change">
              {sessionState.kind === 'unlocked' ? `${sessionState.unlocked.profile.name} · ${ROLE_LABELS[sessionState.unlocked.profile.role]}` : 'Profiles'}
            </button>
            <button type="button" onClick={() => openCompare(undefined)} aria-pressed={compare !== undefined} title="Compare benchmark runs (Alt+C)">
              Compare runs
            </button>
            <button type="button" onClick={() => openHistory()} aria-pressed={historyPage !== undefined} title="Who changed what, when, and whether the history is intact (Alt+H)">
              History
            </button>
            <DisclosureMenu
              label="Bundles"
              items={[
                { label: 'Export bundle…', onSelect: () => setDialog('export-bundle') },
                { label: 'Import bundle…', onSelect: () => setDialog('import-bundle') },
              ]}
            />
            <DisclosureMenu
              label="Workstation"
              items={[
                { label: 'Thresholds', onSelect: () => setDialog('thresholds') },
                { label: 'Trusted signers', onSelect: () => setDialog('trust') },
                { label: 'History integrity', onSelect: () => openHistory() },
                { label: 'Workstation settings', onSelect: () => setDialog('settings') },
                { label: 'Shortcuts', onSelect: () => setDialog('shortcuts') },
              ]}
            />
          </>
        )}
      </div>
      {message && (
        <div className="app-message" role="status">
          {message}
          <button type="button" className="button--icon" aria-label="Dismiss message" onClick={() => setMessage(undefined)}>
            ×
          </button>
        </div>
      )}
      {aboveCeiling > 0 && (
        <div className="app-message app-message--danger" role="alert">
          {aboveCeiling} {aboveCeiling === 1 ? 'packet is' : 'packets are'} marked above this workstation&apos;s system high ({bannerText(systemHigh)}). Check the
          workstation settings with your administrator.
        </div>
      )}
      </header>
      {sessionState.kind === 'locked' ? (
        <LockScreen reason={sessionState.reason} />
      ) : historyPage ? (
        <main className="app-main app-main--history">
          <ErrorBoundary>
            <HistoryPage initialFilters={historyPage} onClose={closeHistory} onMessage={setMessage} />
          </ErrorBoundary>
        </main>
      ) : compare ? (
        <main className="app-main app-main--compare">
          <ErrorBoundary key={compare.id ?? 'saved'}>
            <ComparePage openId={compare.id} onOpen={openCompare} onClose={closeCompare} sourceFiles={sourceFiles} />
          </ErrorBoundary>
        </main>
      ) : (
      <main className={`app-main ${target ? (target.kind === 'packet' && tab !== 'details' ? 'app-main--split app-main--wide' : 'app-main--split') : ''}`}>
        {/* Each pane fails on its own: a broken editor leaves the list usable, and the reverse. */}
        <ErrorBoundary>
          {packets === undefined ? (
            <p className="loading">Loading packets…</p>
          ) : (
            <PacketList
              ref={listRef}
              packets={packets}
              selectedId={selectedId}
              onOpen={(id) => open({ kind: 'packet', id })}
              onNew={() => open({ kind: 'new' })}
              onExport={(rows) => void exportCsv(rows)}
              compact={target !== undefined}
            />
          )}
        </ErrorBoundary>
        {target && (
          <div className="pane">
            {target.kind === 'packet' && (
              <div className="pane__tabs">
                <TabList label="Packet" tabs={PANE_TABS} selected={tab} idPrefix="pane-tab" panelId="pane-panel" onSelect={(t) => open(target, t)} />
                <button type="button" className="button--icon pane__close" aria-label="Close packet" onClick={closeEditor}>
                  ×
                </button>
              </div>
            )}
            <div id="pane-panel" className="pane__panel" role={target.kind === 'packet' ? 'tabpanel' : undefined} aria-labelledby={target.kind === 'packet' ? `pane-tab-${tab}` : undefined}>
              <ErrorBoundary key={`${editorKey}:${tab}`}>
                {target.kind === 'packet' && tab === 'results' ? (
                  <PacketResults packetId={target.id} sourceFiles={sourceFiles} focus={evidenceFocus} />
                ) : target.kind === 'packet' && tab === 'findings' ? (
                  <PacketFindings packetId={target.id} onOpenEvidence={(focus) => open(target, 'results', focus)} />
                ) : target.kind === 'packet' && tab === 'plans' ? (
                  <PacketPlans packetId={target.id} />
                ) : target.kind === 'packet' && tab === 'discussion' ? (
                  <PacketDiscussion packetId={target.id} />
                ) : (
                  <PacketEditor
                    key={editorKey}
                    target={target}
                    onClose={closeEditor}
                    onOpenHistory={openHistory}
                    onSaved={(packet: Packet) => {
                      if (target.kind === 'new') open({ kind: 'packet', id: packet.id });
                    }}
                  />
                )}
              </ErrorBoundary>
            </div>
          </div>
        )}
      </main>
      )}
      <footer>
        <ClassificationBanner position="bottom" />
      </footer>
      {dialog === 'settings' && <WorkstationSettingsDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'thresholds' && <ThresholdsDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'profiles' && <ProfilesDialog onClose={() => setDialog(undefined)} onMessage={setMessage} />}
      {dialog === 'trust' && <TrustStoreDialog onClose={() => setDialog(undefined)} onMessage={setMessage} />}
      {dialog === 'export-bundle' && <ExportBundleDialog initialPacketIds={selectedId ? [selectedId] : []} onClose={() => setDialog(undefined)} onMessage={setMessage} />}
      {dialog === 'import-bundle' && <ImportBundleDialog onClose={() => setDialog(undefined)} onMessage={setMessage} />}
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

function PacketPlans({ packetId }: { readonly packetId: string }) {
  return (
    <PacketTab packetId={packetId} heading="Remediation plans">
      {(packet) => <PlansPanel packet={packet} />}
    </PacketTab>
  );
}
