import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { AppInfo } from '../../shared/ipc/host-contract.js';
import type { Result } from '../../shared/result/result.js';
import type { WorkstationSettings, WorkstationSettingsState } from '../../shared/settings/workstation-settings.js';
import { App } from './app/App.js';
import { ServicesContext, type Services } from './app/services.js';
import { ReviewDatabase } from './data/database.js';
import { ReviewStore } from './data/review-store.js';
import { createBrowserHost } from './host/browser-host.js';
import { createElectronHost, electronHostApi } from './host/electron-host.js';
import type { Host } from './host/host.js';
import './styles/app.css';

interface RootProps {
  readonly host: Host;
  readonly store: ReviewStore;
  readonly appInfo: AppInfo;
  readonly initialSettings: WorkstationSettingsState;
  readonly saveSettings: (next: WorkstationSettings) => Promise<Result<WorkstationSettingsState>>;
}

function Root({ host, store, appInfo, initialSettings, saveSettings }: RootProps) {
  const [settings, setSettings] = useState(initialSettings);
  const services: Services = {
    host,
    store,
    appInfo,
    settings,
    updateSettings: async (next) => {
      const result = await saveSettings(next);
      if (!result.ok) return result.error.message;
      setSettings(result.value);
      return undefined;
    },
  };
  return (
    <ServicesContext value={services}>
      <App />
    </ServicesContext>
  );
}

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
  const host = api ? createElectronHost(api) : createBrowserHost();
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
  // Ask the browser not to evict review data under storage pressure.
  void navigator.storage.persist();
  // The settings in force: the data layer reads the ceiling at the moment of each change.
  let settings = initialSettings;
  const store = new ReviewStore(db, {
    actor: () => appInfo.userName,
    systemHigh: () => settings.settings.systemHigh,
    now: () => new Date(),
  });
  const saveSettings = async (next: WorkstationSettings) => {
    const result = await host.updateWorkstationSettings(next);
    if (result.ok) settings = result.value;
    return result;
  };
  createRoot(container).render(
    <StrictMode>
      <Root host={host} store={store} appInfo={appInfo} initialSettings={initialSettings} saveSettings={saveSettings} />
    </StrictMode>,
  );
}

const container = document.getElementById('root');
if (container) {
  bootstrap(container).catch((error: unknown) => {
    showFatal(container, 'Frontier Review could not start', error instanceof Error ? error.message : String(error));
  });
}
