import { createContext, useContext } from 'react';
import type { AppInfo } from '../../../shared/ipc/host-contract.js';
import type { WorkstationSettingsState } from '../../../shared/settings/workstation-settings.js';
import type { ReviewStore } from '../data/review-store.js';
import type { Host } from '../host/host.js';

/** What every feature may use: the host, the data layer, and the workstation's identity and settings. */
export interface Services {
  readonly host: Host;
  readonly store: ReviewStore;
  readonly appInfo: AppInfo;
  readonly settings: WorkstationSettingsState;
  /** Saves new workstation settings and re-renders with them; returns an error message or undefined. */
  readonly updateSettings: (next: WorkstationSettingsState['settings']) => Promise<string | undefined>;
}

export const ServicesContext = createContext<Services | undefined>(undefined);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesContext>');
  return services;
}
