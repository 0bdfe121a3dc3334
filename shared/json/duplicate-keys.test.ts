import { describe, expect, it } from 'vitest';
import { duplicateKeys } from './duplicate-keys.js';

describe('keys a JSON text gives twice', () => {
  it('finds each, at its place, however deep, and only within one object', () => {
    const text = '{"a": 1, "list": [{"x": "\\"}{[", "x": 2}, {"x": 3}], "a": {"b": [1, {"c": 1, "c": 2, "c": 3}]}, "b": NaN}';
    expect(duplicateKeys(text)).toEqual([
      { path: ['list', 0, 'x'], times: 2 },
      { path: ['a'], times: 2 },
      { path: ['a', 'b', 1, 'c'], times: 3 },
    ]);
  });

  it('tells keys apart as JSON reads them, escapes and all, and finds none in a file without any', () => {
    expect(duplicateKeys('{"\\u0061": 1, "a": 2, "a\\\\": 3}')).toEqual([{ path: ['a'], times: 2 }]);
    expect(duplicateKeys('{"a": "a", "b": ["a", "a"], "c": {"a": 1}}')).toEqual([]);
  });
});
