import { decompress, init } from '@bokuweb/zstd-wasm';
import { useWholeEntryDecoders as installDecoders } from '../../../../../shared/zip/decompress.js';

/**
 * The browser's whole-entry decoder: zstd compiled to WebAssembly, for the summaries an import
 * reads whole (up to 64 MiB; shared/zip/decompress), some three times faster than the streaming
 * JavaScript decoder. The zip reader checks the frame declares the entry's size before it asks,
 * and falls back to the streaming decoder, which names any problem, when this one fails. Where
 * the module does not start in time, entries stream as before.
 */
const START_MS = 5000;

let started: Promise<void> | undefined;

export function startBrowserDecoders(): Promise<void> {
  started ??= Promise.race([
    init().then(() => installDecoders({ zstd: (compressed) => decompress(compressed) })),
    new Promise<void>((resolve) => setTimeout(resolve, START_MS)),
  ]).catch(() => undefined);
  return started;
}
