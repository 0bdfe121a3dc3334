import { createCRC32, type IHasher } from 'hash-wasm';
import { FileProblem, ReadCancelled, formatBytes } from '../errors/file-problem.js';
import type { ByteSource } from './byte-source.js';
import { DecompressError, ExpandsBeyondLimit, WHOLE_ENTRY_MAX_BYTES, currentWholeEntryDecoders, inflateRaw, zstdDecompress, zstdFrameContentSize } from './decompress.js';

/**
 * A ZIP reader for evaluation logs, reading the central directory and then only the entries asked
 * for, a slice at a time. It exists (rather than a general ZIP library) because Inspect writes
 * zstd entries (method 93) that browser ZIP libraries do not read, and because logs arrive from
 * outside: every size, offset and name is checked before it is trusted, and decompression stops
 * the moment an entry produces more than it declared.
 */

export const ZIP_METHOD_STORED = 0;
export const ZIP_METHOD_DEFLATE = 8;
export const ZIP_METHOD_ZSTD = 93;
const SUPPORTED_METHODS = new Set([ZIP_METHOD_STORED, ZIP_METHOD_DEFLATE, ZIP_METHOD_ZSTD]);

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly crc32: number;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** Where the entry's local header starts. */
  readonly localHeaderOffset: number;
}

export interface ZipLimits {
  readonly maxEntries: number;
  /** Largest uncompressed-to-compressed ratio accepted for an entry above `ratioAppliesAbove` bytes. */
  readonly maxRatio: number;
  readonly ratioAppliesAbove: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = {
  maxEntries: 5_000_000,
  // Deflate cannot exceed about 1032:1; zstd on JSON stays far below this.
  maxRatio: 1500,
  ratioAppliesAbove: 1024 * 1024,
};

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const READ_SLICE = 1024 * 1024;
// A whole entry is handed on in pieces of this size, as a streamed one is.
const WHOLE_ENTRY_PIECE = 2 * 1024 * 1024;

export class ZipArchive {
  // Nearly every archive names each entry once: then every entry is the latest of its name.
  private readonly namesRepeat: boolean;

  private constructor(
    readonly source: ByteSource,
    /** Every entry in directory order, including any superseded by a later one of the same name. */
    readonly entries: readonly ZipEntry[],
    private readonly byName: ReadonlyMap<string, ZipEntry>,
  ) {
    this.namesRepeat = byName.size !== entries.length;
  }

  /** Reads and checks the central directory. Throws `FileProblem` for anything that is not a sound ZIP. */
  static async open(source: ByteSource, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<ZipArchive> {
    const problem = (text: string) => new FileProblem(source.name, text);
    if (source.size < 22) throw problem('this is not a ZIP archive (the file is too short to hold one).');
    const tailLength = Math.min(source.size, 22 + 0xffff);
    const tailStart = source.size - tailLength;
    const tail = await source.read(tailStart, tailLength);
    const tailView = view(tail);
    let eocd = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tailView.getUint32(i, true) === EOCD_SIGNATURE) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw problem('this is not a ZIP archive, or it was cut short (no end-of-archive record).');
    let entryCount = tailView.getUint16(eocd + 10, true);
    let directorySize = tailView.getUint32(eocd + 12, true);
    let directoryOffset = tailView.getUint32(eocd + 16, true);
    let directoryEnd = tailStart + eocd;

    const locator = eocd - 20;
    if (locator >= 0 && tailView.getUint32(locator, true) === ZIP64_LOCATOR_SIGNATURE) {
      const zip64Offset = readUint64(tailView, locator + 8, problem);
      if (zip64Offset + 56 > source.size) throw problem('the ZIP64 end record points outside the file; the archive is damaged.');
      const record = view(await source.read(zip64Offset, 56));
      if (record.getUint32(0, true) !== ZIP64_EOCD_SIGNATURE) throw problem('the ZIP64 end record is damaged.');
      entryCount = readUint64(record, 32, problem);
      directorySize = readUint64(record, 40, problem);
      directoryOffset = readUint64(record, 48, problem);
      directoryEnd = zip64Offset;
    }
    if (entryCount > limits.maxEntries) {
      throw problem(`the archive claims ${entryCount.toLocaleString('en-US')} entries; at most ${limits.maxEntries.toLocaleString('en-US')} are read.`);
    }
    if (directoryOffset + directorySize > directoryEnd || directorySize < entryCount * 46) {
      throw problem('the archive was cut short or is damaged: its table of contents does not fit where it claims to be.');
    }

    const directory = await source.read(directoryOffset, directorySize);
    const dv = view(directory);
    const decoder = new TextDecoder('utf-8', { fatal: false });
    const entries: ZipEntry[] = [];
    // Where each entry's bytes end at the least (the local header may add an extra field).
    const dataEnds: number[] = [];
    const byName = new Map<string, ZipEntry>();
    let p = 0;
    for (let n = 0; n < entryCount; n++) {
      if (p + 46 > directory.length || dv.getUint32(p, true) !== CENTRAL_SIGNATURE) {
        throw problem(`the archive's table of contents is damaged at entry ${n + 1}.`);
      }
      const flags = dv.getUint16(p + 8, true);
      const method = dv.getUint16(p + 10, true);
      const crc = dv.getUint32(p + 16, true);
      let compressedSize = dv.getUint32(p + 20, true);
      let uncompressedSize = dv.getUint32(p + 24, true);
      const nameLength = dv.getUint16(p + 28, true);
      const extraLength = dv.getUint16(p + 30, true);
      const commentLength = dv.getUint16(p + 32, true);
      let localHeaderOffset = dv.getUint32(p + 42, true);
      const recordEnd = p + 46 + nameLength + extraLength + commentLength;
      if (recordEnd > directory.length) throw problem(`the archive's table of contents is damaged at entry ${n + 1}.`);
      const name = decodeName(directory, p + 46, nameLength, decoder);

      // ZIP64: sizes and offset that do not fit 32 bits live in extra field 0x0001, in this order.
      if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff || localHeaderOffset === 0xffffffff) {
        let q = p + 46 + nameLength;
        const extraEnd = q + extraLength;
        while (q + 4 <= extraEnd) {
          const id = dv.getUint16(q, true);
          const size = dv.getUint16(q + 2, true);
          if (id === 0x0001) {
            let r = q + 4;
            if (uncompressedSize === 0xffffffff) {
              uncompressedSize = readUint64(dv, r, problem);
              r += 8;
            }
            if (compressedSize === 0xffffffff) {
              compressedSize = readUint64(dv, r, problem);
              r += 8;
            }
            if (localHeaderOffset === 0xffffffff) localHeaderOffset = readUint64(dv, r, problem);
            break;
          }
          q += 4 + size;
        }
      }

      checkEntryName(name, problem);
      if (flags & 0x1) throw problem(`entry "${name}" is encrypted; evaluation logs are not.`);
      if (!SUPPORTED_METHODS.has(method)) {
        throw problem(`entry "${name}" uses compression method ${method}; only stored, deflate (8) and zstd (93) are read.`);
      }
      if (localHeaderOffset + 30 + compressedSize > directoryOffset) {
        throw problem(`entry "${name}" claims to extend past the end of its data; the archive is damaged or cut short.`);
      }
      if (
        uncompressedSize > limits.ratioAppliesAbove &&
        (compressedSize === 0 || uncompressedSize / compressedSize > limits.maxRatio)
      ) {
        throw problem(
          `entry "${name}" would expand ${formatBytes(compressedSize)} into ${formatBytes(uncompressedSize)}, more than ${limits.maxRatio}:1; this looks like a ZIP bomb and is not read.`,
        );
      }
      // Inspect rewrites an entry (a retried sample, a new header) by appending it again:
      // like Inspect's own readers, the last entry of a name is the one that counts.
      const entry: ZipEntry = { name, method, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset };
      entries.push(entry);
      dataEnds.push(localHeaderOffset + 30 + nameLength + compressedSize);
      byName.set(name, entry);
      p = recordEnd;
    }

    // Entries must not share bytes: overlapping entries are how non-recursive ZIP bombs multiply.
    // Writers append entries in order, so the directory is nearly always sorted already.
    let order = entries.map((_, i) => i);
    if (entries.some((entry, i) => i > 0 && entry.localHeaderOffset < (entries[i - 1]?.localHeaderOffset ?? 0))) {
      order = order.sort((a, b) => (entries[a]?.localHeaderOffset ?? 0) - (entries[b]?.localHeaderOffset ?? 0));
    }
    for (let i = 1; i < order.length; i++) {
      const previous = order[i - 1] ?? 0;
      const current = entries[order[i] ?? 0];
      if (current && (dataEnds[previous] ?? 0) > current.localHeaderOffset) {
        throw problem(`entries "${entries[previous]?.name ?? ''}" and "${current.name}" overlap; the archive is damaged or built to deceive.`);
      }
    }
    return new ZipArchive(source, entries, byName);
  }

  get name(): string {
    return this.source.name;
  }

  /** The same archive read through another source of the same bytes (a windowed one, say). */
  withSource(source: ByteSource): ZipArchive {
    if (source.size !== this.source.size) throw new Error('withSource needs a source of the same file');
    return new ZipArchive(source, this.entries, this.byName);
  }

  entry(name: string): ZipEntry | undefined {
    return this.byName.get(name);
  }

  /** Whether `entry` is the one its name stands for: no later entry has the same name. */
  isLatest(entry: ZipEntry): boolean {
    return !this.namesRepeat || this.byName.get(entry.name) === entry;
  }

  /**
   * The entry's uncompressed bytes, a piece at a time. Stops with a `FileProblem` if the entry
   * produces more than it declared or more than `maxBytes`, and checks the CRC at the end.
   */
  async *chunks(entry: ZipEntry, maxBytes: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    const problem = (text: string) => new FileProblem(this.source.name, text);
    if (entry.uncompressedSize > maxBytes) {
      throw problem(`entry "${entry.name}" is ${formatBytes(entry.uncompressedSize)} uncompressed; at most ${formatBytes(maxBytes)} is read.`);
    }
    const local = view(await this.source.read(entry.localHeaderOffset, 30));
    if (local.byteLength < 30 || local.getUint32(0, true) !== LOCAL_SIGNATURE) {
      throw problem(`entry "${entry.name}" is damaged (its local header is missing).`);
    }
    const dataStart = entry.localHeaderOffset + 30 + local.getUint16(26, true) + local.getUint16(28, true);
    if (dataStart + entry.compressedSize > this.source.size) throw problem(`entry "${entry.name}" was cut short.`);

    const expandsBeyond = () => problem(`entry "${entry.name}" expands beyond the ${formatBytes(entry.uncompressedSize)} it declares; it is not read.`);
    const declared = entry.uncompressedSize;
    const whole = await this.decodedWhole(entry, dataStart, signal);
    const raw = this.slices(dataStart, entry.compressedSize, entry.name, signal);
    const pieces = whole
      ? inPieces(whole)
      : entry.method === ZIP_METHOD_STORED
        ? raw
        : entry.method === ZIP_METHOD_DEFLATE
          ? inflateRaw(raw, declared)
          : zstdDecompress(raw, declared);
    const native = hostCrc32;
    const crc = native ? undefined : await crcHashers.acquire();
    let running = 0;
    let produced = 0;
    try {
      for await (const piece of pieces) {
        produced += piece.length;
        if (produced > declared) throw expandsBeyond();
        if (native) running = native(piece, running);
        else crc?.update(piece);
        yield piece;
      }
      if (produced !== entry.uncompressedSize) {
        throw problem(`entry "${entry.name}" holds ${formatBytes(produced)}, not the ${formatBytes(entry.uncompressedSize)} it declares; the file is damaged.`);
      }
      const actual = crc ? Number.parseInt(crc.digest('hex'), 16) : running >>> 0;
      if (actual !== entry.crc32) throw problem(`entry "${entry.name}" fails its CRC check; the file is damaged.`);
    } catch (e) {
      if (e instanceof ExpandsBeyondLimit) throw expandsBeyond();
      if (e instanceof DecompressError) throw problem(`entry "${entry.name}" could not be decompressed (${e.message}); the file is damaged.`);
      throw e;
    } finally {
      if (crc) crcHashers.release(crc);
    }
  }

  /**
   * The entry decoded in one call by the host's whole-entry decoder, or null where there is none,
   * the entry is large, or the decoder fails: the streaming decoder then reads it, and names any
   * problem the entry has in the same words as always.
   */
  private async decodedWhole(entry: ZipEntry, dataStart: number, signal?: AbortSignal): Promise<Uint8Array | null> {
    const decoders = currentWholeEntryDecoders();
    const decode = entry.method === ZIP_METHOD_ZSTD ? decoders.zstd : entry.method === ZIP_METHOD_DEFLATE ? decoders.inflateRaw : undefined;
    if (!decode || entry.uncompressedSize > WHOLE_ENTRY_MAX_BYTES || entry.compressedSize === 0) return null;
    if (signal?.aborted) throw new ReadCancelled();
    const compressed = await this.source.read(dataStart, entry.compressedSize);
    if (compressed.length !== entry.compressedSize) return null;
    // The decoder sizes its output from the frame: it must be the size the directory was checked for.
    if (entry.method === ZIP_METHOD_ZSTD && zstdFrameContentSize(compressed) !== entry.uncompressedSize) return null;
    try {
      const decoded = decode(compressed, entry.uncompressedSize);
      return decoded.length === entry.uncompressedSize ? decoded : null;
    } catch {
      return null;
    }
  }

  /** The entry's compressed bytes, a slice at a time, each slice read while the previous one is worked on. */
  private async *slices(start: number, length: number, name: string, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    const end = start + length;
    const read = (offset: number) => {
      const reading = this.source.read(offset, Math.min(READ_SLICE, end - offset));
      // A read started ahead is awaited later, or abandoned when the reader stops early.
      reading.catch(() => undefined);
      return reading;
    };
    let next = start < end ? read(start) : undefined;
    for (let offset = start; offset < end; offset += READ_SLICE) {
      if (signal?.aborted) throw new ReadCancelled();
      const slice = await (next ?? read(offset));
      next = offset + READ_SLICE < end ? read(offset + READ_SLICE) : undefined;
      if (slice.length < Math.min(READ_SLICE, end - offset)) throw new FileProblem(this.source.name, `entry "${name}" was cut short.`);
      yield slice;
    }
  }

  /** The whole entry as bytes, for entries known to be small (headers, summaries pages). */
  async bytes(entry: ZipEntry, maxBytes: number, signal?: AbortSignal): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for await (const chunk of this.chunks(entry, maxBytes, signal)) parts.push(chunk);
    return concat(parts);
  }

}

function* inPieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += WHOLE_ENTRY_PIECE) yield bytes.subarray(offset, offset + WHOLE_ENTRY_PIECE);
}

/** CRC-32 as the host computes it natively (Node's zlib), where it offers one: `running` is the CRC so far. */
type Crc32 = (bytes: Uint8Array, running: number) => number;
let hostCrc32: Crc32 | undefined;

/** Called once by a host (the desktop intake) with a CRC-32 faster than the WebAssembly one; undefined goes back to that. */
export function useHostCrc32(crc32: Crc32 | undefined): void {
  hostCrc32 = crc32;
}

/**
 * CRC-32 hashers (WebAssembly) kept for reuse: creating one per entry would cost more than
 * checking a small entry, and a log may have a hundred thousand entries.
 */
const crcHashers = {
  free: [] as IHasher[],
  async acquire(): Promise<IHasher> {
    const hasher = this.free.pop() ?? (await createCRC32());
    hasher.init();
    return hasher;
  },
  release(hasher: IHasher): void {
    if (this.free.length < 8) this.free.push(hasher);
  },
};

/** Names are paths inside the archive; a name that could escape a folder or name a drive is refused. */
// An archive of a hundred thousand samples names a hundred thousand entries: the checks below
// run once per entry, so they avoid splitting the name or decoding it through TextDecoder.
const DRIVE_LETTER = /^[A-Za-z]:/;
const PARENT_SEGMENT = /(^|[/\\])\.\.([/\\]|$)/;

function checkEntryName(name: string, problem: (text: string) => FileProblem): void {
  if (name.length === 0 || name.includes('\0')) throw problem('an entry has an empty or invalid name.');
  if (name.startsWith('/') || name.startsWith('\\') || DRIVE_LETTER.test(name)) {
    throw problem(`entry "${name}" has an absolute path; entries must be relative.`);
  }
  if (name.includes('..') && PARENT_SEGMENT.test(name)) throw problem(`entry "${name}" climbs out of the archive with "..".`);
}

/** An entry's name: plain ASCII (nearly every name) is read directly, anything else as UTF-8. */
function decodeName(bytes: Uint8Array, start: number, length: number, decoder: TextDecoder): string {
  const end = start + length;
  for (let i = start; i < end; i++) if ((bytes[i] ?? 0x80) >= 0x80) return decoder.decode(bytes.subarray(start, end));
  // Names are short (a ZIP name is at most 65,535 bytes), well within an argument list.
  return String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function readUint64(dv: DataView, offset: number, problem: (text: string) => FileProblem): number {
  const value = dv.getBigUint64(offset, true);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw problem('the archive declares a size too large to be real.');
  return Number(value);
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1 && parts[0]) return parts[0];
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
