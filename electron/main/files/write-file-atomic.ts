import { randomUUID } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `data` next to `target` and renames it into place, so a crash or a full disk leaves
 * either the old file or the new one, never half of one (removable media get pulled).
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const temporary = path.join(path.dirname(target), `.${path.basename(target)}.${randomUUID()}.partial`);
  try {
    await writeFile(temporary, data, { flush: true });
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
