import type { HostMethod } from '../../../shared/ipc/host-methods.js';
import type { HostResponse, ParsedHostRequest } from '../../../shared/ipc/host-contract.js';
import { BundleProblem } from '../../../shared/bundle/review-bundle.js';
import { parseAllowedSigners, parseRevokedKeys } from '../../../shared/identity/allowed-signers.js';
import { seedMatchesPublicKey } from '../../../shared/identity/ed25519-checks.js';
import type { BundleSessions } from '../../bundles/bundle-sessions.js';
import { PartialFileInTheWay } from '../../files/partial-file.js';
import { UnknownFileSave, type FileSaves } from '../files/file-saves.js';
import { HostError } from './host-error.js';
import { printPageToPdf, type RequestingPage } from './page-pdf.js';

/**
 * What the main process does for each message. `satisfies HostHandlers` at the definition makes
 * a missing or misspelled method a compile error; a test checks the same at runtime.
 * Requests reach a handler only after the sender check and schema validation; `page` is the
 * page that sent the message, for the one handler that acts on the page itself.
 */
export type HostHandlers = {
  readonly [M in HostMethod]: (request: ParsedHostRequest<M>, page: RequestingPage) => Promise<HostResponse<M>>;
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
    /** Where a picked file lies, for the main process's own use; never sent to the renderer. */
    locate(token: string): { readonly path: string; readonly size: number };
    release(tokens: readonly string[]): void;
  };
  readonly bundles: Pick<BundleSessions, 'beginExport' | 'appendExport' | 'finishExport' | 'cancelExport' | 'open' | 'read' | 'close' | 'progress'>;
  /** The intake process: connects a port to it for one file, and posts the other end to the page. */
  readonly intakes: { connect(file: { readonly path: string; readonly name: string }, page: RequestingPage, portId: string): void };
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** Files saved in slices, too large for one call. */
  readonly fileSaves: Pick<FileSaves, 'begin' | 'append' | 'finish' | 'cancel'>;
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

/**
 * A bundle refused, or a session misused: the reason reaches the reviewer as it is. So does a disk
 * that failed (full, read-only, removed), said to be the disk's fault rather than the bundle's.
 */
async function bundleCall<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof BundleProblem) throw new HostError({ code: 'invalid-input', message: error.message });
    if (error instanceof PartialFileInTheWay) throw new HostError({ code: 'failed', message: `The bundle could not be saved: ${error.message}` });
    const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
      // The code and the call, not the message: it names paths of the main process's own.
      const syscall: unknown = Reflect.get(error as object, 'syscall');
      throw new HostError({ code: 'failed', message: `The disk refused (${code}${typeof syscall === 'string' ? `, ${syscall}` : ''}). Check the space and permissions where the bundle is saved or read, and in the app's data folder.` });
    }
    throw error;
  }
}

/**
 * Why the disk refused, in words for the page: a system error by its code and call, not its
 * message, which names paths of the main process's own (the temporary file's, the folder's).
 */
function diskReason(error: unknown): string {
  if (error instanceof PartialFileInTheWay) return error.message;
  const code: unknown = typeof error === 'object' && error !== null ? Reflect.get(error, 'code') : undefined;
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) {
    const syscall: unknown = Reflect.get(error as object, 'syscall');
    return `the disk refused (${code}${typeof syscall === 'string' ? `, ${syscall}` : ''}); check the space and permissions where it is saved`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** A save in slices that failed: said as the save's, with the disk's reason. */
async function saveCall<T>(name: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof UnknownFileSave) throw new HostError({ code: 'invalid-input', message: error.message });
    throw new HostError({ code: 'failed', message: `Could not save ${name}: ${diskReason(error)}` });
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
    releasePickedFiles: ({ tokens }) => {
      deps.pickedFiles.release(tokens);
      return Promise.resolve(null);
    },
    saveFile: async ({ title, suggestedName, filters, data }) => {
      const target = await deps.dialogs.chooseSaveTarget({ title, suggestedName, filters });
      if (target === undefined) return { saved: false as const };
      try {
        await deps.writeFile(target, data);
      } catch (error) {
        throw new HostError({ code: 'failed', message: `Could not save ${deps.baseName(target)}: ${diskReason(error)}` });
      }
      return { saved: true as const, fileName: deps.baseName(target) };
    },
    beginFileSave: async ({ title, suggestedName, filters }) => {
      const target = await deps.dialogs.chooseSaveTarget({ title, suggestedName, filters });
      if (target === undefined) return { started: false as const };
      const saveId = await saveCall(deps.baseName(target), () => deps.fileSaves.begin(target));
      return { started: true as const, saveId, fileName: deps.baseName(target) };
    },
    addFileSaveSlice: async ({ saveId, data }) => {
      await saveCall('the file', () => deps.fileSaves.append(saveId, data));
      return null;
    },
    finishFileSave: async ({ saveId }) => ({ saved: true as const, fileName: deps.baseName(await saveCall('the file', () => deps.fileSaves.finish(saveId))) }),
    cancelFileSave: async ({ saveId }) => {
      await deps.fileSaves.cancel(saveId);
      return null;
    },
    printToPdf: (_request, page) => printPageToPdf(page),
    keystoreStatus: async () => ({ backend: (await deps.keystore.backend()) ?? null }),
    keystoreWrap: (secret) => keystoreCall(deps, 'protect', () => deps.keystore.encrypt(secret)),
    keystoreUnwrap: (wrapped) => keystoreCall(deps, 'open', () => deps.keystore.decrypt(wrapped)),
    beginBundleExport: async ({ title, suggestedName, filters, files, ...header }) => {
      // The manifest names the signer by its public key: a seed of another key would sign a bundle no one could check.
      if (!seedMatchesPublicKey(header.signer.seed, header.signer.publicKey)) {
        throw new HostError({ code: 'invalid-input', message: "The bundle was not made: the signing key handed over is not the key of the public key named with it. Unlock the team lead's profile again and export once more." });
      }
      const target = await deps.dialogs.chooseSaveTarget({ title, suggestedName, filters });
      if (target === undefined) return { started: false as const };
      const exportId = await bundleCall(() => Promise.resolve(deps.bundles.beginExport(target, header, files)));
      return { started: true as const, exportId, fileName: deps.baseName(target) };
    },
    addBundleExportSlice: ({ exportId, path, offset, data }) => bundleCall(async () => {
      await deps.bundles.appendExport(exportId, path, offset, data);
      return null;
    }),
    finishBundleExport: ({ exportId }) => bundleCall(() => deps.bundles.finishExport(exportId)),
    cancelBundleExport: ({ exportId }) => bundleCall(async () => {
      await deps.bundles.cancelExport(exportId);
      return null;
    }),
    openBundle: ({ token, openId, allowedSigners, revokedKeys, decryption, ownRecipients, seenBundleIds, now }) =>
      bundleCall(async () => {
        const file = deps.pickedFiles.locate(token);
        let trust;
        try {
          trust = { signers: parseAllowedSigners(allowedSigners), revoked: parseRevokedKeys(revokedKeys) };
        } catch (error) {
          throw new HostError({ code: 'invalid-input', message: `The trust store could not be read: ${error instanceof Error ? error.message : String(error)}` });
        }
        const { id, checked } = await deps.bundles.open(file.path, file.size, { trust, decryption, ownRecipients, seenBundleIds: new Set(seenBundleIds), now: new Date(now) }, openId);
        return { openId: id, manifest: checked.manifest, signerPrincipals: [...checked.signerPrincipals], signerFingerprint: checked.signerFingerprint, hash: checked.hash };
      }),
    readOpenedBundle: ({ openId, path, offset, length }) => bundleCall(() => deps.bundles.read(openId, path, offset, length)),
    closeOpenedBundle: async ({ openId }) => {
      await deps.bundles.close(openId);
      return null;
    },
    openLogIntake: ({ token, portId }, page) => {
      // The page names a picked file by its token; the path stays here and in the intake process.
      const { path } = deps.pickedFiles.locate(token);
      deps.intakes.connect({ path, name: deps.baseName(path) }, page, portId);
      return Promise.resolve(null);
    },
    bundleProgress: ({ id }) => Promise.resolve(deps.bundles.progress(id)),
  } satisfies HostHandlers;
}
