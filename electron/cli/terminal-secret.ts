/**
 * Asks for a secret on the terminal without echoing it, as `ssh-keygen` and `age -p` do: the
 * terminal in raw mode, the prompt on stderr (so stdout stays the report), Enter to end,
 * Backspace to erase, Ctrl-C or Ctrl-D on an empty line to give up.
 */

/** The parts of a terminal's input (`process.stdin` on a TTY) this reads with. */
export interface TerminalInput {
  setRawMode(raw: boolean): unknown;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  off(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  resume(): unknown;
  pause(): unknown;
}

export interface TerminalOutput {
  write(text: string): unknown;
}

/** The secret typed, or null when the user gave up. */
export function askSecret(input: TerminalInput, output: TerminalOutput, prompt: string): Promise<string | null> {
  return new Promise((resolve) => {
    const decoder = new TextDecoder();
    /** What was typed, a code point each, so Backspace takes off a whole character. */
    let typed: string[] = [];
    /** Within an escape sequence a key such as an arrow sends: ESC, then "[" or "O", then up to a final byte. */
    let inEscape: 'none' | 'started' | 'sequence' = 'none';
    const finish = (secret: string | null) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      output.write('\n');
      resolve(secret);
    };
    const onData = (chunk: Uint8Array | string) => {
      const text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      for (const char of text) {
        if (inEscape === 'started') {
          inEscape = char === '[' || char === 'O' ? 'sequence' : 'none';
          continue;
        }
        if (inEscape === 'sequence') {
          if (char >= '@' && char <= '~') inEscape = 'none';
          continue;
        }
        if (char === '\u001b') {
          inEscape = 'started';
          continue;
        }
        if (char === '\r' || char === '\n' || char === '\u0003' || (char === '\u0004' && typed.length === 0)) {
          finish(char === '\r' || char === '\n' ? typed.join('') : null);
          return;
        }
        if (char === '\u0004') {
          finish(typed.join(''));
          return;
        }
        if (char === '\u007f' || char === '\b') typed.pop();
        else if (char === '\u0015') typed = [];
        // Other control characters are not part of a passphrase.
        else if (char >= ' ') typed.push(char);
      }
    };
    output.write(prompt);
    input.setRawMode(true);
    input.on('data', onData);
    input.resume();
  });
}
