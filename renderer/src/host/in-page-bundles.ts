import { BundleProblem, createBundle, openBundle } from '../../../shared/bundle/review-bundle.js';
import { receivedFromMemory } from '../../../shared/bundle/review-content.js';
import { sha256Hex } from '../../../shared/hash/sha256.js';
import { allowedSignersOf } from '../../../shared/identity/trusted-signer.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { countingStream } from '../../../shared/streams/byte-streams.js';
import type { Host, SaveRequest } from './host.js';
import type { SaveFileResponse } from '../../../shared/ipc/host-contract.js';

/** A browser holds a bundle in memory while it is made or opened; the desktop app streams on disk. */
export const MAX_IN_PAGE_BUNDLE_BYTES = 512 * 1024 * 1024;

/** Why a bundle failed, as the reviewer reads it: a refusal's own reason, or what went wrong. */
export function bundleFailure(e: unknown): Result<never> {
  if (e instanceof BundleProblem) return err('invalid-input', e.message);
  return err('failed', `The bundle could not be read or written (${e instanceof Error ? e.message : String(e)}).`);
}

/** Bundles made and opened in the page (a browser, the end-to-end tests): in memory, the JavaScript cipher. */
export function inPageBundles(save: (request: SaveRequest) => Promise<Result<SaveFileResponse>>): Host['bundles'] {
  return {
    export: async ({ title, suggestedName, filters, header, sources, onProgress }) => {
      const total = sources.reduce((sum, s) => sum + s.size, 0);
      if (total > MAX_IN_PAGE_BUNDLE_BYTES) return err('invalid-input', `A bundle made in a browser holds at most ${MAX_IN_PAGE_BUNDLE_BYTES.toLocaleString('en-US')} bytes; this one would hold ${total.toLocaleString('en-US')}. Export it from the desktop app.`);
      let done = 0;
      const counted = sources.map((s) => ({ ...s, stream: () => s.stream().pipeThrough(countingStream((n) => onProgress?.((done += n), total))) }));
      let made;
      try {
        made = await createBundle({ ...header, sources: counted });
      } catch (e) {
        return bundleFailure(e);
      }
      const saved = await save({ title, suggestedName, filters, data: made.bytes });
      if (!saved.ok) return saved;
      return ok(saved.value.saved ? { saved: true as const, fileName: saved.value.fileName, manifest: made.manifest, size: made.bytes.length, sha256: await sha256Hex(made.bytes) } : { saved: false as const });
    },
    open: async (file, { signers, onProgress, signal, ...options }) => {
      if (file.size > MAX_IN_PAGE_BUNDLE_BYTES) return err('invalid-input', `${file.name} is ${file.size.toLocaleString('en-US')} bytes, more than a browser opens; open it in the desktop app.`);
      try {
        onProgress?.(0, file.size);
        const bytes = await file.read(0, file.size);
        signal?.throwIfAborted();
        const opened = await openBundle(bytes, { ...options, trust: allowedSignersOf(signers) });
        signal?.throwIfAborted();
        onProgress?.(file.size, file.size);
        return ok({ ...opened, files: receivedFromMemory(opened.files), close: () => Promise.resolve() });
      } catch (e) {
        return bundleFailure(e);
      }
    },
  };
}
