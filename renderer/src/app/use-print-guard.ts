import { useEffect } from 'react';
import { useServices, useSettings } from './services.js';
import { isGatewayPrint } from '../host/print-page.js';
import { printedMarking } from '../features/marking/displayed-markings.js';

/**
 * Printing leaves through the export gateway (a comparison's Print summary), which marks and
 * records it. Ctrl+P (⌘P) says so instead of printing the window; a browser's own File › Print,
 * which a page cannot stop, is recorded in the history with the banner of what it prints: a page's
 * print frame where it has one, else the window's.
 */
export function usePrintGuard(onMessage: (text: string) => void): void {
  const { exports } = useServices();
  // Read when a print starts, not subscribed to: the app would otherwise render again at every mark shown.
  const { settings } = useSettings();
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'p') {
        event.preventDefault();
        onMessage('Printouts leave through Print summary in a comparison, which marks every page and records the printout in the history.');
      }
    }
    function onBeforePrint() {
      if (!isGatewayPrint()) void exports.recordScreenPrint(printedMarking(settings), document.documentElement.outerHTML);
    }
    document.addEventListener('keydown', onKeyDown);
    window.addEventListener('beforeprint', onBeforePrint);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('beforeprint', onBeforePrint);
    };
  }, [exports, settings, onMessage]);
}
