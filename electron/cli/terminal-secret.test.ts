import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { askSecret, type TerminalInput } from './terminal-secret.js';

/** A terminal whose keys the test types, recording what the prompt does to it. */
function terminal() {
  const events = new EventEmitter();
  const log: string[] = [];
  const input: TerminalInput = {
    setRawMode: (raw) => log.push(`raw ${String(raw)}`),
    on: (event, listener) => events.on(event, listener),
    off: (event, listener) => events.off(event, listener),
    resume: () => log.push('resume'),
    pause: () => log.push('pause'),
  };
  let written = '';
  const output = { write: (text: string) => (written += text) };
  return { input, output, log, type: (keys: string | Uint8Array) => events.emit('data', keys), written: () => written };
}

describe('asking for a secret on the terminal', () => {
  it('reads what is typed up to Enter without echoing it, in raw mode, then restores the terminal', async () => {
    const t = terminal();
    const asked = askSecret(t.input, t.output, 'Passphrase: ');
    t.type('corr');
    t.type(new TextEncoder().encode('ect hörse\r'));
    expect(await asked).toBe('correct hörse');
    expect(t.written()).toBe('Passphrase: \n');
    expect(t.log).toEqual(['raw true', 'resume', 'raw false', 'pause']);
  });

  it('erases with Backspace and Ctrl-U, ignores arrow keys, and keeps a character split across reads whole', async () => {
    const t = terminal();
    const asked = askSecret(t.input, t.output, '> ');
    const bytes = new TextEncoder().encode('ü');
    t.type('wrong\u0015sec\u007fcret\u001b[D\u001bOA');
    t.type(bytes.subarray(0, 1));
    t.type(bytes.subarray(1));
    t.type('\n');
    expect(await asked).toBe('secretü');
  });

  it('gives up on Ctrl-C, and on Ctrl-D at an empty line', async () => {
    const interrupted = terminal();
    const first = askSecret(interrupted.input, interrupted.output, '> ');
    interrupted.type('half\u0003');
    expect(await first).toBeNull();
    expect(interrupted.log.at(-2)).toBe('raw false');
    const ended = terminal();
    const second = askSecret(ended.input, ended.output, '> ');
    ended.type('\u0004');
    expect(await second).toBeNull();
  });
});
