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


/**
 * Serves reads from a window of the file read ahead, for a reader that walks the file in order
 * (every sample entry of a log with no summaries): one large read instead of two small ones per
 * entry, which in a browser each cost a round trip to the file. The window starts small and
 * doubles while reads follow on from it, up to `windowBytes`; a read that jumps ahead (a few
 * samples' entries far apart) starts it small again, so reading them does not read the whole file.
 */
export function windowedSource(source: ByteSource, windowBytes = 8 * 1024 * 1024, firstWindowBytes = 16 * 1024): ByteSource {
  let window: { start: number; bytes: Uint8Array } = { start: 0, bytes: new Uint8Array(0) };
  let nextBytes = Math.min(firstWindowBytes, windowBytes);
  return {
    name: source.name,
    size: source.size,
    read: async (offset, length) => {
      if (length > windowBytes) return source.read(offset, length);
      let current = window;
      const end = current.start + current.bytes.length;
      if (offset < current.start || offset + length > end) {
        const followsOn = offset >= current.start && offset <= end + nextBytes;
        nextBytes = followsOn ? Math.min(windowBytes, nextBytes * 2) : Math.min(firstWindowBytes, windowBytes);
        current = { start: offset, bytes: await source.read(offset, Math.min(Math.max(nextBytes, length), source.size - offset)) };
        window = current;
      }
      return current.bytes.subarray(offset - current.start, offset - current.start + length);
    },
  };
}

/** A source read front to back as a stream, a slice per pull: how a large log goes into a bundle. */
export function byteSourceStream(source: ByteSource, sliceBytes = 4 * 1024 * 1024): ReadableStream<Uint8Array> {
  let offset = 0;
  return new ReadableStream<Uint8Array>({
    pull: async (controller) => {
      if (offset >= source.size) {
        controller.close();
        return;
      }
      const bytes = await source.read(offset, Math.min(sliceBytes, source.size - offset));
      if (bytes.length === 0) throw new Error(`${source.name} ended at byte ${offset} of ${source.size}.`);
      offset += bytes.length;
      controller.enqueue(bytes);
    },
  });
}
