/**
 * A listener or handler as the main process hands it to Electron. Typed to take anything Electron
 * passes (`never` parameters accept every Electron signature); `fire` calls it.
 */
export type Listener = (...args: never[]) => unknown;

/** Calls what the main process installed with the arguments Electron would pass its event. */
export function fire(listener: Listener, ...args: unknown[]): unknown {
  return (listener as (...args: unknown[]) => unknown)(...args);
}

/** The listeners the main process added, by event, for the test to fire. */
export class Emitter {
  private readonly listeners = new Map<string, { readonly listener: Listener; readonly once: boolean }[]>();

  add(event: string, listener: Listener, { once = false } = {}): void {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), { listener, once }]);
  }

  /** Calls each listener of `event` in the order added; returns what each returned. */
  emit(event: string, ...args: unknown[]): unknown[] {
    const current = this.listeners.get(event) ?? [];
    this.listeners.set(event, current.filter((l) => !l.once));
    return current.map((l) => fire(l.listener, ...args));
  }

  count(event: string): number {
    return this.listeners.get(event)?.length ?? 0;
  }
}
