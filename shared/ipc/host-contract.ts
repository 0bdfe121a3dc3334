import { z } from 'zod';
import type { Result } from '../errors/result.js';
import { bundleManifestSchema } from '../bundle/bundle-manifest.js';
import { markingSchema } from '../marking/marking-schema.js';
import { workstationSettingsSchema } from '../settings/workstation-settings.js';
import type { HostMethod } from './host-methods.js';

/**
 * The typed contract between renderer and main: for each method, the request the main
 * process accepts (validated at runtime there, since a compromised renderer can send anything)
 * and the response it returns.
 */
export interface MethodSpec {
  readonly request: z.ZodType;
  readonly response: z.ZodType;
}

/** The largest slice of a picked file one call returns; big files are read slice by slice. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;
/** The largest file the renderer can ask the main process to write in one call. */
export const MAX_SAVE_BYTES = 512 * 1024 * 1024;
/** The largest PDF of the page the main process hands back: a report runs to a few MiB, and it is held in memory on both sides. */
export const MAX_PDF_BYTES = 200 * 1024 * 1024;

const fileFilter = z.strictObject({
  name: z.string().min(1).max(100),
  extensions: z.array(z.string().regex(/^[A-Za-z0-9]{1,12}$/, 'File extensions are letters and digits only.')).min(1).max(20),
});

const bytes = z.custom<Uint8Array>((v) => v instanceof Uint8Array, 'Expected bytes.');

export const appInfoSchema = z.strictObject({
  name: z.string(),
  version: z.string(),
  /** Where the renderer runs: `electron` or `browser`. */
  shell: z.enum(['electron', 'browser']),
  platform: z.string(),
  /** The operating-system user: the actor recorded in the review history until profiles exist. */
  userName: z.string(),
});
export type AppInfo = z.infer<typeof appInfoSchema>;

export const openDialogRequestSchema = z.strictObject({
  title: z.string().max(200),
  filters: z.array(fileFilter).max(10),
  multiple: z.boolean(),
});
export type OpenDialogRequest = z.infer<typeof openDialogRequestSchema>;

export const pickedFileSchema = z.strictObject({
  /** Opaque handle: the renderer can read only files the user picked, never an arbitrary path. */
  token: z.uuid(),
  name: z.string(),
  size: z.number().int().nonnegative(),
});
export type PickedFileInfo = z.infer<typeof pickedFileSchema>;

export const readPickedFileRequestSchema = z.strictObject({
  token: z.uuid(),
  offset: z.number().int().nonnegative(),
  length: z.number().int().positive().max(MAX_READ_BYTES),
});

/** Files the page is done with (an import read, a dialog closed): their tokens open nothing from then on. */
export const releasePickedFilesRequestSchema = z.strictObject({ tokens: z.array(z.uuid()).min(1).max(10_000) });

const suggestedName = z
  .string()
  .min(1)
  .max(255)
  .refine((n) => !/[\\/]/.test(n) && n !== '.' && n !== '..', 'A suggested file name cannot contain a path.');

export const saveFileRequestSchema = z.strictObject({
  title: z.string().max(200),
  suggestedName,
  filters: z.array(fileFilter).max(10),
  data: bytes.refine((b) => b.byteLength <= MAX_SAVE_BYTES, 'The file is too large to save in one piece.'),
});
export type SaveFileRequest = z.infer<typeof saveFileRequestSchema>;

export const saveFileResponseSchema = z.discriminatedUnion('saved', [
  z.strictObject({ saved: z.literal(true), fileName: z.string() }),
  z.strictObject({ saved: z.literal(false) }),
]);
export type SaveFileResponse = z.infer<typeof saveFileResponseSchema>;

/**
 * A file larger than one call carries (a history of a million events runs to some 640 MiB) is
 * saved in slices, in order, into a temporary file renamed into place when the last has come.
 */
export const MAX_SAVE_SLICE_BYTES = 64 * 1024 * 1024;
const saveId = z.uuid();

export const beginFileSaveRequestSchema = z.strictObject({ title: z.string().max(200), suggestedName, filters: z.array(fileFilter).max(10) });
export const beginFileSaveResponseSchema = z.discriminatedUnion('started', [z.strictObject({ started: z.literal(true), saveId, fileName: z.string() }), z.strictObject({ started: z.literal(false) })]);
export const addFileSaveSliceRequestSchema = z.strictObject({
  saveId,
  data: bytes.refine((b) => b.byteLength > 0 && b.byteLength <= MAX_SAVE_SLICE_BYTES, 'A slice is 1 byte to 64 MiB.'),
});

/** Profile keys are a few hundred bytes, the sealed history key about 200 more per profile; nothing larger is wrapped. */
export const MAX_WRAP_BYTES = 64 * 1024;
const wrapBytes = bytes.refine((b) => b.byteLength > 0 && b.byteLength <= MAX_WRAP_BYTES, 'Only small secrets are wrapped.');

/** The operating system's keystore (Electron `safeStorage`): its backend, or none where it offers no real protection. */
export const keystoreStatusSchema = z.strictObject({ backend: z.string().max(100).nullable() });
export type KeystoreStatus = z.infer<typeof keystoreStatusSchema>;

/*
 * Bundles are made and opened in the main process, streamed from and to disk with Node's native
 * cipher, so their size is bounded by the disk, not by memory. The renderer refers to them only by
 * session ids the main process hands out.
 */
const sessionId = z.uuid();
const bundlePath = z.string().min(1).max(500);

export const beginBundleExportResponseSchema = z.discriminatedUnion('started', [
  z.strictObject({ started: z.literal(true), exportId: sessionId, fileName: z.string() }),
  z.strictObject({ started: z.literal(false) }),
]);

export const addBundleExportSliceRequestSchema = z.strictObject({
  exportId: sessionId,
  path: bundlePath,
  /** Where in its file the slice belongs: files are handed over whole and in order. */
  offset: z.number().int().nonnegative(),
  data: bytes.refine((b) => b.byteLength > 0 && b.byteLength <= MAX_READ_BYTES, 'A slice is 1 byte to 16 MiB.'),
});

const key32 = bytes.refine((b) => b.byteLength === 32, 'An Ed25519 key is 32 bytes.');
export const beginBundleExportRequestSchema = z.strictObject({
  title: z.string().max(200),
  suggestedName,
  filters: z.array(fileFilter).max(10),
  bundleId: z.uuid(),
  createdAt: z.iso.datetime(),
  /** The highest marking of the bundle's records, decided by the export gateway: written into the signed manifest. */
  marking: markingSchema,
  markingBlocks: bundleManifestSchema.shape.markingBlocks,
  /**
   * The team lead's signing key, unsealed in the renderer by the lead's passphrase, crosses to the
   * main process for this export only: main signs what it writes and drops the key when it is done.
   */
  signer: z.strictObject({
    name: z.string().min(1).max(200),
    agency: z.string().max(200),
    role: bundleManifestSchema.shape.exporter.shape.role,
    seed: key32,
    publicKey: key32,
  }),
  encryption: z.union([
    z.strictObject({ recipients: z.array(z.strictObject({ label: z.string().max(200), recipient: z.string().max(100) })).min(1).max(100) }),
    z.strictObject({ passphrase: z.string().min(1).max(1000) }),
  ]),
  /** The bundle's files, in the order they will be handed over; a log with the SHA-256 it is kept under, which the bundle lists without hashing it again. */
  files: z.array(z.strictObject({ path: bundlePath, size: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/).optional() })).max(10_000),
});

/** A bundle written where the user chose: its manifest, and the size and SHA-256 of the file, for the history. */
export const writtenBundleSchema = z.strictObject({
  manifest: bundleManifestSchema,
  size: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

export const openBundleRequestSchema = z.strictObject({
  /** A file the user picked in an open dialog. */
  token: z.uuid(),
  /** Chosen by the renderer so it can ask for progress while the check runs. */
  openId: sessionId,
  /** The trust store in OpenSSH's own forms: `allowed_signers` lines and revoked public keys. */
  allowedSigners: z.string().max(4 * 1024 * 1024),
  revokedKeys: z.string().max(4 * 1024 * 1024),
  decryption: z.union([z.strictObject({ identities: z.array(z.string().max(200)).min(1).max(20) }), z.strictObject({ passphrase: z.string().min(1).max(1000) })]),
  ownRecipients: z.array(z.string().max(100)).max(20),
  seenBundleIds: z.array(z.string().max(100)).max(1_000_000),
  now: z.iso.datetime(),
});
export const openedBundleSchema = z.strictObject({
  openId: sessionId,
  manifest: bundleManifestSchema,
  signerPrincipals: z.array(z.string()),
  signerFingerprint: z.string(),
  /** What the bundle hashes with, its files and signatures. */
  hash: z.enum(['sha256', 'sha512']),
});

export const readOpenedBundleRequestSchema = z.strictObject({ openId: sessionId, path: bundlePath, offset: z.number().int().nonnegative(), length: z.number().int().positive().max(MAX_READ_BYTES) });
export const bundleProgressSchema = z.strictObject({ done: z.number().nonnegative(), total: z.number().nonnegative() }).nullable();

/**
 * A port for the desktop intake of one picked log: the main process posts it to the page that
 * asked (on `intake-port`, with `portId`, which the page chose to tell its ports apart), bound to
 * the picked file, so nothing sent over it names a path.
 */
export const openLogIntakeRequestSchema = z.strictObject({ token: z.uuid(), portId: z.uuid() });

const workstationSettingsStateSchema = z.strictObject({
  settings: workstationSettingsSchema,
  managed: z.boolean(),
});

export const hostContract = {
  getAppInfo: { request: z.undefined(), response: appInfoSchema },
  getWorkstationSettings: { request: z.undefined(), response: workstationSettingsStateSchema },
  updateWorkstationSettings: { request: workstationSettingsSchema, response: workstationSettingsStateSchema },
  showOpenDialog: { request: openDialogRequestSchema, response: z.array(pickedFileSchema) },
  readPickedFile: { request: readPickedFileRequestSchema, response: bytes },
  releasePickedFiles: { request: releasePickedFilesRequestSchema, response: z.null() },
  saveFile: { request: saveFileRequestSchema, response: saveFileResponseSchema },
  beginFileSave: { request: beginFileSaveRequestSchema, response: beginFileSaveResponseSchema },
  addFileSaveSlice: { request: addFileSaveSliceRequestSchema, response: z.null() },
  finishFileSave: { request: z.strictObject({ saveId }), response: saveFileResponseSchema },
  cancelFileSave: { request: z.strictObject({ saveId }), response: z.null() },
  printToPdf: { request: z.undefined(), response: bytes.refine((b) => b.byteLength > 0 && b.byteLength <= MAX_PDF_BYTES, 'A PDF is 1 byte to 200 MiB.') },
  keystoreStatus: { request: z.undefined(), response: keystoreStatusSchema },
  keystoreWrap: { request: wrapBytes, response: bytes },
  keystoreUnwrap: { request: wrapBytes, response: bytes },
  beginBundleExport: { request: beginBundleExportRequestSchema, response: beginBundleExportResponseSchema },
  addBundleExportSlice: { request: addBundleExportSliceRequestSchema, response: z.null() },
  finishBundleExport: { request: z.strictObject({ exportId: sessionId }), response: writtenBundleSchema },
  cancelBundleExport: { request: z.strictObject({ exportId: sessionId }), response: z.null() },
  openBundle: { request: openBundleRequestSchema, response: openedBundleSchema },
  readOpenedBundle: { request: readOpenedBundleRequestSchema, response: bytes },
  closeOpenedBundle: { request: z.strictObject({ openId: sessionId }), response: z.null() },
  bundleProgress: { request: z.strictObject({ id: sessionId }), response: bundleProgressSchema },
  openLogIntake: { request: openLogIntakeRequestSchema, response: z.null() },
} as const satisfies Record<HostMethod, MethodSpec>;

/** A request as the renderer sends it. */
export type HostRequest<M extends HostMethod> = z.input<(typeof hostContract)[M]['request']>;
/** A request as a handler receives it, after validation in the main process. */
export type ParsedHostRequest<M extends HostMethod> = z.output<(typeof hostContract)[M]['request']>;
export type HostResponse<M extends HostMethod> = z.output<(typeof hostContract)[M]['response']>;

/** The API the preload exposes: one named method per message, each resolving to a Result. */
export type HostApi = {
  readonly [M in HostMethod]: HostRequest<M> extends undefined
    ? () => Promise<Result<HostResponse<M>>>
    : (request: HostRequest<M>) => Promise<Result<HostResponse<M>>>;
};
