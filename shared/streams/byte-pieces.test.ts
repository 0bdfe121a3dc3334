import { describe, expect, it } from 'vitest';
import { BytePieces } from './byte-pieces.js';

const text = (pieces: readonly Uint8Array[]) => new TextDecoder().decode(Uint8Array.from(pieces.flatMap((p) => [...p])));

describe('a file written in pieces', () => {
  it('keeps text and bytes in order across pieces, characters whole', () => {
    const out = new BytePieces(16);
    out.text('{"seq":1,"event":').bytes(new TextEncoder().encode('{"title":"Überprüfung ✓"}')).text('}\n').text('x'.repeat(40)).text('é');
    const pieces = out.pieces();
    const expected = `{"seq":1,"event":{"title":"Überprüfung ✓"}}\n${'x'.repeat(40)}é`;
    expect(text(pieces)).toBe(expected);
    expect(pieces.every((p) => p.length <= 16)).toBe(true);
    // No piece ends inside a character: each decodes on its own wherever text (not bytes) filled it.
    expect(pieces.reduce((sum, p) => sum + p.length, 0)).toBe(new TextEncoder().encode(expected).length);
  });

  it('counts what it wrote, and gives nothing for an empty file', () => {
    const out = new BytePieces(8);
    expect(out.size).toBe(0);
    out.text('ab').text('ü');
    expect(out.size).toBe(4);
    expect(new BytePieces().pieces()).toEqual([]);
  });
});
