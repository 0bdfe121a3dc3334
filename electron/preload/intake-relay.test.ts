import { describe, expect, it } from 'vitest';
import { relayIntakePorts, type PortEvent } from './intake-relay.js';

type Listener = (event: PortEvent<string>, message: unknown) => void;

function relay(origin: string) {
  const listeners = new Map<string, Listener>();
  const posted: { message: unknown; targetOrigin: string; transfer: string[] }[] = [];
  relayIntakePorts<string>((channel, listener) => listeners.set(channel, listener), {
    location: { origin },
    postMessage: (message, targetOrigin, transfer) => posted.push({ message, targetOrigin, transfer }),
  });
  return { listeners, posted };
}

describe('the preload relays intake ports', () => {
  it('into the app page, for its own origin, with the id the page chose', () => {
    const { listeners, posted } = relay('app://renderer');
    expect([...listeners.keys()]).toEqual(['intake-port']);
    listeners.get('intake-port')?.({ ports: ['port'] }, { portId: 'abc' });
    expect(posted).toEqual([{ message: { type: 'frontier-review:intake-port', portId: 'abc' }, targetOrigin: 'app://renderer', transfer: ['port'] }]);
  });

  it('and nothing else: no port, two ports, no id, or a page that is not the app', () => {
    const { listeners, posted } = relay('app://renderer');
    const listener = listeners.get('intake-port');
    listener?.({ ports: [] }, { portId: 'abc' });
    listener?.({ ports: ['a', 'b'] }, { portId: 'abc' });
    listener?.({ ports: ['a'] }, null);
    expect(posted).toEqual([]);
    const elsewhere = relay('https://evil.example');
    elsewhere.listeners.get('intake-port')?.({ ports: ['port'] }, { portId: 'abc' });
    expect(elsewhere.posted).toEqual([]);
  });
});
