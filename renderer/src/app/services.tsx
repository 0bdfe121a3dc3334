import { createContext, useContext } from 'react';
import type { AppInfo } from '../../../shared/ipc/host-contract.js';
import type { WorkstationSettingsState } from '../../../shared/settings/workstation-settings.js';
import type { ComparisonStore } from '../data/comparison-store.js';
import type { FindingStore } from '../data/finding-store.js';
import type { HistoryLog } from '../data/history-log.js';
import type { ResultsStore } from '../data/results-store.js';
import type { ReviewStore } from '../data/review-store.js';
import type { PlanStore } from '../data/plan-store.js';
import type { ThresholdStore } from '../data/threshold-store.js';
import type { Host } from '../host/host.js';
import { useWorkstationSettings, type Workstation } from './workstation.js';

/** What every feature may use: the host, the data layer, and the workstation's identity and settings. */
export interface Services {
  readonly host: Host;
  readonly store: ReviewStore;
  readonly results: ResultsStore;
  readonly thresholds: ThresholdStore;
  readonly plans: PlanStore;
  readonly findings: FindingStore;
  readonly comparisons: ComparisonStore;
  readonly history: HistoryLog;
  readonly appInfo: AppInfo;
  readonly workstation: Workstation;
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
