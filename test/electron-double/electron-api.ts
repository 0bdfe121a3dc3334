/*
 * The part of Electron the main process uses, in Electron's own types (electron.d.ts). The double
 * implements exactly this, and `tsconfig.json` here compiles the main process against it instead
 * of the real module: an API the main process starts to use that is missing here fails the type check.
 */

/** A window, as the main process uses one. */
export type WindowApi = Pick<Electron.BrowserWindow, 'focus' | 'isMinimized' | 'loadURL' | 'on' | 'once' | 'restore' | 'show'> & {
  readonly webContents: Pick<Electron.WebContents, 'on'>;
};

export interface BrowserWindowApi {
  new (options: Electron.BrowserWindowConstructorOptions): WindowApi;
  getFocusedWindow(): WindowApi | null;
}

/** What `Menu.buildFromTemplate` made: the main process only hands it to `setApplicationMenu`. */
export interface BuiltMenu {
  readonly template: readonly (Electron.MenuItemConstructorOptions | Electron.MenuItem)[];
}

export interface MenuApi {
  buildFromTemplate(template: (Electron.MenuItemConstructorOptions | Electron.MenuItem)[]): BuiltMenu;
  setApplicationMenu(menu: BuiltMenu | null): void;
}

/** Electron's dialogs take any window as their owner; the main process passes its own. */
export interface DialogApi {
  showOpenDialog(window: WindowApi, options: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue>;
  showOpenDialog(options: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue>;
  showSaveDialog(window: WindowApi, options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue>;
  showSaveDialog(options: Electron.SaveDialogOptions): Promise<Electron.SaveDialogReturnValue>;
}

export type AppApi = Pick<Electron.App, 'enableSandbox' | 'exit' | 'getName' | 'getPath' | 'getVersion' | 'isPackaged' | 'on' | 'quit' | 'requestSingleInstanceLock' | 'whenReady'> & {
  readonly commandLine: Pick<Electron.CommandLine, 'hasSwitch'>;
};

export type SessionApi = Pick<Electron.Session, 'on' | 'setDevicePermissionHandler' | 'setPermissionCheckHandler' | 'setPermissionRequestHandler' | 'setSpellCheckerEnabled'> & {
  readonly webRequest: Pick<Electron.WebRequest, 'onBeforeRequest'>;
};

/** A utility process, as the main process uses one: it hands it ports and hears when it exits. */
export type UtilityProcessApi = Pick<Electron.UtilityProcess, 'postMessage' | 'once'>;

export interface UtilityProcessModuleApi {
  fork(modulePath: string, args?: string[], options?: Electron.ForkOptions): UtilityProcessApi;
}

/** `new MessageChannelMain()`: the main process only hands its two ports on. */
export type MessageChannelMainApi = new () => Pick<Electron.MessageChannelMain, 'port1' | 'port2'>;

export interface ElectronApi {
  readonly app: AppApi;
  readonly BrowserWindow: BrowserWindowApi;
  readonly Menu: MenuApi;
  readonly dialog: DialogApi;
  readonly ipcMain: Pick<Electron.IpcMain, 'handle'>;
  readonly protocol: Pick<Electron.Protocol, 'handle' | 'registerSchemesAsPrivileged'>;
  readonly safeStorage: Pick<Electron.SafeStorage, 'decryptStringAsync' | 'encryptStringAsync' | 'getSelectedStorageBackend' | 'isAsyncEncryptionAvailable'>;
  readonly session: { readonly defaultSession: SessionApi };
  readonly utilityProcess: UtilityProcessModuleApi;
  readonly MessageChannelMain: MessageChannelMainApi;
}
