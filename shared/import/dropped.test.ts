import { describe, expect, it } from 'vitest';
import { jsonPointer } from './dropped.js';

describe('JSON pointers to what an import left out', () => {
  it('escapes ~ and / as RFC 6901 says, and points at the whole file with no segments', () => {
    expect(jsonPointer(['vulnerabilities', 0, 'notes'])).toBe('/vulnerabilities/0/notes');
    expect(jsonPointer(['a/b', 'm~n'])).toBe('/a~1b/m~0n');
    expect(jsonPointer([])).toBe('');
  });
});
