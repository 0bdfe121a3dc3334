import { asGatewayPrint, printPage } from './print-page.js';
import type { HostApi } from '../../../shared/ipc/host-contract.js';
import { HOST_API_GLOBAL } from '../../../shared/ipc/host-methods.js';
import { ok, type Result } from '../../../shared/errors/result.js';
import { electronBundles } from './electron-bundles.js';
import { electronIntake } from './electron-intake.js';
import type { Host, PickedFile } from './host.js';

/** The preload's API, when the renderer runs inside Frontier Review's Electron shell. */
export function electronHostApi(): HostApi | undefined {
  const api: unknown = Reflect.get(globalThis, HOST_API_GLOBAL);
  return typeof api === 'object' && api !== null ? (api as HostApi) : undefined;
}

export function createElectronHost(api: HostApi): Host {
  // The main process's handle of each file picked here, for calls that read the file there.
  const tokens = new WeakMap<PickedFile, string>();
  return {
    appInfo: async () => unwrap(await api.getAppInfo()),
    workstationSettings: async () => unwrap(await api.getWorkstationSettings()),
    updateWorkstationSettings: (settings) => api.updateWorkstationSettings(settings),
    openFiles: async (request) => {
      const picked = await api.showOpenDialog(request);
      if (!picked.ok) return picked;
      return ok(
        picked.value.map((file): PickedFile => {
          const picked: PickedFile = {
            name: file.name,
            size: file.size,
            read: async (offset, length) => unwrap(await api.readPickedFile({ token: file.token, offset, length })),
            // A release that fails costs nothing: the main process forgets an unused token within the hour.
            release: async () => {
              await api.releasePickedFiles({ tokens: [file.token] });
            },
          };
          tokens.set(picked, file.token);
          return picked;
        }),
      );
    },
    saveFile: (request) => api.saveFile(request),
    // Chromium's own print dialog, which Electron gives a sandboxed page; it also saves as PDF.
    print: printPage,
    // Printed by the main process from this page, as it prints; the bytes come back here.
    printToPdf: () => asGatewayPrint(() => api.printToPdf()),
    keystore: {
      backend: async () => {
        const status = await api.keystoreStatus();
        return status.ok ? (status.value.backend ?? undefined) : undefined;
      },
      wrap: (secret) => api.keystoreWrap(secret),
      unwrap: (wrapped) => api.keystoreUnwrap(wrapped),
    },
    bundles: electronBundles(api, (file) => tokens.get(file)),
    logIntake: electronIntake(api, (file) => tokens.get(file)),
  };
}

/** For calls that cannot fail short of a broken installation; the error stops start-up with its message. */
function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
