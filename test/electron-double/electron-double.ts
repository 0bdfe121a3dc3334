import type { AppApi, BrowserWindowApi, BuiltMenu, DialogApi, ElectronApi, SessionApi, UtilityProcessApi, WindowApi } from './electron-api.js';
import { Emitter, type Listener } from './emitter.js';

/** One call the main process made into Electron, in the order made. */
export interface Call {
  readonly name: string;
  readonly args: readonly unknown[];
}

export interface DoubleOptions {
  /** Where `app.getPath('userData')` points. */
  readonly userData: string;
  readonly packaged: boolean;
  /** Switches Chromium's own command line reports (`app.commandLine.hasSwitch`). */
  readonly switches?: readonly string[];
}

/** The frame an IPC message comes from, as Electron's `event.senderFrame` shows it. */
export interface Frame {
  readonly url: string;
  readonly parent: Frame | null;
}

/** What the main process installed on the default session; `fire` calls each handler. */
export interface SessionRecord {
  permissionRequest?: Listener | null;
  permissionCheck?: Listener | null;
  devicePermission?: Listener | null;
  spellChecker?: boolean;
  readonly listeners: Emitter;
  beforeRequest?: { readonly filter: Electron.WebRequestFilter | undefined; readonly listener: Listener | null };
}

/** What the double's pages print to PDF unless a test says otherwise: a PDF's header and trailer. */
export const DOUBLE_PDF = new TextEncoder().encode('%PDF-1.7\n% the page as printed\n%%EOF\n');

/**
 * A web contents: the hardening policy's listeners and window-open handler land here, and it is
 * the sender of the IPC messages its page sends.
 */
export class WebContentsDouble implements Pick<Electron.WebContents, 'printToPDF' | 'postMessage'> {
  readonly listeners = new Emitter();
  /** What the main process posted to the page, with the ports it transferred. */
  readonly posted: { readonly channel: string; readonly message: unknown; readonly ports: readonly PortDouble[] }[] = [];
  openHandler: Listener | undefined;
  /** What `printToPDF` answers: the PDF's bytes, or the error it fails with. */
  pdf: Uint8Array | Error = DOUBLE_PDF;

  constructor(private readonly record: (name: string, ...args: unknown[]) => void) {}

  on(event: string, listener: Listener): Electron.WebContents {
    this.record('webContents.on', event);
    this.listeners.add(event, listener);
    // Electron returns the emitter for chaining, typed as its own class; the main process never chains.
    return this as unknown as Electron.WebContents;
  }

  setWindowOpenHandler(handler: Listener): void {
    this.record('webContents.setWindowOpenHandler');
    this.openHandler = handler;
  }

  postMessage(channel: string, message: unknown, transfer: Electron.MessagePortMain[] = []): void {
    const ports = transfer.map(asPortDouble);
    this.record('webContents.postMessage', channel, message, ports);
    this.posted.push({ channel, message, ports });
  }

  printToPDF(options: Electron.PrintToPDFOptions): Promise<Buffer> {
    this.record('webContents.printToPDF', options);
    if (this.pdf instanceof Error) return Promise.reject(this.pdf);
    // As Electron does, a Node Buffer; a small one is a window on Node's shared pool.
    return Promise.resolve(Buffer.from(this.pdf));
  }
}

/**
 * One end of a `MessageChannelMain`: it carries nothing here; a test checks where each end went
 * (`channel` tells the pairs apart).
 */
export class PortDouble {
  constructor(
    readonly channel: number,
    readonly end: 1 | 2,
  ) {}
}

function asPortDouble(port: Electron.MessagePortMain): PortDouble {
  const double: unknown = port;
  if (!(double instanceof PortDouble)) throw new Error('The main process transferred a port that no MessageChannelMain of the double made.');
  return double;
}

/** A forked utility process: what it was handed, and its `exit` listeners for the test to fire. */
export class UtilityProcessDouble implements UtilityProcessApi {
  readonly listeners = new Emitter();
  readonly messages: { readonly message: unknown; readonly ports: readonly PortDouble[] }[] = [];

  constructor(
    readonly modulePath: string,
    readonly args: readonly string[],
    readonly options: Electron.ForkOptions | undefined,
    private readonly record: (name: string, ...args: unknown[]) => void,
  ) {}

  postMessage(message: unknown, transfer: Electron.MessagePortMain[] = []): void {
    const ports = transfer.map(asPortDouble);
    this.record('utilityProcess.postMessage', message, ports);
    this.messages.push({ message, ports });
  }

  once(event: string, listener: Listener): Electron.UtilityProcess {
    this.record('utilityProcess.once', event);
    this.listeners.add(event, listener, { once: true });
    // Electron returns the process for chaining, typed as its own class; the main process never chains.
    return this as unknown as Electron.UtilityProcess;
  }
}

/**
 * A recording double of the Electron API the main process uses, for loading the built main
 * process under Node. It records every call in order and keeps what was installed (IPC handlers,
 * protocol handlers, session policy, windows) for the test to drive; like Electron, it refuses
 * what may only happen before `ready` once ready, and what may only happen after it before.
 */
export function createElectronDouble(options: DoubleOptions) {
  const calls: Call[] = [];
  const record = (name: string, ...args: unknown[]) => void calls.push({ name, args });
  const appListeners = new Emitter();
  const ipc = new Map<string, Listener>();
  const protocols = new Map<string, (request: Request) => Response | Promise<Response>>();
  const privileged: Electron.CustomScheme[] = [];
  const windows: WindowDouble[] = [];
  const menus: BuiltMenu[] = [];
  const answers = { open: [] as string[][], save: [] as (string | undefined)[] };
  const exits: number[] = [];
  const sessionRecord: SessionRecord = { listeners: new Emitter() };
  const utilityProcesses: UtilityProcessDouble[] = [];
  let channels = 0;
  let isReady = false;
  let markReady = (): void => undefined;
  const readiness = new Promise<void>((resolve) => (markReady = resolve));

  const beforeReady = (what: string) => {
    if (isReady) throw new Error(`${what} can only be called before the app is ready (Electron refuses it after).`);
  };
  const afterReady = (what: string) => {
    if (!isReady) throw new Error(`${what} can only be used after the app is ready (Electron refuses it before).`);
  };

  const app: AppApi = {
    isPackaged: options.packaged,
    commandLine: {
      hasSwitch: (name: string) => {
        record('app.commandLine.hasSwitch', name);
        return (options.switches ?? []).includes(name);
      },
    },
    enableSandbox: () => {
      record('app.enableSandbox');
      beforeReady('app.enableSandbox');
    },
    exit: (code = 0) => {
      record('app.exit', code);
      exits.push(code);
    },
    getName: () => 'Frontier Review',
    getVersion: () => '0.1.0',
    getPath: (name: Parameters<Electron.App['getPath']>[0]) => {
      record('app.getPath', name);
      if (name !== 'userData') throw new Error(`The double knows only userData, not ${name}.`);
      return options.userData;
    },
    on: (event: string, listener: Listener) => {
      record('app.on', event);
      appListeners.add(event, listener);
      // Electron returns the app for chaining, typed as its own class; the main process never chains.
      return app as unknown as Electron.App;
    },
    quit: () => record('app.quit'),
    requestSingleInstanceLock: () => {
      record('app.requestSingleInstanceLock');
      return true;
    },
    whenReady: () => {
      record('app.whenReady');
      return readiness;
    },
  };

  class WindowDouble {
    readonly listeners = new Emitter();
    readonly webContents = new WebContentsDouble(record);
    url: string | undefined;
    shown = false;

    constructor(readonly options: Electron.BrowserWindowConstructorOptions) {
      record('new BrowserWindow', options);
      afterReady('new BrowserWindow');
      windows.push(this);
      // As Electron does: every web contents is announced to the app.
      appListeners.emit('web-contents-created', { preventDefault: () => undefined }, this.webContents);
    }

    static getFocusedWindow(): WindowDouble | null {
      return null;
    }

    loadURL(url: string): Promise<void> {
      record('window.loadURL', url);
      this.url = url;
      return Promise.resolve();
    }

    on(event: string, listener: Listener): Electron.BrowserWindow {
      record('window.on', event);
      this.listeners.add(event, listener);
      return this as unknown as Electron.BrowserWindow;
    }

    once(event: string, listener: Listener): Electron.BrowserWindow {
      record('window.once', event);
      this.listeners.add(event, listener, { once: true });
      return this as unknown as Electron.BrowserWindow;
    }

    show(): void {
      this.shown = true;
    }
    focus(): void {
      record('window.focus');
    }
    restore(): void {
      record('window.restore');
    }
    isMinimized(): boolean {
      return false;
    }
  }

  const dialog: DialogApi = {
    showOpenDialog: (first: WindowApi | Electron.OpenDialogOptions, second?: Electron.OpenDialogOptions) => {
      record('dialog.showOpenDialog', second ?? first);
      const paths = answers.open.shift();
      if (paths === undefined) throw new Error('An open dialog was shown that the test did not expect.');
      return Promise.resolve({ canceled: paths.length === 0, filePaths: paths });
    },
    showSaveDialog: (first: WindowApi | Electron.SaveDialogOptions, second?: Electron.SaveDialogOptions) => {
      record('dialog.showSaveDialog', second ?? first);
      if (answers.save.length === 0) throw new Error('A save dialog was shown that the test did not expect.');
      const target = answers.save.shift();
      return Promise.resolve({ canceled: target === undefined, filePath: target ?? '' });
    },
  };

  const session: SessionApi = {
    setPermissionRequestHandler: (handler: Listener | null) => {
      record('session.setPermissionRequestHandler');
      sessionRecord.permissionRequest = handler;
    },
    setPermissionCheckHandler: (handler: Listener | null) => {
      record('session.setPermissionCheckHandler');
      sessionRecord.permissionCheck = handler;
    },
    setDevicePermissionHandler: (handler: Listener | null) => {
      record('session.setDevicePermissionHandler');
      sessionRecord.devicePermission = handler;
    },
    setSpellCheckerEnabled: (enabled: boolean) => {
      record('session.setSpellCheckerEnabled', enabled);
      sessionRecord.spellChecker = enabled;
    },
    on: (event: string, listener: Listener) => {
      record('session.on', event);
      sessionRecord.listeners.add(event, listener);
      return session as unknown as Electron.Session;
    },
    webRequest: {
      onBeforeRequest: (first: Electron.WebRequestFilter | Listener | null, second?: Listener | null) => {
        const filter = typeof first === 'function' || first === null ? undefined : first;
        record('session.webRequest.onBeforeRequest', filter);
        sessionRecord.beforeRequest = { filter, listener: typeof first === 'function' ? first : (second ?? null) };
      },
    },
  };

  const electron = {
    app,
    BrowserWindow: WindowDouble satisfies BrowserWindowApi,
    Menu: {
      buildFromTemplate: (template) => {
        record('Menu.buildFromTemplate', template);
        return { template };
      },
      setApplicationMenu: (menu) => {
        record('Menu.setApplicationMenu');
        if (menu) menus.push(menu);
      },
    },
    dialog,
    ipcMain: {
      handle: (channel: string, listener: Listener) => {
        record('ipcMain.handle', channel);
        // As Electron does: one handler per channel.
        if (ipc.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
        ipc.set(channel, listener);
      },
    },
    protocol: {
      registerSchemesAsPrivileged: (schemes: Electron.CustomScheme[]) => {
        record('protocol.registerSchemesAsPrivileged', schemes);
        beforeReady('protocol.registerSchemesAsPrivileged');
        privileged.push(...schemes);
      },
      handle: (scheme: string, handler: (request: Request) => Response | Promise<Response>) => {
        record('protocol.handle', scheme);
        afterReady('protocol.handle');
        protocols.set(scheme, handler);
      },
    },
    safeStorage: {
      isAsyncEncryptionAvailable: () => Promise.resolve(true),
      getSelectedStorageBackend: () => 'gnome_libsecret' as const,
      encryptStringAsync: (text: string) => Promise.resolve(Buffer.from(`${KEYSTORE_PREFIX}${text}`)),
      decryptStringAsync: (sealed: Buffer) => {
        const text = sealed.toString('utf8');
        if (!text.startsWith(KEYSTORE_PREFIX)) return Promise.reject(new Error('Not sealed by this keystore.'));
        return Promise.resolve({ shouldReEncrypt: false, result: text.slice(KEYSTORE_PREFIX.length) });
      },
    },
    session: {
      get defaultSession() {
        afterReady('session.defaultSession');
        return session;
      },
    },
    utilityProcess: {
      fork: (modulePath: string, args: string[] = [], forkOptions?: Electron.ForkOptions) => {
        record('utilityProcess.fork', modulePath, args, forkOptions);
        afterReady('utilityProcess.fork');
        const child = new UtilityProcessDouble(modulePath, args, forkOptions, record);
        utilityProcesses.push(child);
        return child;
      },
    },
    MessageChannelMain: class {
      readonly port1: Electron.MessagePortMain;
      readonly port2: Electron.MessagePortMain;
      constructor() {
        const channel = ++channels;
        record('new MessageChannelMain', channel);
        // Electron's port class; the main process only hands these on, and the double checks they are its own.
        this.port1 = new PortDouble(channel, 1) as unknown as Electron.MessagePortMain;
        this.port2 = new PortDouble(channel, 2) as unknown as Electron.MessagePortMain;
      }
    },
  } satisfies ElectronApi;

  return {
    /** What `require('electron')` gives the main process. */
    electron,
    calls,
    /** Call names in order, for order assertions. */
    names: () => calls.map((c) => c.name),
    app: appListeners,
    ipc,
    protocols,
    privileged,
    windows,
    menus,
    /** What the next open and save dialogs answer; an unexpected dialog fails the test. */
    answers,
    exits,
    session: sessionRecord,
    /** The utility processes forked, in order. */
    utilityProcesses,
    /** Electron's `ready`: resolves `whenReady`, and waits for what the main process runs then. */
    ready: async () => {
      isReady = true;
      markReady();
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

export type ElectronDouble = ReturnType<typeof createElectronDouble>;

/** How the double's keystore seals: plain enough that a test can see what was sealed. */
export const KEYSTORE_PREFIX = 'sealed-by-the-keystore:';
