import { describe, expect, it } from 'vitest';
import { modelId } from './model.js';

describe('model identity', () => {
  it('ignores case and surrounding spaces', () => {
    expect(modelId(' Example AI', 'Atlas ')).toBe(modelId('example ai', 'ATLAS'));
  });

  it('keeps developer and name apart even when a name contains a slash', () => {
    expect(modelId('a/b', 'c')).not.toBe(modelId('a', 'b/c'));
    expect(modelId('Example AI', 'Atlas/Mini')).toBe('example%20ai/atlas%2Fmini');
  });
});
