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

/**
 * Decoders of a whole entry at once, native or WebAssembly, where the host has them: several
 * times faster than the streaming decoders above. Each gets the compressed bytes and the size the
 * entry declares, and must not produce more than that (a decoder that would, throws).
 */
export interface WholeEntryDecoders {
  readonly zstd?: (compressed: Uint8Array, declaredSize: number) => Uint8Array;
  readonly inflateRaw?: (compressed: Uint8Array, declaredSize: number) => Uint8Array;
}

/**
 * Entries up to this size are decoded whole (the summaries of about 100,000 samples); larger
 * ones stream, so an import's memory stops growing with the file past this.
 */
export const WHOLE_ENTRY_MAX_BYTES = 64 * 1024 * 1024;

let wholeEntryDecoders: WholeEntryDecoders = {};

/** Called once by a host (a worker, the desktop intake) that has faster decoders to offer. */
export function useWholeEntryDecoders(decoders: WholeEntryDecoders): void {
  wholeEntryDecoders = decoders;
}

export function currentWholeEntryDecoders(): WholeEntryDecoders {
  return wholeEntryDecoders;
}

const ZSTD_MAGIC = 0xfd2fb528;

/**
 * The size a zstd frame says it decompresses to, from its header (RFC 8878 §3.1.1.1), or null
 * when the frame does not say. A whole-entry decoder sizes its output from this, so it is checked
 * against the size the ZIP declares before one is used.
 */
export function zstdFrameContentSize(frame: Uint8Array): number | null {
  if (frame.length < 6) return null;
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  if (view.getUint32(0, true) !== ZSTD_MAGIC) return null;
  const descriptor = frame[4] ?? 0;
  const sizeFlag = descriptor >> 6;
  const singleSegment = (descriptor >> 5) & 1;
  const dictionaryBytes = [0, 1, 2, 4][descriptor & 3] ?? 0;
  const sizeBytes = sizeFlag === 0 ? singleSegment : 1 << sizeFlag;
  if (sizeBytes === 0) return null;
  const at = 5 + (singleSegment ? 0 : 1) + dictionaryBytes;
  if (at + sizeBytes > frame.length) return null;
  if (sizeBytes === 1) return view.getUint8(at);
  if (sizeBytes === 2) return view.getUint16(at, true) + 256;
  if (sizeBytes === 4) return view.getUint32(at, true);
  const size = view.getBigUint64(at, true);
  return size > BigInt(Number.MAX_SAFE_INTEGER) ? null : Number(size);
}
