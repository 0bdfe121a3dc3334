import type { HostMethod } from '../../../shared/ipc/host-methods.js';
import type { HostResponse, ParsedHostRequest } from '../../../shared/ipc/host-contract.js';
import { HostError } from './host-error.js';

/**
 * What the main process does for each message. `satisfies HostHandlers` at the definition makes
 * a missing or misspelled method a compile error; a test checks the same at runtime.
 * Requests reach a handler only after the sender check and schema validation.
 */
export type HostHandlers = {
  readonly [M in HostMethod]: (request: ParsedHostRequest<M>) => Promise<HostResponse<M>>;
};

export interface DialogFilter {
  readonly name: string;
  readonly extensions: readonly string[];
}

/** What the handlers need from Electron and the machine; injected so tests can run them in Node. */
export interface HostDependencies {
  readonly app: { readonly name: string; readonly version: string; readonly platform: string; readonly userName: string };
  readonly settings: {
    load(): Promise<HostResponse<'getWorkstationSettings'>>;
    save(settings: ParsedHostRequest<'updateWorkstationSettings'>): Promise<HostResponse<'updateWorkstationSettings'>>;
  };
  readonly dialogs: {
    /** Paths the user chose, or an empty list when they cancelled. */
    chooseFilesToOpen(options: { title: string; filters: readonly DialogFilter[]; multiple: boolean }): Promise<string[]>;
    /** The path the user chose, or undefined when they cancelled. */
    chooseSaveTarget(options: { title: string; suggestedName: string; filters: readonly DialogFilter[] }): Promise<string | undefined>;
  };
  readonly pickedFiles: {
    add(path: string): Promise<HostResponse<'showOpenDialog'>[number]>;
    read(token: string, offset: number, length: number): Promise<Uint8Array>;
  };
  writeFile(path: string, data: Uint8Array): Promise<void>;
  baseName(path: string): string;
  /** The operating system's keystore; `backend` is undefined where it offers no real protection. */
  readonly keystore: {
    backend(): Promise<string | undefined>;
    encrypt(bytes: Uint8Array): Promise<Uint8Array>;
    decrypt(bytes: Uint8Array): Promise<Uint8Array>;
  };
}

async function keystoreCall(deps: HostDependencies, what: string, call: () => Promise<Uint8Array>): Promise<Uint8Array> {
  if ((await deps.keystore.backend()) === undefined) throw new HostError({ code: 'failed', message: "This workstation's operating system offers no keystore to protect profile keys." });
  try {
    return await call();
  } catch (error) {
    throw new HostError({ code: 'failed', message: `The operating system's keystore could not ${what} the profile's keys: ${error instanceof Error ? error.message : String(error)}` });
  }
}

export function createHostHandlers(deps: HostDependencies) {
  return {
    getAppInfo: () => Promise.resolve({ ...deps.app, shell: 'electron' as const }),
    getWorkstationSettings: () => deps.settings.load(),
    updateWorkstationSettings: (settings) => deps.settings.save(settings),
    showOpenDialog: async ({ title, filters, multiple }) => {
      const paths = await deps.dialogs.chooseFilesToOpen({ title, filters, multiple });
      return Promise.all(paths.map((p) => deps.pickedFiles.add(p)));
    },
    readPickedFile: ({ token, offset, length }) => deps.pickedFiles.read(token, offset, length),
    saveFile: async ({ title, suggestedName, filters, data }) => {
      const target = await deps.dialogs.chooseSaveTarget({ title, suggestedName, filters });
      if (target === undefined) return { saved: false as const };
      try {
        await deps.writeFile(target, data);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw new HostError({ code: 'failed', message: `Could not save ${deps.baseName(target)}: ${reason}` });
      }
      return { saved: true as const, fileName: deps.baseName(target) };
    },
    keystoreStatus: async () => ({ backend: (await deps.keystore.backend()) ?? null }),
    keystoreWrap: (secret) => keystoreCall(deps, 'protect', () => deps.keystore.encrypt(secret)),
    keystoreUnwrap: (wrapped) => keystoreCall(deps, 'open', () => deps.keystore.decrypt(wrapped)),
  } satisfies HostHandlers;
}
