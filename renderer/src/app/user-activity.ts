import type { Host } from '../host/host.js';

/**
 * When the user last did something, for the idle lock. Time spent in the operating system's file
 * dialogs counts as activity: the page sees no key press or click while one is open, and a
 * reviewer choosing where to save a bundle is not away from the workstation.
 */
export class UserActivity {
  private last: number;
  private dialogs = 0;

  constructor(private readonly now: () => number = Date.now) {
    this.last = now();
  }

  touch(): void {
    this.last = this.now();
  }

  /** Runs `work` (a dialog) as activity, from its start until it is done. */
  async during<T>(work: Promise<T>): Promise<T> {
    this.dialogs++;
    try {
      return await work;
    } finally {
      this.dialogs--;
      this.touch();
    }
  }

  /** How long the user has been away; none while a dialog is open. */
  idleMs(): number {
    return this.dialogs > 0 ? 0 : this.now() - this.last;
  }
}

/** The host, with its file dialogs counted as the user's activity. */
export function withDialogActivity(host: Host, activity: UserActivity): Host {
  return {
    ...host,
    openFiles: (request) => activity.during(host.openFiles(request)),
    saveFile: (request) => activity.during(host.saveFile(request)),
    print: () => activity.during(host.print()),
    bundles: { ...host.bundles, export: (request) => activity.during(host.bundles.export(request)) },
  };
}
