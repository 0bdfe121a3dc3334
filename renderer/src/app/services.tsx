import { createContext, useContext } from 'react';
import type { AppInfo } from '../../../shared/ipc/host-contract.js';
import type { WorkstationSettingsState } from '../../../shared/settings/workstation-settings.js';
import type { DataLayer } from '../data/data-layer.js';
import type { UiHost } from '../host/host.js';
import type { ProfileSession } from './profile-session.js';
import type { UserActivity } from './user-activity.js';
import { useWorkstationSettings, type Workstation } from './workstation.js';

/** What every feature may use: the host, the data layer, and the workstation's identity and settings. */
export interface Services extends DataLayer {
  /** Without saving or printing: files and printouts leave through `exports`, the export gateway. */
  readonly host: UiHost;
  readonly appInfo: AppInfo;
  readonly workstation: Workstation;
  readonly session: ProfileSession;
  /** When the user last did something, for the idle lock. */
  readonly activity: UserActivity;
}

export const ServicesContext = createContext<Services | undefined>(undefined);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('useServices must be used inside <ServicesContext>');
  return services;
}

/** The workstation settings in force; re-renders when they change. */
export function useSettings(): WorkstationSettingsState {
  return useWorkstationSettings(useServices().workstation);
}
