// The shell's layout first: the features' stylesheets that follow may refine what it lays out.
import './app.css';
import { useCallback, useEffect, useRef, useState } from 'react';
import { exceedsCeiling, type Marking } from '../../../shared/marking/marking.js';
import { localIsoDate } from '../../../shared/calendar/iso-date.js';
import { usePackets } from '../data/hooks.js';
import { useDisplayedMarkings } from '../features/marking/displayed-markings.js';
import { usePrintGuard } from './use-print-guard.js';
import { ClassificationBanner } from '../features/marking/ClassificationBanner.js';
import { PacketList, type PacketListHandle } from '../features/packets/PacketList.js';
import { packetsToCsv } from '../features/packets/export-packets.js';
import type { PacketRow } from '../features/packets/packet-rows.js';
import { ComparePage } from '../features/compare/ComparePage.js';
import { HistoryPage } from '../features/history/HistoryPage.js';
import { LockScreen } from '../features/identity/LockScreen.js';
import { useIdleLock } from '../features/identity/use-idle-lock.js';
import { ErrorBoundary } from '../ui/ErrorBoundary.js';
import { APP_DIALOGS, type AppDialogId } from './app-dialogs.js';
import { AppHeader } from './AppHeader.js';
import { PacketPane } from './PacketPane.js';
import { useSession } from './profile-session.js';
import { useServices, useSettings } from './services.js';
import { useNotifications } from './use-notifications.js';
import { useAppShortcuts } from './use-app-shortcuts.js';
import { useRoute } from './use-route.js';

export function App() {
  const { store, exports, session, activity } = useServices();
  const sessionState = useSession(session);
  useIdleLock(session, activity);
  const { settings } = useSettings();
  const packets = usePackets(store);
  const listRef = useRef<PacketListHandle>(null);
  const { route, openPacket, closeEditor, openCompare, openHistory, closePage } = useRoute(listRef);
  const { page, packet: opened } = route;
  const [openDialog, setOpenDialog] = useState<AppDialogId | undefined>();
  // Logs imported in this session, so their transcripts open without choosing the file again.
  const [sourceFiles] = useState(() => new Map<string, File>());
  // A message may name records (an exported file is named after its packet): it shows under their marking.
  const notifications = useNotifications();
  const { notify, clear: clearMessages } = notifications;
  // A save that ends after the idle lock must not put its message over the lock screen.
  const setMessage = useCallback((text: string | undefined, marking?: Marking) => {
    if (session.current().kind !== 'locked') notify(text, marking);
  }, [notify, session]);
  const shownMessage = notifications.current;
  useDisplayedMarkings(shownMessage?.marking ? [shownMessage.marking] : []);
  usePrintGuard(setMessage);
  // Locking closes whatever was open: nothing of the review stays on screen.
  useEffect(
    () =>
      session.subscribe(() => {
        if (session.current().kind === 'locked') {
          setOpenDialog(undefined);
          clearMessages();
        }
      }),
    [session, clearMessages],
  );
  useAppShortcuts({
    paused: useCallback(() => openDialog !== undefined || session.current().kind === 'locked', [openDialog, session]),
    onNewPacket: useCallback(() => openPacket({ kind: 'new' }), [openPacket]),
    onCompare: useCallback(() => openCompare(undefined), [openCompare]),
    onHistory: useCallback(() => openHistory(), [openHistory]),
    onSearch: useCallback(() => {
      if (page.kind === 'packets') listRef.current?.focusFilter();
      else document.querySelector<HTMLInputElement>('[data-shortcut-search]')?.focus();
    }, [page.kind]),
    onShowShortcuts: useCallback(() => setOpenDialog('shortcuts'), []),
  });

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
  const { target } = opened;
  const selectedId = target?.kind === 'packet' ? target.id : undefined;
  const OpenDialog = openDialog && APP_DIALOGS[openDialog];

  return (
    <div className="app">
      <AppHeader
        sessionState={sessionState}
        systemHigh={systemHigh}
        page={page}
        aboveCeiling={aboveCeiling}
        notifications={notifications}
        onOpenDialog={setOpenDialog}
        onOpenCompare={() => openCompare(undefined)}
        onOpenHistory={() => openHistory()}
      />
      {sessionState.kind === 'locked' ? (
        <LockScreen reason={sessionState.reason} />
      ) : page.kind === 'history' ? (
        <main className="app-main app-main--history">
          <ErrorBoundary>
            <HistoryPage initialFilters={page.packetId ? { packetId: page.packetId } : {}} onClose={closePage} onMessage={setMessage} />
          </ErrorBoundary>
        </main>
      ) : page.kind === 'compare' ? (
        <main className="app-main app-main--compare">
          <ErrorBoundary key={page.id ?? 'saved'}>
            <ComparePage openId={page.id} onOpen={openCompare} onClose={closePage} sourceFiles={sourceFiles} />
          </ErrorBoundary>
        </main>
      ) : (
        <main className={`app-main ${target ? (target.kind === 'packet' && opened.tab !== 'details' ? 'app-main--split app-main--wide' : 'app-main--split') : ''}`}>
          {/* Each pane fails on its own: a broken editor leaves the list usable, and the reverse. */}
          <ErrorBoundary>
            {packets === undefined ? (
              <p className="loading">Loading packets…</p>
            ) : (
              <PacketList
                ref={listRef}
                packets={packets}
                selectedId={selectedId}
                onOpen={(id) => openPacket({ kind: 'packet', id })}
                onNew={() => openPacket({ kind: 'new' })}
                onExport={(rows) => void exportCsv(rows)}
                compact={target !== undefined}
              />
            )}
          </ErrorBoundary>
          {target && <PacketPane route={{ ...opened, target }} sourceFiles={sourceFiles} onOpen={openPacket} onClose={closeEditor} onOpenHistory={openHistory} />}
        </main>
      )}
      <footer>
        <ClassificationBanner position="bottom" />
      </footer>
      {OpenDialog && <OpenDialog onClose={() => setOpenDialog(undefined)} onMessage={setMessage} selectedPacketId={selectedId} />}
    </div>
  );
}
