import { err, ok, type Result } from '../../../shared/errors/result.js';
import type { HostApi } from '../../../shared/ipc/host-contract.js';
import { INTAKE_PORT_MESSAGE } from '../../../shared/intake/intake-protocol.js';
import type { LogIntake, PickedFile } from './host.js';

/** How long the page waits for the port after the main process said it posted one. */
const PORT_WAIT_MS = 10_000;

/**
 * The desktop intake: the main process connects the picked file to its intake process and posts
 * the page a port, which the preload relays into the page as a window message (contextBridge
 * carries no ports). The page picks it out by the id it chose, from its own origin only.
 */
export function electronIntake(api: HostApi, tokenOf: (file: PickedFile) => string | undefined): LogIntake {
  return {
    connect: async (file) => {
      const token = tokenOf(file);
      if (token === undefined) return err('invalid-input', `${file.name} was not chosen in the file dialog; choose it there to import it.`);
      const portId = crypto.randomUUID();
      const arriving = portFor(portId);
      const opened = await api.openLogIntake({ token, portId });
      if (!opened.ok) {
        arriving.stop();
        return opened;
      }
      return arriving.port;
    },
  };
}

function portFor(portId: string): { readonly port: Promise<Result<MessagePort>>; stop(): void } {
  let stop: () => void = () => undefined;
  const port = new Promise<Result<MessagePort>>((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const data: unknown = event.data;
      if (event.origin !== location.origin || typeof data !== 'object' || data === null) return;
      if (Reflect.get(data, 'type') !== INTAKE_PORT_MESSAGE || Reflect.get(data, 'portId') !== portId) return;
      const [received] = event.ports;
      if (received === undefined) return;
      stop();
      resolve(ok(received));
    };
    const timer = setTimeout(() => {
      stop();
      resolve(err('failed', 'The intake process did not answer; try the import again.'));
    }, PORT_WAIT_MS);
    stop = () => {
      clearTimeout(timer);
      removeEventListener('message', onMessage);
    };
    addEventListener('message', onMessage);
  });
  return { port, stop: () => stop() };
}
