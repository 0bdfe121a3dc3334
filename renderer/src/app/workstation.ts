import { useSyncExternalStore } from 'react';
import type { WorkstationSettings, WorkstationSettingsState } from '../../../shared/settings/workstation-settings.js';
import type { Result } from '../../../shared/result/result.js';
import type { Host } from '../host/host.js';

/** Writes a settings change into the review history. */
type RecordChange = (before: WorkstationSettings, after: WorkstationSettings) => Promise<Result<void>>;

/**
 * The workstation settings in force, in one place: the data layer reads the ceiling from here
 * at the moment of each change, and components re-render when it changes.
 */
export class Workstation {
  private readonly listeners = new Set<() => void>();

  constructor(
    private state: WorkstationSettingsState,
    private readonly host: Host,
    private readonly recordChange: RecordChange,
  ) {}

  current = (): WorkstationSettingsState => this.state;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  /** Saves new settings through the host and records the change; returns an error message, or undefined. */
  async update(next: WorkstationSettings): Promise<string | undefined> {
    const before = this.state.settings;
    const result = await this.host.updateWorkstationSettings(next);
    if (!result.ok) return result.error.message;
    this.state = result.value;
    for (const listener of this.listeners) listener();
    const recorded = await this.recordChange(before, result.value.settings);
    return recorded.ok ? undefined : `The settings were saved, but not recorded in the history: ${recorded.error.message}`;
  }
}

export function useWorkstationSettings(workstation: Workstation): WorkstationSettingsState {
  return useSyncExternalStore(workstation.subscribe, workstation.current);
}
