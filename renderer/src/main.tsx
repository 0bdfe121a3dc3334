import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The app-wide styles first: every feature's own stylesheet, imported by its components, follows them.
import './styles/tokens.css';
import './styles/base.css';
import './ui/ui.css';
import { App } from './app/App.js';
import { ProfileSession } from './app/profile-session.js';
import { ServicesContext, type Services } from './app/services.js';
import { Workstation } from './app/workstation.js';
import { ReviewDatabase } from './data/database.js';
import type { StoreContext } from './data/audited-store.js';
import { openDataLayer } from './data/data-layer.js';
import { UserActivity, withDialogActivity } from './app/user-activity.js';
import { createBrowserHost } from './host/browser-host.js';
import { createElectronHost, electronHostApi } from './host/electron-host.js';

function showFatal(container: HTMLElement, title: string, detail: string) {
  container.replaceChildren();
  const box = document.createElement('div');
  box.className = 'fatal';
  const heading = document.createElement('h1');
  heading.textContent = title;
  const text = document.createElement('p');
  text.textContent = detail;
  box.append(heading, text);
  container.append(box);
}

async function bootstrap(container: HTMLElement) {
  const api = electronHostApi();
  const activity = new UserActivity();
  const host = withDialogActivity(api ? createElectronHost(api) : createBrowserHost(), activity);
  const [appInfo, initialSettings] = await Promise.all([host.appInfo(), host.workstationSettings()]);
  const db = new ReviewDatabase();
  try {
    await db.open();
  } catch (error) {
    const detail = error instanceof Error && error.name === 'VersionError'
      ? 'The review database was written by a newer version of Frontier Review. Install that version or later to open it; nothing has been changed.'
      : `The review database could not be opened: ${error instanceof Error ? error.message : String(error)}`;
    showFatal(container, 'Frontier Review cannot open its database', detail);
    return;
  }
  // In a browser, ask not to have review data evicted under storage pressure. (Electron keeps
  // its profile's storage; its session denies every permission prompt anyway.)
  if (appInfo.shell === 'browser') void navigator.storage.persist();
  // The store reads the ceiling from the workstation at each change (hence the late-bound
  // reference); the workstation asks the store what it holds before it lowers the ceiling.
  const session = new ProfileSession((await db.profiles.count()) > 0, appInfo.userName);
  const context: StoreContext = {
    actor: () => session.actor(),
    acting: () => session.acting(),
    unlockedKeys: () => session.unlockedKeys(),
    systemHigh: () => workstation.current().settings.systemHigh,
    exportCeiling: () => workstation.current().settings.exportCeiling ?? workstation.current().settings.systemHigh,
    cuiDesignator: () => workstation.current().settings.cuiDesignator,
    now: () => new Date(),
  };
  const data = openDataLayer(db, context, host.keystore, { saveFile: (r) => host.saveFile(r), print: () => host.print(), printToPdf: () => host.printToPdf(), exportBundle: (r) => host.bundles.export(r) });
  const workstation: Workstation = new Workstation(initialSettings, host, data.store);
  // Imports interrupted by a crash or a closed window left staged chunks; nothing shows them.
  void data.results.sweepAbandonedImports();
  const services: Services = { host, ...data, appInfo, workstation, session, activity };
  createRoot(container).render(
    <StrictMode>
      <ServicesContext value={services}>
        <App />
      </ServicesContext>
    </StrictMode>,
  );
}

const container = document.getElementById('root');
if (container) {
  bootstrap(container).catch((error: unknown) => {
    showFatal(container, 'Frontier Review could not start', error instanceof Error ? error.message : String(error));
  });
}
