/** Passes bytes through unchanged, telling `onBytes` how many went by: progress for long streams. */
export function countingStream(onBytes: (bytes: number) => void): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      onBytes(chunk.length);
      controller.enqueue(chunk);
    },
  });
}

/** Re-cuts a stream into pieces of at most `size` bytes, joining small chunks: fewer, bigger hand-overs. */
export async function* slicesOf(stream: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  const joined = () => {
    const out = concat(held);
    held = [];
    heldBytes = 0;
    return out;
  };
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let chunk = value;
      while (heldBytes + chunk.length >= size) {
        const take = size - heldBytes;
        held.push(chunk.subarray(0, take));
        heldBytes += take;
        chunk = chunk.subarray(take);
        yield joined();
      }
      if (chunk.length > 0) {
        held.push(chunk);
        heldBytes += chunk.length;
      }
    }
    if (heldBytes > 0) yield joined();
  } finally {
    reader.releaseLock();
  }
}

/** Chunks joined into one array (without spreading them as arguments: there may be very many). */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
