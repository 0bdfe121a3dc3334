import { describe, expect, it } from 'vitest';
import { throttledProgress } from './throttled-progress.js';

describe('throttled progress', () => {
  it('reports the first step, then at most one per interval, and always the last', () => {
    let clock = 0;
    const seen: number[] = [];
    const progress = throttledProgress((done) => seen.push(done), () => clock, 50);
    for (let done = 1; done <= 10; done++) {
      clock += 20;
      progress(done, 10);
    }
    // At 20 ms, then 80, 140, 200 (each more than 50 ms after the last), and the end.
    expect(seen).toEqual([1, 4, 7, 10]);
  });
});
