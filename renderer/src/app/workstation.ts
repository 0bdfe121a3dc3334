import { useSyncExternalStore } from 'react';
import type { WorkstationSettings, WorkstationSettingsState } from '../../../shared/settings/workstation-settings.js';
import { bannerText } from '../../../shared/marking/marking.js';
import type { HoldingsAbove, ReviewStore } from '../data/review-store.js';
import type { Host } from '../host/host.js';

/**
 * The workstation settings in force, in one place: the data layer reads the ceiling from here
 * at the moment of each change, and components re-render when it changes.
 */
export class Workstation {
  private readonly listeners = new Set<() => void>();

  constructor(
    private state: WorkstationSettingsState,
    private readonly host: Host,
    private readonly store: Pick<ReviewStore, 'holdingsAbove' | 'recordSettingsChange' | 'settingsChangeProblem'>,
  ) {}

  current = (): WorkstationSettingsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /**
   * Saves new settings through the host and records the change; returns an error message, or
   * undefined. A system high below what the workstation holds is refused here, for every caller.
   */
  async update(next: WorkstationSettings): Promise<string | undefined> {
    const before = this.state.settings;
    // Roles first: nothing is written for someone who may not change the settings.
    const refused = await this.store.settingsChangeProblem();
    if (refused) return refused;
    const held = describeHoldings(await this.store.holdingsAbove(next.systemHigh), bannerText(next.systemHigh));
    if (held) return held;
    const result = await this.host.updateWorkstationSettings(next);
    if (!result.ok) return result.error.message;
    this.state = result.value;
    for (const listener of this.listeners) listener();
    const recorded = await this.store.recordSettingsChange(before, result.value.settings);
    return recorded.ok ? undefined : `The settings were saved, but not recorded in the history: ${recorded.error.message}`;
  }
}

/** Why the workstation cannot be lowered to `ceiling`, or undefined when it can. */
function describeHoldings(held: HoldingsAbove, ceiling: string): string | undefined {
  const parts: string[] = [];
  if (held.packets.length > 0) {
    const names = held.packets.slice(0, 3).map((p) => `${p.developer} ${p.modelName} ${p.modelVersion} (${bannerText(p.marking)})`);
    parts.push(`${held.packets.length} ${held.packets.length === 1 ? 'packet is' : 'packets are'} marked above ${ceiling}: ${names.join('; ')}${held.packets.length > 3 ? '; …' : ''}.`);
  }
  if (held.historyVersions > 0) {
    parts.push(`The review history holds ${held.historyVersions} ${held.historyVersions === 1 ? 'version' : 'versions'} of records marked above ${ceiling}.`);
  }
  if (held.drafts > 0) parts.push(`${held.drafts} unsaved ${held.drafts === 1 ? 'draft is' : 'drafts are'} marked above ${ceiling}.`);
  return parts.length > 0 ? `${parts.join(' ')} This workstation must stay accredited for what it holds.` : undefined;
}

export function useWorkstationSettings(workstation: Workstation): WorkstationSettingsState {
  return useSyncExternalStore(workstation.subscribe, workstation.current);
}
