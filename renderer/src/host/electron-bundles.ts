import { concat } from '../../../shared/streams/byte-streams.js';
import type { HostApi } from '../../../shared/ipc/host-contract.js';
import { MAX_READ_BYTES } from '../../../shared/ipc/host-contract.js';
import { formatAllowedSigners, formatRevokedKeys } from '../../../shared/identity/trusted-signer.js';
import { err, ok, type Result } from '../../../shared/errors/result.js';
import { slicesOf } from '../../../shared/streams/byte-streams.js';
import type { ByteSource } from '../../../shared/zip/byte-source.js';
import type { Host, PickedFile } from './host.js';

/** Files go to the main process in slices of the most one call takes: fewer calls, and fewer slices for either side to allocate and collect. */
const HAND_OVER_BYTES = MAX_READ_BYTES;
const POLL_MS = 200;
const STOPPED = 'The check was stopped before the bundle was open.';

/**
 * Bundles made and opened by the main process: the page hands over the files of an export a slice
 * at a time and reads an opened bundle's files the same way, so neither side holds a bundle whole.
 * `tokenOf` gives the main process's handle of a file picked through this host.
 */
export function electronBundles(api: HostApi, tokenOf: (file: PickedFile) => string | undefined): Host['bundles'] {
  /** Reports the main process's progress on `id` while `work` runs. */
  async function watched<T>(id: string, work: Promise<Result<T>>, onProgress: ((done: number, total: number) => void) | undefined): Promise<Result<T>> {
    if (!onProgress) return work;
    const state = { settled: false };
    // A function, so each check reads the flag as it is after the await, not as it was narrowed before.
    const settled = () => state.settled;
    const polling = (async () => {
      while (!settled()) {
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        const p = await api.bundleProgress({ id });
        if (!settled() && p.ok && p.value) onProgress(p.value.done, p.value.total);
      }
    })();
    try {
      return await work;
    } finally {
      state.settled = true;
      await polling;
    }
  }

  return {
    export: async ({ title, suggestedName, filters, header, sources, onProgress }) => {
      const begun = await api.beginBundleExport({
        title,
        suggestedName,
        filters,
        bundleId: header.bundleId,
        createdAt: header.createdAt,
        marking: header.marking,
        ...(header.markingBlocks ? { markingBlocks: [...header.markingBlocks] } : {}),
        signer: header.signer,
        encryption: 'passphrase' in header.encryption ? { passphrase: header.encryption.passphrase } : { recipients: header.encryption.recipients.map((r) => ({ label: r.label, recipient: r.recipient })) },
        files: sources.map((s) => ({ path: s.path, size: s.size, ...(s.sha256 ? { sha256: s.sha256 } : {}) })),
      });
      if (!begun.ok) return begun;
      if (!begun.value.started) return ok({ saved: false as const });
      const { exportId, fileName } = begun.value;
      // The main process takes each slice only when it has encrypted the last: handing over is the progress.
      const total = sources.reduce((sum, s) => sum + s.size, 0);
      let handed = 0;
      const failed = async (result: Result<never>) => {
        await api.cancelBundleExport({ exportId });
        return result;
      };
      try {
        // One slice in the main process's hands while the next is read: reading overlaps encrypting.
        let inFlight: Promise<Result<null>> | undefined;
        const settle = async () => {
          const added = await inFlight;
          inFlight = undefined;
          return added;
        };
        for (const source of sources) {
          let offset = 0;
          for await (const data of slicesOf(source.stream(), HAND_OVER_BYTES)) {
            const added = await settle();
            if (added && !added.ok) return await failed(added);
            inFlight = api.addBundleExportSlice({ exportId, path: source.path, offset, data });
            offset += data.length;
            handed += data.length;
            onProgress?.(handed, total);
          }
        }
        const last = await settle();
        if (last && !last.ok) return await failed(last);
      } catch (e) {
        return failed(err('failed', `The bundle's files could not be read (${e instanceof Error ? e.message : String(e)}).`));
      }
      const finished = await api.finishBundleExport({ exportId });
      if (!finished.ok) return finished;
      return ok({ saved: true as const, fileName, ...finished.value });
    },
    open: async (file, { signers, decryption, ownRecipients, seenBundleIds, now, onProgress, signal }) => {
      const token = tokenOf(file);
      if (token === undefined) return err('invalid-input', `${file.name} was not picked in this window.`);
      if (signal?.aborted) return err('invalid-input', STOPPED);
      const openId = crypto.randomUUID();
      // Closing the session while it is opening stops the check in the main process at its next read.
      const stop = () => void api.closeOpenedBundle({ openId });
      signal?.addEventListener('abort', stop, { once: true });
      const opened = await watched(
        openId,
        api.openBundle({
          token,
          openId,
          allowedSigners: formatAllowedSigners(signers),
          revokedKeys: formatRevokedKeys(signers),
          decryption: 'identities' in decryption ? { identities: [...decryption.identities] } : { passphrase: decryption.passphrase },
          ownRecipients: [...ownRecipients],
          seenBundleIds: [...seenBundleIds],
          now: now.toISOString(),
        }),
        onProgress,
      ).finally(() => signal?.removeEventListener('abort', stop));
      if (!opened.ok) return opened;
      onProgress?.(2 * file.size, 2 * file.size);
      // Stopped as the check ended (or at its last report): what it unpacked goes at once.
      if (signal?.aborted) {
        await api.closeOpenedBundle({ openId });
        return err('invalid-input', STOPPED);
      }
      const { manifest, signerPrincipals, signerFingerprint, hash } = opened.value;
      const sizes = new Map(manifest.files.map((f) => [f.path, f.size]));
      const source = (path: string): ByteSource | undefined => {
        const size = sizes.get(path);
        if (size === undefined) return undefined;
        return {
          name: path,
          size,
          read: async (offset, length) => {
            const end = Math.min(size, offset + length);
            const parts: Uint8Array[] = [];
            for (let at = offset; at < end; ) {
              const part = await api.readOpenedBundle({ openId, path, offset: at, length: Math.min(MAX_READ_BYTES, end - at) });
              if (!part.ok) throw new Error(part.error.message);
              if (part.value.length === 0) throw new Error(`${path} ended at byte ${at} of ${size}.`);
              parts.push(part.value);
              at += part.value.length;
            }
            return parts.length === 1 && parts[0] ? parts[0] : concat(parts);
          },
        };
      };
      return ok({
        manifest,
        signerPrincipals,
        signerFingerprint,
        hash,
        files: {
          paths: [...sizes.keys()],
          read: async (path) => {
            const s = source(path);
            return s?.read(0, s.size);
          },
          source,
        },
        close: async () => {
          await api.closeOpenedBundle({ openId });
        },
      });
    },
  };
}

