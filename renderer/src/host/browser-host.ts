import { err, ok } from '../../../shared/errors/result.js';
import {
  DEFAULT_WORKSTATION_SETTINGS,
  workstationSettingsSchema,
  type WorkstationSettingsState,
} from '../../../shared/settings/workstation-settings.js';
import type { Host, PickedFile, SaveRequest } from './host.js';
import { inPageBundles } from './in-page-bundles.js';
import { printPage } from './print-page.js';

const SETTINGS_KEY = 'frontier-review.workstation-settings';
const USER_NAME_KEY = 'frontier-review.user-name';
/** A page cannot make a PDF of itself in a browser; the export gateway opens the print dialog instead. */
export const BROWSER_PDF_REFUSAL = 'This browser saves a PDF from its print dialog: choose “Save as PDF” there.';
/** In a browser the operating-system user is unknown; the history records this until profiles exist. */
export const BROWSER_USER_NAME = 'browser user';

/** The host for `npm run web`: settings in localStorage, files through the browser's own pickers. */
export function createBrowserHost(storage: Storage = localStorage): Host {
  const readSettings = (): WorkstationSettingsState => {
    const raw = storage.getItem(SETTINGS_KEY);
    if (raw === null) return { settings: DEFAULT_WORKSTATION_SETTINGS, managed: false };
    try {
      const parsed = workstationSettingsSchema.safeParse(JSON.parse(raw));
      return { settings: parsed.success ? parsed.data : DEFAULT_WORKSTATION_SETTINGS, managed: false };
    } catch {
      return { settings: DEFAULT_WORKSTATION_SETTINGS, managed: false };
    }
  };
  return {
    appInfo: () =>
      Promise.resolve({
        name: 'Frontier Review',
        version: import.meta.env.VITE_APP_VERSION,
        shell: 'browser' as const,
        platform: navigator.platform,
        userName: storage.getItem(USER_NAME_KEY) ?? BROWSER_USER_NAME,
      }),
    workstationSettings: () => Promise.resolve(readSettings()),
    updateWorkstationSettings: (settings) => {
      const parsed = workstationSettingsSchema.safeParse(settings);
      if (!parsed.success) return Promise.resolve(err('invalid-input', parsed.error.issues[0]?.message ?? 'Invalid settings.'));
      storage.setItem(SETTINGS_KEY, JSON.stringify(parsed.data));
      return Promise.resolve(ok({ settings: parsed.data, managed: false }));
    },
    openFiles: (request) => pickFiles(request.filters.flatMap((f) => f.extensions.map((e) => `.${e}`)), request.multiple),
    saveFile: download,
    print: printPage,
    printToPdf: () => Promise.resolve(err('unsupported', BROWSER_PDF_REFUSAL)),
    // A browser has no operating-system keystore to offer: keys are sealed with the passphrase alone.
    keystore: {
      backend: () => Promise.resolve(undefined),
      wrap: () => Promise.resolve(err('failed', 'A browser has no operating-system keystore.')),
      unwrap: () => Promise.resolve(err('failed', 'A browser has no operating-system keystore.')),
    },
    bundles: inPageBundles(download),
  };
}

/** Browsers save through a download; where it lands is the browser's choice. */
function download(request: SaveRequest) {
  // A Blob of the pieces: the browser keeps them as they are, never as one string or one array.
  const pieces = request.data instanceof Uint8Array ? [request.data] : request.data;
  const url = URL.createObjectURL(new Blob(pieces as Uint8Array<ArrayBuffer>[]));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = request.suggestedName;
  anchor.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
  return Promise.resolve(ok({ saved: true as const, fileName: request.suggestedName }));
}

function pickFiles(accept: string[], multiple: boolean) {
  return new Promise<ReturnType<typeof ok<PickedFile[]>>>((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = multiple;
    input.accept = accept.join(',');
    input.addEventListener('change', () => resolve(ok([...(input.files ?? [])].map(wrapFile))), { once: true });
    input.addEventListener('cancel', () => resolve(ok([])), { once: true });
    input.click();
  });
}

function wrapFile(file: File): PickedFile {
  return {
    name: file.name,
    size: file.size,
    read: async (offset, length) => new Uint8Array(await file.slice(offset, offset + length).arrayBuffer()),
    // The page holds the File itself; there is nothing elsewhere to let go of.
    release: () => Promise.resolve(),
  };
}
