import { INTAKE_PORT_CHANNEL, INTAKE_PORT_MESSAGE } from '../../shared/intake/intake-protocol.js';
import { APP_ORIGIN } from '../main/security/app-origin.js';

/** The page's window as the preload sees it (the preload is compiled without the DOM's types). */
export interface RelayWindow<Port> {
  readonly location: { readonly origin: string };
  postMessage(message: unknown, targetOrigin: string, transfer: Port[]): void;
}

/** An IPC message as `ipcRenderer.on` hands it over: the ports the main process transferred with it. */
export interface PortEvent<Port> {
  readonly ports: readonly Port[];
}

/**
 * Relays the intake ports the main process posts on `intake-port` into the page: contextBridge
 * cannot carry a MessagePort, so the preload posts it to its own window, for the app's origin only.
 * Anything else arriving on the channel, or a page that is not the app's, gets nothing.
 */
export function relayIntakePorts<Port>(on: (channel: string, listener: (event: PortEvent<Port>, message: unknown) => void) => void, page: RelayWindow<Port>): void {
  on(INTAKE_PORT_CHANNEL, (event, message) => {
    const portId: unknown = typeof message === 'object' && message !== null ? Reflect.get(message, 'portId') : undefined;
    const port = event.ports[0];
    if (typeof portId !== 'string' || port === undefined || event.ports.length !== 1 || page.location.origin !== APP_ORIGIN) return;
    page.postMessage({ type: INTAKE_PORT_MESSAGE, portId }, APP_ORIGIN, [port]);
  });
}
