import { describe, expect, it } from 'vitest';
import { JsonProblem, parseLenientJson, parseQuickly } from './lenient-json.js';

/** The message a parse fails with, or a test failure if it does not fail with a JsonProblem. */
function problemOf(text: string): string {
  try {
    parseLenientJson(text);
  } catch (e) {
    expect(e).toBeInstanceOf(JsonProblem);
    return (e as JsonProblem).message;
  }
  throw new Error(`expected ${text} to be refused`);
}

describe('parseLenientJson: plain JSON', () => {
  it('parses standard JSON exactly as JSON.parse does', () => {
    const text = '{"id":"a","epoch":2,"scores":{"match":{"value":"C","answer":"Yes"}},"list":[1,2.5,-3e2,true,null]}';
    expect(parseLenientJson(text)).toEqual(JSON.parse(text));
  });

  it('accepts the forbidden words as values, only refusing them as keys', () => {
    expect(parseLenientJson('{"a":"constructor","b":["__proto__","prototype"]}')).toEqual({ a: 'constructor', b: ['__proto__', 'prototype'] });
  });
});

describe('parseLenientJson: Python non-finite numbers', () => {
  it('turns bare NaN, Infinity and -Infinity into numbers, at any depth', () => {
    const value = parseLenientJson('{"a":NaN,"b":Infinity,"c":-Infinity,"d":[1,NaN,{"e":-Infinity}]}') as {
      a: number;
      b: number;
      c: number;
      d: [number, number, { e: number }];
    };
    expect(value.a).toBeNaN();
    expect(value.b).toBe(Number.POSITIVE_INFINITY);
    expect(value.c).toBe(Number.NEGATIVE_INFINITY);
    expect(value.d[0]).toBe(1);
    expect(value.d[1]).toBeNaN();
    expect(value.d[2].e).toBe(Number.NEGATIVE_INFINITY);
  });

  it('parses a bare top-level NaN and a list of them', () => {
    expect(parseLenientJson('NaN')).toBeNaN();
    expect(parseLenientJson('[Infinity, -Infinity]')).toEqual([Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]);
  });

  it('leaves the words untouched inside strings, even when bare tokens sit beside them', () => {
    expect(parseLenientJson('{"a":"NaN Infinity"}')).toEqual({ a: 'NaN Infinity' });
    const value = parseLenientJson('{"a":"NaN","b":NaN,"c":"-Infinity","d":"say \\"NaN\\" \\\\","e":Infinity}') as Record<string, unknown>;
    expect(value.a).toBe('NaN');
    expect(value.b).toBeNaN();
    expect(value.c).toBe('-Infinity');
    expect(value.d).toBe('say "NaN" \\');
    expect(value.e).toBe(Number.POSITIVE_INFINITY);
  });

  it('keeps keys named NaN or Infinity as keys', () => {
    const value = parseLenientJson('{"NaN":NaN,"Infinity":1}') as Record<string, number>;
    expect(Object.keys(value)).toEqual(['NaN', 'Infinity']);
    expect(value.NaN).toBeNaN();
    expect(value.Infinity).toBe(1);
  });
});

describe('parseLenientJson: invalid input', () => {
  it.each([
    ['truncated object', '{"a":1'],
    ['trailing comma', '{"a":1,}'],
    ['single quotes', "{'a':1}"],
    ['bare word', '{"a":nan}'],
    ['NaN glued to a word', '{"a":NaNx}'],
    ['broken JSON that also holds NaN', '{"a":NaN,}'],
    ['empty text', ''],
  ])('refuses %s with a JsonProblem saying it is not valid JSON', (_label, text) => {
    expect(problemOf(text)).toMatch(/^it is not valid JSON \(.+\)\.$/);
  });
});

describe('parseLenientJson: keys that reach the prototype', () => {
  it.each([
    ['__proto__ at the top level', '{"__proto__":{}}', '__proto__'],
    ['constructor nested in an object', '{"a":{"constructor":1}}', 'constructor'],
    ['prototype inside a list', '[{"ok":1},{"prototype":{"x":1}}]', 'prototype'],
    ['__proto__ in a document that also holds NaN', '{"s":NaN,"b":{"__proto__":{"polluted":true}}}', '__proto__'],
  ])('refuses %s, naming the key', (_label, text, key) => {
    expect(problemOf(text)).toBe(`it contains the key "${key}", which no evaluation log uses and which is refused for safety.`);
  });

  it('pollutes no prototype while refusing', () => {
    problemOf('{"__proto__":{"polluted":true}}');
    problemOf('{"v":NaN,"__proto__":{"polluted":true}}');
    problemOf('{"constructor":{"prototype":{"polluted":true}}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

describe('parseLenientJson: regressions', () => {
  it('refuses a __proto__ key spelt with a unicode escape', () => {
    expect(() => parseLenientJson('{"\\u005f_proto__":{"polluted":true}}')).toThrow(JsonProblem);
    expect(problemOf('{"\\u005f_proto__":{"polluted":true}}')).toBe(
      'it contains the key "__proto__", which no evaluation log uses and which is refused for safety.',
    );
    expect(problemOf('{"n":NaN,"\\u0063onstructor":1}')).toMatch(/"constructor"/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('keeps private-use characters in strings beside bare NaN', () => {
    const value = parseLenientJson('{"a":"\uE000 icon","b":NaN}') as { a: unknown; b: unknown };
    expect(value).toEqual({ a: '\uE000 icon', b: Number.NaN });
    expect(value.a).toBe('\uE000 icon');
    expect(value.b).toBeNaN();
  });

  it('leaves a string that looks like a placeholder as the string it is', () => {
    const value = parseLenientJson('{"a":"\\uE000NaN","b":NaN}') as { a: unknown; b: unknown };
    expect(value.a).toBe('\uE000NaN');
    expect(typeof value.a).toBe('string');
    expect(value.b).toBeNaN();
    const raw = parseLenientJson('{"a":"\uE000NaN","b":-Infinity}') as { a: unknown; b: unknown };
    expect(raw.a).toBe('\uE000NaN');
    expect(raw.b).toBe(Number.NEGATIVE_INFINITY);
  });
});

describe('parseQuickly', () => {
  it.each([
    '{"a":NaN,"b":[Infinity,-Infinity,{"c":NaN}]}',
    '{"said":"x: NaN, y","v":NaN}',
    '{"said":"x: NaN, y"}',
    '["\\"NaN\\"", NaN ,"\\\\", -Infinity]',
    'NaN',
    '{"NaN":NaN,"Infinity":1}',
    '{"a":"\\u0001tag:NaN","b":NaN}',
    '[1, "two", null, true]',
  ])('reads %s as parseLenientJson does', (text) => {
    expect(parseQuickly(text)).toEqual({ value: parseLenientJson(text) });
  });

  it.each(['{"a":1', '{"a":NaNx}', '{"a":NaN,}', '{"__proto__":{"polluted":true}}', '{"v":NaN,"x":{"\\u0063onstructor":1}}', '[{"prototype":1}]'])(
    'leaves %s to parseLenientJson, which says what is wrong',
    (text) => {
      expect(parseQuickly(text)).toBeUndefined();
      expect(() => parseLenientJson(text)).toThrow(JsonProblem);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );
});
