import { useEffect } from 'react';

interface AppShortcuts {
  /** A dialog is open or the workstation is locked: the keys are not the app's. */
  readonly paused: () => boolean;
  readonly onNewPacket: () => void;
  readonly onCompare: () => void;
  readonly onHistory: () => void;
  /** `/`: the search of the page on screen. */
  readonly onSearch: () => void;
  readonly onShowShortcuts: () => void;
}

function isEditable(element: Element | null): boolean {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement || (element instanceof HTMLElement && element.isContentEditable);
}

/** The app-wide keys (Alt+N, Alt+C, Alt+H, `/`, `?`), listed in the shortcuts dialog. */
export function useAppShortcuts({ paused, onNewPacket, onCompare, onHistory, onSearch, onShowShortcuts }: AppShortcuts): void {
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      // While any dialog is open, its keys are its own.
      if (paused() || document.querySelector('dialog[open]')) return;
      const alone = !event.ctrlKey && !event.metaKey;
      const key = event.key.toLowerCase();
      if (event.altKey && alone && key === 'n') {
        event.preventDefault();
        onNewPacket();
      } else if (event.altKey && alone && key === 'c') {
        event.preventDefault();
        onCompare();
      } else if (event.altKey && alone && key === 'h') {
        event.preventDefault();
        onHistory();
      } else if (!isEditable(document.activeElement) && alone && !event.altKey) {
        if (event.key === '/') {
          event.preventDefault();
          onSearch();
        } else if (event.key === '?') {
          event.preventDefault();
          onShowShortcuts();
        }
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [paused, onNewPacket, onCompare, onHistory, onSearch, onShowShortcuts]);
}
