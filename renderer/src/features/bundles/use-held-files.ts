import { useEffect, useMemo, useRef } from 'react';
import type { PickedFile } from '../../host/host.js';

export interface HeldFiles {
  /** Keeps `file` open until the dialog closes. */
  hold(file: PickedFile): void;
  /** Work that reads the held files (an export): a dialog closed meanwhile releases them once it ends. */
  during<T>(work: Promise<T>): Promise<T>;
}

/**
 * Picked files a dialog keeps for later (logs attached to an export). Each is released when the
 * dialog closes, or when the work reading them ends if that is later, so the desktop app's main
 * process serves a file only while its work lasts.
 */
export function useHeldFiles(): HeldFiles {
  const state = useRef<{ readonly files: Set<PickedFile>; work: Promise<unknown> }>({ files: new Set(), work: Promise.resolve() });
  useEffect(() => {
    const held = state.current;
    return () => {
      void held.work.finally(() => {
        for (const file of held.files) void file.release();
        held.files.clear();
      });
    };
  }, []);
  return useMemo(
    () => ({
      hold: (file) => void state.current.files.add(file),
      during: (work) => {
        state.current.work = work.catch(() => undefined);
        return work;
      },
    }),
    [],
  );
}
