import { rm } from 'node:fs/promises';
import { closeAndRenameInto, createPartialFile } from '../../files/partial-file.js';

/**
 * Writes `data` to a new file beside `target` and renames it into place, so a crash or a full
 * disk leaves either the old file or the new one, never half of one (removable media get pulled).
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const partial = await createPartialFile(target);
  try {
    await partial.handle.writeFile(data);
    await partial.handle.sync();
    await closeAndRenameInto(partial, target);
  } catch (error) {
    await partial.handle.close().catch(() => undefined);
    await rm(partial.path, { force: true });
    throw error;
  }
}
