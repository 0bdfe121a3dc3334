import type { BundleManifest } from '../../../shared/bundle/bundle-manifest.js';
import type { BundleHeader, BundleSource, CheckedBundle, OpenOptions } from '../../../shared/bundle/review-bundle.js';
import type { ReceivedFiles } from '../../../shared/bundle/review-content.js';
import type { TrustedSigner } from '../../../shared/identity/trusted-signer.js';
import type { AppInfo, OpenDialogRequest, SaveFileResponse } from '../../../shared/ipc/host-contract.js';
import type { Result } from '../../../shared/errors/result.js';
import { concat } from '../../../shared/streams/byte-streams.js';
import type { WorkstationSettings, WorkstationSettingsState } from '../../../shared/settings/workstation-settings.js';

/** A file the user picked, read slice by slice so large logs never have to fit in memory. */
export interface PickedFile {
  readonly name: string;
  readonly size: number;
  read(offset: number, length: number): Promise<Uint8Array>;
  /** The work the file was picked for has ended: the desktop app's main process stops serving it. */
  release(): Promise<void>;
}

/**
 * The desktop app's intake of Inspect logs, in a utility process of its own: a port to it, bound
 * to one file the user picked in the desktop's file dialog (the messages are `shared/intake`'s).
 */
export interface LogIntake {
  connect(file: PickedFile): Promise<Result<MessagePort>>;
}

export interface SaveRequest {
  readonly title: string;
  readonly suggestedName: string;
  readonly filters: OpenDialogRequest['filters'];
  /** The file's bytes, or its pieces in order: a file larger than a string or one call holds comes in pieces. */
  readonly data: Uint8Array | readonly Uint8Array[];
}

/** A file's bytes as one array, joined from its pieces where it came in pieces. */
export function wholeFile(data: SaveRequest['data']): Uint8Array {
  return data instanceof Uint8Array ? data : concat(data);
}

export type Progress = (done: number, total: number) => void;

export interface BundleExportRequest {
  readonly title: string;
  readonly suggestedName: string;
  readonly filters: OpenDialogRequest['filters'];
  readonly header: BundleHeader;
  readonly sources: readonly BundleSource[];
  readonly onProgress?: Progress;
}

export type BundleExportOutcome = { readonly saved: false } | { readonly saved: true; readonly fileName: string; readonly manifest: BundleManifest; readonly size: number; readonly sha256: string };

export interface BundleOpenRequest extends Omit<OpenOptions, 'trust' | 'limits'> {
  /** The trust store as this workstation keeps it. */
  readonly signers: readonly TrustedSigner[];
  readonly onProgress?: Progress;
  /** Aborted when the user is no longer waiting (the dialog closed): the check stops at its next read and leaves nothing. */
  readonly signal?: AbortSignal;
}

/** A bundle checked in full; its files stay where they were unpacked until `close`. */
export interface OpenedBundleFiles extends CheckedBundle {
  readonly files: ReceivedFiles;
  close(): Promise<void>;
}

/**
 * The host as the interface sees it: everything but writing files and printing (to paper or to a
 * PDF), which only the export gateway in the data layer may do (it marks them and records them in
 * the history).
 */
export type UiHost = Omit<Host, 'saveFile' | 'print' | 'printToPdf' | 'bundles'> & { readonly bundles: Pick<Host['bundles'], 'open'> };

/**
 * What differs between the desktop app and a plain browser. The UI talks to this interface
 * only; `electron-host` implements it over the preload API, `browser-host` over web APIs.
 */
export interface Host {
  appInfo(): Promise<AppInfo>;
  workstationSettings(): Promise<WorkstationSettingsState>;
  updateWorkstationSettings(settings: WorkstationSettings): Promise<Result<WorkstationSettingsState>>;
  /** Asks the user for files; an empty list when they cancel. */
  openFiles(request: OpenDialogRequest): Promise<Result<PickedFile[]>>;
  saveFile(request: SaveRequest): Promise<Result<SaveFileResponse>>;
  /** Opens the print dialog for the page as it is (print styles hide all but the print frame). */
  print(): Promise<void>;
  /**
   * The page as it would print (print styles hide all but the print frame), as the bytes of a PDF:
   * US Letter, backgrounds (the banners' colours) kept, tagged, its headings as bookmarks. Nothing
   * is saved; the caller hashes and saves the bytes. The desktop app prints them in the main process;
   * a browser cannot hand them over and answers `unsupported`: there the print dialog saves a PDF.
   */
  printToPdf(): Promise<Result<Uint8Array>>;
  /** The operating system's keystore, where the desktop app has one that protects anything. */
  readonly keystore: {
    backend(): Promise<string | undefined>;
    wrap(secret: Uint8Array): Promise<Result<Uint8Array>>;
    unwrap(wrapped: Uint8Array): Promise<Result<Uint8Array>>;
  };
  /** Where the host has one (the desktop app): logs picked in its file dialog are read outside the page. */
  readonly logIntake?: LogIntake;
  /**
   * Signed, encrypted review bundles. The desktop app makes and opens them in the main process,
   * streamed on disk with the native cipher; a browser does it in the page, in memory.
   */
  readonly bundles: {
    /** Asks where to save, then writes the bundle there. */
    export(request: BundleExportRequest): Promise<Result<BundleExportOutcome>>;
    /** Checks a picked bundle in full (signatures, decryption, every hash) before any of it is returned. */
    open(file: PickedFile, request: BundleOpenRequest): Promise<Result<OpenedBundleFiles>>;
  };
}
