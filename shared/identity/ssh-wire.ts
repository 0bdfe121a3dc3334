/**
 * The SSH wire encoding (RFC 4251 §5): big-endian uint32s, and strings as a uint32 length followed
 * by the bytes. Public keys, signatures and SSHSIG blobs are all built from these.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export class SshFormatProblem extends Error {}

export class SshWriter {
  private readonly parts: Uint8Array[] = [];
  private length = 0;

  raw(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.length += bytes.length;
    return this;
  }

  uint32(value: number): this {
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, value, false);
    return this.raw(bytes);
  }

  string(value: Uint8Array | string): this {
    const bytes = typeof value === 'string' ? encoder.encode(value) : value;
    return this.uint32(bytes.length).raw(bytes);
  }

  bytes(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }
}

export class SshReader {
  private offset = 0;

  constructor(
    private readonly data: Uint8Array,
    /** What is being read, for the errors: "the signature", "the public key". */
    private readonly what: string,
  ) {}

  raw(length: number): Uint8Array {
    if (this.offset + length > this.data.length) throw new SshFormatProblem(`${this.what} is cut short.`);
    const bytes = this.data.subarray(this.offset, this.offset + length);
    this.offset += length;
    return bytes;
  }

  uint32(): number {
    const bytes = this.raw(4);
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, false);
  }

  string(): Uint8Array {
    return this.raw(this.uint32());
  }

  text(): string {
    try {
      return decoder.decode(this.string());
    } catch {
      throw new SshFormatProblem(`${this.what} holds text that is not UTF-8.`);
    }
  }

  /** Refuses bytes left over: a blob with a tail is not the blob it claims to be. */
  end(): void {
    if (this.offset !== this.data.length) throw new SshFormatProblem(`${this.what} has ${this.data.length - this.offset} unexpected bytes at its end.`);
  }
}
