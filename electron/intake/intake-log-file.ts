import zlib from 'node:zlib';
import { readInspectLog, type ReadProgress } from '../../shared/inspect/inspect-log.js';
import { ReadCancelled } from '../../shared/errors/file-problem.js';
import type { ParsedRun, SampleRow } from '../../shared/results/benchmark-run.js';
import { SampleIndexBuilder, type SampleIndexData } from '../../shared/results/sample-index.js';
import { useWholeEntryDecoders } from '../../shared/zip/decompress.js';
import { useHostCrc32 } from '../../shared/zip/zip-reader.js';
import { FileSource } from '../cli/file-source.js';
import { sha256InThread } from './hash-in-thread.js';
import { nodeWholeEntryDecoders } from './whole-entry-decoders.js';

/**
 * The desktop intake of an Inspect log: the same reader as the browser build, with zlib's and
 * native (or WebAssembly) zstd decoders for whole entries, zlib's CRC-32, and the file's SHA-256
 * computed by OpenSSL on a thread of its own while the log is parsed. Plain Node: it runs in a
 * utility process of the app, and under Node in the benchmarks.
 */
export interface IntakenLog {
  readonly run: ParsedRun;
  readonly sha256: string;
  readonly size: number;
  readonly chunks: number;
  readonly index: SampleIndexData;
}

let decodersReady: Promise<void> | undefined;

export interface IntakeOptions {
  readonly signal?: AbortSignal;
  readonly onRows: (rows: SampleRow[], chunk: number) => Promise<void>;
  /** How far through the file the reader is, in bytes. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /** What messages call the file; its path by default. */
  readonly name?: string;
}

export async function intakeLogFile(filePath: string, options: IntakeOptions): Promise<IntakenLog> {
  await (decodersReady ??= nodeWholeEntryDecoders().then((decoders) => {
    useWholeEntryDecoders(decoders);
    useHostCrc32(zlib.crc32);
  }));
  const source = await FileSource.open(filePath, options.name ?? filePath);
  // Either task failing stops the other.
  const abort = new AbortController();
  const stop = () => abort.abort();
  options.signal?.addEventListener('abort', stop);
  try {
    const hashing = sha256InThread(filePath, abort.signal);
    hashing.catch(stop);
    const index = new SampleIndexBuilder();
    let chunks = 0;
    const reading = readInspectLog(source, {
      signal: abort.signal,
      ...(options.onProgress ? { onProgress: options.onProgress } : {}),
      onRows: async (rows) => {
        index.add(rows);
        await options.onRows(rows, chunks++);
      },
    });
    reading.catch(stop);
    const [run, sha256] = await Promise.all([reading, hashing]);
    if (options.signal?.aborted) throw new ReadCancelled();
    return { run, sha256, size: source.size, chunks, index: index.build() };
  } catch (e) {
    throw options.signal?.aborted ? new ReadCancelled() : e;
  } finally {
    options.signal?.removeEventListener('abort', stop);
    await source.close();
  }
}
