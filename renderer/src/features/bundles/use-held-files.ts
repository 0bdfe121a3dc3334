import { useCallback, useEffect, useRef } from 'react';
import type { PickedFile } from '../../host/host.js';

/**
 * Picked files a dialog keeps for later (logs attached to an export). Each is released when the
 * dialog closes, so the desktop app's main process serves a file only while its work lasts.
 */
export function useHeldFiles(): (file: PickedFile) => void {
  const held = useRef(new Set<PickedFile>());
  useEffect(() => {
    const files = held.current;
    return () => {
      for (const file of files) void file.release();
      files.clear();
    };
  }, []);
  return useCallback((file: PickedFile) => void held.current.add(file), []);
}
