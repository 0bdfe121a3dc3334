import { HOST_METHODS, hostChannel } from '../../shared/ipc/host-methods.js';
import type { HostApi } from '../../shared/ipc/host-contract.js';

/**
 * The object the preload exposes to the page: exactly one function per contract method, each
 * a plain `invoke` on that method's channel. No generic `send`, no channel names from the page,
 * no Electron objects cross into the renderer.
 */
export function buildHostBridge(invoke: (channel: string, request: unknown) => Promise<unknown>): HostApi {
  const bridge: Record<string, (request?: unknown) => Promise<unknown>> = {};
  for (const method of HOST_METHODS) {
    bridge[method] = (request?: unknown) => invoke(hostChannel(method), request);
  }
  return Object.freeze(bridge) as unknown as HostApi;
}
