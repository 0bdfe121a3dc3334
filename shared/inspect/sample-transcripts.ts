import type { ZipArchive, ZipEntry } from '../zip/zip-reader.js';
import { sampleKey } from './sample-rows.js';

/**
 * Where each sample-epoch's transcript lives in a `.eval`, found once from the directory: the
 * single entry `samples/{key}.json`, or the folder `samples/{key}/` of a chunked log (log version
 * 3) with its `sample.json`. When a log holds both for one sample, the one written last counts, as
 * with any rewritten entry; and only the last entry of a name counts.
 *
 * Inspect writes summaries in the order it wrote the samples, so each summary's transcript is
 * nearly always the one after the last one found: it is checked first, and only a summary out of
 * that order is looked up by its key. Each transcript is claimed by one summary at most, which is
 * how a sample-epoch summarised twice is caught without a set of every key read.
 */
export class SampleTranscripts {
  private cursor = 0;
  private byKey: Map<string, number> | undefined;
  private readonly claimed: Uint8Array;

  private constructor(
    /** The transcripts' entries in directory order (the single entry, or the folder's sample.json). */
    private readonly entries: readonly ZipEntry[],
    private readonly keys: readonly string[],
  ) {
    this.claimed = new Uint8Array(entries.length);
  }

  static of(zip: ZipArchive): SampleTranscripts {
    const entries: ZipEntry[] = [];
    const keys: string[] = [];
    let single = false;
    let folder = false;
    for (const entry of zip.entries) {
      if (!entry.name.startsWith('samples/')) continue;
      const singleName = SINGLE.exec(entry.name);
      const spelled = singleName ?? FOLDER.exec(entry.name);
      if (!spelled || !zip.isLatest(entry)) continue;
      if (singleName) single = true;
      else folder = true;
      entries.push(entry);
      // The name less its folder and ending: `{id}_epoch_{epoch}`, the key the name spells.
      keys.push(entry.name.slice(PREFIX.length, -(singleName ? SINGLE_END : FOLDER_FILE).length));
    }
    return single && folder ? SampleTranscripts.laterOfEach(entries, keys) : new SampleTranscripts(entries, keys);
  }

  /** For a log with both layouts: of a sample's single entry and folder, the one written later. */
  private static laterOfEach(entries: readonly ZipEntry[], keys: readonly string[]): SampleTranscripts {
    const chosen = new Map<string, number>();
    keys.forEach((key, i) => {
      const other = chosen.get(key);
      const offset = entries[i]?.localHeaderOffset ?? 0;
      if (other === undefined || offset > (entries[other]?.localHeaderOffset ?? 0)) chosen.set(key, i);
    });
    const kept = keys.map((key, i) => chosen.get(key) === i);
    return new SampleTranscripts(
      entries.filter((_, i) => kept[i]),
      keys.filter((_, i) => kept[i]),
    );
  }

  /** The place of the transcript of sample `id`'s epoch `epoch`, or -1 when the log holds none. */
  find(id: string | number, epoch: number): number {
    const next = this.keys[this.cursor];
    if (next !== undefined && spells(next, id, epoch)) return this.cursor++;
    this.byKey ??= new Map(this.keys.map((k, i) => [k, i]));
    const at = this.byKey.get(sampleKey(id, epoch)) ?? -1;
    if (at >= 0) this.cursor = at + 1;
    return at;
  }

  entry(at: number): ZipEntry {
    const entry = this.entries[at];
    if (!entry) throw new RangeError(`no transcript at ${at}`);
    return entry;
  }

  /** What a row records as its transcript: the single entry's name, or the folder's (ending in `/`). */
  path(at: number): string {
    const { name } = this.entry(at);
    return name.endsWith(FOLDER_FILE) ? name.slice(0, -FOLDER_FILE.length + 1) : name;
  }

  /** Claims the transcript for the summary being read; false when another summary has claimed it. */
  claim(at: number): boolean {
    if (this.claimed[at] === 1) return false;
    this.claimed[at] = 1;
    return true;
  }

  /** The transcripts no summary claimed, in directory order, with the sample-epoch each entry's name spells. */
  *unclaimed(): Generator<{ readonly entry: ZipEntry; readonly key: string; readonly path: string }> {
    for (let at = 0; at < this.entries.length; at++) {
      if (this.claimed[at] === 0) yield { entry: this.entry(at), key: this.keys[at] ?? '', path: this.path(at) };
    }
  }
}

// Sample ids may hold slashes (HumanEval/0); a chunked sample's own files have no _epoch_ name.
const SINGLE = /^samples\/(.+)_epoch_(\d+)\.json$/;
const FOLDER = /^samples\/(.+)_epoch_(\d+)\/sample\.json$/;
const PREFIX = 'samples/';
const SINGLE_END = '.json';
const FOLDER_FILE = '/sample.json';

/** Whether `key` is `sampleKey(id, epoch)`, compared in place rather than by building that key. */
function spells(key: string, id: string | number, epoch: number): boolean {
  const idText = typeof id === 'string' ? id : String(id);
  const epochText = String(epoch);
  return key.length === idText.length + EPOCH.length + epochText.length && key.startsWith(idText) && key.startsWith(EPOCH, idText.length) && key.endsWith(epochText);
}
const EPOCH = '_epoch_';
