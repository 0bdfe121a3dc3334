import { useEffect, useRef, type RefObject } from 'react';

/**
 * Ctrl+S saves from anywhere in the window; Escape closes when the editor (or nothing) has focus.
 * Keys inside a dialog belong to the dialog.
 */
export function useEditorKeys(section: RefObject<HTMLElement | null>, save: () => Promise<void>, requestClose: () => void): void {
  // The latest handlers live in a ref so the listener is added once.
  const handlers = useRef({ save, requestClose });
  useEffect(() => {
    handlers.current = { save, requestClose };
  });
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const target = event.target instanceof Element ? event.target : null;
      if (target?.closest('dialog')) return;
      if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void handlers.current.save();
      } else if (event.key === 'Escape' && (target === document.body || (target && section.current?.contains(target)))) {
        event.preventDefault();
        handlers.current.requestClose();
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [section]);
}
