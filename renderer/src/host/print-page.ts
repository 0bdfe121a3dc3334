/**
 * Opens the print dialog for the page as it is: print styles hide everything but the print frame,
 * whose banners the export gateway decided. `window.print` blocks until the dialog closes, so the
 * promise settles after it.
 */
export function printPage(): Promise<void> {
  // Marked while the dialog is open, so the page can tell this print from one a browser menu started.
  document.documentElement.dataset.gatewayPrint = 'true';
  try {
    window.print();
  } finally {
    delete document.documentElement.dataset.gatewayPrint;
  }
  return Promise.resolve();
}

/**
 * Runs `work`, a print the export gateway asked for that the page does not start itself (the
 * desktop app's PDF of the page), marked as the gateway's own while it runs: Chromium announces it
 * to the page as a print all the same.
 */
export async function asGatewayPrint<T>(work: () => Promise<T>): Promise<T> {
  document.documentElement.dataset.gatewayPrint = 'true';
  try {
    return await work();
  } finally {
    delete document.documentElement.dataset.gatewayPrint;
  }
}

/** Whether the print under way is the export gateway's own. */
export function isGatewayPrint(): boolean {
  return document.documentElement.dataset.gatewayPrint === 'true';
}
