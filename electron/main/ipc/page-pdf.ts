import { MAX_PDF_BYTES } from '../../../shared/ipc/host-contract.js';
import { HostError } from './host-error.js';

/** The page a message came from (Electron's `event.sender`), as far as the handlers act on it. */
export interface RequestingPage {
  printToPDF(options: Electron.PrintToPDFOptions): Promise<Uint8Array>;
  /** A message, with ports, to the page's top-level frame (which the sender check has made sure is the app's). */
  postMessage(channel: string, message: unknown, transfer?: Electron.MessagePortMain[]): void;
}

/**
 * How the page prints to PDF, in Electron 45's options. Margins and page size are the page's own
 * (`preferCSSPageSize`: the print styles' `@page` rules, Letter for a report); Letter where a page
 * names none.
 */
export const PAGE_PDF_OPTIONS = {
  // The marking banners are coloured backgrounds: without them a banner prints as plain text.
  printBackground: true,
  pageSize: 'Letter',
  preferCSSPageSize: true,
  // Tagged for screen readers, and the report's headings as the PDF's bookmarks.
  generateTaggedPDF: true,
  generateDocumentOutline: true,
} as const satisfies Electron.PrintToPDFOptions;

const MIB = 1024 * 1024;

/** The page as printed (print styles on: only its print frame), as PDF bytes. */
export async function printPageToPdf(page: RequestingPage): Promise<Uint8Array> {
  let pdf: Uint8Array;
  try {
    pdf = await page.printToPDF(PAGE_PDF_OPTIONS);
  } catch (error) {
    throw new HostError({ code: 'failed', message: `The page could not be printed to PDF: ${error instanceof Error ? error.message : String(error)}` });
  }
  if (pdf.byteLength === 0) throw new HostError({ code: 'failed', message: 'The page could not be printed to PDF: the printout came back empty.' });
  if (pdf.byteLength > MAX_PDF_BYTES) {
    // Rounded up: a PDF just over the limit never reads as the limit itself.
    const size = (Math.ceil((pdf.byteLength / MIB) * 10) / 10).toFixed(1);
    throw new HostError({ code: 'failed', message: `The PDF of the page came to ${size} MiB, more than the ${MAX_PDF_BYTES / MIB} MiB the app takes in one piece; it was not made.` });
  }
  return ownBytes(pdf);
}

/**
 * The bytes in a view of their own. Electron hands back a Node Buffer, which may be a window on a
 * larger pool; what crosses to the page is then the PDF alone, never the memory around it.
 */
function ownBytes(bytes: Uint8Array): Uint8Array {
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  // A plain Uint8Array either way, and a copy when the bytes share their memory (a Buffer's
  // `slice` would not copy: it is `subarray`).
  return whole ? new Uint8Array(bytes.buffer) : new Uint8Array(bytes);
}
