/**
 * Command-line switches that open the running app to another program: Chromium's remote
 * debugging (DevTools protocol over a port or a pipe) and Node's inspector. A packaged app
 * refuses to start with any of them; the fuses turn Node's off as well, but not Chromium's.
 */
export const DEBUG_SWITCHES = ['remote-debugging-port', 'remote-debugging-pipe', 'inspect', 'inspect-brk', 'inspect-port', 'inspect-brk-node'] as const;

/** `--name`, `--name=value`, and Chromium's single-dash `-name` forms. */
function switchName(arg: string): string | undefined {
  return /^--?([a-z][a-z-]*)(?:=.*)?$/s.exec(arg)?.[1];
}

/** The debugging switches given, in the order found, each once. */
export function debugSwitchesIn(argv: readonly string[], hasSwitch: (name: string) => boolean): string[] {
  const found = new Set<string>();
  for (const arg of argv) {
    const name = switchName(arg);
    if (name !== undefined && (DEBUG_SWITCHES as readonly string[]).includes(name)) found.add(name);
  }
  // Chromium's own parse too: it reads switches from places argv may not show (a wrapper's --).
  for (const name of DEBUG_SWITCHES) if (hasSwitch(name)) found.add(name);
  return [...found];
}

/**
 * Why the app will not start, or undefined when it may. Only a packaged app refuses: a
 * development run is debugged (and driven by its end-to-end tests) through these very switches.
 */
export function debugSwitchRefusal(options: { readonly packaged: boolean; readonly argv: readonly string[]; readonly hasSwitch: (name: string) => boolean }): string | undefined {
  if (!options.packaged) return undefined;
  const found = debugSwitchesIn(options.argv, options.hasSwitch);
  if (found.length === 0) return undefined;
  return `Frontier Review will not start with ${found.map((name) => `--${name}`).join(', ')}: debugging switches would let another program read and drive the app and its review data. Start it without them.`;
}
