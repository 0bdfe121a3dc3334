/**
 * The few web-platform APIs that Node 20 and Chromium both provide and that shared/ uses for
 * reading files: text decoding and cancellation. Declared here, narrowly, because shared/ must not
 * see the DOM or Node type libraries (and so cannot lean on anything only one side has).
 */
declare global {
  interface AbortSignal {
    readonly aborted: boolean;
    throwIfAborted(): void;
  }

  interface TextDecoder {
    decode(input?: Uint8Array): string;
  }
  var TextDecoder: new (label?: string, options?: { fatal?: boolean; ignoreBOM?: boolean }) => TextDecoder;

  interface TextEncoder {
    encode(input?: string): Uint8Array;
  }
  var TextEncoder: new () => TextEncoder;
}

export {};
