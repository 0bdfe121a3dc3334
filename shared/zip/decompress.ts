import { Inflate } from 'fflate';
import { Decompress as ZstdDecompress } from 'fzstd';

/**
 * Streaming decompression of ZIP entries: deflate through fflate, zstd through fzstd. Both take
 * the compressed bytes a slice at a time and yield the output a piece at a time, so an entry is
 * never held whole. Output past `maxBytes` stops decompression at once, inside the slice that
 * produced it: a small slice of a hostile stream can expand to gigabytes.
 */

export class DecompressError extends Error {}

/** The stream produced more than it may. */
export class ExpandsBeyondLimit extends Error {}

type Decoder = (onData: (data: Uint8Array) => void) => { push(slice: Uint8Array, last: boolean): void };

const inflateDecoder: Decoder = (onData) => new Inflate((data) => onData(data));
const zstdDecoder: Decoder = (onData) => new ZstdDecompress((data) => onData(data));

export function inflateRaw(compressed: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  return decompressWith(inflateDecoder, compressed, maxBytes);
}

export function zstdDecompress(compressed: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  return decompressWith(zstdDecoder, compressed, maxBytes);
}

async function* decompressWith(decoder: Decoder, compressed: AsyncIterable<Uint8Array>, maxBytes: number): AsyncGenerator<Uint8Array> {
  const out: Uint8Array[] = [];
  let produced = 0;
  const stream = decoder((data) => {
    produced += data.length;
    if (produced > maxBytes) throw new ExpandsBeyondLimit();
    out.push(data);
  });
  const step = (slice: Uint8Array, last: boolean) => {
    try {
      stream.push(slice, last);
    } catch (e) {
      if (e instanceof ExpandsBeyondLimit) throw e;
      throw new DecompressError(e instanceof Error ? e.message : String(e));
    }
  };
  for await (const slice of compressed) {
    step(slice, false);
    yield* out.splice(0);
  }
  // Throws if the stream stops before it ends.
  step(new Uint8Array(0), true);
  yield* out.splice(0);
}
