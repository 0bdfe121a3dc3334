import os from 'node:os';
import path from 'node:path';
import { BrowserWindow, Menu, MessageChannelMain, app, dialog, ipcMain, protocol, safeStorage, session, utilityProcess } from 'electron';
import { BundleSessions } from '../bundles/bundle-sessions.js';
import { COMMANDS, drainStdio, processIo, runCommandLine } from '../cli/inspect-command.js';
import { writeFileAtomic } from './files/write-file-atomic.js';
import { FileSaves } from './files/file-saves.js';
import { PickedFiles } from './files/picked-files.js';
import { LogIntakes } from './intake/log-intakes.js';
import { createHostHandlers } from './ipc/host-handlers.js';
import { registerHostHandlers } from './ipc/register-host-handlers.js';
import { REFUSED_SCHEMES, refuseRequest, serveAppRequest } from './protocol/app-protocol.js';
import { APP_SCHEME } from './security/app-origin.js';
import { debugSwitchRefusal } from './security/debug-switches.js';
import { installSessionPolicy } from './security/session-policy.js';
import { hardenWebContents } from './security/web-contents-policy.js';
import { settingsLocations } from './settings/settings-locations.js';
import { WorkstationSettingsStore } from './settings/workstation-settings-store.js';
import { appMenuTemplate } from './window/app-menu.js';
import { createMainWindow } from './window/main-window.js';

// First of all: a packaged app started for a debugger to attach goes no further (see below).
const debugRefusal = debugSwitchRefusal({ packaged: app.isPackaged, argv: process.argv, hasSwitch: (name) => app.commandLine.hasSwitch(name) });
const devTools = !app.isPackaged;
const distRoot = path.join(__dirname, '..');
const log = {
  blocked: (detail: string) => console.warn(`[policy] blocked ${detail}`),
  refused: (method: string, reason: string) => console.warn(`[ipc] refused ${method}: ${reason}`),
  failed: (method: string, error: unknown) => console.error(`[ipc] ${method} failed`, error),
};

let mainWindow: BrowserWindow | undefined;
let quitting = false;

// Arguments after the app (and, when run as `electron <dir>`, after the app's folder).
const commandLine = process.argv.slice(process.defaultApp ? 2 : 1);

if (debugRefusal !== undefined) {
  console.error(debugRefusal);
  app.exit(1);
} else if (commandLine[0] !== undefined && COMMANDS.includes(commandLine[0])) {
  // `frontier-review inspect <file>` (or check, verify-bundle, audit) from a terminal: print and
  // leave. No window, no single-instance lock (it may run while the app is open).
  void runCommandLine(commandLine, processIo)
    .then(async (code) => {
      await drainStdio();
      app.exit(code);
    })
    .catch((error: unknown) => {
      console.error(error);
      app.exit(1);
    });
} else if (!app.requestSingleInstanceLock()) {
  // One instance per workstation user: a second would race the first over the same database.
  app.quit();
} else {
  // Must happen before `ready`: a standard, secure scheme gets a real origin, so IndexedDB,
  // CSP 'self' and ES modules work as they do on the web.
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
  // Every renderer is sandboxed, whatever a window's preferences say.
  app.enableSandbox();
  app.on('second-instance', () => {
    if (mainWindow?.isMinimized()) mainWindow.restore();
    mainWindow?.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, log));
  app.on('window-all-closed', () => app.quit());
  void app.whenReady().then(start);
}

function start(): void {
  installSessionPolicy(session.defaultSession, { devTools }, { blocked: (kind, detail) => log.blocked(`${kind} ${detail}`) });
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(path.join(distRoot, 'renderer'), request));
  for (const scheme of REFUSED_SCHEMES) {
    protocol.handle(scheme, (request) => {
      log.blocked(`request ${request.url} (intercepted)`);
      return refuseRequest(request);
    });
  }

  const settings = new WorkstationSettingsStore(
    settingsLocations(process.platform, process.env, app.getPath('userData')),
    (message) => console.warn(`[settings] ${message}`),
  );
  const pickedFiles = new PickedFiles();
  // Staged exports and quarantined imports: a folder of the app's own, emptied at start and on quit.
  const bundles = new BundleSessions(path.join(app.getPath('userData'), 'bundle-sessions'));
  void bundles.clearLeftovers().catch((error: unknown) => console.warn('[bundles] could not clear leftover sessions', error));
  // Files being saved in slices: a save left unfinished (the app quit, the page went) leaves no part of itself behind.
  const fileSaves = new FileSaves();
  app.on('will-quit', (event) => {
    if (quitting) return;
    event.preventDefault();
    quitting = true;
    void Promise.allSettled([bundles.closeAll(), fileSaves.cancelAll()]).finally(() => app.quit());
  });
  // Inspect logs picked in the file dialog are read in a utility process of their own (intake.cjs).
  const intakes = new LogIntakes(
    () => utilityProcess.fork(path.join(__dirname, 'intake.cjs'), [], { serviceName: 'Frontier Review intake' }),
    () => new MessageChannelMain(),
    { exited: (code) => console.warn(`[intake] the intake process exited with code ${code}`) },
  );
  const parent = () => BrowserWindow.getFocusedWindow() ?? mainWindow;
  const handlers = createHostHandlers({
    app: { name: app.getName(), version: app.getVersion(), platform: process.platform, userName: os.userInfo().username },
    settings,
    pickedFiles,
    bundles,
    intakes,
    dialogs: {
      chooseFilesToOpen: async ({ title, filters, multiple }) => {
        const options: Electron.OpenDialogOptions = {
          title,
          filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
          properties: multiple ? ['openFile', 'multiSelections'] : ['openFile'],
        };
        const owner = parent();
        const result = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
        return result.canceled ? [] : result.filePaths;
      },
      chooseSaveTarget: async ({ title, suggestedName, filters }) => {
        const options: Electron.SaveDialogOptions = {
          title,
          defaultPath: suggestedName,
          filters: filters.map((f) => ({ name: f.name, extensions: [...f.extensions] })),
        };
        const owner = parent();
        const result = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
        return result.canceled || !result.filePath ? undefined : result.filePath;
      },
    },
    writeFile: writeFileAtomic,
    fileSaves,
    baseName: (p) => path.basename(p),
    keystore: {
      // Linux without a secret service falls back to a fixed key ("basic_text"): no protection, so none is offered.
      backend: async () => {
        if (!(await safeStorage.isAsyncEncryptionAvailable())) return undefined;
        const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : process.platform;
        return backend === 'basic_text' || backend === 'unknown' ? undefined : backend;
      },
      encrypt: async (bytes) => new Uint8Array(await safeStorage.encryptStringAsync(Buffer.from(bytes).toString('base64'))),
      decrypt: async (bytes) => new Uint8Array(Buffer.from((await safeStorage.decryptStringAsync(Buffer.from(bytes))).result, 'base64')),
    },
  });
  registerHostHandlers(ipcMain, handlers, log);

  Menu.setApplicationMenu(Menu.buildFromTemplate(appMenuTemplate(process.platform, devTools)));
  mainWindow = createMainWindow(path.join(__dirname, 'preload.cjs'), devTools);
  // A page that reloads or crashes takes its open bundles, unfinished exports and picked files with it.
  const endPageWork = () => {
    pickedFiles.releaseAll();
    void fileSaves.cancelAll().catch((error: unknown) => console.warn('[saves] could not remove unfinished saves', error));
    void bundles.endAll().catch((error: unknown) => console.warn('[bundles] could not end sessions', error));
  };
  mainWindow.webContents.on('did-start-loading', endPageWork);
  mainWindow.webContents.on('render-process-gone', endPageWork);
  mainWindow.on('closed', () => {
    mainWindow = undefined;
    void fileSaves.cancelAll().catch((error: unknown) => console.warn('[saves] could not remove unfinished saves', error));
  });
}
