import { FileProblem, ReadCancelled } from '../../shared/errors/file-problem.js';
import { INTAKE_CANCELLED, INTAKE_CHUNKS_IN_FLIGHT, type FromIntake, type IntakeConnect, type IntakeError, type ToIntake } from '../../shared/intake/intake-protocol.js';
import { intakeLogFile } from './intake-log-file.js';

/** A message event as Electron's MessagePortMain and parentPort deliver it. */
export interface PortEvent {
  readonly data: unknown;
}

/** The part of Electron's MessagePortMain the intake uses (a Node MessagePort does as well, adapted). */
export interface IntakePort {
  postMessage(message: FromIntake): void;
  on(event: 'message', listener: (event: PortEvent) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  start(): void;
}

/** The part of Electron's `process.parentPort` the intake process uses. */
export interface IntakeParentPort<P extends IntakePort = IntakePort> {
  on(event: 'message', listener: (event: PortEvent & { readonly ports: readonly P[] }) => void): unknown;
}

export type Intake = typeof intakeLogFile;

/**
 * The intake process: each port the main process hands over reads the one file it was opened
 * for. Messages that are not a `connect` with a port are ignored.
 */
export function startIntakeProcess<P extends IntakePort>(parent: IntakeParentPort<P>, intake: Intake = intakeLogFile): void {
  parent.on('message', (event) => {
    const port = event.ports[0];
    if (isConnect(event.data) && port !== undefined) serveIntakePort(port, event.data.file, intake);
  });
}

interface Running {
  readonly abort: AbortController;
  /** The last chunk the page has staged. */
  acked: number;
  wake: () => void;
}

/**
 * Answers a port's requests: `intake` reads the port's file, sending its rows as they are read
 * (no more than `INTAKE_CHUNKS_IN_FLIGHT` chunks ahead of the page's acknowledgements), then
 * `done` or `failed`; `cancel` or a closed port stops it.
 */
export function serveIntakePort(port: IntakePort, file: IntakeConnect['file'], intake: Intake = intakeLogFile): void {
  const running = new Map<string, Running>();
  port.on('message', ({ data }) => {
    const message = toIntake(data);
    if (message === undefined) return;
    const current = running.get(message.id);
    if (message.type === 'intake') {
      if (current === undefined) void read(message.id);
    } else if (message.type === 'ack') {
      if (current !== undefined && message.chunk > current.acked) {
        current.acked = message.chunk;
        current.wake();
      }
    } else current?.abort.abort();
  });
  // The page went, or gave up on the port: nothing is read for no one.
  port.on('close', () => {
    for (const current of running.values()) current.abort.abort();
  });
  port.start();

  async function read(id: string): Promise<void> {
    const state: Running = { abort: new AbortController(), acked: -1, wake: () => undefined };
    const { signal } = state.abort;
    signal.addEventListener('abort', () => state.wake());
    running.set(id, state);
    let progress = { done: 0, total: 0 };
    try {
      const got = await intake(file.path, {
        name: file.name,
        signal,
        onProgress: (p) => {
          progress = p;
        },
        onRows: async (rows, chunk) => {
          port.postMessage({ type: 'rows', id, chunk, rows, ...progress });
          while (chunk - state.acked >= INTAKE_CHUNKS_IN_FLIGHT && !signal.aborted) {
            await new Promise<void>((resolve) => (state.wake = resolve));
          }
          if (signal.aborted) throw new ReadCancelled();
        },
      });
      port.postMessage({ type: 'done', id, run: got.run, sha256: got.sha256, size: got.size, chunks: got.chunks, index: got.index });
    } catch (e) {
      port.postMessage({ type: 'failed', id, error: intakeError(file.name, e, signal.aborted) });
    } finally {
      running.delete(id);
    }
  }
}

/**
 * The words the browser build's reader uses for the same failure. An error from the disk says its
 * code, not its message: that names the file's path, which the page does not learn.
 */
export function intakeError(name: string, e: unknown, cancelled: boolean): IntakeError {
  if (cancelled || e instanceof ReadCancelled) return { code: 'cancelled', message: INTAKE_CANCELLED };
  if (e instanceof FileProblem) return { code: 'invalid-input', message: e.message };
  const code: unknown = typeof e === 'object' && e !== null ? Reflect.get(e, 'code') : undefined;
  // The disk's refusal, not the file's fault.
  if (typeof code === 'string' && /^E[A-Z]+$/.test(code)) return { code: 'failed', message: `${name}: the log could not be read (${code}).` };
  return { code: 'invalid-input', message: `${name}: the log could not be read (${e instanceof Error ? e.message : String(e)}).` };
}

function isConnect(data: unknown): data is IntakeConnect {
  if (!isRecord(data) || data.type !== 'connect' || !isRecord(data.file)) return false;
  return typeof data.file.path === 'string' && typeof data.file.name === 'string';
}

/** A request from the page, which is checked here as the main process checks its IPC. */
function toIntake(data: unknown): ToIntake | undefined {
  if (!isRecord(data) || typeof data.id !== 'string' || data.id.length === 0 || data.id.length > 100) return undefined;
  if (data.type === 'intake' || data.type === 'cancel') return { type: data.type, id: data.id };
  if (data.type === 'ack' && typeof data.chunk === 'number' && Number.isSafeInteger(data.chunk)) return { type: 'ack', id: data.id, chunk: data.chunk };
  return undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
