/**
 * Random access to a file's bytes without holding the file in memory: a `Blob` in the renderer,
 * a file handle on the command line. Large evaluation logs are read through this, a slice at a time.
 */
export interface ByteSource {
  /** The file name shown in messages. */
  readonly name: string;
  readonly size: number;
  /** Exactly `length` bytes from `offset`; fewer only at the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A source over bytes already in memory: small files, and files the tests make. */
export function bytesSource(name: string, bytes: Uint8Array): ByteSource {
  return {
    name,
    size: bytes.length,
    read: (offset, length) => Promise.resolve(bytes.subarray(offset, Math.min(bytes.length, offset + length))),
  };
}

