import { equalHashes } from './merkle.js';
import { TreeEdge } from './history-check.js';
import { PAGE_EVENTS } from './pages.js';
import type { ExportPage, ExportPageResult, ExportTree } from './export-page.js';
import type { BatchHasher } from '../hash/sha256-batch.js';
import { markingSchema } from '../marking/marking-schema.js';
import type { Marking } from '../marking/marking.js';

/**
 * A version 2 export's pages of event lines (shared/audit/export-page), checked in whatever thread,
 * joined in order: the events' order across pages, the markings their records hold, and either the
 * tree of every event against the checkpoint's root or each event's proof.
 */

export class ExportProblem extends Error {
  constructor(
    readonly line: number | null,
    readonly seq: number | null,
    message: string,
  ) {
    super(message);
  }
}

/** What the lines of a version 2 export proved. */
export interface ExportLinesVerdict {
  readonly events: number;
  readonly markings: readonly Marking[];
  /** The tree of the export's first events, when one was asked for (`treeAt`). */
  readonly treeAt?: EarlierTree;
}

/**
 * The root of the tree of the export's first `size` events, as rebuilt from them, to hold an
 * earlier checkpoint against; null, with the first event missing, when they are not all there.
 */
export type EarlierTree = { readonly size: number; readonly rootHash: Uint8Array; readonly firstMissing: null } | { readonly size: number; readonly rootHash: null; readonly firstMissing: number };

/**
 * A version 2 export's event lines, gathered into pages as they are read, and the pages' checks
 * (`checkExportPage`, in whatever thread) joined in order: the events' order across pages, and
 * either the tree of every event against the checkpoint's root or each event's proof. Problems are
 * thrown as `ExportProblem`s naming the line.
 */
export class ExportLinesCheck {
  private previous = 0;
  private events = 0;
  /** The first event left out, where lines stop running 1, 2, 3…: the tree cannot be rebuilt past it. */
  private firstGap: { readonly line: number | null; readonly seq: number } | undefined;
  private unproven: number | undefined;
  private readonly edge = TreeEdge.of({ size: 0, nodes: [] });
  private readonly markings = new Map<string, Marking>();
  private readonly read = new Set<string>();
  private buffer = new Uint8Array(1 << 20);
  private ends: number[] = [];
  private firstLine = 0;
  private rootAtSize: Uint8Array | undefined;

  /** `treeAt`: also the root of the tree of the first this many events, as an earlier checkpoint signs it. */
  constructor(
    readonly tree: ExportTree,
    private readonly hasher: BatchHasher,
    private readonly treeAt?: number,
  ) {}

  /** Adds line `n` (its bytes, without the line break); returns a page to check when one is full. */
  addLine(line: Uint8Array, n: number): ExportPage | undefined {
    if (this.ends.length === 0) this.firstLine = n;
    const length = this.ends.at(-1) ?? 0;
    if (length + line.length > this.buffer.length) {
      const grown = new Uint8Array(Math.max(this.buffer.length * 2, length + line.length));
      grown.set(this.buffer.subarray(0, length));
      this.buffer = grown;
    }
    this.buffer.set(line, length);
    this.ends.push(length + line.length);
    return this.ends.length === PAGE_EVENTS ? this.flush() : undefined;
  }

  /** The lines added since the last page, as a page (possibly short) to check and `join`. */
  flush(): ExportPage | undefined {
    if (this.ends.length === 0) return undefined;
    const page: ExportPage = { firstLine: this.firstLine, bytes: this.buffer.slice(0, this.ends.at(-1) ?? 0), ends: Uint32Array.from(this.ends) };
    this.ends = [];
    return page;
  }

  /** The check of the next page, in order. */
  join(page: Pick<ExportPage, 'firstLine'>, result: ExportPageResult): void {
    const first = result.seqs[0];
    if (result.firstSeq !== undefined && result.firstSeq <= this.previous) {
      throw new ExportProblem(page.firstLine, result.firstSeq, `Event #${result.firstSeq} comes after #${this.previous}: the events are out of order or repeated.`);
    }
    // In step: this page starts where the tree rebuilt so far ends, with no event left out before it.
    const inStep = first === this.edge.size + 1 && this.firstGap === undefined;
    const contiguous = inStep && result.seqs.at(-1) === this.edge.size + result.seqs.length;
    for (const [i, seq] of result.seqs.entries()) {
      if (seq !== this.previous + 1) this.firstGap ??= { line: page.firstLine + i, seq: this.previous + 1 };
      this.previous = seq;
    }
    this.events += result.seqs.length;
    if (result.unproven !== undefined) this.unproven ??= result.unproven;
    for (const text of result.markings) this.readMarking(text);
    if (result.problem) throw new ExportProblem(result.problem.line, result.problem.seq, result.problem.message);
    // The tree is rebuilt while the lines run 1, 2, 3…: a whole page at once, else leaf by leaf.
    const earlierEndsHere = this.treeAt !== undefined && this.treeAt > this.edge.size && this.treeAt < this.edge.size + result.seqs.length;
    if (contiguous && !earlierEndsHere) {
      if (result.pageRoot && this.edge.size % PAGE_EVENTS === 0) this.edge.append(result.pageRoot, PAGE_EVENTS, this.hasher);
      else this.edge.appendLeaves(result.leaves, this.hasher);
      if (this.treeAt === this.edge.size) this.rootAtSize = this.edge.root(this.hasher);
      return;
    }
    if (!inStep || this.treeAt === undefined || this.rootAtSize !== undefined) return;
    // The earlier tree ends in this page, or the run of events 1, 2, 3… stops in it: leaf by leaf up to either.
    let run = 0;
    while (run < result.seqs.length && result.seqs[run] === this.edge.size + 1 + run) run++;
    const upTo = Math.min(run, this.treeAt - this.edge.size);
    this.edge.appendLeaves(result.leaves.subarray(0, 32 * upTo), this.hasher);
    if (this.edge.size !== this.treeAt) return;
    this.rootAtSize = this.edge.root(this.hasher);
    if (contiguous) this.edge.appendLeaves(result.leaves.subarray(32 * upTo), this.hasher);
  }

  /** An object found under a "marking" key, read as a marking once, whatever page it was in. */
  private readMarking(text: string): void {
    if (this.read.has(text)) return;
    this.read.add(text);
    try {
      const checked = markingSchema.safeParse(JSON.parse(text));
      if (checked.success) this.markings.set(JSON.stringify(checked.data), checked.data);
    } catch {
      // Not JSON: no marking. The bytes verified are the workstation's, so this is a damaged page's.
    }
  }

  /** Once every page is joined: the whole history's tree against the checkpoint, or every event proven. */
  finish(): ExportLinesVerdict {
    if (this.ends.length > 0) throw new Error('Every page must be flushed and joined before the check finishes.');
    const gap = this.firstGap ?? (this.events < this.tree.treeSize ? { line: null, seq: this.events + 1 } : undefined);
    if (this.unproven !== undefined && gap) {
      throw new ExportProblem(gap.line, gap.seq, `Event #${gap.seq} is missing, and this export carries no inclusion proofs: it proves its events by rebuilding the tree from every event, so none may be left out.`);
    }
    if (!gap && !equalHashes(this.edge.root(this.hasher), this.tree.root)) {
      throw new ExportProblem(null, null, `The ${this.events} events do not make the tree the checkpoint signs: an event was changed together with the hash recorded with it.`);
    }
    const markings = [...this.markings.values()];
    if (this.treeAt === undefined) return { events: this.events, markings };
    // The tree is rebuilt only while events run 1, 2, 3…: where it stopped short, the next is missing.
    const treeAt: EarlierTree = this.rootAtSize ? { size: this.treeAt, rootHash: this.rootAtSize, firstMissing: null } : { size: this.treeAt, rootHash: null, firstMissing: this.edge.size + 1 };
    return { events: this.events, markings, treeAt };
  }
}
