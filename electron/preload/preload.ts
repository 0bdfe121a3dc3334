import { contextBridge, ipcRenderer } from 'electron';
import { HOST_API_GLOBAL } from '../../shared/ipc/host-methods.js';
import { buildHostBridge } from './host-bridge.js';

contextBridge.exposeInMainWorld(
  HOST_API_GLOBAL,
  buildHostBridge((channel, request) => ipcRenderer.invoke(channel, request)),
);
