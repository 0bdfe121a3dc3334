import type { EditorTarget } from '../features/packets/PacketEditor.js';
import type { EvidenceFocus } from '../features/results/ResultsPanel.js';

export type PaneTab = 'details' | 'results' | 'findings' | 'plans' | 'discussion' | 'report';
export const PANE_TABS: readonly { readonly id: PaneTab; readonly label: string }[] = [
  { id: 'details', label: 'Details' },
  { id: 'results', label: 'Results' },
  { id: 'findings', label: 'Findings' },
  { id: 'plans', label: 'Plans' },
  { id: 'discussion', label: 'Discussion' },
  { id: 'report', label: 'Report' },
];

/** The packet open beside the list, and its tab. Kept while another page covers it, to come back to. */
export interface PacketRoute {
  readonly target: EditorTarget | undefined;
  readonly tab: PaneTab;
  /** The run and sample a finding's evidence link asked to show, for the Results tab it opens. */
  readonly focus?: EvidenceFocus | undefined;
}

/** The page on screen: the packet list (with the packet route), the comparisons, or the review history. */
export type Page =
  | { readonly kind: 'packets' }
  /** The saved comparisons (`id` undefined) or one open. */
  | { readonly kind: 'compare'; readonly id: string | undefined }
  /** The review history, and the packet it opens filtered to. */
  | { readonly kind: 'history'; readonly packetId?: string };

export interface Route {
  readonly page: Page;
  readonly packet: PacketRoute;
}

/**
 * The route a location hash names, so what is open survives a reload: `#packet/<id>`,
 * `#packet/<id>/<tab>`, `#packet/new`, `#compare`, `#compare/<id>` or `#history`.
 */
export function routeFromHash(hash: string): Route {
  return { page: pageFromHash(hash), packet: { target: targetFromHash(hash), tab: tabFromHash(hash) } };
}

/** The location hash for `route`: the inverse of routeFromHash (an evidence focus is not kept). */
export function hashFor(route: Route): string {
  const { page } = route;
  if (page.kind === 'compare') return `#compare${page.id ? `/${encodeURIComponent(page.id)}` : ''}`;
  if (page.kind === 'history') return '#history';
  const { target, tab } = route.packet;
  if (!target) return '';
  return target.kind === 'new' ? '#packet/new' : `#packet/${encodeURIComponent(target.id)}${tab === 'details' ? '' : `/${tab}`}`;
}

function pageFromHash(hash: string): Page {
  if (hash === '#history') return { kind: 'history' };
  const compare = /^#compare(?:\/([^/]+))?$/.exec(hash);
  if (compare) return { kind: 'compare', id: compare[1] ? decodeURIComponent(compare[1]) : undefined };
  return { kind: 'packets' };
}

function targetFromHash(hash: string): EditorTarget | undefined {
  const match = /^#packet\/([^/]+)/.exec(hash);
  if (!match?.[1]) return undefined;
  return match[1] === 'new' ? { kind: 'new' } : { kind: 'packet', id: decodeURIComponent(match[1]) };
}

function tabFromHash(hash: string): PaneTab {
  const tab = /^#packet\/[^/]+\/([a-z]+)$/.exec(hash)?.[1];
  return PANE_TABS.find((t) => t.id === tab)?.id ?? 'details';
}
