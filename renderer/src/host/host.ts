import type { AppInfo, OpenDialogRequest, SaveFileResponse } from '../../../shared/ipc/host-contract.js';
import type { Result } from '../../../shared/result/result.js';
import type { WorkstationSettings, WorkstationSettingsState } from '../../../shared/settings/workstation-settings.js';

/** A file the user picked, read slice by slice so large logs never have to fit in memory. */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
}

export interface SaveRequest {
  readonly title: string;
  readonly suggestedName: string;
  readonly filters: OpenDialogRequest['filters'];
  readonly data: Uint8Array;
}

/**
 * What differs between the desktop app and a plain browser. The UI talks to this interface
 * only; `electron-host` implements it over the preload API, `browser-host` over web APIs.
 */
export interface Host {
  appInfo(): Promise<AppInfo>;
  workstationSettings(): Promise<WorkstationSettingsState>;
  updateWorkstationSettings(settings: WorkstationSettings): Promise<Result<WorkstationSettingsState>>;
  /** Asks the user for files; an empty list when they cancel. */
  openFiles(request: OpenDialogRequest): Promise<Result<PickedFile[]>>;
  saveFile(request: SaveRequest): Promise<Result<SaveFileResponse>>;
  /** The operating system's keystore, where the desktop app has one that protects anything. */
  readonly keystore: {
    backend(): Promise<string | undefined>;
    wrap(secret: Uint8Array): Promise<Result<Uint8Array>>;
    unwrap(wrapped: Uint8Array): Promise<Result<Uint8Array>>;
  };
}
