import { useCallback, useRef, useState, type RefObject } from 'react';
import type { EditorTarget } from '../features/packets/PacketEditor.js';
import type { PacketListHandle } from '../features/packets/PacketList.js';
import type { EvidenceFocus } from '../features/results/ResultsPanel.js';
import { hashFor, routeFromHash, type PaneTab, type Route } from './routes.js';

export interface Navigation {
  readonly route: Route;
  /** Opens a packet (a new one, or none) on one of its tabs, beside the packet list. */
  readonly openPacket: (target: EditorTarget | undefined, tab?: PaneTab, focus?: EvidenceFocus) => void;
  readonly closeEditor: () => void;
  readonly openCompare: (id: string | undefined) => void;
  readonly openHistory: (packetId?: string) => void;
  /** Back from the comparisons or the history to the packet list, and the packet left open there. */
  readonly closePage: () => void;
}

/**
 * Where the reviewer is, kept in the location hash so a reload comes back to it. Returning to the
 * packet list puts the keyboard back on its rows, where the reviewer left it.
 */
export function useRoute(list: RefObject<PacketListHandle | null>): Navigation {
  const [route, setRoute] = useState<Route>(() => routeFromHash(location.hash));
  // The route as last navigated to, so the callbacks stay the same from one render to the next.
  const current = useRef(route);
  const navigate = useCallback((next: Route) => {
    current.current = next;
    setRoute(next);
    history.replaceState(null, '', `${location.pathname}${location.search}${hashFor(next)}`);
  }, []);
  const focusList = useCallback(() => requestAnimationFrame(() => list.current?.focusRows()), [list]);

  const openPacket = useCallback(
    (target: EditorTarget | undefined, tab: PaneTab = 'details', focus?: EvidenceFocus) => navigate({ page: { kind: 'packets' }, packet: { target, tab, focus } }),
    [navigate],
  );
  const closeEditor = useCallback(() => {
    openPacket(undefined);
    focusList();
  }, [openPacket, focusList]);
  const openCompare = useCallback((id: string | undefined) => navigate({ ...current.current, page: { kind: 'compare', id } }), [navigate]);
  const openHistory = useCallback((packetId?: string) => navigate({ ...current.current, page: packetId ? { kind: 'history', packetId } : { kind: 'history' } }), [navigate]);
  const closePage = useCallback(() => {
    navigate({ ...current.current, page: { kind: 'packets' } });
    focusList();
  }, [navigate, focusList]);

  return { route, openPacket, closeEditor, openCompare, openHistory, closePage };
}
