import { describe, expect, it } from 'vitest';
import { hashFor, routeFromHash, type Route } from './routes.js';

const NO_PACKET = { target: undefined, tab: 'details' } as const;

describe('what is open survives a reload', () => {
  it('comes back to the packet, its tab, the comparisons or the history the hash names', () => {
    const routes: Route[] = [
      { page: { kind: 'packets' }, packet: NO_PACKET },
      { page: { kind: 'packets' }, packet: { target: { kind: 'new' }, tab: 'details' } },
      { page: { kind: 'packets' }, packet: { target: { kind: 'packet', id: 'p/1 two' }, tab: 'details' } },
      { page: { kind: 'packets' }, packet: { target: { kind: 'packet', id: 'p1' }, tab: 'findings' } },
      { page: { kind: 'compare', id: undefined }, packet: NO_PACKET },
      { page: { kind: 'compare', id: 'cmp/1' }, packet: NO_PACKET },
      { page: { kind: 'history' }, packet: NO_PACKET },
    ];
    for (const route of routes) expect(routeFromHash(hashFor(route)), hashFor(route)).toEqual(route);
    expect(routes.map(hashFor)).toEqual(['', '#packet/new', '#packet/p%2F1%20two', '#packet/p1/findings', '#compare', '#compare/cmp%2F1', '#history']);
  });

  it('opens the details of a packet whose hash names a tab it does not have', () => {
    expect(routeFromHash('#packet/p1/bogus')).toEqual({ page: { kind: 'packets' }, packet: { target: { kind: 'packet', id: 'p1' }, tab: 'details' } });
    expect(routeFromHash('#elsewhere')).toEqual({ page: { kind: 'packets' }, packet: NO_PACKET });
  });

  it('names the comparisons or the history, not the packet left open beneath them', () => {
    const beneath = { target: { kind: 'packet', id: 'p1' }, tab: 'results' } as const;
    expect(hashFor({ page: { kind: 'compare', id: 'c1' }, packet: beneath })).toBe('#compare/c1');
    expect(hashFor({ page: { kind: 'history', packetId: 'p1' }, packet: beneath })).toBe('#history');
  });
});
