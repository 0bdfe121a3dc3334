import { useSyncExternalStore } from 'react';
import type { ActingAs } from '../data/audited-store.js';
import type { UnlockedProfile } from '../data/profile-store.js';

export type SessionState =
  /** No profile exists yet: the workstation's user acts, until the first profile is made. */
  | { readonly kind: 'setup' }
  | { readonly kind: 'locked'; readonly reason: string | null }
  | { readonly kind: 'unlocked'; readonly unlocked: UnlockedProfile };

/**
 * Who is at the workstation: the unlocked profile (with its private keys, in memory only), or
 * nobody. The data layer asks it who acts at each change; the app locks it after the profile's
 * idle time.
 */
export class ProfileSession {
  private state: SessionState;
  private readonly listeners = new Set<() => void>();

  constructor(
    profilesExist: boolean,
    private readonly workstationUser: string,
  ) {
    this.state = profilesExist ? { kind: 'locked', reason: null } : { kind: 'setup' };
  }

  current(): SessionState {
    return this.state;
  }

  acting(): ActingAs {
    const s = this.state;
    if (s.kind === 'unlocked') return { kind: 'profile', profileId: s.unlocked.profile.id, role: s.unlocked.profile.role };
    return s.kind === 'setup' ? { kind: 'workstation-user' } : { kind: 'locked' };
  }

  actor(): string {
    return this.state.kind === 'unlocked' ? this.state.unlocked.profile.name : this.workstationUser;
  }

  unlock(unlocked: UnlockedProfile): void {
    this.set({ kind: 'unlocked', unlocked });
  }

  /** Drops the private keys; `reason` is shown on the lock screen (e.g. idle time). */
  lock(reason: string | null = null): void {
    if (this.state.kind === 'setup') return;
    this.set({ kind: 'locked', reason });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  private set(state: SessionState): void {
    this.state = state;
    for (const listener of this.listeners) listener();
  }
}

export function useSession(session: ProfileSession): SessionState {
  return useSyncExternalStore(session.subscribe, () => session.current());
}

/**
 * Whether the one at the workstation may make a team lead's decisions about it (whom it trusts,
 * which histories it remembers): a team lead, or the workstation's user before profiles exist.
 * The data layer decides again; this only keeps the UI from offering what it would refuse.
 */
export function mayManageWorkstation(state: SessionState): boolean {
  return state.kind === 'setup' || (state.kind === 'unlocked' && state.unlocked.profile.role === 'team-lead');
}
