import { decompress, init } from '@bokuweb/zstd-wasm';
import { useWholeEntryDecoders as installDecoders } from '../../../../../shared/zip/decompress.js';

/**
 * The browser's whole-entry decoder: zstd compiled to WebAssembly, for the summaries an import
 * reads whole (up to 64 MiB; shared/zip/decompress), some three times faster than the streaming
 * JavaScript decoder. The zip reader checks the frame declares the entry's size before it asks,
 * and falls back to the streaming decoder, which names any problem, when this one fails. A read
 * waits for the module only a moment: one that starts late, or never, leaves entries streaming.
 */
const WAIT_MS = 250;

let started: Promise<void> | undefined;

/** Starts the module (once per worker); resolves once its decoder is installed, or it failed to start. */
function start(): Promise<void> {
  started ??= init().then(
    () => installDecoders({ zstd: (compressed) => decompress(compressed) }),
    () => undefined,
  );
  return started;
}

/** The decoder installed, or `WAIT_MS` gone by. */
export function browserDecodersReady(): Promise<void> {
  return Promise.race([start(), new Promise<void>((resolve) => setTimeout(resolve, WAIT_MS))]);
}

/** Starts the module as the worker starts, while the page sets the import up. */
export function startBrowserDecoders(): void {
  void start();
}
