import { mkdtemp } from 'node:fs/promises';
import path from 'node:path';
import type { HostRequest, HostResponse } from '../../shared/ipc/host-contract.js';
import { hostChannel, type HostMethod } from '../../shared/ipc/host-methods.js';
import type { Result } from '../../shared/errors/result.js';
import { createElectronDouble, type ElectronDouble, type Frame } from './electron-double.js';
import { fire } from './emitter.js';
import { loadMain, type BuiltApp } from './load-main.js';

/** Where an installed app's executable lies; the first argument Electron sees. */
export const EXECUTABLE = '/opt/Frontier Review/frontier-review';

/** The app's own page, top-level: the one frame the main process answers. */
export const APP_FRAME: Frame = { url: 'app://renderer/index.html', parent: null };

export interface Booted {
  readonly double: ElectronDouble;
  readonly userData: string;
}

/** Starts the built main process as Electron would, in a user-data folder of its own under `base`. */
export async function boot(app: BuiltApp, base: string, options: { readonly packaged: boolean; readonly argv?: readonly string[]; readonly switches?: readonly string[] }): Promise<Booted> {
  const userData = await mkdtemp(path.join(base, 'user-data-'));
  const double = createElectronDouble({ userData, packaged: options.packaged, ...(options.switches ? { switches: options.switches } : {}) });
  loadMain(app.main, double, options.argv ?? [EXECUTABLE]);
  return { double, userData };
}

/**
 * Sends a message on a method's channel through the handler the main process registered, as
 * `ipcRenderer.invoke` would from `frame` in the app's window.
 */
export async function invoke<M extends HostMethod>(double: ElectronDouble, method: M, request: HostRequest<M> | undefined, frame: Frame | null = APP_FRAME): Promise<Result<HostResponse<M>>> {
  const handler = double.ipc.get(hostChannel(method));
  if (!handler) throw new Error(`The main process registered no handler for ${hostChannel(method)}.`);
  const sender = double.windows[0]?.webContents;
  if (!sender) throw new Error(`A message on ${hostChannel(method)} was sent before the app opened its window.`);
  // What crosses IPC is a copy both ways, never either side's own objects.
  const answer = await fire(handler, { senderFrame: frame, sender }, structuredClone(request));
  return structuredClone(answer) as Result<HostResponse<M>>;
}

/** The value of an answer that must have succeeded; its error otherwise, as the failure. */
export function valueOf<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Waits until `check` holds: the main process finishes some work (clearing folders) on its own time. */
export async function eventually(check: () => Promise<boolean> | boolean, what: string): Promise<void> {
  for (let tries = 0; tries < 200; tries++) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`Timed out waiting until ${what}.`);
}
