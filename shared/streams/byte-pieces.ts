/**
 * A file written in pieces: text and bytes appended into pieces of a few MiB, never one string.
 * A JavaScript string holds at most about 512 MiB, and an export of a million history events is
 * larger; pieces also go to disk or into a Blob without being joined first.
 */
export class BytePieces {
  private readonly done: Uint8Array[] = [];
  private current: Uint8Array;
  private used = 0;
  private total = 0;
  private readonly encoder = new TextEncoder();

  constructor(private readonly pieceBytes = 8 * 1024 * 1024) {
    this.current = new Uint8Array(pieceBytes);
  }

  /** Bytes written so far. */
  get size(): number {
    return this.total;
  }

  text(text: string): this {
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    if (text.length * 3 <= this.pieceBytes) {
      if (this.used + text.length * 3 > this.current.length) this.next();
      const { written } = this.encoder.encodeInto(text, this.current.subarray(this.used));
      this.used += written;
      this.total += written;
      return this;
    }
    return this.bytes(this.encoder.encode(text));
  }

  bytes(bytes: Uint8Array): this {
    for (let at = 0; at < bytes.length; ) {
      if (this.used === this.current.length) this.next();
      const take = Math.min(bytes.length - at, this.current.length - this.used);
      this.current.set(bytes.subarray(at, at + take), this.used);
      this.used += take;
      this.total += take;
      at += take;
    }
    return this;
  }

  /** The pieces written, in order; the writer is spent. */
  pieces(): Uint8Array[] {
    if (this.used > 0) this.done.push(this.current.subarray(0, this.used));
    this.current = new Uint8Array(0);
    this.used = 0;
    return this.done;
  }

  private next(): void {
    if (this.used > 0) this.done.push(this.current.subarray(0, this.used));
    this.current = new Uint8Array(this.pieceBytes);
    this.used = 0;
  }
}
