import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { afterAll, describe, expect, it } from 'vitest';
import { generateInspectLog } from '../../test/fixtures/inspect/generate-inspect-log.js';
import { ZipFileWriter } from '../../test/fixtures/inspect/zip-writer.js';
import { providedPath } from '../../test/fixtures/provided.js';
import { Emitter } from '../../test/electron-double/emitter.js';
import { INTAKE_CHUNKS_IN_FLIGHT, type FromIntake, type ToIntake } from '../../shared/intake/intake-protocol.js';
import type { SampleRow } from '../../shared/results/benchmark-run.js';
import { intakeLogFile } from './intake-log-file.js';
import { startIntakeProcess, type IntakePort, type PortEvent } from './intake-port.js';

const dir = mkdtempSync(path.join(tmpdir(), 'intake-port-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A Node MessagePort as Electron's MessagePortMain behaves: `message` listeners get an event with `data`. */
class PortMain implements IntakePort {
  constructor(private readonly port: MessagePort) {}
  postMessage(message: FromIntake): void {
    this.port.postMessage(message);
  }
  on(event: 'message' | 'close', listener: ((event: PortEvent) => void) | (() => void)): this {
    if (event === 'message') {
      const onMessage: (event: PortEvent) => void = listener;
      this.port.on('message', (data: unknown) => {
        onMessage({ data });
      });
    } else this.port.on('close', listener);
    return this;
  }
  start(): void {
    this.port.start();
  }
}

/**
 * Starts the intake process's handler on a fake parentPort, connects a port for `file` as the main
 * process does, and hands back the page's end.
 */
function connect(file: string, name = path.basename(file)) {
  const parent = new Emitter();
  startIntakeProcess({ on: (event, listener) => parent.add(event, listener) });
  const { port1, port2 } = new MessageChannel();
  parent.emit('message', { data: { type: 'connect', file: { path: file, name } }, ports: [new PortMain(port1)] });
  const received: FromIntake[] = [];
  const waiters: (() => void)[] = [];
  port2.on('message', (m: FromIntake) => {
    received.push(m);
    for (const wake of waiters.splice(0)) wake();
  });
  const send = (m: ToIntake) => port2.postMessage(m);
  /** Waits until a message satisfies `check`. */
  const until = async (check: (m: FromIntake[]) => boolean): Promise<void> => {
    while (!check(received)) await new Promise<void>((resolve) => waiters.push(resolve));
  };
  return { port: port2, received, send, until };
}

/** Reads `file` through the port as the page's staging does: acknowledging each chunk once it has it. */
async function intakeThroughPort(file: string) {
  const page = connect(file);
  const rows: SampleRow[] = [];
  const ended = new Promise<Extract<FromIntake, { type: 'done' | 'failed' }>>((resolve) => {
    page.port.on('message', (m: FromIntake) => {
      if (m.type === 'rows') {
        rows.push(...m.rows);
        page.send({ type: 'ack', id: 'one', chunk: m.chunk });
      } else resolve(m);
    });
  });
  page.send({ type: 'intake', id: 'one' });
  const end = await ended;
  page.port.close();
  return { end, rows };
}

describe('the intake process', () => {
  it('delivers what intakeLogFile reads: the same run, rows, score index and SHA-256, for the provided logs', async () => {
    const folder = providedPath('inspect');
    for (const name of readdirSync(folder)) {
      const file = path.join(folder, name);
      const rows: SampleRow[] = [];
      const expected = await intakeLogFile(file, { name, onRows: (batch) => Promise.resolve(void rows.push(...batch)) });
      const { end, rows: received } = await intakeThroughPort(file);
      if (end.type !== 'done') throw new Error(`${name}: ${end.error.message}`);
      expect({ run: end.run, sha256: end.sha256, size: end.size, chunks: end.chunks, index: end.index }, name).toEqual(expected);
      expect(received, name).toEqual(rows);
      expect(end.sha256, name).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('refuses a file that is not a log in the words of the browser build, naming the file and not its folder', async () => {
    const file = path.join(dir, 'notes.eval');
    const writer = new ZipFileWriter(file);
    writer.add({ name: 'notes.txt', data: new TextEncoder().encode('hello') });
    writer.close();
    const { end } = await intakeThroughPort(file);
    expect(end).toEqual({
      type: 'failed',
      id: 'one',
      error: { code: 'invalid-input', message: 'notes.eval: this ZIP is not an Inspect .eval log: it has neither header.json nor _journal/start.json.' },
    });
    const gone = await intakeThroughPort(path.join(dir, 'gone.eval'));
    expect(gone.end).toEqual({ type: 'failed', id: 'one', error: { code: 'failed', message: 'gone.eval: the log could not be read (ENOENT).' } });
  });

  it('sends no more than its chunks in flight until the page acknowledges them, and stops when cancelled', async () => {
    const log = await generateInspectLog(path.join(dir, 'large.eval'), { samples: 3000, epochs: 4, turns: 0, seed: 3 });
    const page = connect(log.path);
    page.send({ type: 'intake', id: 'big' });
    await page.until((m) => m.length >= INTAKE_CHUNKS_IN_FLIGHT);
    // Time to read on, were it to: it waits instead.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(page.received.map((m) => m.type)).toEqual(Array<string>(INTAKE_CHUNKS_IN_FLIGHT).fill('rows'));
    page.send({ type: 'ack', id: 'big', chunk: 0 });
    await page.until((m) => m.length > INTAKE_CHUNKS_IN_FLIGHT);
    page.send({ type: 'cancel', id: 'big' });
    await page.until((m) => m.some((x) => x.type !== 'rows'));
    expect(page.received.at(-1)).toEqual({ type: 'failed', id: 'big', error: { code: 'cancelled', message: 'Import cancelled; nothing was saved.' } });
    expect(page.received.filter((m) => m.type === 'rows').length).toBe(INTAKE_CHUNKS_IN_FLIGHT + 1);
    page.port.close();
  });

  it('answers only connects that carry a port, and requests of the shapes it knows', async () => {
    const parent = new Emitter();
    startIntakeProcess({ on: (event, listener) => parent.add(event, listener) });
    // No port: nothing is served and nothing throws.
    parent.emit('message', { data: { type: 'connect', file: { path: '/etc/passwd', name: 'passwd' } }, ports: [] });
    const page = connect(providedPath('inspect/log_formats.eval'));
    page.port.postMessage({ type: 'intake', id: 'x', path: '/etc/passwd', extra: true });
    page.port.postMessage({ type: 'read', id: 'y' });
    await page.until((m) => m.some((x) => x.type === 'done' || x.type === 'failed'));
    expect(page.received.at(-1)).toMatchObject({ type: 'done', id: 'x', run: { sourceKind: 'inspect-eval' } });
    expect(page.received.every((m) => m.id === 'x')).toBe(true);
    page.port.close();
  });
});
