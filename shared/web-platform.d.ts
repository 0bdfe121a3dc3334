/**
 * The few web-platform APIs that Node 20 and Chromium both provide and that shared/ uses for
 * reading files: text decoding, cancellation, and web streams (bundles are written and read as
 * streams in both places). Declared here, narrowly, because shared/ must not
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
    encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
  }
  var TextEncoder: new () => TextEncoder;

  type ReadableStreamReadResult<R> = { readonly done: true; readonly value?: undefined } | { readonly done: false; readonly value: R };
  interface ReadableStreamDefaultReader<R> {
    read(): Promise<ReadableStreamReadResult<R>>;
    cancel(reason?: unknown): Promise<void>;
    releaseLock(): void;
  }
  interface ReadableStreamDefaultController<R> {
    readonly desiredSize: number | null;
    enqueue(chunk: R): void;
    close(): void;
    error(reason?: unknown): void;
  }
  interface UnderlyingSource<R> {
    start?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
    pull?(controller: ReadableStreamDefaultController<R>): void | Promise<void>;
    cancel?(reason?: unknown): void | Promise<void>;
  }
  interface QueuingStrategy<T> {
    highWaterMark?: number;
    size?(chunk: T): number;
  }
  interface StreamPipeOptions {
    preventClose?: boolean;
    preventAbort?: boolean;
    preventCancel?: boolean;
    signal?: AbortSignal;
  }
  interface ReadableStream<R = unknown> {
    readonly locked: boolean;
    cancel(reason?: unknown): Promise<void>;
    getReader(): ReadableStreamDefaultReader<R>;
    pipeThrough<T>(transform: { readonly writable: WritableStream<R>; readonly readable: ReadableStream<T> }, options?: StreamPipeOptions): ReadableStream<T>;
    pipeTo(destination: WritableStream<R>, options?: StreamPipeOptions): Promise<void>;
    tee(): [ReadableStream<R>, ReadableStream<R>];
    [Symbol.asyncIterator](): AsyncIterableIterator<R>;
  }
  var ReadableStream: { prototype: ReadableStream; new <R = unknown>(source?: UnderlyingSource<R>, strategy?: QueuingStrategy<R>): ReadableStream<R> };

  interface WritableStreamDefaultController {
    error(reason?: unknown): void;
  }
  interface UnderlyingSink<W> {
    start?(controller: WritableStreamDefaultController): void | Promise<void>;
    write?(chunk: W, controller: WritableStreamDefaultController): void | Promise<void>;
    close?(): void | Promise<void>;
    abort?(reason?: unknown): void | Promise<void>;
  }
  interface WritableStreamDefaultWriter<W> {
    readonly ready: Promise<void>;
    write(chunk: W): Promise<void>;
    close(): Promise<void>;
    abort(reason?: unknown): Promise<void>;
    releaseLock(): void;
  }
  interface WritableStream<W = unknown> {
    readonly locked: boolean;
    abort(reason?: unknown): Promise<void>;
    close(): Promise<void>;
    getWriter(): WritableStreamDefaultWriter<W>;
  }
  var WritableStream: { prototype: WritableStream; new <W = unknown>(sink?: UnderlyingSink<W>, strategy?: QueuingStrategy<W>): WritableStream<W> };

  interface TransformStreamDefaultController<O> {
    enqueue(chunk: O): void;
    error(reason?: unknown): void;
    terminate(): void;
  }
  interface Transformer<I, O> {
    start?(controller: TransformStreamDefaultController<O>): void | Promise<void>;
    transform?(chunk: I, controller: TransformStreamDefaultController<O>): void | Promise<void>;
    flush?(controller: TransformStreamDefaultController<O>): void | Promise<void>;
  }
  interface TransformStream<I = unknown, O = unknown> {
    readonly readable: ReadableStream<O>;
    readonly writable: WritableStream<I>;
  }
  var TransformStream: { prototype: TransformStream; new <I = unknown, O = unknown>(transformer?: Transformer<I, O>, writableStrategy?: QueuingStrategy<I>, readableStrategy?: QueuingStrategy<O>): TransformStream<I, O> };
}

export {};
