import { contextBridge, ipcRenderer } from 'electron';
import { HOST_API_GLOBAL } from '../../shared/ipc/host-methods.js';
import { buildHostBridge } from './host-bridge.js';
import { relayIntakePorts, type RelayWindow } from './intake-relay.js';

contextBridge.exposeInMainWorld(
  HOST_API_GLOBAL,
  buildHostBridge((channel, request) => ipcRenderer.invoke(channel, request)),
);

// The page's own window: the preload shares it with the page (not its globals), in the sandbox.
relayIntakePorts((channel, listener) => ipcRenderer.on(channel, listener), globalThis as unknown as RelayWindow<Electron.IpcRendererEvent['ports'][number]>);
