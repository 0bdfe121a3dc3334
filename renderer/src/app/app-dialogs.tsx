import type { ComponentType } from 'react';
import type { Marking } from '../../../shared/marking/marking.js';
import { ExportBundleDialog } from '../features/bundles/ExportBundleDialog.js';
import { ImportBundleDialog } from '../features/bundles/ImportBundleDialog.js';
import { ProfilesDialog } from '../features/identity/ProfilesDialog.js';
import { TrustStoreDialog } from '../features/identity/TrustStoreDialog.js';
import { WorkstationSettingsDialog } from '../features/settings/WorkstationSettingsDialog.js';
import { ThresholdsDialog } from '../features/thresholds/ThresholdsDialog.js';
import { ShortcutsDialog } from './ShortcutsDialog.js';

/** What the app hands every dialog it opens from its header; each takes what it needs. */
export interface AppDialogProps {
  readonly onClose: () => void;
  readonly onMessage: (text: string, marking?: Marking) => void;
  /** The packet open beside the list, if any. */
  readonly selectedPacketId: string | undefined;
}

/** A bundle export starts from the packet open beside the list. */
function ExportSelectedPacketBundle({ selectedPacketId, onClose, onMessage }: AppDialogProps) {
  return <ExportBundleDialog initialPacketIds={selectedPacketId ? [selectedPacketId] : []} onClose={onClose} onMessage={onMessage} />;
}

/** The dialogs of the header's buttons and menus, by the id the app keeps for the one open. */
export const APP_DIALOGS = {
  settings: WorkstationSettingsDialog,
  shortcuts: ShortcutsDialog,
  thresholds: ThresholdsDialog,
  profiles: ProfilesDialog,
  trust: TrustStoreDialog,
  'export-bundle': ExportSelectedPacketBundle,
  'import-bundle': ImportBundleDialog,
} as const satisfies Readonly<Record<string, ComponentType<AppDialogProps>>>;

export type AppDialogId = keyof typeof APP_DIALOGS;
