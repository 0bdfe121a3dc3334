/*
 * The `electron` module as the main process sees it under test/electron-double/tsconfig.json:
 * only what the double implements.
 */
import type { ElectronApi, WindowApi } from './electron-api.js';

export declare const app: ElectronApi['app'];
export declare const BrowserWindow: ElectronApi['BrowserWindow'];
export type BrowserWindow = WindowApi;
export declare const Menu: ElectronApi['Menu'];
export declare const dialog: ElectronApi['dialog'];
export declare const ipcMain: ElectronApi['ipcMain'];
export declare const protocol: ElectronApi['protocol'];
export declare const safeStorage: ElectronApi['safeStorage'];
export declare const session: ElectronApi['session'];
export declare const utilityProcess: ElectronApi['utilityProcess'];
export declare const MessageChannelMain: ElectronApi['MessageChannelMain'];
/** Types only, as the main process imports them. */
export type MenuItemConstructorOptions = Electron.MenuItemConstructorOptions;
