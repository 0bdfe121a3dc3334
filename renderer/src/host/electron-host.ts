import { asGatewayPrint, printPage } from './print-page.js';
import type { HostApi } from '../../../shared/ipc/host-contract.js';
import { HOST_API_GLOBAL } from '../../../shared/ipc/host-methods.js';
import { ok } from '../../../shared/errors/result.js';
import { electronBundles } from './electron-bundles.js';
import { electronIntake } from './electron-intake.js';
import { wholeFile, type Host, type PickedFile, type SaveRequest } from './host.js';
import { MAX_SAVE_SLICE_BYTES, type SaveFileResponse } from '../../../shared/ipc/host-contract.js';
import type { Result } from '../../../shared/errors/result.js';

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
    saveFile: (request) => saveInSlices(api, request),
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

/** Files up to this size go in one call; larger ones in slices. */
const ONE_CALL_BYTES = 32 * 1024 * 1024;

/**
 * Saves a file in one call, or, when larger, in slices the main process writes in order into a
 * temporary file and renames into place once the last is in; a save that fails is cancelled there.
 */
async function saveInSlices(api: HostApi, request: SaveRequest): Promise<Result<SaveFileResponse>> {
  const pieces = request.data instanceof Uint8Array ? [request.data] : request.data;
  const size = pieces.reduce((sum, p) => sum + p.byteLength, 0);
  const { title, suggestedName, filters } = request;
  if (size <= ONE_CALL_BYTES) return api.saveFile({ title, suggestedName, filters, data: wholeFile(pieces) });
  const begun = await api.beginFileSave({ title, suggestedName, filters });
  if (!begun.ok || !begun.value.started) return begun.ok ? ok({ saved: false as const }) : begun;
  const { saveId } = begun.value;
  for (const piece of pieces) {
    for (let at = 0; at < piece.byteLength; at += MAX_SAVE_SLICE_BYTES) {
      const added = await api.addFileSaveSlice({ saveId, data: ownSlice(piece, at) });
      if (!added.ok) {
        await api.cancelFileSave({ saveId });
        return added;
      }
    }
  }
  return api.finishFileSave({ saveId });
}

/**
 * The slice of `piece` from `at`, in memory of its own unless the piece is all of its memory: a
 * message carries a view's whole buffer, so a view into a larger one would send all of it.
 */
function ownSlice(piece: Uint8Array, at: number): Uint8Array {
  const whole = at === 0 && piece.byteLength <= MAX_SAVE_SLICE_BYTES && piece.byteOffset === 0 && piece.byteLength === piece.buffer.byteLength;
  return whole ? piece : piece.slice(at, at + MAX_SAVE_SLICE_BYTES);
}
