import { INTAKE_PORT_CHANNEL, type IntakeConnect } from '../../../shared/intake/intake-protocol.js';
import type { RequestingPage } from '../ipc/page-pdf.js';

/** The part of Electron's UtilityProcess the main process uses. */
export interface IntakeProcess {
  postMessage(message: IntakeConnect, transfer: Electron.MessagePortMain[]): void;
  once(event: 'exit', listener: (code: number) => void): unknown;
}

export interface IntakeChannel {
  readonly port1: Electron.MessagePortMain;
  readonly port2: Electron.MessagePortMain;
}

/**
 * The intake utility process, forked the first time a log is read through it and again after it
 * exits. Each picked file gets a channel of its own: one end goes to the process with the file's
 * path, the other to the page that asked, so the page reads that file and no other.
 */
export class LogIntakes {
  private running: IntakeProcess | undefined;

  constructor(
    private readonly fork: () => IntakeProcess,
    private readonly channel: () => IntakeChannel,
    private readonly log: { exited(code: number): void },
  ) {}

  connect(file: IntakeConnect['file'], page: RequestingPage, portId: string): void {
    const child = this.running ?? this.start();
    const { port1, port2 } = this.channel();
    child.postMessage({ type: 'connect', file }, [port1]);
    page.postMessage(INTAKE_PORT_CHANNEL, { portId }, [port2]);
  }

  private start(): IntakeProcess {
    const child = this.fork();
    this.running = child;
    child.once('exit', (code) => {
      if (this.running === child) this.running = undefined;
      // Its ports close with it: a page reading through one is told the import failed.
      if (code !== 0) this.log.exited(code);
    });
    return child;
  }
}
