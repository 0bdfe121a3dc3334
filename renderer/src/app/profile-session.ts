import { useSyncExternalStore } from 'react';
import { forgetHistorySigner } from '../../../shared/audit/history.js';
import type { ActingAs, UnlockedKeys } from '../data/audited-store.js';
import { unlockedKeysOf, type UnlockedProfile } from '../data/profile-store.js';
import { ROLE_LABELS } from '../../../shared/identity/profile.js';

export type SessionState =
  /** No profile exists yet: the workstation's user acts, until the first profile is made. */
  | { readonly kind: 'setup' }
  | { readonly kind: 'locked'; readonly reason: string | null }
  | { readonly kind: 'unlocked'; readonly unlocked: UnlockedProfile };

/**
 * Who is at the workstation: the unlocked profile (with its private keys and the history key, in
 * memory only), or nobody. The data layer asks it who acts, and for the history key, at each
 * change; the app locks it after the profile's idle time.
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

  /** The keys the data layer signs the history with: the unlocked profile's, and none otherwise. */
  unlockedKeys(): UnlockedKeys | undefined {
    const s = this.state;
    return s.kind === 'unlocked' ? unlockedKeysOf(s.unlocked) : undefined;
  }

  actor(): string {
    return this.state.kind === 'unlocked' ? this.state.unlocked.profile.name : this.workstationUser;
  }

  unlock(unlocked: UnlockedProfile): void {
    this.set({ kind: 'unlocked', unlocked });
  }

  /** Drops the private keys and the history key; `reason` is shown on the lock screen (e.g. idle time). */
  lock(reason: string | null = null): void {
    if (this.state.kind === 'setup') return;
    this.set({ kind: 'locked', reason });
    forgetHistorySigner();
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

/** Who acts, in the same words on every screen: "Dana Lead · Team lead", or the workstation's user before any profile exists. */
export function signedInName(state: SessionState, workstationUser: string): string {
  if (state.kind === 'unlocked') return `${state.unlocked.profile.name} · ${ROLE_LABELS[state.unlocked.profile.role]}`;
  return state.kind === 'setup' ? `${workstationUser} (no profile yet)` : 'nobody (locked)';
}

/**
 * Why the one at the workstation may not change this packet's review data, as the data layer would
 * refuse it (auditors never; reviewers only on packets assigned to them); undefined when they may.
 * Screens hide what would be refused, so nobody confirms an action only to be told no.
 */
export function packetChangeRefusal(state: SessionState, packet: { readonly assignees: readonly string[] }): string | undefined {
  const refused = reviewChangeRefusal(state);
  if (refused || state.kind !== 'unlocked') return refused;
  const me = state.unlocked.profile;
  if (me.role === 'reviewer' && !packet.assignees.includes(me.principal)) return 'Reviewers change the packets they are assigned to; a team lead assigns them.';
  return undefined;
}

/** The same for review data that belongs to no packet (thresholds, saved comparisons): only auditors are refused. */
export function reviewChangeRefusal(state: SessionState): string | undefined {
  if (state.kind === 'locked') return 'Unlock your profile to make changes.';
  if (state.kind === 'unlocked' && state.unlocked.profile.role === 'auditor') return 'Auditors read the review and its history but do not change them.';
  return undefined;
}
