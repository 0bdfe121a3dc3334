/**
 * The names of the messages the renderer may send to the main process. Kept apart from
 * the schemas so the preload can expose exactly these names without bundling a validator.
 */
export const HOST_METHODS = [
  'getAppInfo',
  'getWorkstationSettings',
  'updateWorkstationSettings',
  'showOpenDialog',
  'readPickedFile',
  'releasePickedFiles',
  'saveFile',
  'beginFileSave',
  'addFileSaveSlice',
  'finishFileSave',
  'cancelFileSave',
  'printToPdf',
  'keystoreStatus',
  'keystoreWrap',
  'keystoreUnwrap',
  'beginBundleExport',
  'addBundleExportSlice',
  'finishBundleExport',
  'cancelBundleExport',
  'openBundle',
  'readOpenedBundle',
  'closeOpenedBundle',
  'bundleProgress',
  'openLogIntake',
] as const;

export type HostMethod = (typeof HOST_METHODS)[number];

/** The IPC channel a method travels on. One channel per method; `invoke` only. */
export function hostChannel(method: HostMethod): string {
  return `frontier-review:${method}`;
}

/** The global name under which the preload exposes the API to the renderer. */
export const HOST_API_GLOBAL = 'frontierReviewHost';
